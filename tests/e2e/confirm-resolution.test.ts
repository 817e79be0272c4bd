import { personTable } from "@dotmac/core/person/person.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let staff: Record<string, string>;
let subscriberId: string;
const CUSTOMER = "amaka@customer.example";
const tickets: { id: string; number: string; link: string }[] = [];

beforeAll(async () => {
  portal = await openPortal({ name: "confirm-resolution" });
  ({ base, page, problems } = portal);
  // Staff sign in through the API as the technician app does: the token comes back in the body.
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-client": "app" },
    body: JSON.stringify(portal.login),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  staff = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
  subscriberId = await useTransaction(async (tx) => {
    const [person] = await tx.insert(personTable).values({ displayName: "Amaka Obi", email: CUSTOMER }).returning();
    const [row] = await tx
      .insert(subscriberTable)
      .values({
        externalSystem: "billing",
        externalId: "e2e-confirm",
        subscriberNumber: "SUB-E2E-CONFIRM",
        status: "active",
        sourceUpdatedAt: new Date(),
        personId: person?.id ?? null,
      })
      .returning();
    return row?.id as string;
  });
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: staff,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Opens a ticket for the customer and resolves it; the confirmation link comes from the local mailbox folder. */
async function resolvedTicket(title: string) {
  const { ticket } = await api("POST", "/api/v1/tickets", { title, subscriberId, priority: "high" });
  await api("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "open" });
  await api("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "pending_confirmation" });
  const mail = (await listLocalMail()).filter((m) => m.to === CUSTOMER && m.text.includes(ticket.number)).at(-1);
  expect(mail?.subject).toContain(ticket.number);
  const link = /https?:\/\/\S+\/customer\/confirm#token=[A-Za-z0-9_-]{43}/.exec(mail?.text ?? "")?.[0] ?? "";
  expect(link.startsWith(`${base}/customer/confirm#token=`)).toBe(true);
  return { id: ticket.id as string, number: ticket.number as string, link };
}

describe("customer: confirm or dispute a resolution from the emailed link", () => {
  it("resolving two tickets mails the customer a link for each", async () => {
    tickets.push(await resolvedTicket("No internet since the storm"));
    tickets.push(await resolvedTicket("Router lights blinking red"));
  });

  it("opens the link without signing in: the token leaves the address bar, the ticket is shown", async () => {
    const [first] = tickets;
    await page.goto(first?.link ?? "");
    await heading("Is your problem fixed?").waitFor();
    expect(page.url()).toBe(`${base}/customer/confirm`);
    expect(await page.title()).toBe("Is your problem fixed? · DotMac CRM");
    const facts = page.getByRole("definition");
    await facts.filter({ hasText: first?.number ?? "" }).waitFor();
    await facts.filter({ hasText: "No internet since the storm" }).waitFor();
    await page.getByRole("button", { name: "Yes, it's fixed" }).waitFor();
    await screenshot(page, "confirm-resolution");
  });

  it("disputes: a reason is required, then the ticket reopens with the reason as the customer's reply", async () => {
    const [first] = tickets;
    await page.getByRole("button", { name: "No, still a problem" }).click();
    const reason = page.getByLabel("What is still wrong?");
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole("button", { name: "Reopen the ticket" }).click();
    await page.getByRole("alert").filter({ hasText: "Tell us what is still wrong" }).waitFor();
    await reason.fill("Still no connection after restarting the router twice.");
    await screenshot(page, "confirm-resolution-dispute");
    await page.getByRole("button", { name: "Reopen the ticket" }).click();
    await page.getByRole("status").filter({ hasText: "we reopened the ticket" }).waitFor();
    await screenshot(page, "confirm-resolution-disputed");

    const ticket = await api("GET", `/api/v1/tickets/${first?.id}`);
    expect(ticket.status).toBe("open");
    const comments = await api("GET", `/api/v1/tickets/${first?.id}/comments`);
    expect(comments.items.at(-1)).toMatchObject({
      body: "Still no connection after restarting the router twice.",
      isInternal: false,
    });
  });

  it("the same link again shows that it was already answered", async () => {
    await page.goto(tickets[0]?.link ?? "");
    await page.getByRole("status").filter({ hasText: "You told us the problem is not fixed" }).waitFor();
    expect(await page.getByRole("button", { name: "Yes, it's fixed" }).count()).toBe(0);
  });

  it("confirms the second ticket: it closes", async () => {
    const second = tickets[1];
    await page.goto(second?.link ?? "");
    await page.getByRole("definition").filter({ hasText: "Router lights blinking red" }).waitFor();
    await page.getByRole("button", { name: "Yes, it's fixed" }).click();
    await page.getByRole("status").filter({ hasText: "You confirmed that the problem is fixed" }).waitFor();
    await screenshot(page, "confirm-resolution-confirmed");
    expect((await api("GET", `/api/v1/tickets/${second?.id}`)).status).toBe("closed");
    expect((await api("GET", `/api/v1/tickets/${second?.id}/confirmation`)).state).toBe("confirmed");
  });

  it("explains invalid and incomplete links, and fits a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${base}/customer/confirm#token=${"x".repeat(43)}`);
    await page.getByRole("alert").filter({ hasText: "This link is not valid" }).waitFor();
    await page.goto(`${base}/customer/confirm`);
    await page.getByRole("alert").filter({ hasText: "incomplete or was already opened" }).waitFor();
    await page.getByRole("link", { name: "Sign in to see your tickets" }).waitFor();

    const third = await resolvedTicket("Slow speeds in the evening");
    await page.goto(third.link);
    await page.getByRole("button", { name: "No, still a problem" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await screenshot(page, "confirm-resolution-mobile");
  });

  it("had no console errors or uncaught exceptions (the invalid link's 404 aside)", () => {
    const unexpected = problems.console.filter((m) => !/status of 404/.test(m));
    expect(unexpected).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
