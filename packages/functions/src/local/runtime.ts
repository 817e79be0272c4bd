import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import * as Demo from "@dotmac/core/demo";
import { dispatch } from "@dotmac/core/events";
import * as Email from "@dotmac/core/inbound/email";
import * as Job from "@dotmac/core/jobs";
import { useLocalBlobStore } from "@dotmac/core/platform/blob";
import { type DeferredBus, deferredBus, setEventBus } from "@dotmac/core/platform/bus";
import { type Config, patchConfig, useConfig } from "@dotmac/core/platform/config";
import { closeConnection, openDatabase, setConnection } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import { errorMessage } from "@dotmac/core/platform/errors";
import { type LocalLiveGateway, localLiveGateway, setLiveGateway } from "@dotmac/core/platform/live";
import * as Outbox from "@dotmac/core/platform/outbox";
import { publicUrl } from "@dotmac/core/platform/public-url";
import { INBOUND_QUEUE, setInboundQueue } from "@dotmac/core/platform/queue";
import { createSpool } from "@dotmac/core/platform/queue/spool";
import { tableQueue } from "@dotmac/core/platform/queue/table";
import { serve } from "@hono/node-server";
import { OpenAPIHono } from "@hono/zod-openapi";
import { WebSocketServer } from "ws";
import { mountApi } from "../api/app";
import { type AppEnv, withBase } from "../api/base";
import { decodePath } from "../api/middleware";
import { mountWebhooks } from "../api/webhook-app";
import { blobRoutes } from "./blob-routes";
import { schedule } from "./cron";
import { startLocalGraph } from "./graph-local";
import { liveSocket } from "./live-socket";
import { startPoller } from "./poller";
import { type SmtpListener, startSmtpListener } from "./smtp";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** The bundled demo email, seeded through the parser on first start and sent by `npm run mail:send`. */
export const demoEml = resolve(import.meta.dirname, "demo.eml");

/** The built portal; `PORTAL_DIST` points elsewhere (parallel browser suites each build their own). */
export const portalDist = process.env.PORTAL_DIST ?? resolve(import.meta.dirname, "../../../web/dist");

