import * as Auth from "@dotmac/core/auth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { newOrganization, newSubscriber, PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;
let bearer: Record<string, string>;
let linkType: { id: string; name: string };
let subscriberId: string;
let existing: { id: string; number: string };
let created: string;

const AGENT = { email: "sam.agent@isp.example", name: "Sam Agent" };
const COLLEAGUE = { email: "kemi.colleague@isp.example", name: "Kemi Colleague" };

/** The API as an integration would call it: same server, a bearer token of the agent. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...bearer, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
/** The NOC-E2E team's id, added by the bulk story and used by the screenshots after it. */
let noc = "";
const newTicket = async (body: Record<string, unknown>) =>
  (await api<{ ticket: { id: string; number: string } }>("POST", "/api/v1/tickets", body)).ticket;

beforeAll(async () => {
  portal = await openPortal({ name: "tickets" });
  ({ page, base, problems } = portal);
  const agent = await Auth.createUser({
    email: AGENT.email,
    password: PASSWORD,
    displayName: AGENT.name,
    roles: ["support"],
  });
  await Auth.createUser({
    email: COLLEAGUE.email,
    password: PASSWORD,
    displayName: COLLEAGUE.name,
    roles: ["support"],
  });
  // A team lead: the support role plus assigning, granted by the administrator.
  const admin = (await passwordSignIn(portal.login)).accessToken;
  const granted = await fetch(`${base}/api/v1/users/${agent.id}/grants`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: JSON.stringify({ permission: "support:ticket:assign" }),
  });
  expect(granted.status).toBeLessThan(300);
  // Teams are a managed list, kept by an administrator.
  for (const name of ["Field Ops", "NOC-E2E"]) {
    const res = await fetch(`${base}/api/v1/teams`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    expect(res.status).toBe(201);
    if (name === "NOC-E2E") noc = ((await res.json()) as { id: string }).id;
  }
  bearer = {
    authorization: `Bearer ${(await passwordSignIn({ email: AGENT.email, password: PASSWORD })).accessToken}`,
  };
  const org = await newOrganization("Harbour View Estate", "customer");
  subscriberId = await newSubscriber("SUB-E2E-777", { organizationId: org.id });
  const types = await api<{ items: { id: string; name: string; requiresSubscriber: boolean }[] }>(
    "GET",
    "/api/v1/tickets/types",
  );
  linkType = types.items.find((t) => t.name === "Customer Link Disconnection") as { id: string; name: string };
  existing = await newTicket({
    title: "Harbour View link down since Monday",
    priority: "high",
    ticketTypeId: linkType.id,
    subscriberId,
    channel: "phone",
  });
}, 300_000); // Builds the portal first when its sources changed.

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const rows = () => page.locator("table.tk-table tbody tr");
const timeline = () => page.getByRole("list", { name: "Timeline" });
const primary = () => page.locator(".tk-prop").filter({ hasText: "Primary assignee" });
const statusChip = () => page.locator(".tk-head-meta .badge");
/** The list's filters fold behind one toggle so the rows start above the fold; open them to set one. */
async function openFilters() {
  const toggle = page.getByRole("button", { name: /^Filters/ });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
}

