import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;

beforeAll(async () => {
  portal = await openPortal({ name: "ticket-settings" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const year = new Date().getUTCFullYear();
const section = (name: string) => page.getByRole("region", { name });

describe("staff portal: ticket settings", () => {
  it("signs in and opens Ticket settings from the menu", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ticket settings" }).click();
    await page.waitForURL(/\/settings\/tickets$/);
    await page.getByRole("heading", { name: "Ticket settings", level: 1 }).waitFor();
    expect(await page.title()).toBe("Ticket settings · DotMac CRM");
    await section("Numbering")
      .getByTestId("numbering-preview")
      .getByText(new RegExp(`^TCK-${year}-\\d{6}$`))
      .waitFor();
  });

  it("changes the numbering and sees the next number before and after saving", async () => {
    const numbering = section("Numbering");
    await numbering.getByLabel("Pattern").fill("SR-");
    await numbering.getByRole("button", { name: "Add {YYYY}" }).click();
    await numbering.getByLabel("Pattern").press("End");
    await numbering.getByLabel("Pattern").pressSequentially("-");
    await numbering.getByLabel("Padding").fill("4");
    await numbering.getByLabel("Start at").fill("100");
    await numbering.getByTestId("numbering-preview").getByText(`SR-${year}-0100`).waitFor();
    // A bad token is refused before saving, with the reason.
    await numbering.getByLabel("Pattern").fill("SR-{YY}-");
    await numbering.getByText(/only \{YYYY\}, \{MM\} and \{DD\} are tokens/).waitFor();
    await numbering.getByLabel("Pattern").fill(`SR-{YYYY}-`);
    await numbering.getByTestId("numbering-preview").getByText(`SR-${year}-0100`).waitFor();
    await numbering.getByRole("button", { name: "Save numbering" }).click();
    await numbering.getByText("Saved").waitFor();
    await screenshot(page, "ticket-settings-numbering", { fullPage: false });
  });

  it("adds a status transition that needs a note, then removes it", async () => {
    const transitions = section("Status transitions");
    await transitions.getByLabel("From", { exact: true }).selectOption("open");
    await transitions.getByLabel("To", { exact: true }).selectOption("site_under_construction");
    await transitions.getByRole("checkbox", { name: "Requires a note", exact: true }).check();
    await transitions.getByRole("button", { name: "Add transition" }).click();
    const row = transitions
      .getByRole("row")
      .filter({ has: page.getByRole("checkbox", { name: "open to site under construction is active" }) });
    await row.waitFor();
    expect(
      await row.getByRole("checkbox", { name: "open to site under construction requires a note" }).isChecked(),
    ).toBe(true);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, "ticket-settings-transitions", { fullPage: false });
    await row.getByRole("button", { name: "Remove open to site under construction" }).click();
    await row.waitFor({ state: "detached" });
  });

  it("adds a ticket type that requires a subscriber and switches it off", async () => {
    const types = section("Ticket types");
    await types.getByLabel("New type").fill("Smart Home Setup");
    await types.getByRole("checkbox", { name: "Requires a subscriber", exact: true }).check();
    await types.getByRole("button", { name: "Add type" }).click();
    const active = types.getByRole("checkbox", { name: "Smart Home Setup is active" });
    await active.waitFor();
    expect(await types.getByRole("checkbox", { name: "Smart Home Setup requires a subscriber" }).isChecked()).toBe(
      true,
    );
    await active.uncheck();
    await expect.poll(() => active.isChecked()).toBe(false);
    await page.reload();
    await expect
      .poll(() => section("Ticket types").getByRole("checkbox", { name: "Smart Home Setup is active" }).isChecked())
      .toBe(false);
    await screenshot(page, "ticket-settings");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("heading", { name: "Ticket settings", level: 1 }).waitFor();
    await screenshot(page, "ticket-settings-375");
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems.page).toEqual([]);
    // The only failed request is the preview of the bad token above, refused with its reason.
    expect(problems.console.filter((m) => !/status of 400/.test(m))).toEqual([]);
  });
});
