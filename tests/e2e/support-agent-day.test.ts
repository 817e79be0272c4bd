import { randomBytes } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

/**
 * A support agent's day in the portal as the desk works now: sign in to the support dashboard, take an
 * unassigned New ticket from the list (it opens as it is taken), answer it, set when it is due, and
 * resolve it straight away; with no customer to confirm the fix, resolving closes it. Then a customer
 * opens a ticket of a type offered to customers, with a photo. Everything this file creates carries its
 * own suffix.
 */
let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;
let customerContext: BrowserContext;
let customerPage: Page;
let customerProblems: ReturnType<typeof collectProblems>;
let admin: Record<string, string>;
let ticket: { id: string; number: string };
let customerNumber = "";

const tag = randomBytes(3).toString("hex");
const AGENT = { email: `ayo.agent.${tag}@isp.example`, name: `Ayo Agent ${tag}` };
const TEAM = `Day desk ${tag}`;
const PUBLIC_TYPE = `Slow speeds ${tag}`;
const INTERNAL_TYPE = `Backhaul audit ${tag}`;
const TITLE = `Router keeps rebooting at Lekki ${tag}`;
const CUSTOMER_TITLE = `Wi-Fi drops in the evening ${tag}`;
/** A real 1×1 PNG: the content check identifies it and keeps it. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** What the administrator sets up, through the staff API. */
async function asAdmin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...admin, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  portal = await openPortal({ name: "support-agent-day" });
  ({ page, base, problems } = portal);
  admin = { authorization: `Bearer ${(await passwordSignIn(portal.login)).accessToken}` };
  await Auth.createUser({ email: AGENT.email, password: PASSWORD, displayName: AGENT.name, roles: ["support"] });
  const team = await asAdmin<{ id: string }>("POST", "/api/v1/teams", { name: TEAM });
  await asAdmin("PUT", `/api/v1/support/types/${encodeURIComponent(PUBLIC_TYPE)}`, {
    requiresSubscriber: false,
    customerVisible: true,
    active: true,
  });
  await asAdmin("PUT", `/api/v1/support/types/${encodeURIComponent(INTERNAL_TYPE)}`, {
    requiresSubscriber: false,
    customerVisible: false,
    active: true,
  });
  ticket = (
    await asAdmin<{ ticket: { id: string; number: string } }>("POST", "/api/v1/tickets", {
      title: TITLE,
      description: "The customer's router restarts every few minutes since the storm.",
      teamId: team.id,
      channel: "phone",
    })
  ).ticket;
  customerContext = await portal.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  customerContext.setDefaultTimeout(20_000);
  customerPage = await customerContext.newPage();
  customerProblems = collectProblems(customerPage);
}, 300_000); // Builds the portal first when its sources changed.

afterAll(async () => {
  await customerContext?.close();
  await portal?.stop();
});

const heading = (p: Page, name: string | RegExp) => p.getByRole("heading", { name, level: 1 });
const primary = () => page.locator(".tk-prop").filter({ hasText: "Primary assignee" });
const statusChip = () => page.locator(".tk-head-meta .badge");
const timeline = () => page.getByRole("list", { name: "Timeline" });