describe("staff tickets: create, list, detail", () => {
  it("the agent signs in and opens Tickets", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(AGENT.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tickets" }).click();
    await heading("Tickets").waitFor();
    await rows().filter({ hasText: existing.number }).waitFor();
  });

  it("creates a ticket: a type that needs a subscriber says so, the customer is found by lookup, a duplicate is flagged", async () => {
    await page.getByRole("link", { name: "New ticket" }).click();
    await heading("New ticket").waitFor();
    await page.getByLabel("Title", { exact: true }).fill("No internet at Harbour View flat 4");
    await page.getByLabel("Type", { exact: true }).selectOption(linkType.id);
    await page.getByText("Customer (subscriber required)").waitFor();
    await page.getByRole("button", { name: "Create ticket" }).click();
    // The server's field error is shown next to the customer field.
    await page.getByText(`is required for the ticket type ${linkType.name}`).waitFor();
    await page.getByRole("alert").getByText("fix the fields marked below").waitFor();

    const customer = page.getByRole("combobox", { name: /Customer/ });
    await customer.fill("E2E-777");
    const option = page.getByRole("option", { name: /SUB-E2E-777/ });
    await expect.poll(() => page.getByRole("listbox").getByRole("option").count()).toBe(1);
    await option.waitFor();
    expect(await customer.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await customer.press("Enter");
    await page
      .getByRole("group", { name: /Customer/ })
      .getByText("SUB-E2E-777", { exact: true })
      .waitFor();

    const assignee = page.getByRole("combobox", { name: "Assignee" });
    await assignee.fill("kemi");
    await expect.poll(() => page.getByRole("listbox").getByRole("option").count()).toBe(1);
    await page.getByRole("option", { name: new RegExp(COLLEAGUE.name) }).waitFor();
    await assignee.press("Enter");
    await page.getByRole("group", { name: "Assignee" }).getByText(COLLEAGUE.name).waitFor();
    await page.getByLabel("Team", { exact: true }).selectOption({ label: "Field Ops" });
    await page.getByLabel("Tags", { exact: true }).fill("fibre, vip");
    await screenshot(page, "tickets-create", { fullPage: false });
    await page.getByRole("button", { name: "Create ticket" }).click();

    const warning = page.getByRole("region", { name: /may be a duplicate/ });
    await warning.waitFor();
    await warning.getByRole("link", { name: existing.number, exact: true }).waitFor();
    await warning.getByRole("button", { name: `Merge into ${existing.number}` }).waitFor();
    await screenshot(page, "tickets-create-duplicate");
    const title = (await warning.getByRole("heading").textContent()) ?? "";
    created = /TCK-\d{4}-\d+/.exec(title)?.[0] as string;
    expect(created).toBeTruthy();
    await warning.getByRole("link", { name: `Go to new ticket ${created}` }).click();
    await page.waitForURL(new RegExp(`/tickets/${created}$`));
    await heading("No internet at Harbour View flat 4").waitFor();
    await primary().getByText(COLLEAGUE.name).waitFor();
  });

  it("filters the list in the address, saves the view, and changes three tickets at once", async () => {
    const a = await newTicket({ title: "Bulk E2E router reboot loop", priority: "medium", teamId: noc });
    const b = await newTicket({ title: "Bulk E2E DNS timeouts", priority: "low", teamId: noc });
    const c = await newTicket({ title: "Bulk E2E radio link flaps", priority: "urgent", teamId: noc });
    await api("POST", `/api/v1/tickets/${c.id}/status`, { status: "on_hold" });

    await page.goto(`${base}/tickets`);
    await heading("Tickets").waitFor();
    await page.keyboard.press("/");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("tf-q");
    await page.keyboard.type("Bulk E2E");
    await openFilters();
    await page.getByLabel("Team", { exact: true }).selectOption({ label: "NOC-E2E" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/q=Bulk/);
    expect(page.url()).toContain(`team=${noc}`);
    await expect.poll(() => rows().count()).toBe(3);
    const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(exportHref).toMatch(/^\/api\/v1\/tickets\/export\.csv\?/);
    expect(exportHref).toContain(`teamId=${noc}`);

    // A priority filter narrows it; the link reproduces the view.
    await page.getByLabel("Priority", { exact: true }).selectOption("urgent");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.reload();
    await heading("Tickets").waitFor();
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole("button", { name: "Filters (2)" }).waitFor();
    await openFilters();
    await page.getByLabel("Priority", { exact: true }).selectOption("");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => rows().count()).toBe(3);

    await page.getByRole("button", { name: "Save current view" }).click();
    await page.getByLabel("Name of the view").fill("NOC bulk");
    await page.getByRole("button", { name: "Save view" }).click();
    await page
      .getByLabel("Saved view", { exact: true })
      .locator("option", { hasText: "NOC bulk" })
      .waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.waitForURL((url) => !url.search.includes("team="));
    await page.getByLabel("Saved view", { exact: true }).selectOption({ label: "NOC bulk" });
    await page.waitForURL((url) => url.search.includes(`team=${noc}`));
    await expect.poll(() => rows().count()).toBe(3);

    // j/k move between rows, x selects; the header box selects the rest.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await page.getByText("1 ticket selected").waitFor();
    await page.getByRole("checkbox", { name: "Select every ticket shown" }).check();
    await page.getByText("3 tickets selected").waitFor();

    const bulk = page.getByRole("form", { name: "Change the selected tickets" });
    await bulk.getByLabel("Set status").selectOption("waiting_on_customer");
    await bulk.getByRole("button", { name: "Apply to 3 tickets" }).click();
    const outcome = page.locator(".tk-outcome");
    await outcome.getByText("Updated 2 tickets; 1 could not be changed:").waitFor();
    await outcome.getByRole("link", { name: c.number }).waitFor();
    // The reason in words, not the server's keys: statuses by their names, the allowed ones listed.
    await outcome
      .getByText(
        /^status not changed: Cannot go from On hold to Waiting on customer; from On hold it can go to Open, Pending, Closed,? or Canceled\.$/,
      )
      .waitFor();
    expect(await outcome.textContent()).not.toMatch(/on_hold|waiting_on_customer|\[validation\]/);
    await screenshot(page, "tickets-list-bulk");

    await page.getByRole("checkbox", { name: "Select every ticket shown" }).check();
    await bulk.getByLabel("Set status").selectOption("closed");
    await bulk.getByLabel(/Note/).fill("Resolved by the NOC maintenance window");
    await bulk.getByRole("button", { name: "Apply to 3 tickets" }).click();
    await outcome.getByText("Updated 3 tickets.").waitFor();
    for (const t of [a, b, c]) await rows().filter({ hasText: t.number }).getByText("Closed").waitFor();
    await screenshot(page, "tickets-list");
  });

  it("links the new ticket to the existing one, then merges it there after a confirmation", async () => {
    await page.goto(`${base}/tickets/${created}`);
    await heading("No internet at Harbour View flat 4").waitFor();

    await page.getByRole("button", { name: "Link ticket" }).click();
    const linkDialog = page.getByRole("dialog", { name: "Link ticket" });
    await linkDialog.getByLabel("Ticket number").fill("TCK-0000-000000");
    await linkDialog.getByRole("button", { name: "Link" }).click();
    await linkDialog.getByText("does not exist").waitFor();
    await linkDialog.getByLabel("Ticket number").fill(existing.number);
    await linkDialog.getByLabel("Kind").selectOption("duplicate");
    await linkDialog.getByRole("button", { name: "Link" }).click();
    await linkDialog.waitFor({ state: "hidden" });
    const linksPanel = page.getByRole("region", { name: "Linked tickets" });
    await linksPanel.getByRole("link", { name: existing.number }).waitFor();
    await linksPanel.locator(".tk-links li").filter({ hasText: existing.number }).getByText("Duplicate").waitFor();

    await page.getByRole("button", { name: "Merge into…" }).click();
    const mergeDialog = page.getByRole("dialog", { name: /Merge .* into/ });
    await mergeDialog.getByLabel("Ticket to keep").fill(existing.number);
    await mergeDialog.getByRole("button", { name: "Continue" }).click();
    await mergeDialog.getByText("This cannot be undone").waitFor();
    await screenshot(page, "tickets-merge-confirm", { fullPage: false });
    await mergeDialog.getByRole("button", { name: `Merge into ${existing.number}` }).click();
    await page.waitForURL(new RegExp(`/tickets/${existing.number}$`));
    await heading("Harbour View link down since Monday").waitFor();
    await timeline().getByText(`merged ${created} into this ticket`).waitFor();

    await page.goto(`${base}/tickets/${created}`);
    const banner = page.getByRole("status").filter({ hasText: "This ticket was merged into" });
    await banner.getByRole("link", { name: existing.number }).waitFor();
    expect(await page.getByRole("button", { name: "Send reply" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Edit title" }).count()).toBe(0);
    await statusChip().getByText("Merged").waitFor();
  });

  it("on the detail page: a public reply, an internal note, assignment, a status change needing a note", async () => {
    await page.goto(`${base}/tickets/${existing.number}`);
    await heading("Harbour View link down since Monday").waitFor();
    const customer = page.getByRole("region", { name: "Customer" });
    await customer.getByText("SUB-E2E-777", { exact: true }).waitFor();
    await customer.getByRole("link", { name: "Harbour View Estate" }).waitFor();

    await page.getByRole("radio", { name: "Public reply" }).waitFor({ state: "attached" });
    await page.locator("#tk-reply-body").fill("A technician is on the way to check the drop cable.");
    await page.getByRole("button", { name: "Send reply" }).click();
    const reply = timeline().locator(".tk-public").filter({ hasText: "A technician is on the way" });
    await reply.getByText("Public reply").waitFor();
    await reply.getByText(AGENT.name).waitFor();

    await page.locator(".tk-toggle-option").filter({ hasText: "Internal note" }).click();
    await page.locator("#tk-reply-body").fill(`@${COLLEAGUE.email} please bring a spare ONT`);
    await page.getByRole("button", { name: "Add internal note" }).click();
    await timeline().locator(".tk-internal").filter({ hasText: "please bring a spare ONT" }).waitFor();

    await primary().getByRole("button", { name: "Assign", exact: true }).click();
    const picker = page.getByRole("combobox", { name: "New primary assignee" });
    await picker.fill("Sam");
    await expect.poll(() => page.getByRole("listbox").getByRole("option").count()).toBe(1);
    await page.getByRole("option", { name: new RegExp(AGENT.name) }).waitFor();
    await picker.press("ArrowDown");
    await picker.press("Enter");
    await primary().getByText(AGENT.name).waitFor();
    // Kemi held the ticket: Sam reassigning it to himself reads as an assignment, not a take.
    await timeline().getByText(`assigned ${AGENT.name}`).waitFor();
    // A New ticket that someone now works is Open, with the change in its log.
    await statusChip().getByText("Open").waitFor();
    await timeline()
      .getByText(/changed the status from New to Open/)
      .waitFor();

    await page.getByLabel("Status", { exact: true }).selectOption("closed");
    const note = page.getByLabel(/Note for Closed/);
    await note.waitFor();
    await note.fill("Drop cable replaced; customer back online");
    await screenshot(page, "tickets-detail-status-note", { fullPage: false });
    await page.getByRole("button", { name: "Change status" }).click();
    await statusChip().getByText("Closed").waitFor();
    await timeline().locator(".tk-internal").filter({ hasText: "Drop cable replaced" }).waitFor();

    // A file with upload progress and the server's check, then a download through a short-lived link.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await page
      .locator(".tk-upload input[type=file]")
      .setInputFiles({ name: "ont-photo.png", mimeType: "image/png", buffer: png });
    const files = page.getByRole("region", { name: "Attachments" });
    const download = files.getByRole("button", { name: "Download ont-photo.png" });
    await download.waitFor();
    await timeline().getByText("attached ont-photo.png").waitFor();
    const saved = page.waitForEvent("download");
    await download.click();
    expect((await saved).suggestedFilename()).toBe("ont-photo.png");
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "tickets-detail");
  });

  it("fits a 375 px phone: cards for the list, one column for the detail and the form", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    for (const [path, ready, name] of [
      [`/tickets?team=${noc}`, () => rows().first().waitFor(), "tickets-list-mobile"],
      [
        `/tickets/${existing.number}`,
        () => heading("Harbour View link down since Monday").waitFor(),
        "tickets-detail-mobile",
      ],
      ["/tickets/new", () => heading("New ticket").waitFor(), "tickets-create-mobile"],
    ] as const) {
      await page.goto(`${base}${path}`);
      await ready();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("the list fits 1280 and 1920 with SLA and Updated in view, rows above the fold; list and ticket pass axe in both themes", async () => {
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${base}/tickets`);
      await rows().first().waitFor();
      const fit = await page.evaluate(() => {
        const wrap = document.querySelector(".tk-table")?.closest(".table-wrap") as HTMLElement;
        const header = (name: string) =>
          [...document.querySelectorAll(".tk-table thead th")].find((th) => th.textContent?.includes(name));
        const inside = (el: Element | undefined) =>
          !!el && el.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1;
        return {
          overflow: wrap.scrollWidth - wrap.clientWidth,
          sla: inside(header("SLA")),
          updated: inside(header("Updated")),
          firstRowTop: document.querySelector(".tk-table tbody tr")?.getBoundingClientRect().top ?? 9999,
        };
      });
      expect(fit.overflow, `table overflow at ${width}`).toBeLessThanOrEqual(0);
      expect(fit.sla && fit.updated, `SLA and Updated visible at ${width}`).toBe(true);
      expect(fit.firstRowTop, `first row above the fold at ${width}`).toBeLessThan(800);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // Folded, the filters are one line: search, the Filters toggle and the saved views side by side.
    const toolbar = await page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
      const bar = box(".list-toolbar");
      const search = box("#tf-q");
      return {
        height: bar?.height ?? 9999,
        searchHeight: search?.height ?? 0,
        folded: [...document.querySelectorAll<HTMLElement>(".list-toolbar .filter-more")].every((el) => el.hidden),
      };
    });
    expect(toolbar.folded, "the extra filters start folded").toBe(true);
    // One line: no taller than the search box plus the toolbar's own padding.
    expect(toolbar.height, "the folded filter bar is one line").toBeLessThan(toolbar.searchHeight + 40);

    // Selecting a row brings a slim bar stuck to the bottom of the window; the first row stays in view.
    await page
      .getByRole("checkbox", { name: /^Select TCK-/ })
      .first()
      .check();
    const bulk = page.getByRole("form", { name: "Change the selected tickets" });
    await bulk.waitFor();
    const bar = await page.evaluate(() => {
      const form = document.querySelector<HTMLElement>("form.tk-bulk") as HTMLElement;
      const box = form.getBoundingClientRect();
      return {
        position: getComputedStyle(form).position,
        height: box.height,
        bottom: box.bottom,
        top: box.top,
        firstRowBottom: document.querySelector(".tk-table tbody tr")?.getBoundingClientRect().bottom ?? 9999,
      };
    });
    expect(bar.position).toBe("sticky");
    expect(bar.bottom, "the bulk bar sits at the bottom of the window").toBeLessThanOrEqual(800);
    expect(bar.height, "the bulk bar is slim (one row of controls)").toBeLessThan(110);
    expect(bar.firstRowBottom, "the first row is not hidden under the bar").toBeLessThanOrEqual(bar.top);
    // Every label of the bar fits on one line, here and on a phone.
    const labelLines = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("form.tk-bulk .field > label, form.tk-bulk .tk-bulk-take")].map(
          (label) => ({
            text: label.textContent?.trim(),
            lines: Math.round(
              label.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(label).lineHeight),
            ),
          }),
        ),
      );
    for (const label of await labelLines()) expect(label.lines, `"${label.text}" at 1280`).toBe(1);
    await screenshot(page, "tickets-list-1280-selecting", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    for (const label of await labelLines()) expect(label.lines, `"${label.text}" at 375`).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, "tickets-list-375-selecting", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await bulk.getByRole("button", { name: "Clear selection" }).click();
    await bulk.waitFor({ state: "detached" });
    // Sorting orders the loaded rows; the header says which way.
    await page.getByRole("button", { name: "Updated" }).click();
    expect(await page.locator(".tk-table thead th", { hasText: "Updated" }).getAttribute("aria-sort")).toBe(
      "ascending",
    );
    await page.getByText("Sorting orders the tickets loaded so far").waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "tickets-list-1280", { fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "tickets-list-1280-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });

    await page.goto(`${base}/tickets/${existing.number}`);
    await heading("Harbour View link down since Monday").waitFor();
    await timeline().waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "tickets-detail-1280", { fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "tickets-detail-1280-dark", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "tickets-detail-mobile-dark", { fullPage: false });
    await page.goto(`${base}/tickets`);
    await rows().first().waitFor();
    await screenshot(page, "tickets-list-mobile-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("the create form, the links and the merge dialog read in French", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.goto(`${base}/tickets/new`);
    await heading("Nouveau ticket").waitFor();
    await page.getByRole("combobox", { name: "Client" }).waitFor();
    await screenshot(page, "tickets-create-fr", { fullPage: false });
    await page.goto(`${base}/tickets/${existing.number}`);
    await heading("Harbour View link down since Monday").waitFor();
    await page.getByRole("region", { name: "Tickets liés" }).waitFor();
    await page.getByRole("button", { name: "Fusionner dans…" }).click();
    const merge = page.getByRole("dialog", { name: /Fusionner .* dans/ });
    await merge.getByLabel("Ticket à conserver").fill(existing.number);
    await merge.getByRole("button", { name: "Continuer" }).click();
    await merge.getByText("C’est ce ticket-ci").waitFor();
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "tickets-merge-fr-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.keyboard.press("Escape");

    // A bulk refusal reads in French too: a closed ticket only reopens.
    await page.goto(`${base}/tickets?q=${encodeURIComponent("Bulk E2E DNS")}`);
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole("checkbox", { name: /^Sélectionner TCK-/ }).check();
    const bulk = page.getByRole("form", { name: "Modifier les tickets sélectionnés" });
    await bulk.getByLabel("Nouveau statut").selectOption("pending");
    await bulk.getByRole("button", { name: "Appliquer à 1 ticket" }).click();
    await page
      .locator(".tk-outcome")
      .getByText(
        "statut non modifié : Impossible de passer de « Fermé » à « En attente » ; depuis « Fermé », il peut passer à Ouvert.",
      )
      .waitFor();
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });

  it("an unknown ticket says so; no CSP violation or uncaught error was logged", async () => {
    await page.goto(`${base}/tickets/TCK-1999-999999`);
    await heading("Ticket TCK-1999-999999 not found").waitFor();
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
