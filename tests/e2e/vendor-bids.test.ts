import * as Auth from "@dotmac/core/auth";
import * as Contract from "@dotmac/core/contract";
import * as Organization from "@dotmac/core/organization";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import * as Project from "@dotmac/core/project";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { collectProblems, openPortal, type Portal, screenshot, signInThroughApi } from "../support/e2e";
import { vendorWithMfa } from "../support/portals";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let base: string;
let vendorPage: Page;
let staffPage: Page;
let secondPage: Page;
let contexts: BrowserContext[] = [];
const problems: ReturnType<typeof collectProblems>[] = [];
const PASSWORD = "correct horse battery staple";
const CONTRACTOR = { email: "ada.fibre@e2e-vendor.example", name: "Ada Fibre" };
const SECOND = { email: "bisi.approver@e2e.example", name: "Bisi Approver" };
const DAY = 24 * 3600 * 1000;
const fixture = { ip: "", number: "", totp: "", invoice: "" };
let contractor: Actor;
// A pale grey 1×1 PNG: every map tile, since tiles are unreachable in tests.
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eYDAAWEAsUXo06sAAAAAElFTkSuQmCC",
  "base64",
);
// A real 1×1 PNG: the as-built photo the byte check accepts.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

async function api(headers: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function newPage(): Promise<Page> {
  const context = await portal.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  // Tiles are unreachable in tests: each one answers a blank image.
  await context.route("https://tile.openstreetmap.org/**", (route) =>
    route.fulfill({ status: 200, contentType: "image/png", body: TILE }),
  );
  const page = await context.newPage();
  problems.push(collectProblems(page));
  return page;
}

beforeAll(async () => {
  portal = await openPortal({ name: "vendor-bids" });
  base = portal.base;
  const system = { type: "system", properties: { job: "e2e.vendor-bids" } } as const;
  const org = await withActor(system, () =>
    Organization.create({ name: "Ada Fibre Works", accountType: "vendor", parentId: null }),
  );
  const account = await withActor(system, () =>
    Auth.createUser({
      portal: "vendor",
      email: CONTRACTOR.email,
      password: PASSWORD,
      displayName: CONTRACTOR.name,
      roles: [],
      organizationId: org.id,
    }),
  );
  contractor = {
    type: "user",
    properties: {
      userId: account.id,
      email: CONTRACTOR.email,
      portal: "vendor",
      roles: [],
      permissions: [],
      organizationId: org.id,
    },
  };
  await withActor(system, () =>
    Auth.createUser({ email: SECOND.email, password: PASSWORD, displayName: SECOND.name, roles: ["admin"] }),
  );
  // The contractor already set up TOTP on a first visit; the story signs in with a code.
  const request = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  fixture.totp = (await vendorWithMfa(request, CONTRACTOR.email)).secret;
  const project = await withActor(system, () =>
    Project.create({ projectType: "fiber_optics_installation", name: "Ikoyi ring extension" }),
  );
  const staff = {
    authorization: `Bearer ${(await passwordSignIn({ email: portal.login.email, password: portal.login.password })).accessToken}`,
  };
  const ip = await api(staff, "POST", "/api/v1/installation-projects", {
    projectId: project.id,
    region: "Ikoyi",
    description: "Extend the Ikoyi ring from the Kingsway cabinet to Bourdillon Road.",
  });
  await api(staff, "POST", `/api/v1/installation-projects/${ip.id}/open-bidding`, {
    closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
  });
  // Quotes above ₦1,000.00 need two approvers in this story.
  await api(staff, "PUT", "/api/v1/installation-projects/settings", { approvalThresholdMinor: 100_000 });
  fixture.ip = ip.id;
  fixture.number = ip.number;
  vendorPage = await newPage();
  staffPage = await newPage();
  secondPage = await newPage();
  // The shared runtime may be starting (portal build, migrations, demo seed) on a busy machine.
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  contexts = [];
  await portal?.stop();
});

const noOverflow = async (page: Page) =>
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);

