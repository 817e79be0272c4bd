import type { Server } from "node:http";
import { setConfig } from "@dotmac/core/platform/config";
import { setInboundQueue } from "@dotmac/core/platform/queue";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Diagnostic rungs for `npm run bench -- --diagnose`, between the bare node:http baseline and the
 * full runtime, all on @hono/node-server like the runtime:
 *   MODE=hono     plain Hono: read the body, answer 202 JSON (the framework floor)
 *   MODE=base     the product's baseApp() (request id, security headers, onError) + the same route
 *   MODE=limit    as base, plus hono/body-limit on the route, as the webhook route has it
 *   MODE=webhook  createWebhookApp() — the code the `webhook` Lambda wraps — with a queue that only counts
 */
try {
  setConfig(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

let sent = 0;
setInboundQueue({
  name: "sqs",
  send: async () => {
    sent++;
  },
  sendBatch: async (messages) => {
    sent += messages.length;
  },
  stats: async () => ({ ready: sent, inFlight: 0, deadLetters: 0 }),
});

type FetchApp = { fetch: (request: Request) => Response | Promise<Response> };
type AnyHono = Hono & FetchApp;

/**
 * Finds an export among candidate modules at run time, so this diagnostic keeps working while the
 * transport layer is refactored (createWebhookApp moved from api/app to api/webhook-app, baseApp()
 * became withBase(app)). Specifiers are variables on purpose: nothing here is type-bound to them.
 */
async function find<T>(name: string, specifiers: string[]): Promise<T> {
  for (const specifier of specifiers) {
    const mod = (await import(specifier).catch(() => undefined)) as Record<string, unknown> | undefined;
    if (mod && typeof mod[name] === "function") return mod[name] as T;
  }
  throw new Error(`none of ${specifiers.join(", ")} exports ${name}()`);
}

async function baseRung(): Promise<AnyHono> {
  const withBase = await find<(app: AnyHono) => AnyHono>("withBase", ["@dotmac/functions/api/base"]).catch(() => null);
  if (withBase) return withBase(new Hono() as AnyHono);
  return (await find<() => AnyHono>("baseApp", ["@dotmac/functions/api/base"]))();
}

const path = "/webhooks/billing/subscribers";
const mode = process.env.MODE ?? "hono";

async function app(): Promise<FetchApp> {
  if (mode === "webhook") {
    const create = await find<() => FetchApp>("createWebhookApp", [
      "@dotmac/functions/api/webhook-app",
      "@dotmac/functions/api/app",
    ]);
    return create();
  }
  const route = mode === "base" || mode === "limit" ? await baseRung() : (new Hono() as AnyHono);
  if (mode === "limit") route.use(path, bodyLimit({ maxSize: 1024 * 1024 }));
  route.post(path, async (c) => {
    await c.req.arrayBuffer();
    return c.json({ status: "queued" as const, id: `msg_${++sent}` }, 202);
  });
  return route;
}

const port = Number(process.env.PORT ?? 0);
const served = await app();
const server = await new Promise<Server>((ready) => {
  const s = serve({ fetch: served.fetch, port, hostname: "127.0.0.1" }, () => ready(s as Server));
});
process.stdout.write(`READY ${port}\n`);

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
