import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let resetLink: string;
const NEW_PASSWORD = "a passphrase chosen by email";

beforeAll(async () => {
  portal = await openPortal({ name: "recovery" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });

/**
 * The newest message the local mail adapter wrote into the runtime's DATA_DIR for `to`. Link mail is
 * sent by an event subscriber after the request has answered, so it may take a moment to arrive.
 */
async function lastMailTo(to: string): Promise<{ subject: string; text: string }> {
  const dir = join(portal.dataDir, "mail");
  for (let attempt = 0; attempt < 100; attempt++) {
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(".json")).sort() : [];
    const mails = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), "utf8"))));
    const mail = mails.filter((m) => m.to === to).at(-1);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} in ${dir}`);
}

describe("staff portal: forgot password by email", () => {
  it("asks for a reset link from the sign-in page and says the same thing for any email", async () => {
    await page.goto(`${base}/login`);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL(/\/forgot-password$/);
    await heading("Forgot your password?").waitFor();
    expect(await page.title()).toBe("Forgot password · DotMac CRM");
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await page.getByRole("status").filter({ hasText: "If an account exists" }).waitFor();
    await screenshot(page, "forgot-password");

    const mail = await lastMailTo(portal.login.email);
    expect(mail.subject).toMatch(/reset/i);
    resetLink = /https?:\/\/\S+/.exec(mail.text)?.[0] ?? "";
    expect(resetLink).toMatch(new RegExp(`^${base}/reset-password#token=[A-Za-z0-9_-]{43}$`));
  });

  it("opens the link: the token leaves the address bar at once, and the 12-character rule is shown", async () => {
    await page.goto(resetLink);
    await heading("Choose a new password").waitFor();
    expect(page.url()).toBe(`${base}/reset-password`);
    await page.getByText("At least 12 characters").waitFor();

    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}!`);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByRole("alert").filter({ hasText: "do not match" }).waitFor();
    await screenshot(page, "reset-password");

    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByRole("status").filter({ hasText: "Your password is set" }).waitFor();
  });

  it("signs in with the new password; the old one no longer works", async () => {
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/login\?reason=password-reset$/);
    await page.getByLabel("Email").fill(portal.login.email);
    await page.getByLabel("Password").fill(portal.login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Email or password is incorrect" }).waitFor();
    await page.getByLabel("Password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
  });

  it("the same link a second time says it is invalid or expired", async () => {
    await page.goto(resetLink);
    await heading("Choose a new password").waitFor();
    await page.getByLabel("New password", { exact: true }).fill("yet another passphrase");
    await page.getByLabel("Confirm new password").fill("yet another passphrase");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByRole("alert").filter({ hasText: "invalid or has expired" }).waitFor();
    expect(page.url()).toBe(`${base}/reset-password`);
  });

  it("the recovery pages read in French, in the dark theme, on a phone", async () => {
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "fr"));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/forgot-password`);
    await heading("Mot de passe oublié ?").waitFor();
    await page.getByLabel("E-mail").fill("nobody@demo-isp.example");
    await page.getByRole("button", { name: "M’envoyer un lien de réinitialisation" }).click();
    await page.getByRole("status").filter({ hasText: "Si un compte existe pour nobody@demo-isp.example" }).waitFor();
    await screenshot(page, "forgot-password-fr-dark-375", { fullPage: false });
    await page.goto(`${base}/reset-password`);
    await heading("Choisissez un nouveau mot de passe").waitFor();
    await page.getByText("Ce lien est incomplet ou a déjà été ouvert.").waitFor();
    await screenshot(page, "reset-password-fr-dark-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => localStorage.setItem("dotmac.locale", "en"));
  });

  it("had no console errors or uncaught exceptions (the refused reuse aside)", () => {
    const unexpected = problems.console.filter((m) => !/status of 400|status of 401/.test(m));
    expect(unexpected).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});

describe("customer portal: sign in with an emailed link", () => {
  it("asks for a link, opens it, and holds a customer session", async () => {
    await Auth.createUser({ portal: "customer", email: "ada@customer.example", displayName: "Ada", roles: [] });
    await page.goto(`${base}/customer/magic-link`);
    await heading("Sign in with an email link").waitFor();
    await page.getByLabel("Email").fill("ada@customer.example");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("status").filter({ hasText: "If a customer account exists" }).waitFor();
    await screenshot(page, "magic-link");

    const link = /https?:\/\/\S+/.exec((await lastMailTo("ada@customer.example")).text)?.[0] ?? "";
    expect(link).toMatch(new RegExp(`^${base}/customer/magic-link#token=[A-Za-z0-9_-]{43}$`));
    await page.goto(link);
    await page.waitForURL((url) => !url.pathname.endsWith("/magic-link"));
    const cookies = await portal.context.cookies();
    expect(cookies.find((c) => c.name === "__Host-dotmac_customer")?.httpOnly).toBe(true);
    expect(new URL(page.url()).pathname).toMatch(/^\/customer/);
  });
});