describe("a contractor's day", () => {
  it("signs in with its code and finds the project open for bidding", async () => {
    const page = vendorPage;
    await page.goto(`${base}/vendor/login`);
    await page.getByLabel("Email").fill(CONTRACTOR.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The set-up used this window's code, and a code works once: the next window's (within the drift allowed).
    await page.getByLabel("Authentication code").fill(Auth.Mfa.codeFor(fixture.totp, new Date(Date.now() + 30_000)));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/vendor$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    const row = page.locator(".vp-available-table tbody tr", { hasText: fixture.number });
    await row.getByText("Open for bidding").waitFor();
    await page.getByText("No projects yet").waitFor();
    await screenshot(page, "vendor-bids-dashboard", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await row.getByRole("link", { name: fixture.number }).click();
    await page.getByRole("heading", { name: `${fixture.number} · Ikoyi ring extension` }).waitFor();
  });

  it("builds a quote: lines with cable details, a route drawn on the map and one point typed", async () => {
    const page = vendorPage;
    const line = page.getByRole("group", { name: "Line 1" });
    await line.getByLabel("Description").fill("Trench, duct and 24F cable");
    await line.getByLabel("Cable type").fill("ADSS 24F");
    await line.getByLabel("Fibres").fill("24");
    await line.getByLabel("Splices").fill("8");
    await line.getByLabel("Quantity").fill("350.5");
    await line.getByLabel("Unit price (NGN)").fill("12.50");
    const map = page.locator(".vp-map.leaflet-container").first();
    await map.waitFor();
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    if (!box) throw new Error("the map has no box");
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.45);
    const points = page.getByRole("list", { name: "Route points" }).getByRole("listitem");
    await expect.poll(() => points.count()).toBe(2);
    // The keyboard way: a point typed in.
    await page.getByLabel("Latitude").fill("6.4512");
    await page.getByLabel("Longitude").fill("3.4388");
    await page.getByRole("button", { name: "Add point" }).click();
    await expect.poll(() => points.count()).toBe(3);
    await page.getByText("3. 6.451200, 3.438800").waitFor();
    await screenshot(page, "vendor-bids-quote-builder", { fullPage: true });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.getByRole("button", { name: "Submit quote" }).click();
    // 350.5 m × ₦12.50 = ₦4,381.25, tax 7.5 % = ₦328.59 (rounded once, half away from zero).
    await page.getByText(/Quote VQ-\d{4}-\d{5} submitted: NGN.4,709\.84\./).waitFor();
    await page
      .getByText(/NGN.328\.59/)
      .first()
      .waitFor();
  });

  it("staff compare the bid and ask for a revision", async () => {
    const page = staffPage;
    // Sign-in has its own stories: this one signs in through the API.
    await signInThroughApi(page, base, portal.login);
    await page.goto(`${base}/installation-projects`);
    await page.locator(".ip-table tbody tr", { hasText: fixture.number }).getByText("Quoted").waitFor();
    await page.goto(`${base}/installation-projects/${fixture.ip}`);
    const card = page.getByRole("article", { name: /Ada Fibre Works/ });
    await card.getByText("Above the threshold: two different approvers.").waitFor();
    await card.getByRole("button", { name: "Request revision from Ada Fibre Works" }).click();
    const dialog = page.getByRole("dialog", { name: "Request revision from Ada Fibre Works" });
    await dialog.getByLabel("What should change").fill("Price the splices as their own line, please.");
    await dialog.getByRole("button", { name: "Send" }).click();
    await card.getByText("Revision requested").waitFor();
  });

  it("the contractor revises: the request is shown, version 2 is submitted and version 1 kept", async () => {
    const page = vendorPage;
    await page.reload();
    await page.getByText("Price the splices as their own line, please.").first().waitFor();
    await page.getByRole("button", { name: "Add a line" }).click();
    const line = page.getByRole("group", { name: "Line 2" });
    await line.getByLabel("Description").fill("Fusion splicing");
    await line.getByLabel("Splices").fill("8");
    await line.getByLabel("Quantity").fill("8");
    await line.getByLabel("Unit", { exact: true }).fill("splice");
    await line.getByLabel("Unit price (NGN)").fill("25");
    await page.getByRole("button", { name: "Submit quote" }).click();
    await page.getByText(/Quote VQ-\d{4}-\d{5} submitted/).waitFor();
    await page
      .getByText(/version 2/)
      .first()
      .waitFor();
    await page.getByText(/Version 1: .*revision asked: Price the splices/).waitFor();
  });

  it("staff approve above the threshold: the first approval waits for a second, different approver", async () => {
    const page = staffPage;
    await page.reload();
    const card = page.getByRole("article", { name: /Ada Fibre Works/ });
    await card.getByRole("button", { name: "Approve Ada Fibre Works" }).click();
    const dialog = page.getByRole("dialog", { name: "Approve Ada Fibre Works" });
    await dialog.getByText(/is above the threshold: your approval is the first of two/).waitFor();
    await dialog.getByRole("button", { name: "Approve" }).click();
    await card.getByText(/Approved by Admin vendor-bids; awaiting a second, different approver\./).waitFor();
    // The first approver is not offered the second approval.
    expect(await card.getByRole("button", { name: "Approve Ada Fibre Works" }).count()).toBe(0);
    await screenshot(page, "vendor-bids-compare", { fullPage: true });
    expect(await axeInBothThemes(page)).toEqual([]);

    await signInThroughApi(secondPage, base, { email: SECOND.email, password: PASSWORD });
    await secondPage.goto(`${base}/installation-projects/${fixture.ip}`);
    const second = secondPage.getByRole("article", { name: /Ada Fibre Works/ });
    await second.getByRole("button", { name: "Approve Ada Fibre Works" }).click();
    const confirm = secondPage.getByRole("dialog", { name: "Approve Ada Fibre Works" });
    await confirm.getByLabel("Create a work order for the contractor's crew").waitFor();
    await confirm.getByRole("button", { name: "Approve" }).click();
    await secondPage.getByText(/approved; 1 work order\(s\) created\./).waitFor();
    await second.getByText("Approved by Bisi Approver.").waitFor();
  });

  it("the contractor starts the work and submits the as-built with a photo and a variation", async () => {
    const page = vendorPage;
    await page.reload();
    await page.getByRole("button", { name: "Start work" }).click();
    await page.getByText("In progress").first().waitFor();
    await page.getByRole("button", { name: "Add a variation" }).click();
    const variation = page.getByRole("group", { name: "Variation 1" });
    await variation.getByLabel("Type").selectOption("route_deviation");
    await variation.getByLabel("Description").fill("Went round the new culvert on Bourdillon Road");
    await variation.getByLabel(/Amount/).fill("150.00");
    // The as-built route: drawn over the approved route (two clicks), one point typed in.
    const form = page.getByRole("form", { name: "Submit an as-built" });
    const map = form.locator(".vp-map.leaflet-container");
    await map.waitFor();
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    if (!box) throw new Error("the as-built map has no box");
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.65);
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.4);
    const points = form.getByRole("list", { name: "As-built route points" }).getByRole("listitem");
    await expect.poll(() => points.count()).toBe(2);
    await form.getByLabel("Latitude").fill("6.4530");
    await form.getByLabel("Longitude").fill("3.4410");
    await form.getByRole("button", { name: "Add point" }).click();
    await expect.poll(() => points.count()).toBe(3);
    await page
      .locator(".vp-asbuilt-form input[type=file]")
      .setInputFiles({ name: "splice-closure.png", mimeType: "image/png", buffer: PNG });
    await page.getByText("Attached").waitFor();
    await screenshot(page, "vendor-bids-as-built", { fullPage: true });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.getByRole("button", { name: "Submit as-built" }).click();
    await page.getByText("As-built version 1 submitted for review.").waitFor();
    await page.getByText("Your latest as-built is awaiting review.").waitFor();
  });

  it("staff accept the as-built and download its PDF report", async () => {
    const page = staffPage;
    await page.reload();
    await page.getByRole("button", { name: "Download splice-closure.png" }).waitFor();
    // The review shows both routes on one map and the difference in length, in words.
    const item = page.locator(".vp-asbuilt", { hasText: "Version 1" });
    await item.getByRole("region", { name: "As-built version 1 over the proposed route" }).waitFor();
    await item
      .getByText(/^\d[\d,]* m$/)
      .first()
      .waitFor();
    await item.getByText(/m (longer|shorter) than proposed|the same length as proposed/).waitFor();
    // Two lines (proposed and as-built), each point a marker beside them.
    expect(await item.locator(".leaflet-overlay-pane path:not(.vp-point)").count()).toBe(2);
    await page.getByRole("button", { name: "Accept version 1" }).click();
    await page.getByText("Version 1 accepted; the report is ready.").waitFor();
    // The button opens a 60-second link to the stored report; the browser goes there (by id, never a path).
    const opened = page.waitForRequest(
      (r) => r.isNavigationRequest() && !new URL(r.url()).pathname.startsWith("/installation-projects"),
    );
    await page.getByRole("button", { name: "Download report (version 1)" }).click();
    const pdf = await fetch((await opened).url());
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // The first tab is off at the report; the second approver's tab shows the project verified.
    await secondPage.goto(`${base}/installation-projects/${fixture.ip}`);
    await secondPage.getByText("Verified").first().waitFor();
    await secondPage.getByRole("button", { name: "Download report (version 1)" }).waitFor();
    await screenshot(secondPage, "vendor-bids-verified", { fullPage: false });
  });

  it("staff approve the contractor's invoice from the contractor invoices page", async () => {
    // The invoice builder is the vendor's own form; here it is set up through the core verb.
    const invoice = await withActor(contractor, () =>
      Contract.Invoice.save({
        installationProjectId: fixture.ip,
        vendorReference: "ADA-0042",
        lines: [{ description: "Build per quote", quantity: "350.5", unitPriceMinor: 1250, taxRateBp: 750 }],
        submit: true,
      }),
    );
    fixture.invoice = invoice.number;
    const page = secondPage;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contractor invoices" }).click();
    await page.getByRole("heading", { name: "Contractor invoices" }).waitFor();
    const filters = page.getByRole("form", { name: "Filter contractor invoices" });
    await filters.getByLabel("Status").selectOption("submitted");
    await filters.getByRole("button", { name: "Apply" }).click();
    const row = page.locator(".inv-table tbody tr", { hasText: invoice.number });
    await row.getByText("Submitted").waitFor();
    // 350.5 × ₦12.50 = ₦4,381.25 net, tax 7.5 % = ₦328.59: the totals of what is filtered, exact.
    await page
      .getByText(/NGN.4,709\.84/)
      .first()
      .waitFor();
    await screenshot(page, "vendor-bids-invoices", { fullPage: true });
    expect(await axeInBothThemes(page)).toEqual([]);
    await row.getByRole("button", { name: `Approve ${invoice.number}` }).click();
    await page.getByText(`Invoice ${invoice.number} approved.`).waitFor();
  });

  it("fits a 375 px phone, in the vendor portal and for staff", async () => {
    await vendorPage.setViewportSize({ width: 375, height: 812 });
    await vendorPage.reload();
    await vendorPage.getByRole("heading", { name: /Ikoyi ring extension/ }).waitFor();
    await noOverflow(vendorPage);
    await screenshot(vendorPage, "vendor-bids-project-375", { fullPage: true });
    expect(await axeInBothThemes(vendorPage)).toEqual([]);
    await secondPage.setViewportSize({ width: 375, height: 812 });
    await secondPage.goto(`${base}/installation-projects/${fixture.ip}`);
    await secondPage.getByRole("article", { name: /Ada Fibre Works/ }).waitFor();
    await noOverflow(secondPage);
    await screenshot(secondPage, "vendor-bids-compare-375", { fullPage: true });
    expect(await axeInBothThemes(secondPage)).toEqual([]);
    await secondPage.goto(`${base}/contractor-invoices`);
    await secondPage.locator(".inv-table", { hasText: fixture.invoice }).waitFor();
    await noOverflow(secondPage);
    await screenshot(secondPage, "vendor-bids-invoices-375", { fullPage: true });
  });

  it("left no console errors", () => {
    for (const p of problems) {
      expect(p.console.filter((m) => !/status of (401|403)/.test(m))).toEqual([]);
      expect(p.page).toEqual([]);
    }
  });
});
