import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let staff: Record<string, string>;
let ticket: { id: string; number: string };

/** A real PNG signature and header, padded to 2 MB so the upload takes long enough to watch. */
const BIG_PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  Buffer.alloc(2 * 1024 * 1024),
]);
const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");

beforeAll(async () => {
  portal = await openPortal({ name: "customer-tickets" });
  ({ base, page, problems } = portal);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-client": "app" },
    body: JSON.stringify({ email: portal.login.email, password: portal.login.password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  staff = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
});

afterAll(() => portal?.stop());

/** What support does on its side, through the staff API. */
async function asStaff(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: staff,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const thread = () => page.getByRole("list", { name: "Conversation" });

describe("customer portal: support tickets", () => {
  it("the customer opens Support tickets and a new ticket from the form", async () => {
    await page.goto(`${base}/customer/login`);
    await page.getByLabel("Email").fill("customer@demo-isp.example");
    await page.getByLabel("Password").fill(portal.demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/customer$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Support tickets" }).click();
    await page.waitForURL(/\/customer\/tickets$/);
    await heading("Support tickets").waitFor();
    await screenshot(page, "customer-tickets-list-before");

    await page.getByRole("link", { name: "Open a ticket" }).first().click();
    await page.waitForURL(/\/customer\/tickets\/new$/);
    await page.getByLabel("Subject").fill("Internet drops every evening");
    await page.getByLabel("Description").fill("Since Monday the connection drops around 8pm for ten minutes.");
    await screenshot(page, "customer-ticket-new", { fullPage: false });
    await page.getByRole("button", { name: "Open ticket" }).click();
    await page.waitForURL(/\/customer\/tickets\/[A-Z]+-\d{4}-\d+$/);
    await heading("Internet drops every evening").waitFor();
    const number = page.url().split("/").pop() as string;
    ticket = await asStaff("GET", `/api/v1/tickets/${number}`);
    expect(ticket.number).toBe(number);
    await page.getByText("Received").first().waitFor();
  });

  it("support answers and waits for the customer, who replies with a photo while the upload shows progress", async () => {
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/comments`, {
      body: "Internal: CRC errors on the OLT port",
      isInternal: true,
    });
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/comments`, {
      body: "Could you send a photo of the router lights when it drops?",
      isInternal: false,
    });
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "waiting_on_customer" });
    await page.reload();
    await thread().getByText("Could you send a photo of the router lights").waitFor();
    await page.getByText("Waiting for your reply").first().waitFor();
    expect(await thread().textContent()).not.toContain("CRC errors");

    // Slow the upload down so the progress bar is there to see.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: 10 * 1024 * 1024,
      uploadThroughput: 512 * 1024,
    });
    await page.getByLabel("Your message").fill("Here is the router when it dropped last night.");
    await page
      .getByLabel("Attach files")
      .setInputFiles({ name: "router-lights.png", mimeType: "image/png", buffer: BIG_PNG });
    const bar = page.getByRole("progressbar", { name: "Uploading router-lights.png" });
    await bar.waitFor();
    await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, "customer-ticket-upload-progress", { fullPage: false });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByRole("list", { name: "Uploads" }).getByText("Attached").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "router-lights.png", exact: true }).waitFor();

    // HTML dressed up as a PNG is quarantined and the customer is told why.
    await page.getByLabel("Attach files").setInputFiles({ name: "lights.png", mimeType: "image/png", buffer: HTML });
    const failed = page.locator(".au-item").filter({ hasText: "lights.png" }).filter({ hasText: "Not attached" });
    await failed
      .getByRole("alert")
      .getByText(/quarantined: content type could not be identified/)
      .waitFor();
    await screenshot(page, "customer-ticket-upload-rejected", { fullPage: false });

    await page.getByRole("button", { name: "Send reply" }).click();
    await thread().getByText("Here is the router when it dropped last night.").waitFor();
    await page.getByText("In progress").first().waitFor();
    const files = (await asStaff("GET", `/api/v1/tickets/${ticket.id}/attachments`)) as {
      items: { filename: string }[];
    };
    expect(files.items.map((f) => f.filename)).toEqual(["router-lights.png"]);
    await screenshot(page, "customer-ticket-detail");
    await page.setViewportSize({ width: 375, height: 800 });
    await heading("Internet drops every evening").waitFor();
    await screenshot(page, "customer-ticket-detail-375");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("a resolved ticket asks the customer to confirm; confirming closes it", async () => {
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/status`, {
      status: "pending_confirmation",
      note: "Port replaced",
    });
    await page.reload();
    const panel = page.getByRole("region", { name: "We think this is fixed. Is it?" });
    await panel.waitFor();
    await screenshot(page, "customer-ticket-confirm", { fullPage: false });
    await panel.getByRole("button", { name: "Yes, it's fixed" }).click();
    await panel.waitFor({ state: "hidden" });
    await page.getByText("Closed").first().waitFor();
    expect((await asStaff("GET", `/api/v1/tickets/${ticket.id}`)).status).toBe("closed");
  });

  it("lists the ticket with its status chip, at 1280 and 375 px", async () => {
    await page.getByRole("link", { name: "← All tickets" }).click();
    await page.waitForURL(/\/customer\/tickets$/);
    const card = page
      .getByRole("list", { name: "Your tickets" })
      .getByRole("listitem")
      .filter({ hasText: ticket.number });
    await card.getByText("Internet drops every evening").waitFor();
    await card.getByText("Closed").waitFor();
    await screenshot(page, "customer-tickets-list");
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, "customer-tickets-list-375");
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems.page).toEqual([]);
    expect(problems.console.filter((m) => !/status of 4\d\d/.test(m))).toEqual([]);
  });

  it("the list and a ticket have no serious axe finding in the light or the dark theme", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "customer-tickets-list-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${base}/customer/tickets/${ticket.number}`);
    await page.getByRole("list", { name: "Conversation" }).waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "customer-ticket-detail-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
  });
});
