import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let base: string;
let page: Page;
let problems: ReturnType<typeof collectProblems>;
let customer: BrowserContext;
let customerPage: Page;
let staff: Record<string, string>;
let job: { id: string; number: string };
let url: string;
const hour = 3_600_000;

beforeAll(async () => {
  portal = await openPortal({ name: "track-visit" });
  ({ base, page, problems } = portal);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-client": "app" },
    body: JSON.stringify(portal.login),
  });
  staff = { authorization: `Bearer ${(await login.json()).accessToken}`, "content-type": "application/json" };
  const tech = await withActor({ type: "system", properties: { job: "e2e.track" } }, () =>
    Auth.createUser({
      email: `chidi.${Date.now()}@e2e.example`,
      password: portal.demoPassword,
      displayName: "Chidi Nwankwo",
      roles: ["field_technician"],
    }),
  );
  // Tomorrow 10:00–12:00 UTC, the customer's window 09:00–13:00.
  const day = new Date(Date.now() + 24 * hour);
  day.setUTCHours(10, 0, 0, 0);
  const [row] = await useTransaction((tx) =>
    tx
      .insert(workOrderTable)
      .values({
        number: `WO-E2E-TRACK-${Date.now() % 100_000}`,
        title: "Fibre install, 14 Bode Thomas St (gate code 4471)",
        status: "scheduled",
        workType: "install",
        primaryAssigneeId: tech.id,
        scheduledStart: day,
        scheduledEnd: new Date(day.getTime() + 2 * hour),
        windowStart: new Date(day.getTime() - hour),
        windowEnd: new Date(day.getTime() + 3 * hour),
      })
      .returning(),
  );
  job = { id: row?.id ?? "", number: row?.number ?? "" };
  customer = await portal.browser.newContext({
    viewport: { width: 375, height: 812 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  customerPage = await customer.newPage();
});

afterAll(async () => {
  await customer?.close();
  await portal?.stop();
});

describe("customer: track my visit from the dispatcher's link", () => {
  it("the dispatcher makes a link: the token rides in the fragment only", async () => {
    const res = await fetch(`${base}/api/v1/track-links`, {
      method: "POST",
      headers: staff,
      body: JSON.stringify({ workOrderId: job.id }),
    });
    expect(res.status).toBe(201);
    ({ url } = await res.json());
    expect(url).toMatch(new RegExp(`^${base}/track#[A-Za-z0-9_-]{43}$`));
  });

  it("the customer opens it on a phone: window, technician's first name, status and ETA; the token leaves the address bar", async () => {
    const requests: string[] = [];
    customerPage.on("request", (r) => requests.push(r.url()));
    await customerPage.goto(url);
    await customerPage.getByRole("heading", { name: "Your technician's visit", level: 1 }).waitFor();
    expect(customerPage.url()).toBe(`${base}/track`);
    const facts = customerPage.getByRole("definition");
    await facts.filter({ hasText: "Chidi" }).waitFor();
    expect(await facts.filter({ hasText: "Nwankwo" }).count()).toBe(0);
    await facts.filter({ hasText: "09:00" }).filter({ hasText: "13:00" }).waitFor();
    await facts.filter({ hasText: "10:00 (as scheduled)" }).waitFor();
    await customerPage.getByRole("definition").getByText("Scheduled", { exact: true }).waitFor();
    expect(await customerPage.getByText("gate code").count()).toBe(0);
    // The token never travels as a path or a query.
    const token = url.split("#")[1] ?? "";
    expect(requests.filter((r) => r.includes(token))).toEqual([]);
    await screenshot(customerPage, "track-visit-375");
    expect(await axeInBothThemes(customerPage)).toEqual([]);
  });

  it("asks to reschedule with a preferred time and a reason; it is recorded once", async () => {
    await customerPage.getByRole("button", { name: "Ask to reschedule" }).click();
    await customerPage.getByRole("button", { name: "Send my request" }).click();
    await customerPage.getByRole("alert").filter({ hasText: "Tell us why" }).waitFor();
    const preferred = new Date(Date.now() + 72 * hour);
    await customerPage
      .getByLabel("Preferred date and time (optional)")
      .fill(`${preferred.toISOString().slice(0, 10)}T15:30`);
    await customerPage.getByLabel("Why should we move it?").fill("I will be at the hospital that morning.");
    await screenshot(customerPage, "track-visit-reschedule-375");
    await customerPage.getByRole("button", { name: "Send my request" }).click();
    await customerPage.getByRole("status").filter({ hasText: "You asked to reschedule" }).waitFor();
    await customerPage.getByText("Preferred:").waitFor();
    expect(await customerPage.getByRole("button", { name: "Ask to reschedule" }).count()).toBe(0);
    // The page opened again shows the same request; a second request is not offered.
    await customerPage.goto(url);
    await customerPage.getByRole("status").filter({ hasText: "You asked to reschedule" }).waitFor();
    await customerPage.setViewportSize({ width: 1280, height: 800 });
    await screenshot(customerPage, "track-visit-requested-1280");
  });

  it("the dispatcher sees the request: a notification, and the board's customer requests", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${base}/notifications`);
    await page.getByRole("link", { name: `The customer asks to reschedule ${job.number}` }).waitFor();
    await page.getByRole("link", { name: `The customer asks to reschedule ${job.number}` }).click();
    await page.waitForURL(/\/dispatch\?job=/);
    const requests = page.getByRole("region", { name: /Customer requests/ });
    await requests.getByText(`${job.number}: the customer asks to reschedule`).waitFor();
    await requests.getByText("I will be at the hospital that morning.").waitFor();
    await screenshot(page, "track-visit-dispatcher-1280");
    await requests.getByRole("button", { name: "Mark handled" }).click();
    await requests.getByText("No open reschedule requests.").waitFor();
    expect(problems.page).toEqual([]);
  });
});