describe("a support agent's day", () => {
  it("the agent signs in and lands on the support dashboard", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(AGENT.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await heading(page, "Support dashboard").waitFor();
  });

  it("finds the unassigned ticket in the list and takes it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tickets" }).click();
    await heading(page, "Tickets").waitFor();
    await page.locator("#tf-q").fill(tag);
    await page.locator("#tf-q").press("Enter");
    await page.waitForURL(/q=/);
    const row = page.locator("table.tk-table tbody tr").filter({ hasText: ticket.number });
    await row.getByText(TITLE).waitFor();
    await row.getByText("New", { exact: true }).waitFor();
    await row.getByRole("button", { name: `Take ${ticket.number}` }).click();
    // Said to screen readers (the row changes for everyone else): taken, and being worked now.
    await page
      .getByRole("status")
      .filter({ hasText: `You took ${ticket.number}; it is open now.` })
      .waitFor({ state: "attached" });
    await row.getByText(AGENT.name).waitFor();
    await row.getByText("Open", { exact: true }).waitFor();
    expect(await row.getByRole("button", { name: `Take ${ticket.number}` }).count()).toBe(0);
  });

  it("answers on the ticket page, sets when it is due, and resolves it; the support role assigns nobody else", async () => {
    await page.locator("table.tk-table tbody tr").filter({ hasText: ticket.number }).getByRole("link").first().click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.number}$`));
    await heading(page, TITLE).waitFor();
    await primary().getByText(AGENT.name).waitFor();
    await timeline().getByText("took the ticket").waitFor();
    await timeline()
      .getByText(/changed the status from New to Open/)
      .waitFor();
    await statusChip().getByText("Open").waitFor();
    // Taken already: no Take; and the support role has take but not assign, so no picker for others.
    expect(await primary().getByRole("button", { name: "Take" }).count()).toBe(0);
    expect(await primary().getByRole("button", { name: "Assign", exact: true }).count()).toBe(0);
    expect(await primary().getByRole("button", { name: "Change", exact: true }).count()).toBe(0);
    expect(await page.locator(".tk-prop").filter({ hasText: "Also assigned" }).getByRole("button").count()).toBe(0);

    await page.locator("#tk-reply-body").fill("We have pushed a firmware fix to your router; it should stay up now.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await timeline().locator(".tk-public").filter({ hasText: "pushed a firmware fix" }).getByText(AGENT.name).waitFor();

    // The due date is typed the way an en-GB reader writes dates (day first), whatever the browser's own
    // date inputs would show, and read back the same way.
    const due = page.getByLabel("Due", { exact: true });
    expect(await due.getAttribute("placeholder")).toBe("dd/mm/yyyy, hh:mm");
    // Screen readers hear the format too: it is the box's description.
    expect(await page.locator(`#${await due.getAttribute("aria-describedby")}`).textContent()).toBe(
      "dd/mm/yyyy, hh:mm",
    );
    await due.fill("31/02/2027, 17:30");
    await page.getByText("Write the date as dd/mm/yyyy, hh:mm").waitFor();
    expect(await due.getAttribute("aria-invalid")).toBe("true");
    await due.fill("05/02/2027 17:30");
    await page.getByRole("button", { name: "Save due date" }).click();
    await expect.poll(async () => (await due.inputValue()) === "05/02/2027, 17:30").toBe(true);
    await expect
      .poll(async () => (await asAdmin<{ dueAt: string | null }>("GET", `/api/v1/tickets/${ticket.id}`)).dueAt)
      .toBe(new Date(2027, 1, 5, 17, 30).toISOString());
    await page.locator(".tk-fields").scrollIntoViewIfNeeded();
    await screenshot(page, "agent-day-due-1280", { fullPage: false });

    // Taken, it is Open: the agent resolves it straight away. With no customer on the ticket there is
    // nobody to ask, and the form says resolving closes it.
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    const form = page.getByRole("form", { name: "Resolve the ticket" });
    await form.getByText("nobody is asked to confirm: resolving closes it").waitFor();
    await form.getByLabel(/Resolution note/).fill("Firmware 3.2.1 pushed; no reboot in the last hour.");
    await form.getByRole("button", { name: "Resolve and close" }).click();
    await statusChip().getByText("Closed").waitFor();
    await primary().getByText(AGENT.name).waitFor();
    await timeline().locator(".tk-internal").filter({ hasText: "Firmware 3.2.1 pushed" }).waitFor();
    await timeline().getByText("resolved and closed the ticket (no customer to confirm the fix)").waitFor();
    const confirmation = page.getByRole("region", { name: "Customer confirmation" });
    await confirmation.getByText("Not asked: closed when resolved").waitFor();
    expect(await page.getByText("Waiting for the customer").count()).toBe(0);
    const saved = await asAdmin<{ status: string; primaryAssigneeId: string | null; resolvedAt: string | null }>(
      "GET",
      `/api/v1/tickets/${ticket.id}`,
    );
    expect(saved.status).toBe("closed");
    expect(saved.resolvedAt).not.toBeNull();
    expect(saved.primaryAssigneeId).toBe((await Auth.fromEmail(AGENT.email))?.id);
    expect(await asAdmin("GET", `/api/v1/tickets/${ticket.id}/confirmation`)).toBeNull();

    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "agent-day-resolved");
    await page.setViewportSize({ width: 375, height: 800 });
    await heading(page, TITLE).waitFor();
    await screenshot(page, "agent-day-resolved-375");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("the resolved ticket page has no serious axe finding and the agent's pages logged no error", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    // The confirmation of a ticket never resolved answers null, not a 404 in the console.
    expect(problems.page).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});

