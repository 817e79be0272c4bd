import { randomInt } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

/**
 * An admin connects the ISP's WhatsApp number: Settings › Inbox › Channels, "Connect a channel", the
 * number's ids and token; the dialog shows the callback URL and the verify token once, and Meta's GET
 * verification with that token succeeds. The token typed in is never shown again.
 */
let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;
const phoneNumberId = String(randomInt(100_000_000_000, 999_999_999_999));
const TOKEN = `EAAG${phoneNumberId}e2e-secret-token`;
const NAME = `Lagos line ${phoneNumberId.slice(-4)}`;

beforeAll(async () => {
  portal = await openPortal({ name: "inbox-channels" });
  ({ page, base, problems } = portal);
}, 300_000);

afterAll(async () => {
  await portal?.stop();
});

describe("connecting a WhatsApp number", () => {
  it("an admin connects it and sees the callback URL and the verify token once", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    await page.getByRole("navigation").getByRole("link", { name: "Inbox settings" }).click();
    await page.waitForURL(/\/settings\/inbox/);
    const section = page.getByRole("region", { name: "Channels" });
    await section.getByRole("button", { name: "Connect a channel" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect a channel" });
    // The native dialog takes focus to its first field.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("dialog")?.getAttribute("aria-labelledby")))
      .toBe("connect-channel-title");
    await dialog.getByLabel("Channel type").selectOption("whatsapp");
    await dialog.getByLabel("Name").fill(NAME);
    await dialog.getByLabel("Phone number id").fill(phoneNumberId);
    await dialog.getByLabel("WhatsApp Business Account id").fill("209900000000777");
    await dialog.getByLabel("Access token").fill(TOKEN);
    await screenshot(page, "inbox-channels-connect-1280");
    await dialog.getByRole("button", { name: "Connect" }).click();

    const done = page.getByRole("dialog", { name: `${NAME} is connected` });
    const url = await done.getByLabel("Callback URL").inputValue();
    const token = await done.getByLabel("Verify token").inputValue();
    expect(url).toMatch(new RegExp(`^${base}/webhooks/whatsapp/[0-9a-f-]{36}$`));
    expect(token).toMatch(/^vt_/);
    expect(await page.content()).not.toContain(TOKEN);
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "inbox-channels-created-1280");

    const handshake = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=e2e-ok`);
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe("e2e-ok");

    await done.getByRole("button", { name: "Done" }).click();
    const row = section.getByRole("row").filter({ hasText: NAME });
    await row.getByText("Active").waitFor();
    expect(await page.content()).not.toContain(token);
    // This number's customers get no satisfaction survey: the admin turns it off, by keyboard.
    const survey = row.getByRole("checkbox", { name: `Send the satisfaction survey after resolving on ${NAME}` });
    expect(await survey.isChecked()).toBe(true);
    await survey.focus();
    await page.keyboard.press("Space");
    await row.getByText("Off", { exact: true }).waitFor();
    expect(await survey.isChecked()).toBe(false);
  });

  it("has no serious axe finding on the list; at 375 px the list still reads", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "inbox-channels-1280");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("region", { name: "Channels" }).scrollIntoViewIfNeeded();
    await screenshot(page, "inbox-channels-375");
    expect(problems.page).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});

describe("the WhatsApp number's message templates", () => {
  it("the admin syncs them from Meta (the local Graph emulator) and reads each one's status", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const section = page.getByRole("region", { name: "Message templates" });
    await section.scrollIntoViewIfNeeded();
    // Other stories on this runtime connect WhatsApp numbers too: pick this story's own (the button shows
    // once the channels are loaded, and the picker with it when there are several).
    const sync = section.getByRole("button", { name: "Sync from Meta" });
    await sync.waitFor();
    const picker = section.locator("#template-channel");
    if ((await picker.count()) > 0) await picker.selectOption({ label: NAME });
    await section.getByText("No template synced yet").waitFor();
    await sync.focus();
    await page.keyboard.press("Enter");
    await section.getByRole("status").getByText("Synced from Meta: 5 listed, 5 new, 0 changed, 0 withdrawn.").waitFor();
    const table = section.getByRole("table", { name: "Message templates" });
    const row = (name: string) => table.getByRole("row").filter({ hasText: name });
    await row("outage_update").getByText("Approved").waitFor();
    await row("payment_reminder").getByText("Approved").waitFor();
    await row("weekend_promo").getByText("Pending").waitFor();
    await row("winback_offer").getByText("Rejected").waitFor();
    expect(await row("router_swap").textContent()).toContain("IMAGE");
    // The body shows where the composer will ask for variables.
    expect(await row("payment_reminder").locator("code.template-var").allTextContents()).toEqual([
      "{{1}}",
      "{{2}}",
      "{{3}}",
    ]);
    expect(await row("outage_update").textContent()).toContain("just now");

    // Again: nothing is new, and the button is back.
    await sync.click();
    await section.getByRole("status").getByText("Synced from Meta: 5 listed, 0 new, 0 changed, 0 withdrawn.").waitFor();
    await expect.poll(() => sync.isEnabled()).toBe(true);

    expect(await axeInBothThemes(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "inbox-templates-1280");
    await page.setViewportSize({ width: 375, height: 800 });
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "inbox-templates-375");
    expect(problems.page).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});
