import * as Auth from "@dotmac/core/auth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let ticket: { id: string; number: string; title: string };
let adminHeaders: Record<string, string>;

/** Opens a ticket and assigns it to the agent through the API, as the admin. */
async function assignToAgent(title: string) {
  const agent = await Auth.fromEmail(AGENT.email);
  const created = await fetch(`${base}/api/v1/tickets`, {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify({ title, priority: "high" }),
  });
  expect(created.status).toBe(201);
  const opened = (await created.json()).ticket as typeof ticket;
  const assigned = await fetch(`${base}/api/v1/tickets/${opened.id}/assign`, {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify({ primaryAssigneeId: agent?.id }),
  });
  expect(assigned.status).toBe(200);
  return opened;
}

const AGENT = { email: "ada.agent@example.com", password: "correct horse battery staple", name: "Ada Agent" };

beforeAll(async () => {
  portal = await openPortal({ name: "notifications" });
  ({ base, page, problems } = portal);
  await Auth.createUser({
    email: AGENT.email,
    password: AGENT.password,
    displayName: AGENT.name,
    roles: ["support"],
  });
});

afterAll(() => portal?.stop());

const bell = () => page.getByRole("button", { name: /^Notifications/ });
const menu = () => page.getByRole("region", { name: "Latest notifications" });

async function signIn(email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
}

describe("staff portal: notifications and the development mailbox", () => {
  it("an admin assigns a ticket through the API", async () => {
    const { accessToken } = await passwordSignIn(portal.login);
    adminHeaders = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
    ticket = await assignToAgent("Fibre cut on Allen Avenue");
  });

  it("the assignee sees the bell's count, opens the menu and follows the link to the ticket", async () => {
    await signIn(AGENT.email, AGENT.password);
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications, 1 unread");
    await expect.poll(() => page.locator(".nb-count").textContent()).toBe("1");
    await screenshot(page, "notifications-bell", { fullPage: false });

    await bell().click();
    expect(await bell().getAttribute("aria-expanded")).toBe("true");
    const item = menu().getByRole("link", { name: new RegExp(`${ticket.number} was assigned to you`) });
    await item.waitFor();
    await menu().getByRole("button", { name: "Mark all read" }).waitFor();
    await screenshot(page, "notifications-menu", { fullPage: false });

    // Escape closes the menu and gives focus back to the bell.
    await page.keyboard.press("Escape");
    await menu().waitFor({ state: "hidden" });
    expect(await bell().evaluate((el) => el === document.activeElement)).toBe(true);

    await bell().click();
    await menu()
      .getByRole("link", { name: new RegExp(`${ticket.number} was assigned to you`) })
      .click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.number}$`));
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications");
  });

  it("the Notifications page lists them, marks one read, filters to unread, and shows the empty state", async () => {
    const second = await assignToAgent("OLT timeout in Ikeja");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
    await page.waitForURL(/\/notifications$/);
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    expect(await page.title()).toBe("Notifications · DotMac CRM");
    await page.getByRole("link", { name: `${ticket.number} was assigned to you` }).waitFor();
    const markSecond = page.getByRole("button", { name: `Mark read: ${second.number} was assigned to you` });
    await markSecond.waitFor();
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications, 1 unread");
    await screenshot(page, "notifications-page");
    expect(await axeInBothThemes(page)).toEqual([]);

    await markSecond.click();
    await markSecond.waitFor({ state: "detached" });
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications");

    await page.getByRole("button", { name: "Unread" }).click();
    await page.waitForURL(/unread=true/);
    await page.getByText("No unread notifications").waitFor();
    expect(await page.getByRole("button", { name: "Unread" }).getAttribute("aria-pressed")).toBe("true");
    await screenshot(page, "notifications-page-empty");
  });

  it("works at 375 px: the menu fits the screen", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "All", exact: true }).click();
    await page.getByRole("link", { name: `${ticket.number} was assigned to you` }).waitFor();
    await screenshot(page, "notifications-page-375");
    await bell().click();
    await menu().waitFor();
    const box = await menu().boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    await screenshot(page, "notifications-menu-375", { fullPage: false });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut();
  });

  it("an admin reads the assignment mail in /dev/mailbox, HTML in a sandboxed frame and links in the text", async () => {
    await signIn(portal.login.email, portal.login.password);
    // The status page shows the delivery as sent.
    await page.waitForURL(/\/support$/);
    await page.goto(`${base}/status`);
    const deliveries = page.getByRole("region", { name: "Email deliveries" });
    const row = deliveries.getByRole("row").filter({ hasText: `[${ticket.number}] Assigned to you` });
    await row.getByText("Sent").waitFor();
    await row.getByText(AGENT.email).waitFor();
    await deliveries.scrollIntoViewIfNeeded();
    await screenshot(page, "status-email-deliveries", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailbox" }).click();
    await page.waitForURL(/\/dev\/mailbox$/);
    await page.getByRole("heading", { name: "Mailbox", level: 1 }).waitFor();
    const subject = `[${ticket.number}] Assigned to you: ${ticket.title}`;
    await page.getByRole("button", { name: new RegExp(subject.replace(/[[\]]/g, "\\$&")) }).click();
    await page.waitForURL(/\?id=/);
    await page.getByRole("heading", { name: subject, level: 2 }).waitFor();
    await page.locator(".mb-meta").getByText(AGENT.email, { exact: true }).waitFor();

    const frame = page.locator("iframe.mb-frame");
    expect(await frame.getAttribute("sandbox")).toBe("");
    const body = page.frameLocator("iframe.mb-frame").locator("body");
    await expect.poll(() => body.textContent()).toContain(`assigned ticket ${ticket.number}`);
    await screenshot(page, "mailbox-html");
    expect(await axeInBothThemes(page)).toEqual([]);

    await page.getByRole("button", { name: "Plain text" }).click();
    const link = page.locator(".mb-text a");
    expect(await link.getAttribute("href")).toBe(`${base}/tickets/${ticket.number}`);
    await screenshot(page, "mailbox-text");

    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("heading", { name: subject, level: 2 }).waitFor();
    await screenshot(page, "mailbox-375");
    await page.getByRole("button", { name: "← All messages" }).click();
    await page.getByRole("button", { name: new RegExp(subject.replace(/[[\]]/g, "\\$&")) }).waitFor();
    await screenshot(page, "mailbox-list-375");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("raised no page errors and no CSP violations", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
