import { listLocalMail } from "@dotmac/core/platform/mail";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;

beforeAll(async () => {
  portal = await openPortal({ name: "admin-users" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const userRows = () => page.locator("table.users-table tbody tr");
const roleRow = (name: string) =>
  page.locator("table.roles-table tbody tr").filter({ has: page.locator("th code").getByText(name, { exact: true }) });
const nav = () => page.getByRole("navigation", { name: "Main" });
const EMAIL = "new.engineer@example.com";

describe("staff portal: users and roles", () => {
  it("signs in and opens Users from the Administration menu", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await nav().getByRole("link", { name: "Users" }).click();
    await page.waitForURL(/\/users$/);
    await heading("Users").waitFor();
    expect(await page.title()).toBe("Users · DotMac CRM");
    await userRows().filter({ hasText: portal.login.email }).getByText("Active").waitFor();
  });

  it("invites a staff user with a role: an invitation is emailed and the account shows as invited", async () => {
    await page.getByRole("button", { name: "Invite user" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a user" });
    await dialog.getByLabel("Portal").selectOption("staff");
    await dialog.getByLabel("Email").fill(EMAIL);
    await dialog.getByLabel("Name").fill("New Engineer");
    await dialog.getByRole("checkbox", { name: /^support\b/ }).check();
    // A customer account is offered no staff roles.
    await dialog.getByLabel("Portal").selectOption("customer");
    await dialog.getByText("Customer accounts have no roles.").waitFor();
    await dialog.getByLabel("Portal").selectOption("staff");
    await dialog.getByRole("checkbox", { name: /^support\b/ }).check();
    await screenshot(page, "admin-users-invite", { fullPage: false });
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await dialog.getByText(`Invitation sent to ${EMAIL}`).waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "hidden" });

    const row = userRows().filter({ hasText: EMAIL });
    await row.getByText("Invited").waitFor();
    await row.getByText("support").waitFor();
    const mail = async () => (await listLocalMail()).filter((m) => m.to === EMAIL);
    await expect.poll(async () => (await mail()).length).toBe(1);
    expect((await mail())[0]?.text).toMatch(/\/accept-invitation#token=/);
    await screenshot(page, "admin-users");
  });

  it("filters by status and search, and the filter is in the address", async () => {
    await page.getByLabel("Status", { exact: true }).selectOption("invited");
    await page.getByRole("searchbox", { name: "Search" }).fill("engineer");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/status=invited/);
    await expect.poll(() => userRows().count()).toBe(1);
    await page.getByRole("button", { name: "Clear" }).click();
    await userRows().filter({ hasText: portal.login.email }).waitFor();
  });

  it("changes the new user's name and roles in the drawer: one Save, the drawer stays open", async () => {
    await userRows().filter({ hasText: EMAIL }).getByRole("button", { name: "Manage New Engineer" }).click();
    const drawer = page.getByRole("dialog", { name: "New Engineer" });
    await drawer.getByText("0 active sessions").waitFor();
    await drawer.getByRole("button", { name: "Resend invitation" }).waitFor();
    await drawer.getByRole("checkbox", { name: /^support\b/ }).uncheck();
    await drawer.getByRole("checkbox", { name: /^operator/ }).check();
    await drawer.getByRole("button", { name: "Save changes" }).click();
    await drawer.getByText("Changes saved.").waitFor();
    await screenshot(page, "admin-users-drawer", { fullPage: false });
    // The server's refusal lands beside the field it names, and the drawer stays open.
    await drawer.getByLabel("Display name").fill(" ");
    await drawer.getByLabel("Display name").evaluate((input) => input.removeAttribute("required"));
    await drawer.getByRole("button", { name: "Save changes" }).click();
    await drawer.getByRole("alert").getByText("Fix the fields marked below.").waitFor();
    expect(await drawer.getByLabel("Display name").getAttribute("aria-invalid")).toBe("true");
    expect(await drawer.locator("#drawer-display-name-error").textContent()).not.toBe("");
    await drawer.getByRole("button", { name: "Close" }).click();
    await drawer.waitFor({ state: "hidden" });
    const row = userRows().filter({ hasText: EMAIL });
    await row.getByText("operator").waitFor();
    expect(await row.getByText("support").count()).toBe(0);
  });

  it("marks the operator role MFA-required on the Roles page, and it stays so after a reload", async () => {
    await nav().getByRole("link", { name: "Roles" }).click();
    await page.waitForURL(/\/roles$/);
    await heading("Roles and permissions").waitFor();
    const toggle = roleRow("operator").getByRole("checkbox", { name: "Require MFA for operator" });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await roleRow("operator").getByText("Required").waitFor();
    await page.reload();
    await heading("Roles and permissions").waitFor();
    expect(await roleRow("operator").getByRole("checkbox", { name: "Require MFA for operator" }).isChecked()).toBe(
      true,
    );
    await roleRow("admin").getByRole("cell", { name: "Everything", exact: true }).waitFor();
    await roleRow("admin").getByText("Built-in").waitFor();
    await screenshot(page, "admin-roles");
  });

  it("creates a custom role from the permission picker, then deletes it after a confirmation", async () => {
    await page.getByRole("button", { name: "Create role" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a role" });
    await dialog.getByLabel("Name").fill("billing_desk");
    await dialog.getByLabel("Description").fill("Billing questions");
    await dialog.locator("summary").filter({ hasText: "CRM" }).click();
    await dialog.getByRole("checkbox", { name: "crm:contact:read" }).check();
    await dialog.getByText("1 of").first().waitFor();
    await screenshot(page, "admin-roles-create", { fullPage: false });
    await dialog.getByRole("button", { name: "Create role" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = roleRow("billing_desk");
    await row.getByText("1 permission").waitFor();

    await row.getByRole("button", { name: "Delete" }).click();
    await row.getByText("No one holds it.").waitFor();
    await row.getByRole("button", { name: "Confirm delete" }).click();
    await row.waitFor({ state: "detached" });
  });

  it("has no serious axe finding on Users, the drawer and Roles, in the light or the dark theme", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/users`);
    await userRows().filter({ hasText: EMAIL }).waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await userRows().filter({ hasText: EMAIL }).getByRole("button", { name: "Manage New Engineer" }).click();
    await page.getByRole("dialog", { name: "New Engineer" }).getByText("0 active sessions").waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "admin-users-drawer-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.keyboard.press("Escape");
    await page.goto(`${base}/roles`);
    await roleRow("admin").waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "admin-roles-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("reads in French: users, the invitation and roles", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.goto(`${base}/users`);
    await heading("Utilisateurs").waitFor();
    await userRows().filter({ hasText: EMAIL }).getByText("Invité").waitFor();
    await screenshot(page, "admin-users-fr", { fullPage: false });
    await page.getByRole("button", { name: "Inviter un utilisateur" }).click();
    await page.getByRole("dialog", { name: "Inviter un utilisateur" }).getByLabel("Portail").waitFor();
    await screenshot(page, "admin-users-invite-fr", { fullPage: false });
    await page.keyboard.press("Escape");
    await page.goto(`${base}/roles`);
    await heading("Rôles et autorisations").waitFor();
    await roleRow("admin").getByText("Intégré").waitFor();
    await screenshot(page, "admin-roles-fr", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "admin-roles-fr-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });

  it("fits a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/users`);
    await heading("Users").waitFor();
    await userRows().filter({ hasText: EMAIL }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "admin-users-mobile");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("logged no Content Security Policy violation and threw no uncaught error", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
