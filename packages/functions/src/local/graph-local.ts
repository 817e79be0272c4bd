import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Inbox from "@dotmac/core/inbox";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction } from "@dotmac/core/platform/db";
import { serve } from "@hono/node-server";
import { createGraphEmulator, type StatusReport } from "./graph-emulator";

/** The secret name local channels give as `accessTokenSecret`; the emulator accepts any bearer token. */
export const LOCAL_GRAPH_TOKEN = "LOCAL_GRAPH_TOKEN";

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
  const server = await new Promise<Server>((ready) => {
    const s = serve({ fetch: emulator.app.fetch, port: 0, hostname: "127.0.0.1" }, () => ready(s as Server));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, emulator, close: () => new Promise<void>((done) => server.close(() => done())) };
}
