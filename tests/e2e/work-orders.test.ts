import { randomBytes } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import * as Ticket from "@dotmac/core/ticket";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
const tag = randomBytes(3).toString("hex");
const system = { type: "system", properties: { job: "e2e.work-orders" } } as const;
let dispatcherEmail: string;
let techEmail: string;
let ticketNumber: string;
let workOrderId: string;

beforeAll(async () => {
  portal = await openPortal({ name: "work-orders" });
  ({ base, page, problems } = portal);
  const { password } = portal.login;
  dispatcherEmail = `dispatch.${tag}@e2e.example`;
  techEmail = `tunde.${tag}@e2e.example`;
  await withActor(system, async () => {
    await Auth.createUser({ email: dispatcherEmail, password, displayName: `Dana ${tag}`, roles: ["dispatcher"] });
    await Auth.createUser({ email: techEmail, password, displayName: `Tunde ${tag}`, roles: ["field_technician"] });
    await Auth.createUser({
      email: `bisi.${tag}@e2e.example`,
      password,
      displayName: `Bisi ${tag}`,
      roles: ["field_technician"],
    });
    const { ticket } = await Ticket.create({ title: `No signal at the estate ${tag}`, priority: "high" });
    ticketNumber = ticket.number;
  });
});

afterAll(() => portal?.stop());

/** The technician's phone: a bearer token and field events through the API, as the apps send them. */
async function asTechnician(events: [string, number][]) {
  const tokens = await Auth.login({ email: techEmail, password: portal.login.password });
  if (!("accessToken" in tokens)) throw new Error("the technician has MFA on");
  for (const [event, minutesAgo] of events) {
    const res = await fetch(`${base}/api/v1/work-orders/${workOrderId}/field-events`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        clientEventId: `${tag}-${event}`,
        event,
        occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }
}

describe("staff portal: a dispatcher sends technicians to a ticket's customer", () => {
  it("creates a work order from the ticket, prefilled with its title", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(dispatcherEmail);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${base}/tickets/${ticketNumber}`);
    await page.getByRole("link", { name: "Create work order" }).click();
    await page.waitForURL(/\/work-orders\/new\?ticket=/);
    await page.getByRole("heading", { name: "New work order", level: 1 }).waitFor();
    await page.getByText(`From ticket ${ticketNumber}`).waitFor();
    expect(await page.getByLabel("Title").inputValue()).toBe(`No signal at the estate ${tag}`);
    await page.getByLabel("Street address").fill("12 Admiralty Way");
    await page.getByLabel("City").fill("Lekki");
    await page.getByLabel("Access notes").fill("Gate code 4411");
    await page.getByRole("button", { name: "Create work order" }).click();
    await page.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
    workOrderId = page.url().split("/").pop() as string;
    await page.getByRole("heading", { level: 1, name: /^WO-\d{4}-\d{6} · No signal/ }).waitFor();
  });

  it("assigns two technicians, one of them primary", async () => {
    const panel = page.getByRole("region", { name: "Assignees" });
    for (const name of ["Tunde", "Bisi"]) {
      await panel.getByLabel("Add a technician").fill(`${name} ${tag}`);
      await panel.getByRole("button", { name: new RegExp(`^${name} ${tag}`) }).click();
      await panel.getByTestId("wo-assignees").getByText(`${name} ${tag}`, { exact: true }).waitFor();
    }
    await panel.getByRole("button", { name: "Make primary" }).click();
    await expect.poll(() => panel.getByTestId("wo-assignees").getByText("Primary", { exact: true }).count()).toBe(1);
    const bisi = panel
      .getByTestId("wo-assignees")
      .getByRole("listitem")
      .filter({ hasText: `Bisi ${tag}` });
    await bisi.getByText("Primary", { exact: true }).waitFor();
    await page.getByRole("region", { name: "Change status" }).getByLabel("New status").selectOption("scheduled");
    await page.getByRole("button", { name: "Change status" }).click();
    await page.getByTestId("wo-status").getByText("Scheduled").waitFor();
  });

  it("shows the technician's field events, sent from the phone, on the detail page", async () => {
    // The phone works after the dispatcher scheduled the job; the start is sent twice (a retry).
    await asTechnician([
      ["accept", 0],
      ["en_route", 0],
      ["start", 0],
      ["start", 0],
    ]);
    await page.reload();
    await page.getByTestId("wo-status").getByText("In progress").waitFor();
    const timeline = page.getByTestId("wo-timeline");
    for (const label of ["Accepted", "On the way", "Started", "Status set to Scheduled"]) {
      await timeline.getByText(label).waitFor();
    }
    // The job's materials and its cost, on the same page (empty so far: nothing planned, logged or spent).
    await page.getByRole("region", { name: "Materials" }).getByText("No materials planned for this job").waitFor();
    await page.getByRole("region", { name: "Cost summary" }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, "work-order-detail", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByTestId("wo-timeline").scrollIntoViewIfNeeded();
    await screenshot(page, "work-order-detail-375", { fullPage: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/work-orders?status=in_progress`);
    await page
      .getByRole("link", { name: /^WO-\d{4}-\d{6}$/ })
      .first()
      .waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "work-order-list", { fullPage: false });
    expect(problems.page).toEqual([]);
  });
});
