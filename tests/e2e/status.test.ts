import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type collectProblems,
  openPortal,
  type Portal,
  repoRoot,
  screenshot,
  sendBillingWebhook,
  subscriberUpsert,
} from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;

beforeAll(async () => {
  portal = await openPortal({ name: "status" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const refresh = () => page.getByRole("button", { name: "Refresh" }).click();
/** Refreshes (as a person watching would) until `shown` appears, instead of waiting for the 5 s auto-refresh. */
async function refreshUntil(shown: Locator) {
  await expect
    .poll(
      async () => {
        if ((await shown.count()) === 0) await refresh();
        return shown.count();
      },
      { interval: 250, timeout: 15_000 },
    )
    .toBeGreaterThan(0);
}
const inboundRow = (messageId: string) => page.getByRole("row").filter({ hasText: messageId });

describe("staff portal: sign in and watch the system status", () => {
  it("sends a visitor without a session to the login page", async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login$/);
    await heading("Sign in").waitFor();
    await page.getByLabel("Email").waitFor();
    await page.getByLabel("Password").waitFor();
    await screenshot(page, "login");
  });

  it("shows the server's reason when the password is wrong", async () => {
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Email or password is incorrect" }).waitFor();
    expect(await page.getByLabel("Password").inputValue()).toBe("");
    expect(page.url()).toMatch(/\/login$/);
    await screenshot(page, "login-error");
  });

  it("signs in (button disabled while it works) and lands on the support dashboard, then opens System status", async () => {
    // Hold the request until the in-progress state has been checked: no timing involved.
    let release: () => void = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    await page.route("**/api/v1/auth/login", async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const busy = page.getByRole("button", { name: /Signing in/ });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    release();
    // Staff who work tickets land on the support dashboard; System status is one click away.
    await page.waitForURL(/\/support$/);
    await page.unroute("**/api/v1/auth/login");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "System status" }).click();
    await page.waitForURL(/\/status$/);
    await heading("System status").waitFor();
    expect(await page.title()).toBe("System status · DotMac CRM");
  });

  it("shows the database, the migration, every registered job and an empty inbound list", async () => {
    const { jobNames } = await import("@dotmac/core/jobs");
    const journal = JSON.parse(await readFile(join(repoRoot, "packages/core/migrations/meta/_journal.json"), "utf8"));
    const migrations = journal.entries as { tag: string }[];
    const latest = migrations.at(-1)?.tag ?? "none";

    const database = page.getByRole("region", { name: "Database" });
    await database.getByText("pglite", { exact: true }).waitFor();
    await database.getByText(latest).waitFor();
    await database.getByText(`${migrations.length} of ${migrations.length}`).waitFor();

    for (const name of jobNames) await page.getByRole("rowheader", { name }).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "Never run" }).count()).toBe(jobNames.length);

    await page.getByText("No webhooks received yet").waitFor();
    await page.getByText("POST /webhooks/billing/subscribers").waitFor();
    await page.getByTestId("stat-dead-letters").filter({ hasText: /^0$/ }).waitFor();
    await page.getByText("All systems operational").waitFor();
    await page.getByText(/Updated (just now|\d+s ago)/).waitFor();
    await screenshot(page, "status-empty");
  });

  const goodId = `msg_e2e_ok_${randomBytes(4).toString("hex")}`;
  const badId = `msg_e2e_bad_${randomBytes(4).toString("hex")}`;

  it("a signed billing webhook shows up as processed", async () => {
    const res = await sendBillingWebhook(base, portal.secret, goodId, subscriberUpsert());
    expect(res.status).toBe(202);
    const row = inboundRow(goodId);
    await refreshUntil(row.getByText("Processed"));
    await row.getByText("subscriber.upserted").waitFor();
    await row.getByText("Billing").waitFor();
    await page.getByRole("img", { name: /1 processed, 0 failed/ }).waitFor();
  });

  it("a signed but malformed payload fails, is dead-lettered and the reason is shown", async () => {
    const res = await sendBillingWebhook(base, portal.secret, badId, subscriberUpsert({ status: "bogus" }));
    expect(res.status).toBe(202);
    const row = inboundRow(badId);
    await refreshUntil(row.getByText("Failed"));
    await row.getByText(/data\.status/).waitFor();
    await page.getByTestId("stat-dead-letters").filter({ hasText: /^1$/ }).waitFor();
    const deadLetters = page.getByRole("region", { name: /Dead letters/ });
    await deadLetters.getByText(/Billing subscriber payload is invalid: data\.status/).waitFor();
    await page.getByText("1 item needs attention").waitFor();
    await page.getByRole("img", { name: /1 processed, 1 failed/ }).waitFor();
    expect(await inboundRow(goodId).getByText("Processed").count()).toBe(1);
    await screenshot(page, "status");
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("works at phone width", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await heading("System status").waitFor();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "status-375");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("is keyboard navigable: Tab reaches the skip link first, and it moves focus to the content", async () => {
    await page.goto(`${base}/status`);
    await heading("System status").waitFor();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Refresh");
  });

  it("sign out returns to the login page, and the session is gone", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await heading("Sign in").waitFor();
    await page.goto(`${base}/status`);
    await page.waitForURL(/\/login\?next=%2Fstatus$/);
    expect(await page.getByText("Sign in to continue").count()).toBe(1);
  });

  it("after sign-in goes where the server's redirectTo says: a hostile next lands on the home page", async () => {
    await page.goto(`${base}/login?next=${encodeURIComponent("//evil.example/status")}`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The server answers "/" for a next that leaves the site; home is the support dashboard for ticket staff.
    await page.waitForURL(`${base}/support`);
    await heading("Support dashboard").waitFor();
    // Signing out again is a cookie-authenticated write: it only works because the portal sends x-csrf-token.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
  });

  it("serves the API reference (Swagger UI) under the strict CSP", async () => {
    await page.goto(`${base}/api/docs`);
    await page.getByRole("heading", { name: /DotMac CRM API/ }).waitFor();
    await page.getByText("/api/v1/system/status").first().waitFor();
    await screenshot(page, "docs");
  });

  it("logged no Content Security Policy violation and threw no uncaught error", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
