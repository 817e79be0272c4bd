import * as Auth from "@dotmac/core/auth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { openPortal, type Portal, screenshot } from "../support/e2e";
import { newOrganization, newSubscriber, PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let page: Page;
let base: string;
let agentAuth: Record<string, string>;
let person: { id: string };
let earlier: { number: string };
let ticket: { id: string; number: string };

/** The first bytes of a real 1×1 PNG: enough for the magic-byte check. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
  0, 0,
]);

// Unique names: other stories share the runtime's data.
const AGENT = { email: "desk2.agent@isp.example", name: "Desk Agent" };
const COLLEAGUE = { email: "tobi.desk2@isp.example", name: "Tobi Deskmate" };
const CUSTOMER = { email: "ngozi.desk2@example.com", first: "Ngozi", last: "Deskeze", phone: "+2348095550101" };
const NUMBER = "SUB-DESK2-4242";
const RESELLER = "reseller.desk2@isp.example";

async function call<T>(auth: Record<string, string>, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A bearer session of a portal account, as the mobile app signs in. */
async function appBearer(portalName: string, email: string) {
  const res = await fetch(`${base}/api/v1/${portalName}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-client": "app" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}` };
}

beforeAll(async () => {
  portal = await openPortal({ name: "support-desk-context" });
  ({ page, base } = portal);
  await Auth.createUser({ email: AGENT.email, password: PASSWORD, displayName: AGENT.name, roles: ["support"] });
  await Auth.createUser({
    email: COLLEAGUE.email,
    password: PASSWORD,
    displayName: COLLEAGUE.name,
    roles: ["support"],
  });
  agentAuth = {
    authorization: `Bearer ${(await passwordSignIn({ email: AGENT.email, password: PASSWORD })).accessToken}`,
  };
  const reseller = await newOrganization("Desk2 Lagoon Reseller", "reseller");
  person = await call(agentAuth, "POST", "/api/v1/people", {
    firstName: CUSTOMER.first,
    lastName: CUSTOMER.last,
    email: CUSTOMER.email,
    phone: CUSTOMER.phone,
    organizationId: reseller.id,
  });
  const subscriberId = await newSubscriber(NUMBER, { personId: person.id, organizationId: reseller.id });
  await Auth.createUser({
    portal: "customer",
    email: CUSTOMER.email,
    password: PASSWORD,
    displayName: "ngozi-login",
    subscriberId,
    personId: person.id,
    roles: [],
  });
  await Auth.createUser({
    portal: "reseller",
    email: RESELLER,
    password: PASSWORD,
    displayName: "Lagoon Admin",
    organizationId: reseller.id,
    roles: ["reseller_admin"],
  });
  earlier = (
    await call<{ ticket: { number: string } }>(agentAuth, "POST", "/api/v1/tickets", {
      title: "Desk2 slow speeds in the evening",
      subscriberId,
      personId: person.id,
    })
  ).ticket;
  const customer = await appBearer("customer", CUSTOMER.email);
  ticket = await call(customer, "POST", "/api/v1/customer/tickets", {
    title: "Desk2 fibre box shows red LOS light",
    description: "Since this morning",
  });
  await call(customer, "POST", `/api/v1/customer/tickets/${ticket.id}/comments`, { body: "Any news?" });
}, 300_000);

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const reply = () => page.getByRole("combobox", { name: "Public reply" });

describe("the support desk with the customer in view", () => {
  it("the list names the customer, and the ticket shows who they are and their other tickets", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(AGENT.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${base}/tickets?q=Desk2`);
    const row = page.locator("table.tk-table tbody tr").filter({ hasText: ticket.number });
    await row.getByText(`${CUSTOMER.first} ${CUSTOMER.last}`).waitFor();

    await row.getByRole("link").first().click();
    await heading("Desk2 fibre box shows red LOS light").waitFor();
    const side = page.getByRole("region", { name: "Customer" });
    await side.getByRole("link", { name: `${CUSTOMER.first} ${CUSTOMER.last}` }).waitFor();
    await side.getByRole("link", { name: CUSTOMER.phone }).waitFor();
    await side.getByRole("link", { name: CUSTOMER.email }).waitFor();
    await side.getByRole("link", { name: NUMBER }).waitFor();
    await side.getByRole("link", { name: earlier.number }).waitFor();
    // The customer's own reply is by name, not "A customer" / "Unknown user".
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline
      .locator(".tk-comment")
      .filter({ hasText: "Any news?" })
      .getByText(`${CUSTOMER.first} ${CUSTOMER.last}`)
      .waitFor();
    expect(await timeline.getByText("Unknown user").count()).toBe(0);
    await screenshot(page, "desk2-ticket-customer", { fullPage: false });
    await axeInBothThemes(page);
  });

  it("Ctrl+K finds a person and a subscriber from anywhere, by keyboard", async () => {
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog", { name: "Search tickets, people and subscribers" });
    await dialog.waitFor();
    const box = dialog.getByRole("combobox", { name: "Search" });
    await box.fill("Deskeze");
    const option = dialog.getByRole("option", { name: new RegExp(`${CUSTOMER.first} ${CUSTOMER.last}`) }).first();
    await option.waitFor();
    expect(await box.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await screenshot(page, "desk2-search", { fullPage: false });
    await axeInBothThemes(page);
    await box.press("Enter");
    await heading(`${CUSTOMER.first} ${CUSTOMER.last}`).waitFor();
    await page.getByRole("region", { name: "Subscribers" }).getByRole("link", { name: NUMBER }).waitFor();
    await page.getByRole("region", { name: "Tickets" }).getByText(ticket.number).waitFor();
    await axeInBothThemes(page);
    await screenshot(page, "desk2-person");

    await page.keyboard.press("Meta+k");
    await dialog.waitFor();
    await box.fill("DESK2-4242");
    const sub = dialog.getByRole("option", { name: new RegExp(NUMBER) });
    await sub.waitFor();
    await box.press("ArrowDown");
    await box.press("ArrowUp");
    await box.press("Enter");
    await heading(NUMBER).waitFor();
    await page.getByRole("link", { name: `${CUSTOMER.first} ${CUSTOMER.last}` }).waitFor();
    await axeInBothThemes(page);

    await page.keyboard.press("Control+k");
    await dialog.waitFor();
    await box.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("people and organisations have their own screens", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
    await heading("People").waitFor();
    await page.getByLabel("Name, email or phone").fill("8095550101");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.locator("table.people-table tbody tr").filter({ hasText: CUSTOMER.email }).waitFor();
    await axeInBothThemes(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisations" }).click();
    await heading("Organisations").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Desk2 Lagoon");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByRole("link", { name: "Desk2 Lagoon Reseller" }).click();
    await heading("Desk2 Lagoon Reseller").waitFor();
    await page
      .getByRole("region", { name: "People" })
      .getByRole("link", { name: `${CUSTOMER.first} ${CUSTOMER.last}` })
      .waitFor();
    await axeInBothThemes(page);
    await screenshot(page, "desk2-organisation");
  });

  it("the composer: @mention completes, the draft survives navigation, Ctrl+Enter sends", async () => {
    await page.goto(`${base}/tickets/${ticket.number}`);
    await heading("Desk2 fibre box shows red LOS light").waitFor();
    await reply().click();
    await page.keyboard.type("We are on it, looping in @tobi.desk");
    const mention = page.getByRole("option", { name: new RegExp(COLLEAGUE.name) });
    await mention.waitFor();
    await reply().press("Enter");
    await expect.poll(() => reply().inputValue()).toBe(`We are on it, looping in @${COLLEAGUE.email} `);
    await page.keyboard.type("today.");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
    await heading("People").waitFor();
    await page.goBack();
    await heading("Desk2 fibre box shows red LOS light").waitFor();
    await expect.poll(() => reply().inputValue()).toBe(`We are on it, looping in @${COLLEAGUE.email} today.`);

    await reply().press("Control+Enter");
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.getByText(`looping in @${COLLEAGUE.email} today.`).waitFor();
    await expect.poll(() => reply().inputValue()).toBe("");
    const comments = await call<{ items: { body: string; mentions: string[] }[] }>(
      agentAuth,
      "GET",
      `/api/v1/tickets/${ticket.id}/comments`,
    );
    expect(comments.items.find((c) => c.body.includes("looping in"))?.mentions).toHaveLength(1);
    // A file chosen in the composer goes with the reply and shows under it.
    await reply().fill("Photo of the fibre box attached");
    await page.locator(".tk-reply-files input[type=file]").setInputFiles({
      name: "desk2-box.png",
      mimeType: "image/png",
      buffer: Buffer.from(PNG),
    });
    await page.getByRole("list", { name: "Files sent with this reply" }).getByText("desk2-box.png").waitFor();
    await page.getByRole("button", { name: "Send reply" }).click();
    await timeline
      .locator(".tk-comment")
      .filter({ hasText: "Photo of the fibre box attached" })
      .getByRole("button", { name: /desk2-box\.png/ })
      .waitFor();
    // Sending empty says so in words, beside the field.
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Write a message before sending.").waitFor();
  });

  it("fits a phone: the ticket, the people list and the search at 375 px", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/tickets/${ticket.number}`);
    await heading("Desk2 fibre box shows red LOS light").waitFor();
    await screenshot(page, "desk2-ticket-phone");
    await page.goto(`${base}/people?q=Deskeze`);
    await page.locator("table.people-table tbody tr").first().waitFor();
    await screenshot(page, "desk2-people-phone");
    await page.keyboard.press("Control+k");
    await page.getByRole("combobox", { name: "Search" }).fill("Desk2");
    await page.getByRole("option").first().waitFor();
    await screenshot(page, "desk2-search-phone", { fullPage: false });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe("the reseller portal", () => {
  it("a reseller sees its customers' tickets and searches its subscribers", async () => {
    const context = await portal.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
    const reseller = await context.newPage();
    try {
      await reseller.goto(`${base}/reseller/login`);
      await reseller.getByLabel("Email").fill(RESELLER);
      await reseller.getByLabel("Password").fill(PASSWORD);
      await reseller.getByRole("button", { name: "Sign in" }).click();
      await reseller.waitForURL((url) => !url.pathname.endsWith("/login"));
      await reseller.getByRole("navigation").getByRole("link", { name: "Tickets" }).click();
      await reseller.getByRole("heading", { name: "Tickets", level: 1 }).waitFor();
      const rows = reseller.locator("table.reseller-tickets-table tbody tr");
      await rows.filter({ hasText: ticket.number }).waitFor();
      await rows.filter({ hasText: earlier.number }).waitFor();
      await axeInBothThemes(reseller);
      await screenshot(reseller, "desk2-reseller-tickets");

      await reseller.getByRole("navigation").getByRole("link", { name: "Subscribers" }).click();
      await reseller.getByLabel("Subscriber or account number").fill("4242");
      await reseller.getByRole("button", { name: "Search" }).click();
      await reseller.waitForURL(/q=4242/);
      await reseller.getByRole("rowheader", { name: NUMBER }).waitFor();
      await reseller.getByLabel("Subscriber or account number").fill("no-such-number");
      await reseller.getByRole("button", { name: "Search" }).click();
      await reseller.getByText("No subscribers here yet").waitFor();
      await axeInBothThemes(reseller);
    } finally {
      await context.close();
    }
  });
});
