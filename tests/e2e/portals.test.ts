import * as Auth from "@dotmac/core/auth";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let context: BrowserContext;
let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;

beforeAll(async () => {
  portal = await openPortal({ name: "portals" });
  ({ base, context, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });

async function signIn(portalName: string, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(portal.demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`/${portalName}$`));
}

describe("customer portal", () => {
  it("a visitor without a session is sent to the customer login and back after signing in", async () => {
    await page.goto(`${base}/customer/security`);
    await page.waitForURL(/\/customer\/login\?next=%2Fcustomer%2Fsecurity$/);
    await page.getByLabel("Email").fill("customer@demo-isp.example");
    await page.getByLabel("Password").fill(portal.demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/customer\/security$/);
    await heading("Security").waitFor();
    await page.locator("table.sessions-table tbody tr").filter({ hasText: "This device" }).waitFor();
    const cookies = (await context.cookies()).map((c) => c.name);
    expect(cookies).toContain("__Host-dotmac_customer");
    expect(cookies).not.toContain("__Host-dotmac_staff");
    await screenshot(page, "portal-customer-security");
  });

  it("the customer sees only their own subscriber: plan, status and address", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My service" }).click();
    await page.waitForURL(/\/customer$/);
    await heading("My service").waitFor();
    await page.getByText("Subscriber SUB-003001").waitFor();
    await page.getByRole("heading", { name: "Home Fibre 150" }).waitFor();
    await page.getByText("9 Awolowo Road").waitFor();
    const text = (await page.locator("main").textContent()) ?? "";
    for (const other of ["SUB-001001", "SUB-002001", "SUB-002101"]) expect(text).not.toContain(other);
    expect(await page.title()).toBe("My service · DotMac CRM");
    await screenshot(page, "portal-customer");
    await page.setViewportSize({ width: 375, height: 800 });
    await heading("My service").waitFor();
    await screenshot(page, "portal-customer-375");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("the overview has no serious axe finding in the light or the dark theme, and reads in French", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.reload();
    await heading("Mon service").waitFor();
    await page.getByText("Abonné SUB-003001").waitFor();
    await page.getByText("Dernière mise à jour par la facturation").waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "portal-customer-fr", { fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "portal-customer-fr-dark-375", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
    await page.reload();
    await heading("My service").waitFor();
  });

  it("signs out to the customer login", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/customer\/login$/);
    const cookies = (await context.cookies()).map((c) => c.name);
    expect(cookies).not.toContain("__Host-dotmac_customer");
  });
});

describe("reseller portal", () => {
  it("a reseller admin sees its tree with subscriber counts", async () => {
    await page.goto(`${base}/reseller/login`);
    await signIn("reseller", "reseller@demo-isp.example");
    await heading("Organisations").waitFor();
    const rows = page.locator("table.org-tree tbody tr");
    await rows.filter({ hasText: "Lagoon Networks" }).filter({ hasText: "3 subscribers" }).waitFor();
    await rows.filter({ hasText: "Lekki Gardens Estate" }).filter({ hasText: "2 subscribers" }).waitFor();
    expect(await rows.count()).toBe(2);
    await screenshot(page, "portal-reseller-tree");
  });

  it("creates a child organisation from the dialog; it appears in the tree", async () => {
    await page.getByRole("button", { name: "Add an organisation under Lekki Gardens Estate" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an organisation" });
    await dialog.waitFor();
    await dialog.getByLabel("Name").fill("Lekki Phase 2 Towers");
    expect(await dialog.getByLabel("Belongs to").inputValue()).not.toBe("");
    await screenshot(page, "portal-reseller-create", { fullPage: false });
    await dialog.getByRole("button", { name: "Create organisation" }).click();
    await page.getByRole("status").filter({ hasText: "Lekki Phase 2 Towers was created." }).waitFor();
    const rows = page.locator("table.org-tree tbody tr");
    await rows.filter({ hasText: "Lekki Phase 2 Towers" }).filter({ hasText: "0 subscribers" }).waitFor();
    const names = await page.locator("table.org-tree tbody th").allInnerTexts();
    expect(names.map((n) => n.replace(/[└\s]+/g, " ").trim())).toEqual([
      "Lagoon Networks You",
      "Lekki Gardens Estate",
      "Lekki Phase 2 Towers",
    ]);
  });

  it("lists the tree's subscribers and filters them by organisation", async () => {
    await page.locator("table.org-tree tbody tr").filter({ hasText: "Lekki Gardens Estate" }).getByRole("link").click();
    await page.waitForURL(/\/reseller\/subscribers\?organizationId=/);
    await heading("Subscribers").waitFor();
    const rows = page.locator("table.subscribers-table tbody tr");
    await rows.filter({ hasText: "SUB-002101" }).waitFor();
    expect(await rows.count()).toBe(2);
    await page.getByLabel("Organisation").selectOption({ label: "All organisations" });
    await rows.filter({ hasText: "SUB-002001" }).waitFor();
    expect(await rows.count()).toBe(5);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const other of ["SUB-001001", "SUB-003001"]) expect(text).not.toContain(other);
    await screenshot(page, "portal-reseller-subscribers");
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.reload();
    await heading("Abonnés").waitFor();
    await page.getByText("Les 5 abonnés sont affichés.").waitFor();
    await screenshot(page, "portal-reseller-subscribers-fr", { fullPage: false });
    await page.goto(`${base}/reseller`);
    await heading("Organisations").waitFor();
    await page
      .locator("table.org-tree tbody tr")
      .filter({ hasText: "Lekki Gardens Estate" })
      .getByText("Client")
      .waitFor();
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "portal-reseller-tree-fr-dark", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "portal-reseller-tree-fr-dark-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });
});

describe("vendor portal", () => {
  it("a vendor without two-factor authentication is sent to set it up first", async () => {
    await page.goto(`${base}/vendor/login`);
    await page.getByLabel("Email").fill("vendor@demo-isp.example");
    await page.getByLabel("Password").fill(portal.demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/vendor\/mfa-setup$/);
    await page.goto(`${base}/vendor/users`);
    await page.waitForURL(/\/vendor\/mfa-setup$/);
  });

  it("after setting it up the vendor sees its own organisation, its users and its security", async () => {
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
    await page.getByLabel("Enter the 6-digit code the app shows").fill(Auth.Mfa.codeFor(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByRole("button", { name: "I saved my codes" }).click();
    await page.waitForURL(/\/vendor$/);
    await heading("Organisation").waitFor();
    await page.getByRole("heading", { name: "FibreWorks Contractors" }).waitFor();
    await screenshot(page, "portal-vendor-profile");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Users" }).click();
    await heading("Users").waitFor();
    const rows = page.locator("table.portal-users-table tbody tr");
    await rows.filter({ hasText: "Emeka Nwosu" }).filter({ hasText: "On" }).waitFor();
    expect(await rows.count()).toBe(1);
    await nav.getByRole("link", { name: "Security" }).click();
    await heading("Security").waitFor();
    await page.getByRole("region", { name: "Two-factor authentication" }).getByText("On", { exact: true }).waitFor();
    await screenshot(page, "portal-vendor-security");
  });
});

describe("console", () => {
  it("had no console errors or uncaught exceptions (401s and 403s the portal handled aside)", () => {
    const unexpected = problems.console.filter((m) => !/status of (401|403)/.test(m));
    expect(unexpected).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
