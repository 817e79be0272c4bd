import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let key = "";

beforeAll(async () => {
  portal = await openPortal({ name: "keys" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const rows = () => page.locator("table.keys-table tbody tr");
const status = (headers: Record<string, string>) => fetch(`${base}/api/v1/system/status`, { headers });

describe("staff portal: API keys", () => {
  it("signs in and opens API keys from the Administration menu: nothing there yet", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
    await page.waitForURL(/\/api-keys$/);
    await heading("API keys").waitFor();
    expect(await page.title()).toBe("API keys · DotMac CRM");
    await page.getByText("No API keys yet").waitFor();
  });

  it("creates a key and shows it once, in a read-only field with a copy button and a warning", async () => {
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByLabel("Name").fill("Monitoring");
    await dialog.getByRole("checkbox", { name: /system:monitoring:read/ }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();

    const shown = page.getByRole("dialog", { name: "Copy your new API key" });
    const field = shown.getByLabel("API key");
    await field.waitFor();
    key = await field.inputValue();
    expect(key).toMatch(/^dmk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(await field.getAttribute("readonly")).not.toBeNull();
    await shown.getByRole("button", { name: "Copy" }).waitFor();
    await shown.getByText("This is the only time the key is shown").waitFor();
    // Never in the address or in storage.
    expect(page.url()).not.toContain(key);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(key.slice(13));
    await screenshot(page, "api-keys-created", { fullPage: false });

    await shown.getByRole("button", { name: "Done" }).click();
    await shown.waitFor({ state: "hidden" });
    expect(await page.content()).not.toContain(key.slice(13));
  });

  it("lists the key by its prefix with its scopes, and the key works against the API", async () => {
    const prefix = key.slice(0, 13);
    const row = rows().filter({ hasText: "Monitoring" });
    await row.getByText(`${prefix}…`).waitFor();
    await row.getByText("system:monitoring:read").waitFor();
    await row.getByText("Active").waitFor();

    expect((await status({ authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await status({ "x-api-key": key })).status).toBe(200);
    await page.reload();
    await heading("API keys").waitFor();
    await rows()
      .filter({ hasText: "Monitoring" })
      .getByText(/ago|just now/)
      .first()
      .waitFor();
    await screenshot(page, "api-keys");
  });

  it("revokes after a confirmation, and the key stops working", async () => {
    const row = rows().filter({ hasText: "Monitoring" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByText("Calls with it stop at once").waitFor();
    await row.getByRole("button", { name: "Confirm revoke" }).click();
    await row.getByText("Revoked").waitFor();
    expect((await status({ "x-api-key": key })).status).toBe(401);
  });

  it("reads in French, in the dark theme and on a phone", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await heading("Clés d’API").waitFor();
    await rows().filter({ hasText: "Monitoring" }).getByText("Révoquée").waitFor();
    await screenshot(page, "api-keys-fr-dark", { fullPage: false });
    await page.getByRole("button", { name: "Créer une clé d’API" }).click();
    await page.getByRole("dialog", { name: "Créer une clé d’API" }).getByLabel("Nom").fill("Sans portée");
    await page.getByRole("button", { name: "Créer la clé" }).click();
    await page.getByText("Choisissez au moins une portée.").waitFor();
    await screenshot(page, "api-keys-dialog-fr-dark", { fullPage: false });
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "api-keys-fr-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });

  it("logged no Content Security Policy violation and threw no uncaught error", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
