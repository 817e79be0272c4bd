import * as Jobs from "@dotmac/core/jobs";
import { useTransaction } from "@dotmac/core/platform/db";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;
let bearer: Record<string, string>;
let breachedOpen: { id: string; number: string };
/** Failed calls of the dashboard's own endpoints (other pages' calls are their suites' business). */
const failedStats: string[] = [];

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...bearer, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
type Created = { ticket: { id: string; number: string } };
const newTicket = async (body: Record<string, unknown>) =>
  (await api<Created>("POST", "/api/v1/tickets", { priority: "medium", ...body })).ticket;
const teams = new Map<string, string>();
/** The managed team named `name`: the demo desk's own when the seed made it, else added on first use. */
async function team(name: string): Promise<string> {
  const known = teams.get(name);
  if (known) return known;
  const listed = await api<{ items: { id: string; name: string }[] }>("GET", "/api/v1/teams");
  const seeded = listed.items.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (seeded) {
    teams.set(name, seeded.id);
    return seeded.id;
  }
  const created = await api<{ id: string }>("POST", "/api/v1/teams", { name });
  teams.set(name, created.id);
  return created.id;
}
const move = (id: string, status: string) => api("POST", `/api/v1/tickets/${id}/status`, { status, note: "Fixed" });

const tile = (id: string) => page.getByTestId(id);
const figure = async (id: string) => Number((await tile(id).locator(".stat-value").textContent())?.replace(/\D/g, ""));
const heading = (name: string) => page.getByRole("heading", { name, level: 1 });

beforeAll(async () => {
  portal = await openPortal({ name: "support-dashboard" });
  ({ page, base, problems } = portal);
  bearer = { authorization: `Bearer ${(await passwordSignIn(portal.login)).accessToken}` };
  page.on("response", (res) => {
    if (res.url().includes("/api/v1/tickets/stats") && res.status() >= 400)
      failedStats.push(`${res.status()} ${res.url()}`);
  });
});

afterAll(() => portal?.stop());

