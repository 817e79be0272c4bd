import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Inbox from "@dotmac/core/inbox";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction } from "@dotmac/core/platform/db";
import { serve } from "@hono/node-server";
import { createGraphEmulator, type EmulatorTemplate, type StatusReport } from "./graph-emulator";

/** The secret name local channels give as `accessTokenSecret`; the emulator accepts any bearer token. */
export const LOCAL_GRAPH_TOKEN = "LOCAL_GRAPH_TOKEN";

/** What the local WhatsApp Business Account lists, so "Sync from Meta" and the composer's picker have something. */
export const LOCAL_TEMPLATES: EmulatorTemplate[] = [
  {
    name: "outage_update",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    components: [{ type: "BODY", text: "There is an outage in {{1}}. We expect service back by {{2}}." }],
  },
  {
    name: "payment_reminder",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Invoice due" },
      { type: "BODY", text: "Hello {{1}}, your invoice of {{2}} is due on {{3}}." },
      { type: "FOOTER", text: "DotMac" },
    ],
  },
  {
    name: "router_swap",
    language: "fr",
    status: "APPROVED",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "IMAGE" },
      { type: "BODY", text: "Votre nouveau routeur arrive le {{1}}." },
    ],
  },
  {
    name: "weekend_promo",
    language: "en_US",
    status: "PENDING",
    category: "MARKETING",
    components: [{ type: "BODY", text: "Double speed this weekend for {{1}}." }],
  },
  {
    name: "winback_offer",
    language: "en_US",
    status: "REJECTED",
    category: "MARKETING",
    components: [{ type: "BODY", text: "Come back to DotMac and get a month free." }],
  },
];

/**
 * The Graph emulator beside the one-machine runtime, on 127.0.0.1 only and its own port: replies to
 * WhatsApp, Messenger and Instagram conversations go to it, and its sent → delivered → read reports
 * come back as receipts through the same verb the Meta webhooks use, so the thread shows the ticks.
 */
export async function startLocalGraph(log: (line: string) => void) {
  process.env[LOCAL_GRAPH_TOKEN] ??= "local-graph-emulator";
  const apply = (r: StatusReport) =>
    withActor({ type: "system", properties: { job: "graph-emulator" } }, async () => {
      const kinds = r.product === "whatsapp" ? (["whatsapp"] as const) : (["messenger", "instagram"] as const);
      for (const kind of kinds) {
        const channel = await createTransaction((tx) => Inbox.Receive.channelFor(tx, kind, r.accountId)).catch(
          () => undefined,
        );
        if (!channel) continue;
        await Inbox.Receive.receipt({ channelId: channel.id, externalId: r.externalId, status: r.status, at: r.at });
        return;
      }
    });
  const emulator = createGraphEmulator({
    autoStatus: true,
    onStatus: (r) => apply(r).catch((error) => log(`graph emulator: receipt not applied: ${String(error)}`)),
  });
  emulator.setTemplates(LOCAL_TEMPLATES);
  const server = await new Promise<Server>((ready) => {
    const s = serve({ fetch: emulator.app.fetch, port: 0, hostname: "127.0.0.1" }, () => ready(s as Server));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, emulator, close: () => new Promise<void>((done) => server.close(() => done())) };
}