/** A stand-in for the ISP's own website with the seeded demo widget: one machine only, never deployed. */
export const DEMO_WIDGET_PAGE = "/demo/widget.html";
const demoWidgetPage = () => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo ISP: fibre for every home</title></head>
<body>
<header><strong>Demo ISP</strong></header>
<main>
<h1>Fibre for every home</h1>
<p>This page stands in for an ISP's own website. The chat button in the corner is the DotMac web chat
widget, embedded with one script tag; replies come from the inbox at <a href="/">the staff portal</a>.</p>
</main>
<script src="/widget.js" data-widget-id="${Demo.DEMO_WIDGET_ID}" async></script>
</body>
</html>`;

/** The whole product on one machine: API, webhooks, signed blob routes and the built portal on one origin. */
export function localApp(config: Config, live?: LocalLiveGateway) {
  const app = withBase(new OpenAPIHono<AppEnv>());
  const blobs = useLocalBlobStore();
  if (blobs) app.route("/", blobRoutes(blobs, config.UPLOAD_MAX_BYTES));
  // The live socket, where CloudFront's `/live` behaviour sends it on AWS.
  if (live) app.get("/live", liveSocket(live));
  mountWebhooks(app);
  mountApi(app, { publicOrigin: publicUrl() });
  // Everything else is the portal: real files by path, index.html for client-side routes.
  app.get("*", async (c) => {
    const path = c.req.path;
    if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return c.notFound();
    if (path === DEMO_WIDGET_PAGE) return c.html(demoWidgetPage());
    const file = resolve(portalDist, `.${decodePath(path)}`);
    const inside = file.startsWith(portalDist + sep);
    const target = inside && extname(file) && existsSync(file) ? file : join(portalDist, "index.html");
    if (!existsSync(target)) return c.text("Portal not built: run `npm run build:web`", 503);
    const immutable = target.includes(`${sep}assets${sep}`);
    return c.body(await readFile(target), 200, {
      "content-type": types[extname(target)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
  });
  return app;
}

/**
 * The in-process event bus of the one-machine runtime: delivers to the subscribers the `events`
 * Lambda runs, after the publishing request has answered, one batch at a time (EventBridge's
 * asynchronous delivery). A failed delivery goes back to the outbox for the sweep.
 */
export function localEventBus(log: (line: string) => void = (line) => console.error(line)): DeferredBus {
  return deferredBus(
    async (events) => {
      for (const event of events) await dispatch(event);
    },
    async (events, error) => {
      log(`event delivery failed (${events.map((e) => e.type).join(", ")}): ${errorMessage(error)}`);
      await Outbox.retryLater(
        events.map((e) => e.id),
        error,
      );
    },
  );
}

export interface Runtime {
  url: string;
  login: { email: string; password: string };
  webhookSecret: string;
  /** The local SMTP listener's port (undefined when it could not bind, e.g. another runtime holds it). */
  smtpPort: number | undefined;
  server: Server;
  poller: ReturnType<typeof startPoller> | undefined;
  stop(): Promise<void>;
}

/** Migrates, seeds, then serves and runs the poller and the cron. Data lives in DATA_DIR. */
export async function startRuntime(
  options: {
    log?: (line: string) => void;
    cron?: boolean;
    /** Send the demo's first email through the inbound queue (`npm start`); browser stories start from an empty queue. */
    demoMail?: boolean;
  } = {},
): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  let config = useConfig();
  if (!config.BILLING_WEBHOOK_SECRETS?.length) {
    config = patchConfig({ BILLING_WEBHOOK_SECRETS: [Demo.localWebhookSecret()] });
  }
  // Meta's two apps likewise: generated secrets let `npm run demo:meta` sign deliveries on one machine.
  if (!config.META_WHATSAPP_APP_SECRETS?.length && !config.META_WHATSAPP_APP_SECRETS_SECRET_ARN) {
    config = patchConfig({ META_WHATSAPP_APP_SECRETS: [Demo.localMetaSecrets(config.DATA_DIR).whatsapp] });
  }
  if (!config.META_APP_SECRETS?.length && !config.META_APP_SECRETS_SECRET_ARN) {
    config = patchConfig({ META_APP_SECRETS: [Demo.localMetaSecrets(config.DATA_DIR).meta] });
  }
  const connection = await openDatabase(config);
  setConnection(connection);
  await migrate(connection);
  // Webhooks are acknowledged once durable in the spool and reach the table in batches (spool.ts).
  const spool =
    config.QUEUE_DRIVER === "table" ? createSpool(join(config.DATA_DIR, "spool", INBOUND_QUEUE)) : undefined;
  const queue =
    config.QUEUE_DRIVER === "table"
      ? tableQueue({
          queue: INBOUND_QUEUE,
          visibilitySeconds: config.QUEUE_VISIBILITY_SECONDS,
          maxReceives: config.QUEUE_MAX_RECEIVES,
          spool,
        })
      : undefined;
  const recovered = (await queue?.recoverSpooled()) ?? 0;
  if (recovered > 0) log(`stored ${recovered} webhook(s) the last run had acknowledged but not queued yet`);
  const poller = queue ? startPoller(queue, { log }) : undefined;
  if (queue) setInboundQueue(queue);
  const events = config.EVENT_BUS_DRIVER === "local" ? localEventBus(log) : undefined;
  if (events) setEventBus(events);
  const login = await Demo.seed();
  const smtp = await startSmtpListener({ port: config.MAIL_LISTEN_PORT, log }).catch((error: unknown) => {
    log(`the SMTP listener did not start (${errorMessage(error)}); inbound email is off for this run`);
    return undefined as SmtpListener | undefined;
  });
  const mailbox = await Demo.seedEmailChannel();
  // A WhatsApp number and a Facebook page with a first message each (`npm start`; browser stories start empty).
  if (options.demoMail !== false) await Demo.seedMetaChannels();
  // The demo's first email goes the real way: raw MIME in the blob store, an envelope, the consumer.
  if (mailbox.created && options.demoMail !== false) await Email.enqueueRaw(await readFile(demoEml), [mailbox.address]);
  // Unless a real Graph API is configured, replies go to the emulator on 127.0.0.1 and come back as ticks.
  const graph = process.env.GRAPH_BASE_URL ? undefined : await startLocalGraph(log);
  if (graph) patchConfig({ GRAPH_BASE_URL: graph.url });

  const timers =
    options.cron === false
      ? []
      : Job.jobNames.map((name) =>
          schedule(Job.jobRegistry[name].schedule, () => {
            Job.run(name).catch((error) => log(`job ${name} failed: ${errorMessage(error)}`));
          }),
        );

  const live = config.LIVE_DRIVER === "local" ? localLiveGateway() : undefined;
  if (live) setLiveGateway(live);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const app = localApp(config, live);
  const server = await new Promise<Server>((ready) => {
    // Each request's events are delivered once it has answered, so their work never shows in its timing.
    // Webhook ingest only spools (it publishes nothing), so it skips the per-request event scope.
    const fetch: typeof app.fetch = (request, env) =>
      events && !new URL(request.url).pathname.startsWith("/webhooks/")
        ? events.request(async () => app.fetch(request, env))
        : app.fetch(request, env);
    const s = serve({ fetch, port: config.PORT, hostname: config.HOST, websocket: { server: sockets } }, () =>
      ready(s as Server),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
  return {
    url,
    login,
    webhookSecret: config.BILLING_WEBHOOK_SECRETS?.[0] ?? "",
    smtpPort: smtp?.port,
    server,
    poller,
    async stop() {
      for (const t of timers) t.stop();
      // Open sockets would keep the server from closing.
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      await new Promise<void>((done) => server.close(() => done()));
      await smtp?.close();
      await poller?.stop();
      await queue?.moveSpooled();
      await spool?.close();
      await events?.settled();
      await graph?.close();
      setEventBus(undefined);
      if (live) setLiveGateway(undefined);
      await closeConnection();
    },
  };
}