describe("staff portal: support dashboard", () => {
  it("signs in and shows an empty state when there are no tickets", async () => {
    // The runtime seeds demo tickets; deleted tickets count nowhere, so deleting them empties the dashboard.
    for (;;) {
      const page = await api<{ items: { id: string }[] }>("GET", "/api/v1/tickets?limit=200");
      if (page.items.length === 0) break;
      for (const t of page.items) await api("DELETE", `/api/v1/tickets/${t.id}`);
    }
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Support dashboard" }).click();
    await page.waitForURL(/\/support$/);
    await heading("Support dashboard").waitFor();
    expect(await page.title()).toBe("Support dashboard · DotMac CRM");
    await page.getByText("No tickets yet").waitFor();
    await page.getByRole("link", { name: "Open a ticket" }).waitFor();
    await screenshot(page, "support-dashboard-empty", { fullPage: false });
  });

  it("shows open work by status and team, at-risk and breached tickets from the SLA scan, and compliance", async () => {
    // Tight targets so a real breach happens within the test: urgent 1 minute, high 5 minutes warning at 10%.
    await api("PUT", "/api/v1/sla/policies", {
      ticketTypeId: null,
      priority: "urgent",
      firstResponseMinutes: 1,
      resolutionMinutes: 1,
      warnAtPercent: 50,
    });
    await api("PUT", "/api/v1/sla/policies", {
      ticketTypeId: null,
      priority: "high",
      firstResponseMinutes: 5,
      resolutionMinutes: 10,
      warnAtPercent: 10,
    });
    // The resolved ones are for a customer with an email, so resolving waits for their confirmation (a
    // ticket with nobody to ask would close at once).
    const customer = await api<{ id: string }>("POST", "/api/v1/people", {
      displayName: "Tola Dashboard",
      email: "tola.dashboard@customer.example",
      partyStatus: "customer",
    });
    const resolvedLate = await newTicket({
      title: "Fibre cut on Admiralty Way",
      priority: "urgent",
      teamId: await team("noc"),
      personId: customer.id,
    });
    breachedOpen = await newTicket({ title: "BTS down in Lekki", priority: "urgent", teamId: await team("noc") });
    const resolvedInTime = await newTicket({
      title: "Router reboot loop",
      priority: "urgent",
      teamId: await team("field"),
      personId: customer.id,
    });
    await newTicket({ title: "Slow speeds every evening", priority: "high", teamId: await team("field") });
    const pending = await newTicket({ title: "Wi-Fi drops hourly", teamId: await team("care") });
    await newTicket({ title: "Move service to a new flat" });
    const closed = await newTicket({ title: "Billing question", teamId: await team("billing") });
    await move(resolvedInTime.id, "open");
    await move(resolvedInTime.id, "pending_confirmation");
    await move(pending.id, "open");
    await move(pending.id, "pending");
    await move(closed.id, "canceled");

    // Two minutes pass for these tickets: their whole log moves back (the engine reads only the log),
    // then the registered job finds the breaches, as it would have after a real wait.
    await useTransaction(async (tx) => {
      await tx.execute(
        sql`update ticket_event set at = at - interval '2 minutes' where ticket_id in (select id from ticket where deleted_at is null)`,
      );
      await tx.execute(sql`update ticket set created_at = created_at - interval '2 minutes' where deleted_at is null`);
      await tx.execute(sql`update ticket_sla set next_check_at = now()`);
    });
    const scan = await Jobs.run("sla.scan");
    expect(scan.result).toMatchObject({ breaches: expect.any(Number) });
    await move(resolvedLate.id, "open");
    await move(resolvedLate.id, "pending_confirmation");
    await Jobs.run("sla.scan");

    await page.getByRole("button", { name: "Refresh" }).click();
    // Open = not closed, canceled or merged: resolved tickets awaiting the customer's confirmation count,
    // and so does the late one's permanent breach.
    await expect.poll(() => figure("kpi-open")).toBe(6);
    expect(await figure("kpi-unassigned")).toBe(6);
    expect(await figure("kpi-breached")).toBe(2);
    expect(await figure("kpi-at-risk")).toBe(1);
    await expect.poll(() => tile("kpi-breached").getAttribute("class")).toContain("card-danger");

    const byStatus = page.getByRole("img", { name: /^Open tickets by status:/ });
    expect(await byStatus.getAttribute("aria-label")).toContain("New 3, Open 0, Pending 1");
    expect(await byStatus.getAttribute("aria-label")).toContain("Pending confirmation 2");
    const byTeam = page.getByRole("img", { name: /^Open tickets by team:/ });
    expect(await byTeam.getAttribute("aria-label")).toBe(
      "Open tickets by team: field 2, NOC 2, care 1, Unassigned team 1",
    );
    const compliance = page.getByRole("img", { name: /^SLA resolution compliance/ });
    expect(await compliance.getAttribute("aria-label")).toMatch(/50% overall, 1 met and 1 breached/);
    await expect.poll(() => page.getByTestId("compliance-overall").textContent()).toBe("50%");
    // The table alternatives are in the accessibility tree.
    await page.getByRole("table", { name: "Open tickets by team" }).waitFor({ state: "attached" });
    await page.getByRole("table", { name: "SLA resolution compliance per day" }).waitFor({ state: "attached" });

    const breaches = page.getByRole("region", { name: "Recent breaches" });
    await breaches.getByRole("link", { name: breachedOpen.number }).first().waitFor();
    await breaches.getByRole("link", { name: resolvedLate.number }).first().waitFor();
    await screenshot(page, "support-dashboard");
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("links the tiles to the filtered ticket list and the breaches to their tickets", async () => {
    await tile("kpi-open").click();
    await page.waitForURL(/\/tickets\?status=/);
    const status = new URL(page.url()).searchParams.get("status")?.split(",") ?? [];
    expect(status).toContain("new");
    expect(status).not.toContain("closed");
    await page.goBack();
    await heading("Support dashboard").waitFor();
    await page
      .getByRole("region", { name: "Recent breaches" })
      .getByRole("link", { name: breachedOpen.number })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/tickets/${breachedOpen.number}$`));
    await page.goBack();
    await heading("Support dashboard").waitFor();
  });

  it("fits a 375 px phone: tiles two by two, charts full width", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await tile("kpi-open").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const open = await tile("kpi-open").boundingBox();
    const unassigned = await tile("kpi-unassigned").boundingBox();
    expect(open && unassigned && Math.abs(open.y - unassigned.y) < 2).toBe(true);
    await screenshot(page, "support-dashboard-375");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("reads in French, with Intl numbers and percentages, in the dark theme", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await heading("Tableau de bord support").waitFor();
    await expect.poll(() => page.getByTestId("compliance-overall").textContent()).toBe("50\u00a0%");
    await page.getByRole("img", { name: /^Tickets ouverts par statut :/ }).waitFor();
    await page.getByRole("region", { name: "Dépassements récents" }).waitFor();
    await screenshot(page, "support-dashboard-fr-dark", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "support-dashboard-fr-dark-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });

  it("had no failed dashboard calls and no uncaught exceptions on the dashboard", () => {
    expect(failedStats).toEqual([]);
    expect(problems.page.filter((line) => line.includes("/support"))).toEqual([]);
    // CSP violations and script errors on the dashboard (resource 404s of other pages' calls aside).
    expect(problems.console.filter((l) => l.includes("/support") && !l.includes("Failed to load resource"))).toEqual(
      [],
    );
  });
});
