import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type collectProblems,
  openPortal,
  type Portal,
  screenshot,
  sendBillingWebhook,
  subscriberUpsert,
} from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;

beforeAll(async () => {
  portal = await openPortal({ name: "audit" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const rows = () => page.locator("table.audit-table tbody tr");

async function signIn(password: string) {
  await page.getByLabel("Email").fill(portal.login.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("staff portal: the audit log", () => {
  it("a failed and a successful sign-in, then the Audit log from the Administration menu", async () => {
    await page.goto(`${base}/login`);
    await signIn("not-the-password");
    await page.getByRole("alert").filter({ hasText: "Email or password is incorrect" }).waitFor();
    await signIn(portal.login.password);
    await page.waitForURL(/\/support$/);
    const res = await sendBillingWebhook(base, portal.secret, `msg_audit_${Date.now()}`, subscriberUpsert());
    expect(res.status).toBe(202);

    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByText("Administration").waitFor();
    await nav.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/audit$/);
    await heading("Audit log").waitFor();
    expect(await page.title()).toBe("Audit log · DotMac CRM");
  });

  it("shows the sign-in with who did it, and the failed attempt before it", async () => {
    const signedIn = rows().filter({ hasText: "auth.login.succeeded" }).first();
    await signedIn.getByText(portal.login.email).waitFor();
    await signedIn.getByText("Staff user").waitFor();
    const failed = rows().filter({ hasText: "auth.login.failed" }).first();
    await failed.getByText("wrong_password").waitFor();
    // The webhook is applied by the in-process poller; a reload brings it in once it has been.
    await expect
      .poll(
        async () => {
          await page.reload();
          await heading("Audit log").waitFor();
          await rows().first().waitFor();
          return rows().filter({ hasText: "subscriber.created" }).filter({ hasText: "Webhook" }).count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    await screenshot(page, "audit");
  });

  it("filters by action, keeps the filter in the address, and exports the same filter", async () => {
    await page.getByLabel("Action").selectOption("auth.login.succeeded");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/[?&]action=auth\.login\.succeeded/);
    await page.getByText("Matching the filters above, newest first.").waitFor();
    await expect.poll(() => rows().filter({ hasNotText: "auth.login.succeeded" }).count()).toBe(0);
    expect(await rows().count()).toBeGreaterThanOrEqual(1);

    const link = page.getByRole("link", { name: "Export CSV" });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toBe("/api/v1/audit/export.csv?action=auth.login.succeeded");
    // The download is a normal link: the session cookie goes with it.
    const csv = await page.request.get(`${base}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await csv.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^at,actor_type,actor_id,actor_label,action,/);
    expect(lines.slice(1).every((l) => l.includes(",auth.login.succeeded,"))).toBe(true);
    expect(lines.slice(1).some((l) => l.includes(portal.login.email))).toBe(true);
    await screenshot(page, "audit-filtered");
  });

  it("says so when nothing matches, and Clear brings every event back", async () => {
    // Everything but the action folds behind "Filters", so the events start on the first screen.
    expect(await page.getByLabel("Actor").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Filters", exact: true }).click();
    await page.getByLabel("Actor").fill("nobody@nowhere.example");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No events match these filters").waitFor();
    await page.getByRole("button", { name: "Clear" }).click();
    await page.waitForURL(/\/audit$/);
    await rows().filter({ hasText: "subscriber.created" }).first().waitFor();
    expect(await page.getByLabel("Actor").inputValue()).toBe("");
  });

  it("works at phone width", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/audit`);
    await heading("Audit log").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The folded filters leave room: the first event starts on the first screen.
    await rows().first().waitFor();
    expect((await rows().first().boundingBox())?.y ?? 9999).toBeLessThan(812 - 100);
    await screenshot(page, "audit-375");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("has no serious axe finding in the light or the dark theme; screenshots of both", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await rows().first().waitFor();
    // Every column, Request ID included, fits the panel at 1280 px: nothing scrolls sideways.
    const overflow = await page.evaluate(() => {
      const wrap = document.querySelector(".audit-table")?.closest(".table-wrap") as HTMLElement;
      return wrap.scrollWidth - wrap.clientWidth;
    });
    expect(overflow, "the audit table is no wider than its panel at 1280").toBeLessThanOrEqual(0);
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "audit-1280", { fullPage: false });
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "audit-1280-dark", { fullPage: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "audit-375-dark", { fullPage: false });
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("the Display menu switches the language to French and the theme to dark; both survive a reload", async () => {
    await page.goto(`${base}/audit`);
    await heading("Audit log").waitFor();
    await page.getByRole("button", { name: "Display" }).click();
    await page.getByLabel("Language").selectOption("fr");
    await heading("Journal d’audit").waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    await page.getByRole("navigation", { name: "Principale" }).getByRole("link", { name: "Journal d’audit" }).waitFor();
    await page.getByLabel("Thème").selectOption("dark");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await page.reload();
    await heading("Journal d’audit").waitFor();
    await rows().first().waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    // Dates follow the language through Intl (the browser is en-GB, so French uses "fr").
    expect(await page.getByRole("button", { name: "Appliquer les filtres" }).count()).toBe(1);
    await screenshot(page, "audit-1280-fr-dark", { fullPage: false });
    await page.getByRole("button", { name: "Affichage" }).click();
    await page.getByLabel("Langue").selectOption("en");
    await page.getByLabel("Theme").selectOption("system");
    await heading("Audit log").waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
  });

  it("logged no Content Security Policy violation and threw no uncaught error", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
