import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let context: BrowserContext;
let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
const NEW_PASSWORD = "a brand new passphrase for e2e";

beforeAll(async () => {
  portal = await openPortal({ name: "profile" });
  ({ base, context, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });

async function signIn(password: string) {
  await page.getByLabel("Email").fill(portal.login.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("staff portal: profile, sessions and password", () => {
  it("signs in and opens Profile from the Account menu, where this device is marked", async () => {
    await page.goto(`${base}/login`);
    await signIn(portal.login.password);
    await page.waitForURL(/\/support$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByText("Account").waitFor();
    await nav.getByRole("link", { name: "Profile" }).click();
    await page.waitForURL(/\/profile$/);
    await heading("Profile").waitFor();
    expect(await page.title()).toBe("Profile · DotMac CRM");
    const current = page.locator("table.sessions-table tbody tr").filter({ hasText: "This device" });
    await current.waitFor();
    await current.getByText("Chrome on Linux").waitFor();
    // No token ever reaches the address bar.
    expect(page.url()).toBe(`${base}/profile`);
    await screenshot(page, "profile");
  });

  it("reads in French, in the dark theme and on a phone", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await heading("Profil").waitFor();
    const current = page.locator("table.sessions-table tbody tr").filter({ hasText: "Cet appareil" });
    await current.getByText("Chrome sous Linux").waitFor();
    await page.getByText("Authentification à deux facteurs").first().waitFor();
    await screenshot(page, "profile-fr-dark", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "profile-fr-dark-375");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
    await page.reload();
    await heading("Profile").waitFor();
  });

  it("an expired access cookie is refreshed silently: the page reloads still signed in", async () => {
    const before = (await context.cookies()).find((c) => c.name === "__Host-dotmac_staff_refresh")?.value;
    expect(before).toBeTruthy();
    await context.clearCookies({ name: "__Host-dotmac_staff" });
    await page.reload();
    await heading("Profile").waitFor();
    await page.locator("table.sessions-table tbody tr").filter({ hasText: "This device" }).waitFor();
    const after = (await context.cookies()).find((c) => c.name === "__Host-dotmac_staff_refresh")?.value;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });

  it("a wrong current password shows the server's message; the right one signs out everywhere", async () => {
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    // The server's refusal lands on the field it names.
    await page.getByRole("alert").filter({ hasText: "Fix the fields marked below." }).waitFor();
    expect(await page.getByLabel("Current password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#current-password-error").textContent()).toBe("is incorrect");

    await page.getByLabel("Current password").fill(portal.login.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL(/\/login\?reason=password-changed$/);
    await page.getByText("Sign in with your new password").waitFor();
  });

  it("the old password no longer works; the new one does", async () => {
    await signIn(portal.login.password);
    await page.getByRole("alert").filter({ hasText: "Email or password is incorrect" }).waitFor();
    await signIn(NEW_PASSWORD);
    await page.waitForURL(/\/support$/);
    await page.goto(`${base}/profile`);
    await page.locator("table.sessions-table tbody tr").filter({ hasText: "This device" }).waitFor();
    expect(await page.locator("table.sessions-table tbody tr").count()).toBe(1);
  });

  it("had no console errors or uncaught exceptions (401s the portal refreshed through aside)", () => {
    // A 401 that the portal answered by refreshing shows up as a failed resource load; nothing else may.
    const unexpected = problems.console.filter((m) => !/status of 401|status of 400/.test(m));
    expect(unexpected).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
