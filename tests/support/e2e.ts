import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as Auth from "@dotmac/core/auth";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import type { Runtime } from "@dotmac/functions/local/runtime";
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from "playwright-core";
import { Webhook } from "standardwebhooks";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const screenshotDir = join(repoRoot, ".test-artifacts/screenshots");
const webRoot = join(repoRoot, "packages/web");
const distIndex = join(process.env.PORTAL_DIST ?? join(webRoot, "dist"), "index.html");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function portalIsFresh(): boolean {
  const sources = ["src", "public", "index.html", "vite.config.ts"].map((p) => join(webRoot, p)).filter(existsSync);
  const newestSource = Math.max(...sources.map(newestMtime));
  return existsSync(distIndex) && statSync(distIndex).mtimeMs >= newestSource;
}

/**
 * Builds the portal when dist is missing or older than any of its sources. Story workers start side by
 * side: one builds under a lock directory while the others wait, then find it fresh.
 */
export function ensurePortalBuilt(): void {
  if (portalIsFresh()) return;
  const lock = join(tmpdir(), "dotmac-portal-build.lock");
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build can take is a crashed worker's.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true });
      Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    if (!portalIsFresh()) execFileSync("npm", ["run", "build:web"], { cwd: repoRoot, stdio: "inherit" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A port nothing listens on right now (the runtime needs the real number for its public origin). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Posts a billing webhook signed the way the billing system does (Standard Webhooks). */
export async function sendBillingWebhook(
  baseUrl: string,
  secret: string,
  id: string,
  payload: unknown,
): Promise<Response> {
  const body = JSON.stringify(payload);
  const at = new Date();
  return fetch(`${baseUrl}/webhooks/billing/subscribers`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, at, body),
    },
  });
}

export function subscriberUpsert(overrides: { status?: string; number?: string; externalId?: string } = {}) {
  return {
    type: "subscriber.upserted",
    data: {
      external_id: overrides.externalId ?? `e2e-${randomBytes(4).toString("hex")}`,
      subscriber_number: overrides.number ?? `SUB-E2E${randomBytes(3).toString("hex").toUpperCase()}`,
      status: overrides.status ?? "active",
      plan: { name: "Fibre 200" },
      service_address: { line1: "12 Admiralty Way", city: "Lagos", country: "NG" },
      updated_at: new Date().toISOString(),
    },
  };
}

/** Debian's Chromium, headless; never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** Console errors and uncaught exceptions of a page, to assert on (CSP violations land here). */
export function collectProblems(page: Page): { console: string[]; page: string[] } {
  const problems = { console: [] as string[], page: [] as string[] };
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") problems.console.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.page.push(`${page.url()}: ${error.message}`));
  return problems;
}

/**
 * Signs the browser in through the API from the portal's login page, without typing into the form or
 * landing on the home page: for stories whose subject is elsewhere (the forms have their own stories).
 */
export async function signInThroughApi(
  page: Page,
  base: string,
  credentials: { email: string; password: string },
  portal: "" | "reseller" | "vendor" | "customer" = "",
) {
  await page.goto(`${base}${portal ? `/${portal}` : ""}/login`);
  const path = `/api/v1/${portal ? `${portal}/` : ""}auth/login`;
  const status = await page.evaluate(
    async ({ path, credentials }) =>
      (
        await fetch(path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(credentials),
        })
      ).status,
    { path, credentials },
  );
  if (status !== 200) throw new Error(`sign-in of ${credentials.email} answered ${status}`);
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: "disabled" });
  return path;
}

export interface Portal {
  /**
   * The worker's runtime, shared by every story file that runs in it. Its demo admin is not offered:
   * a story signs in as its own `login`, so none can change an account another story uses.
   */
  runtime: Omit<Runtime, "login">;
  /** This file's own staff admin (a fresh account): sign in, change its password or enrol MFA freely. */
  login: { email: string; password: string };
  /** The password of the seeded demo accounts (customer, reseller and vendor portals). */
  demoPassword: string;
  /** The billing webhook secret the runtime accepts. */
  secret: string;
  /** The shared runtime's DATA_DIR (local mail lands in its mail/ folder). */
  dataDir: string;
  base: string;
  browser: Browser;
  /** This file's own browser context: its cookies, storage and viewport are nobody else's. */
  context: BrowserContext;
  page: Page;
  problems: ReturnType<typeof collectProblems>;
  stop(): Promise<void>;
}

interface Shared {
  runtime: Runtime;
  browser: Browser;
  base: string;
  secret: string;
  dataDir: string;
  logs: Set<(line: string) => void>;
}
let shared: Promise<Shared> | undefined;

/**
 * One runtime (PGlite in a temporary folder) and one Chromium per worker, started by the first story
 * file and kept for the next ones (the e2e project runs with `isolate: false`, so this module and its
 * runtime outlive a file). Files isolate by data: each gets its own admin, browser context and page,
 * and names what it creates uniquely. Whatever the worker leaves is removed when its process exits.
 */
async function startShared(): Promise<Shared> {
  ensurePortalBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-e2e-"));
  process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const secret = newWebhookSecret();
  setConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    BILLING_WEBHOOK_SECRETS: secret,
    LOG_LEVEL: "warn",
    // Every story signs in from 127.0.0.1 to one runtime: the per-address limits are for the
    // security suites to prove, not for a day of stories to trip over. Per-account limits stay.
    RATE_LIMIT_IP: "100000",
    RATE_LIMIT_USER: "100000",
    RATE_LIMIT_LOGIN_IP: "100000",
    RATE_LIMIT_RECOVERY_IP: "100000",
  });
  const logs = new Set<(line: string) => void>();
  // Imported after setConfig so nothing reads the configuration before it is in place.
  const { startRuntime } = await import("@dotmac/functions/local/runtime");
  const runtime = await startRuntime({
    cron: false,
    demoMail: false,
    log: (line) => {
      for (const log of logs) log(line);
    },
  });
  const browser = await launchChromium();
  return { runtime, browser, base: `http://localhost:${port}`, secret, dataDir, logs };
}

/**
 * Stories about the whole system (the support dashboard's figures, the status page's jobs) cannot
 * isolate by data in a one-organisation product: their project sets E2E_RUNTIME=per-file and each
 * such file gets a runtime of its own, stopped with it.
 */
const perFile = process.env.E2E_RUNTIME === "per-file";

/**
 * The fixture every browser story starts from: the worker's shared runtime and browser, this file's
 * own admin account and a fresh browser context with one page at 1280×900.
 */
export async function openPortal(options: { name: string; log?: (line: string) => void }): Promise<Portal> {
  shared ??= startShared();
  const { runtime, browser, base, secret, dataDir, logs } = await shared;
  if (options.log) logs.add(options.log);
  const email = `admin.${options.name}.${randomBytes(3).toString("hex")}@e2e.example`;
  const { password } = runtime.login;
  await withActor({ type: "system", properties: { job: `e2e.${options.name}` } }, () =>
    Auth.createUser({ email, password, displayName: `Admin ${options.name}`, roles: ["admin"] }),
  );
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return {
    runtime,
    login: { email, password },
    demoPassword: password,
    secret,
    dataDir,
    base,
    browser,
    context,
    page,
    problems: collectProblems(page),
    async stop() {
      if (options.log) logs.delete(options.log);
      await context.close();
      if (perFile) {
        shared = undefined;
        await browser.close();
        await runtime.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
