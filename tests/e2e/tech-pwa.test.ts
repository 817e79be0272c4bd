import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import * as Dispatch from "@dotmac/core/dispatch";
import { technicianPositionTable } from "@dotmac/core/dispatch/dispatch.sql";
import * as Inventory from "@dotmac/core/inventory";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as WorkOrder from "@dotmac/core/workorder";
import { eq } from "drizzle-orm";
import type { BrowserContext, Page, Request, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPortal, type Portal, repoRoot, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

/**
 * A technician's day on the phone app (/tech), offline in the middle: sign in, see today's jobs, lose
 * the network, work a job end to end, reload with no network (the service worker serves the app and
 * the queue is still there), come back online after the session ran out, sign in again, and every
 * change arrives once, in order.
 */
let portal: Portal;
let context: BrowserContext;
let page: Page;
let base: string;
const problems: string[] = [];
const unique = Date.now().toString(36);
const tech = { email: `tech.${unique}@e2e.example`, password: "", name: "Tunde Field", id: "" };
const job = { id: "", number: "", cableLine: "" };
const SERIAL = `HWTC${unique.toUpperCase()}`;
const system = <T>(work: () => Promise<T>) => withActor({ type: "system", properties: { job: "e2e.tech-pwa" } }, work);

/** Time worked earlier today, typed by hand: up to 75 minutes ending a minute ago (Lagos wall clock). */
const worked = (() => {
  const lagos = new Date(Date.now() + 3600_000);
  const end = lagos.getUTCHours() * 60 + lagos.getUTCMinutes() - 1;
  const start = Math.max(0, end - 75);
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return { from: hm(start), to: hm(end), minutes: end - start };
})();

/** Today 14:00–16:00 on the phone's clock (Africa/Lagos, UTC+1, no daylight saving). */
function todayAt(hour: number): string {
  const lagos = new Date(Date.now() + 3600_000);
  return new Date(Date.UTC(lagos.getUTCFullYear(), lagos.getUTCMonth(), lagos.getUTCDate(), hour - 1)).toISOString();
}

beforeAll(async () => {
  portal = await openPortal({ name: "tech-pwa" });
  base = portal.base;
  tech.password = portal.login.password;
  tech.id = (
    await system(() =>
      Auth.createUser({
        email: tech.email,
        password: tech.password,
        displayName: tech.name,
        roles: ["field_technician"],
      }),
    )
  ).id;
  // Today's job with a van's reserved drop cable and an ONT in the van to install.
  await system(async () => {
    const created = await WorkOrder.create({
      title: "Fibre install",
      workType: "install",
      address: { line1: "12 Admiralty Way", city: "Lagos", country: "NG" },
      latitude: 6.4474,
      longitude: 3.4703,
      accessNotes: "Gate code 4412; dog in the yard",
      scheduledStart: todayAt(14),
      scheduledEnd: todayAt(16),
      assignees: [{ userId: tech.id, isPrimary: true }],
    });
    job.id = created.id;
    job.number = created.number;
    const van = await Inventory.createLocation({ name: `Van ${unique}`, kind: "van", ownerUserId: tech.id });
    const cable = await Inventory.createItem({ name: `Drop cable ${unique}`, unit: "m", unitPriceMinor: 150 });
    const ont = await Inventory.createItem({ name: `ONT ${unique}`, serialized: true, unitPriceMinor: 4_500_000 });
    await Inventory.receive({ locationId: van.id, itemId: cable.id, quantity: 100 });
    await Inventory.receive({ locationId: van.id, itemId: ont.id, quantity: 1, serials: [SERIAL] });
    job.cableLine = (await Inventory.planMaterial({ workOrderId: job.id, itemId: cable.id, quantity: 30 })).id;
    // The dispatch profile: its zone is the app's "today"; location sharing starts off (the technician's choice).
    await Dispatch.Technicians.save({ userId: tech.id, title: "Fibre technician", timeZone: "Africa/Lagos" });
  });
  // A phone: 375 px wide, touch, in the technician's time zone.
  context = await portal.browser.newContext({
    viewport: { width: 375, height: 812 },
    hasTouch: true,
    isMobile: true,
    locale: "en-GB",
    timezoneId: "Africa/Lagos",
  });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    // Offline, the browser logs each refused fetch; those are the point of the story, not a fault.
    if (message.type() === "error" && !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(message.text()))
      problems.push(message.text());
  });
});

