import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import * as Auth from "@dotmac/core/auth";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { sql } from "drizzle-orm";

/** The Meta accounts the inbox benches deliver to (the ids of tests/fixtures/meta). */
export const BENCH_WHATSAPP_NUMBER = "106540352242922";
export const BENCH_MESSENGER_PAGE = "104455667788990";

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Inside the runtime child: connects a WhatsApp number and a Messenger page (as the channel settings
 * would), then serves GET /stored?since=<epoch ms> on 127.0.0.1:`port`: the billing subscribers and
 * the inbound Meta messages stored since then, each as [external id, stored at (epoch ms)], and the
 * queue's depth. The bench process shares the clock, so stored-at minus sent-at is the ingest latency.
 * POST /agents?n=K creates K support agents and signs each in: their bearer tokens, for the live bench.
 */
export async function startStats(port: number): Promise<void> {
  await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values([
        { kind: "whatsapp", name: "Bench WhatsApp", externalAccountId: BENCH_WHATSAPP_NUMBER },
        { kind: "messenger", name: "Bench page", externalAccountId: BENCH_MESSENGER_PAGE },
      ])
      .onConflictDoNothing(),
  );
  let agents = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/agents") {
      const n = Math.min(500, Number(url.searchParams.get("n") ?? 1));
      const password = `bench-${randomBytes(12).toString("base64url")}`;
      const tokens: string[] = [];
      withActor({ type: "system", properties: { job: "bench" } }, async () => {
        for (let i = 0; i < n; i++) {
          const email = `live-agent-${++agents}@bench.example`;
          await Auth.createUser({ email, password, displayName: `Live agent ${agents}`, roles: ["support"] });
          // The login verb itself (the route's per-IP sign-in limit would stop one client signing in K agents).
          const session = await Auth.login({ email, password });
          if (!("accessToken" in session) || !session.accessToken) throw new Error(`${email}: no access token`);
          tokens.push(session.accessToken);
        }
      }).then(
        () => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ tokens })),
        (error: Error) => res.writeHead(500).end(error.message),
      );
      return;
    }
    if (url.pathname !== "/stored") return void res.writeHead(404).end();
    const since = new Date(Number(url.searchParams.get("since") ?? 0));
    useTransaction(async (tx) => {
      const subscribers = rows<{ k: string; at: number }>(
        await tx.execute(sql`select external_id as k, (extract(epoch from created_at) * 1000)::float8 as at
          from subscriber where created_at >= ${since}`),
      );
      const messages = rows<{ k: string; at: number; kind: string }>(
        await tx.execute(sql`select m.external_id as k, (extract(epoch from m.created_at) * 1000)::float8 as at,
            c.kind from inbox_message m join inbox_channel c on c.id = m.channel_id
          where m.created_at >= ${since} and m.direction = 'inbound' and m.external_id is not null`),
      );
      const [queue] = rows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from queue_message`));
      return {
        subscribers: subscribers.map((r) => [r.k, Number(r.at)]),
        whatsapp: messages.filter((r) => r.kind === "whatsapp").map((r) => [r.k, Number(r.at)]),
        messenger: messages.filter((r) => r.kind === "messenger").map((r) => [r.k, Number(r.at)]),
        queued: queue?.n ?? 0,
      };
    }).then(
      (body) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)),
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((ready) => server.listen(port, "127.0.0.1", ready));
}
