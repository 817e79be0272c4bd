import * as Auth from "@dotmac/core/auth";
import { grantTable } from "@dotmac/core/auth/auth.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;

beforeAll(async () => {
  portal = await openPortal({ name: "sla-admin" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const nav = () => page.getByRole("navigation", { name: "Main" });
const urgentRow = () =>
  page
    .locator("table.sla-policies tbody tr")
    .filter({ has: page.getByRole("button", { name: "Edit the policy for Any type, urgent" }) });
const calendarRow = (name: string) =>
  page.locator("table.sla-calendars tbody tr").filter({ has: page.locator("th", { hasText: name }) });

describe("staff portal: SLA administration", () => {
  it("signs in and opens SLA policies from the menu", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await nav().getByRole("link", { name: "SLA policies" }).click();
    await page.waitForURL(/\/settings\/sla$/);
    await heading("SLA policies").waitFor();
    expect(await page.title()).toBe("SLA policies · DotMac CRM");
    await calendarRow("24/7").getByText("Default").waitFor();
  });

  it("edits the urgent policy: targets show as hours and minutes", async () => {
    await urgentRow().getByRole("button", { name: "Edit the policy for Any type, urgent" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit SLA policy" });
    await dialog.getByLabel("First response within", { exact: true }).fill("30");
    await dialog.getByLabel("First response within unit").selectOption({ label: "minutes" });
    await dialog.getByLabel("Resolution within", { exact: true }).fill("2");
    await dialog.getByLabel("Resolution within unit").selectOption({ label: "days" });
    await dialog.getByLabel("At risk from (%)").fill("75");
    await screenshot(page, "sla-admin-policy", { fullPage: false });
    await dialog.getByRole("button", { name: "Save policy" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = urgentRow();
    await row.getByText("30 min", { exact: true }).waitFor();
    await row.getByText("2 d", { exact: true }).waitFor();
    await row.getByText("75 %").waitFor();
  });

  it("a refused value is explained in the dialog", async () => {
    await page.getByRole("button", { name: "Add policy" }).click();
    const dialog = page.getByRole("dialog", { name: "Add an SLA policy" });
    await dialog.getByLabel("Priority").selectOption({ label: "Low" });
    await dialog.getByLabel("First response within", { exact: true }).fill("400");
    await dialog.getByLabel("First response within unit").selectOption({ label: "days" });
    await dialog.getByLabel("Resolution within", { exact: true }).fill("1");
    await dialog.getByRole("button", { name: "Save policy" }).click();
    // The refusal lands beside the field it names, and the alert says so.
    await dialog.getByRole("alert").getByText("Fix the fields marked below.").waitFor();
    expect(await dialog.getByLabel("First response within", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.locator("#policy-first-error").textContent()).not.toBe("");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  it("adds a holiday to the 24/7 calendar", async () => {
    await calendarRow("24/7").getByRole("button", { name: "Edit calendar 24/7" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit calendar 24/7" });
    // Typed the way the reader's locale writes dates (en-GB here: day first), not the browser's own way.
    await dialog.getByLabel("Holiday date").fill("25/12/2026");
    await dialog.getByRole("button", { name: "Add holiday" }).click();
    await dialog.getByRole("button", { name: "Remove holiday 25 Dec 2026" }).waitFor();
    await dialog.getByRole("button", { name: "Save calendar" }).click();
    await dialog.waitFor({ state: "hidden" });
    await calendarRow("24/7").getByText("1 day").waitFor();
  });

  it("adds an office calendar with a split day in West Africa Time", async () => {
    await page.getByRole("button", { name: "Add calendar" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a business calendar" });
    await dialog.getByLabel("Name").fill("Abuja NOC");
    await dialog.getByLabel("Time zone").selectOption("Africa/Lagos");
    await dialog.getByLabel("Monday range 1 closes").fill("12:00");
    await dialog.getByRole("button", { name: "Add hours on Monday" }).click();
    await dialog.getByLabel("Monday range 2 opens").fill("13:00");
    await dialog.getByLabel("Monday range 2 closes").fill("17:00");
    await dialog.getByRole("button", { name: "Copy Monday to Tuesday–Friday" }).click();
    await dialog.getByLabel("Friday range 2 closes").waitFor();
    await screenshot(page, "sla-admin-calendar", { fullPage: false });
    await dialog.getByRole("button", { name: "Save calendar" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = calendarRow("Abuja NOC");
    await row.getByText("Africa/Lagos").waitFor();
    await row.getByText("Mon–Fri 08:00–12:00, 13:00–17:00").waitFor();
  });

  it("changes the pause statuses, and they stay after a reload", async () => {
    await page.getByLabel("On hold").uncheck();
    await page.getByLabel("Last-mile rerun").check();
    await page.getByLabel("Confirmation grace (hours)").fill("48");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").getByText("Settings saved.").waitFor();
    await page.reload();
    await heading("SLA policies").waitFor();
    await expect.poll(() => page.getByLabel("Last-mile rerun").isChecked()).toBe(true);
    expect(await page.getByLabel("On hold").isChecked()).toBe(false);
    expect(await page.getByLabel("Pending", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Confirmation grace (hours)").inputValue()).toBe("48");
    await screenshot(page, "sla-admin");
  });

  it("explains one ticket's clocks: badges and each paused stretch with its reason", async () => {
    // A ticket filed through the API as the signed-in admin, then put on pending (a pause status).
    const number = await page.evaluate(async () => {
      const csrf = document.cookie
        .split("; ")
        .find((c) => c.startsWith("__Host-dotmac_csrf="))
        ?.slice("__Host-dotmac_csrf=".length);
      const headers = { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf ?? "") };
      const created = await fetch("/api/v1/tickets", {
        method: "POST",
        headers,
        body: JSON.stringify({ title: "Fibre cut on Allen Avenue", priority: "urgent" }),
      });
      const { ticket } = (await created.json()) as { ticket: { id: string; number: string } };
      await fetch(`/api/v1/tickets/${ticket.id}/status`, {
        method: "POST",
        headers,
        body: JSON.stringify({ status: "pending" }),
      });
      return ticket.number;
    });
    await page.getByLabel("Ticket number").fill(number);
    await page.getByRole("button", { name: "Explain" }).click();
    const result = page.locator(".sla-check-result");
    await result.getByText(number).waitFor();
    await result.locator(".sla-badges").getByText("Paused").first().waitFor();
    const resolution = result.getByRole("region", { name: "Resolution" });
    await resolution.getByText("Paused", { exact: true }).first().waitFor();
    await resolution.getByText("2 stretches").click();
    await resolution.getByRole("cell", { name: "Paused: Pending" }).waitFor();
    await result.getByText(/Policy: first response 30 min, resolution 2 d/).waitFor();
    await screenshot(page, "sla-admin-explain", { fullPage: false });

    await page.getByLabel("Ticket number").fill("TCK-0000-404");
    await page.getByRole("button", { name: "Explain" }).click();
    await page
      .getByRole("alert")
      .getByText(/TCK-0000-404/)
      .waitFor();
  });

  it("fits a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/settings/sla`);
    await heading("SLA policies").waitFor();
    await urgentRow().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "sla-admin-mobile");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "sla-admin-mobile-dark", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, "sla-admin-1280-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await screenshot(page, "sla-admin-1280", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("reads in French: weekday names from Intl, the calendar dialog, on a phone and in the dark", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.goto(`${base}/settings/sla`);
    await heading("Politiques SLA").waitFor();
    await calendarRow("Abuja NOC").getByText("lun.–ven. 08:00–12:00, 13:00–17:00").waitFor();
    await page.getByRole("button", { name: "Ajouter un calendrier" }).click();
    const dialog = page.getByRole("dialog", { name: "Ajouter un calendrier ouvré" });
    await dialog.getByRole("button", { name: "Ajouter des horaires le samedi" }).waitFor();
    await dialog.getByRole("button", { name: "Copier le lundi sur mardi–vendredi" }).waitFor();
    await screenshot(page, "sla-calendar-dialog-fr", { fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "sla-calendar-dialog-fr-dark-375", { fullPage: false });
    await page.keyboard.press("Escape");
    await screenshot(page, "sla-admin-fr-dark-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });

  it("has no serious axe finding in the light or the dark theme", async () => {
    await page.goto(`${base}/settings/sla`);
    await urgentRow().waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("an agent who may only read the settings sees them without any way to change them", async () => {
    const reader = { email: "sla.reader@demo-isp.example", password: "correct horse battery staple" };
    const user = await Auth.createUser({ ...reader, displayName: "SLA Reader", roles: ["support"] });
    await useTransaction((tx) => tx.insert(grantTable).values({ userId: user.id, permission: "system:settings:read" }));
    await page
      .getByRole("banner")
      .getByRole("button", { name: /Sign out/ })
      .click();
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(reader.email);
    await page.getByLabel("Password").fill(reader.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${base}/settings/sla`);
    await heading("SLA policies").waitFor();
    await page.getByText("You can view these settings.").waitFor();
    const urgent = page.locator("table.sla-policies tbody tr").filter({ hasText: "Urgent" });
    await urgent.getByText("30 min", { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Add policy" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Edit/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save settings" }).count()).toBe(0);
    expect(await page.getByLabel("Last-mile rerun").isDisabled()).toBe(true);
    await screenshot(page, "sla-admin-readonly", { fullPage: false });
  });

  it("logged no Content Security Policy violation and threw no uncaught error", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
