import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setConfig } from "@dotmac/core/platform/config";
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

/** Builds the portal when dist is missing or older than any of its sources. */
export function ensurePortalBuilt(): void {
  const sources = ["src", "public", "index.html", "vite.config.ts"].map((p) => join(webRoot, p)).filter(existsSync);
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(distIndex) && statSync(distIndex).mtimeMs >= newestSource) return;
  execFileSync("npm", ["run", "build:web"], { cwd: repoRoot, stdio: "inherit" });
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

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: "disabled" });
  return path;
}

export interface Portal {
  runtime: Runtime;
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: ReturnType<typeof collectProblems>;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The fixture every browser story starts from: the built portal, a fresh runtime on its own data
 * folder and port, and one Chromium page at 1280×900.
 */
export async function openPortal(options: {
  name: string;
  secret?: string;
  log?: (line: string) => void;
}): Promise<Portal> {
  ensurePortalBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), `dotmac-e2e-${options.name}-`));
  const port = await freePort();
  setConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    BILLING_WEBHOOK_SECRETS: options.secret ?? newWebhookSecret(),
    LOG_LEVEL: "warn",
  });
  // Imported after setConfig so nothing reads the configuration before it is in place.
  const { startRuntime } = await import("@dotmac/functions/local/runtime");
  const runtime = await startRuntime({ cron: false, log: options.log ?? (() => {}) });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return {
    runtime,
    base: `http://localhost:${port}`,
    browser,
    context,
    page,
    problems: collectProblems(page),
    dataDir,
    async stop() {
      await browser.close();
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