afterAll(async () => {
  await context?.close();
  await portal?.stop();
});

const waitingBadge = () => page.getByTestId("outbox-status");

async function signIn() {
  await page.getByLabel("Email").fill(tech.email);
  await page.getByLabel("Password").fill(tech.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("the technician's phone app", () => {
  it("signs in on /tech and lands on today's jobs; the service worker takes the page", async () => {
    await page.goto(`${base}/tech/`);
    await page.waitForURL(/\/login\?next=%2Ftech%2F$/);
    await signIn();
    await page.waitForURL(`${base}/tech/`);
    await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const manifest = await page.evaluate(() => document.querySelector<HTMLLinkElement>("link[rel=manifest]")?.href);
    expect(manifest).toBe(`${base}/tech/manifest.webmanifest`);
    const served = await (await fetch(`${base}/tech/manifest.webmanifest`)).json();
    expect(served).toMatchObject({ start_url: "/tech/", scope: "/tech/", display: "standalone" });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${base}/tech/`);
  });

  it("shows today's job and keeps its details for offline use", async () => {
    const card = page.getByRole("link", { name: new RegExp(job.number) });
    await card.getByText("14:00–16:00").waitFor();
    // The list read every job's detail, materials and worklogs ahead, through the worker's cache.
    await page.waitForFunction(async (id) => {
      const kept = (await (await caches.open("tech-api")).keys()).map((request) => new URL(request.url).pathname);
      const needed = [
        "/api/v1/auth/me",
        `/api/v1/work-orders/${id}`,
        `/api/v1/inventory/work-orders/${id}/materials`,
        `/api/v1/timecost/work-orders/${id}/worklogs`,
      ];
      return needed.every((path) => kept.includes(path));
    }, job.id);
    await screenshot(page, "tech-today-375");
  });

  it("offline, works the job end to end: every tap is queued on the phone", async () => {
    await context.setOffline(true);
    page.once("pageerror", () => screenshot(page, "debug-job"));
    await page.getByRole("link", { name: new RegExp(job.number) }).click();
    await page.getByRole("heading", { level: 1, name: new RegExp(job.number) }).waitFor();
    await page.getByText("Gate code 4412; dog in the yard").waitFor();
    const maps = await page.getByRole("link", { name: "Directions" }).getAttribute("href");
    expect(maps).toContain(encodeURIComponent("6.4474,3.4703"));
    // The visit's next step is the big button; the others valid now sit beside it.
    await page.getByRole("button", { name: "Accept job" }).waitFor();
    await page.getByRole("button", { name: "On my way" }).click();
    await page.getByRole("button", { name: "Arrived" }).waitFor();
    await page.getByRole("button", { name: "Start work" }).click();
    // The completion gate: no photo or signature yet.
    expect(await page.getByRole("button", { name: "Complete job" }).isDisabled()).toBe(true);

    await page.getByLabel("New note").fill("Replaced the splitter in the pole box");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.getByText("Replaced the splitter in the pole box").waitFor();

    const photo = readFileSync(join(repoRoot, "packages/web/dist/tech/icon-512.png"));
    await page.getByTestId("photo-input").setInputFiles({ name: "site.png", mimeType: "image/png", buffer: photo });
    await page.getByRole("img", { name: "Photo 1 of the job" }).waitFor();

    await page.getByText("Add time by hand").click();
    await page.getByLabel("From", { exact: true }).fill(worked.from);
    await page.getByLabel("To", { exact: true }).fill(worked.to);
    await page.getByRole("button", { name: "Add time", exact: true }).click();
    await page.getByText(`${worked.from}–${worked.to} (${worked.minutes} min)`).waitFor();

    await page.getByLabel(/^Quantity of Drop cable/).fill("12");
    await page.getByRole("button", { name: "Use", exact: true }).click();
    await page.getByText("12 waiting to send").waitFor();

    await page.getByLabel("Serial number (ONT, router…)").fill(SERIAL);
    await page.getByRole("button", { name: "Record serial" }).click();
    await page.getByText(SERIAL).waitFor();

    await page.getByTestId("signature-pad").evaluate((canvas) => canvas.scrollIntoView({ block: "center" }));
    const pad = await page.getByTestId("signature-pad").boundingBox();
    if (!pad) throw new Error("no signature pad");
    await page.mouse.move(pad.x + 30, pad.y + 120);
    await page.mouse.down();
    for (const [dx, dy] of [
      [80, 40],
      [140, 110],
      [200, 50],
      [260, 100],
    ] as const) {
      await page.mouse.move(pad.x + dx, pad.y + dy, { steps: 4 });
    }
    await page.mouse.up();
    await page.getByLabel("Signer's name").fill("Ada Customer");
    await page.getByRole("button", { name: "Save signature" }).click();
    await page.getByText("Signature by Ada Customer saved").waitFor();

    await page.getByRole("button", { name: "Complete job" }).click();
    await page.getByText("This job is Completed.").waitFor();
    await expect.poll(() => waitingBadge().textContent()).toBe("9 changes waiting");
    await screenshot(page, "tech-job-offline-375");
  });

  it("offline, a reload opens the app from the worker: the 9 changes are still waiting, none sent", async () => {
    // Once, under a loaded CI machine, the reloaded page never showed the job (and the rest of the story
    // failed after it): on failure this says where the page was and what the worker answered.
    const answers: string[] = [];
    const note = (response: Response) =>
      answers.push(`${response.status()} ${response.url()}${response.fromServiceWorker() ? " (worker)" : ""}`);
    const failed = (request: Request) => answers.push(`failed ${request.url()}: ${request.failure()?.errorText}`);
    page.on("response", note);
    page.on("requestfailed", failed);
    try {
      await page.reload();
      await page.getByRole("heading", { level: 1, name: new RegExp(job.number) }).waitFor();
    } catch (error) {
      const state = await page
        .evaluate(() => ({
          controlled: !!navigator.serviceWorker.controller,
          text: (document.body.textContent ?? "").slice(0, 300),
        }))
        .catch((e: Error) => e.message);
      throw new Error(`${(error as Error).message}\nat ${page.url()}: ${JSON.stringify(state)}\n${answers.join("\n")}`);
    } finally {
      page.off("response", note);
      page.off("requestfailed", failed);
    }
    await expect.poll(() => waitingBadge().textContent()).toBe("9 changes waiting");
    await page.getByRole("img", { name: "Photo 1 of the job" }).waitFor();
    const server = await system(() => WorkOrder.get(job.id));
    expect(server.events).toEqual([]);
    expect(server.notes).toEqual([]);
    await waitingBadge().click();
    await page.getByRole("heading", { name: "Changes on this phone", level: 1 }).waitFor();
    const kinds = await page.getByTestId("outbox-list").locator("li strong").allTextContents();
    expect(kinds.map((line) => line.split(":")[0])).toEqual([
      "Action",
      "Action",
      "Note",
      "Photo or signature",
      "Time",
      "Material used",
      "Serial",
      "Photo or signature",
      "Action",
    ]);
    await screenshot(page, "tech-outbox-offline-375");
  });

  it("back online after the session ran out: sign in again, and every change arrives once, in order", async () => {
    // The first note's answer is lost on the way back: the outbox sends it again, the server keeps one.
    let lost = 0;
    await context.route(
      "**/api/v1/work-orders/*/notes",
      async (route) => {
        lost++;
        await route.fetch();
        await route.abort("connectionreset");
      },
      { times: 1 },
    );
    await context.clearCookies();
    await context.setOffline(false);
    await page.waitForURL(/\/login\?next=%2Ftech%2Foutbox$/);
    await signIn();
    await page.waitForURL(`${base}/tech/outbox`);
    await page.getByText("Nothing waiting: every change has reached the office.").waitFor({ timeout: 60_000 });
    await expect.poll(() => waitingBadge().textContent()).toBe("All changes sent");
    expect(lost).toBe(1);

    const server = await system(() => WorkOrder.get(job.id));
    expect(server.status).toBe("completed");
    expect(server.events.map((event) => event.event)).toEqual(["en_route", "start", "complete"]);
    expect(new Set(server.events.map((event) => event.clientEventId)).size).toBe(3);
    expect(server.notes.map((note) => note.body)).toEqual(["Replaced the splitter in the pole box"]);
    expect(server.attachments.map((file) => [file.kind, file.signerName])).toEqual([
      ["photo", null],
      ["signature", "Ada Customer"],
    ]);
    expect(server.completion).toMatchObject({ hasPhoto: true, hasSignature: true });
    const lines = (await system(() => Inventory.listMaterials(job.id))).items;
    expect(lines.find((line) => line.id === job.cableLine)?.consumedQuantity).toBe(12);
    expect(lines.filter((line) => line.serialized).map((line) => line.consumedQuantity)).toEqual([1]);
    const worklogs = await context.request.get(`${base}/api/v1/timecost/work-orders/${job.id}/worklogs`);
    expect((await worklogs.json()).items.map((log: { minutes: number }) => log.minutes)).toEqual([worked.minutes]);
  });

  it("the job reads as done on the phone and on a desktop (1280×800)", async () => {
    await page.goto(`${base}/tech/jobs/${job.id}`);
    await page.getByText("This job is Completed.").waitFor();
    await page.getByText("Signature by Ada Customer saved").waitFor();
    await screenshot(page, "tech-job-done-375");
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, "tech-job-done-1280", { fullPage: false });
    await page.goto(`${base}/tech/`);
    await page.getByRole("link", { name: new RegExp(job.number) }).waitFor();
    await screenshot(page, "tech-today-1280", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
  });

  it("the staff portal is not the worker's: /support is not controlled", async () => {
    const other = await context.newPage();
    await other.goto(`${base}/profile`);
    expect(await other.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await other.close();
  });

  it("today's list has no serious accessibility findings; signing out and in on /login lands on /tech/", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login\?reason=signed-out$/);
    expect(await page.evaluate(() => caches.has("tech-api"))).toBe(false);
    await signIn();
    await page.waitForURL(`${base}/tech/`);
    expect(problems).toEqual([]);
  });

  it("with the technician's consent (off until switched on), the phone sends its position: one ping arrives, and job actions carry it", async () => {
    const pings = () =>
      system(() =>
        useTransaction((tx) =>
          tx.select().from(technicianPositionTable).where(eq(technicianPositionTable.userId, tech.id)),
        ),
      );
    await context.grantPermissions(["geolocation"], { origin: base });
    await context.setGeolocation({ latitude: 6.4474, longitude: 3.4703, accuracy: 12 });
    await page.getByText("times in Africa/Lagos").waitFor();
    const share = page.getByRole("switch", { name: "Share my location" });
    await expect.poll(() => share.isChecked()).toBe(false);
    expect(await pings()).toEqual([]);
    await share.check();
    await page.getByText("On: this phone sends your position").waitFor();
    await expect.poll(async () => (await pings()).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => waitingBadge().textContent()).toBe("All changes sent");
    const [ping] = await pings();
    expect(ping).toMatchObject({ latitude: 6.4474, longitude: 3.4703, accuracy: 12 });
    // While sharing, a job action carries where the phone is.
    const next = await system(() =>
      WorkOrder.create({
        title: "Signal check",
        workType: "survey",
        scheduledStart: todayAt(17),
        scheduledEnd: todayAt(18),
        assignees: [{ userId: tech.id, isPrimary: true }],
      }),
    );
    await page.goto(`${base}/tech/jobs/${next.id}`);
    // The reopened app watches again and pings once more: its fix is known before the tap.
    await expect.poll(async () => (await pings()).length, { timeout: 20_000 }).toBe(2);
    await page.getByRole("button", { name: "Accept job" }).click();
    await expect.poll(async () => (await system(() => WorkOrder.get(next.id))).events.length).toBe(1);
    expect((await system(() => WorkOrder.get(next.id))).events[0]).toMatchObject({
      event: "accept",
      latitude: 6.4474,
      longitude: 3.4703,
    });
    // Turning it off is the technician's too: the watch stops and what was kept is deleted.
    await page.goto(`${base}/tech/`);
    await expect.poll(() => share.isChecked()).toBe(true);
    await share.uncheck();
    await page.getByText("Off: your dispatcher does not see where you are.").waitFor();
    expect(await pings()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