describe("a customer opens a ticket with a photo", () => {
  it("the form offers the customer-visible type and not the internal one", async () => {
    const p = customerPage;
    await p.goto(`${base}/customer/login`);
    await p.getByLabel("Email").fill("customer@demo-isp.example");
    await p.getByLabel("Password").fill(portal.demoPassword);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.waitForURL(/\/customer$/);
    await p.goto(`${base}/customer/tickets/new`);
    await heading(p, "Open a ticket").waitFor();
    const type = p.getByLabel("What is it about?");
    await type.locator("option", { hasText: PUBLIC_TYPE }).waitFor({ state: "attached" });
    const offered = await type.locator("option").allTextContents();
    expect(offered).toContain(PUBLIC_TYPE);
    expect(offered).not.toContain(INTERNAL_TYPE);
  });

  it("submits with a PNG attached and the ticket page shows the file", async () => {
    const p = customerPage;
    await p.getByLabel("Subject").fill(CUSTOMER_TITLE);
    await p.getByLabel("What is it about?").selectOption({ label: PUBLIC_TYPE });
    await p.getByLabel("Description").fill("Every evening around 9pm the Wi-Fi drops for a few minutes.");
    await p.getByLabel("Files (optional)").setInputFiles({ name: "speedtest.png", mimeType: "image/png", buffer: PNG });
    await p.getByText("speedtest.png").waitFor();
    await screenshot(p, "agent-day-customer-form", { fullPage: false });
    await p.getByRole("button", { name: "Open ticket" }).click();
    await p.waitForURL(/\/customer\/tickets\/[A-Z]+-\d{4}-\d+$/);
    await heading(p, CUSTOMER_TITLE).waitFor();
    customerNumber = p.url().split("/").pop() as string;
    await p.getByRole("button", { name: "speedtest.png", exact: true }).waitFor();
    const staffView = await asAdmin<{ id: string; ticketTypeId: string | null }>(
      "GET",
      `/api/v1/tickets/${customerNumber}`,
    );
    const files = await asAdmin<{ items: { filename: string }[] }>(
      "GET",
      `/api/v1/tickets/${staffView.id}/attachments`,
    );
    expect(files.items.map((f) => f.filename)).toEqual(["speedtest.png"]);
    await screenshot(p, "agent-day-customer-ticket");
    await p.setViewportSize({ width: 375, height: 800 });
    await heading(p, CUSTOMER_TITLE).waitFor();
    await screenshot(p, "agent-day-customer-ticket-375");
    await p.setViewportSize({ width: 1280, height: 800 });
  });

  it("the customer's ticket page has no serious axe finding and logged no error", async () => {
    expect(await axeInBothThemes(customerPage)).toEqual([]);
    expect(customerProblems.page).toEqual([]);
    expect(customerProblems.console).toEqual([]);
  });
});
