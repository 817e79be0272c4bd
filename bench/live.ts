import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { WebSocket } from "ws";
import { startChild, waitForHealth } from "./children";
import type { InboxRuntime } from "./meta-ingest";
import { freePort, percentile, round, sleep } from "./util";

/**
 * Live fan-out on the local runtime: K WebSocket clients (the `ws` package), each a different support
 * agent signed in through the login verb, hold a connection opened with a one-time ticket and are subscribed
 * to one conversation (one the agents' access rule lets them see: no team yet); an agent adds a note through the
 * API (`POST /api/v1/inbox/conversations/{id}/notes`); timed from the request leaving to the last of
 * the K clients receiving the `message_new` event (the write, the outbox, the in-process bus, the
 * access check per recipient and the sends). Baseline, same run, interleaved: a bare `ws` server
 * (servers/ws-broadcast.ts) that broadcasts on POST /broadcast to K clients of its own.
 * BENCH_LIVE_CLIENTS (default 50) and BENCH_LIVE_MESSAGES (default 200) size it.
 */

export interface LiveOptions {
  quick: boolean;
  log: (line: string) => void;
}

interface Timing {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  samples: number;
}

export interface LiveResult {
  clients: number;
  messages: number;
  /** Request sent → the last of the K clients received the event. */
  product: { lastClient: Timing; firstClient: Timing; response: Timing };
  baseline: { lastClient: Timing; firstClient: Timing; response: Timing };
  ratios: { lastClientP50: number; lastClientP99: number };
  /** Events every client should have received and did (K × messages each side). */
  delivered: { product: number; baseline: number; expected: number };
}

const summarise = (samples: number[]): Timing => ({
  p50: round(percentile(samples, 50), 2),
  p90: round(percentile(samples, 90), 2),
  p99: round(percentile(samples, 99), 2),
  max: round(Math.max(...samples), 2),
  samples: samples.length,
});

/** K clients whose `message_new` arrival times are kept by message id. */
class Crowd {
  readonly sockets: WebSocket[] = [];
  private readonly arrivals = new Map<string, number[]>();
  private readonly waiters = new Map<string, () => void>();
  received = 0;

  constructor(private readonly size: number) {}

  async open(url: (i: number) => Promise<string>, subscribeTo?: string) {
    for (let i = 0; i < this.size; i++) {
      const ws = new WebSocket(await url(i));
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
        ws.once("unexpected-response", (_req, res) =>
          reject(new Error(`live upgrade refused: HTTP ${res.statusCode}`)),
        );
      });
      const subscribed = new Promise<void>((resolve, reject) => {
        ws.on("message", (data) => {
          const at = performance.now();
          const frame = JSON.parse(String(data)) as { event: string; data?: { messageId?: string }; message?: string };
          if (frame.event === "subscribed") resolve();
          else if (frame.event === "error") reject(new Error(`live error: ${frame.message}`));
          else if (frame.event === "message_new" && frame.data?.messageId) this.arrived(frame.data.messageId, at);
        });
      });
      if (subscribeTo) {
        ws.send(JSON.stringify({ action: "subscribe", topic: subscribeTo }));
        await subscribed;
      }
      this.sockets.push(ws);
    }
  }

  private arrived(id: string, at: number) {
    this.received++;
    const list = this.arrivals.get(id) ?? [];
    list.push(at);
    this.arrivals.set(id, list);
    if (list.length === this.size) this.waiters.get(id)?.();
  }

  /** Resolves with the arrival times once all K clients have the event (or rejects after `timeoutMs`). */
  async all(id: string, timeoutMs = 30_000): Promise<number[]> {
    if ((this.arrivals.get(id)?.length ?? 0) < this.size) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${this.arrivals.get(id)?.length ?? 0} of ${this.size} clients got ${id}`)),
          timeoutMs,
        );
        this.waiters.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.waiters.delete(id);
    const times = this.arrivals.get(id) ?? [];
    this.arrivals.delete(id);
    return times;
  }

  close() {
    for (const ws of this.sockets) ws.terminate();
  }
}

async function json<T>(res: Response, want: number, what: string): Promise<T> {
  if (res.status !== want) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function runLive(rt: InboxRuntime, options: LiveOptions): Promise<LiveResult> {
  const { log } = options;
  const clients = Number(process.env.BENCH_LIVE_CLIENTS ?? (options.quick ? 20 : 50));
  const messages = Number(process.env.BENCH_LIVE_MESSAGES ?? (options.quick ? 50 : 200));

  // The demo admin, signed in as the app client does (bearer token), and a conversation to talk in.
  const login = JSON.parse(await readFile(join(rt.dataDir, "demo-login.json"), "utf8")) as {
    email: string;
    password: string;
  };
  const session = await json<{ accessToken: string }>(
    await fetch(`${rt.origin}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-client": "app" },
      body: JSON.stringify(login),
    }),
    200,
    "login",
  );
  const auth = { authorization: `Bearer ${session.accessToken}` };
  // A WhatsApp conversation not yet routed to a team: every support agent may see it.
  const list = await json<{ items: { id: string; teamId: string | null }[] }>(
    await fetch(`${rt.origin}/api/v1/inbox/conversations?folder=all&channelKind=whatsapp&limit=50`, { headers: auth }),
    200,
    "conversation list",
  );
  const conversationId = list.items.find((c) => c.teamId === null)?.id;
  if (!conversationId)
    throw new Error("no unrouted WhatsApp conversation to talk in (the Meta ingest bench makes them)");

  const baselinePort = await freePort();
  const baselineChild = startChild("ws baseline", ["--import", "tsx", "bench/servers/ws-broadcast.ts"], {
    PORT: String(baselinePort),
  });
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;
  await waitForHealth(baselineChild, `${baselineOrigin}/api/health`, 30_000);

  const product = new Crowd(clients);
  const baseline = new Crowd(clients);
  try {
    // K agents, each signed in as the app client does; each client's ticket is its own agent's.
    const { tokens } = await json<{ tokens: string[] }>(
      await fetch(`${rt.statsOrigin}/agents?n=${clients}`, { method: "POST" }),
      201,
      "agents",
    );
    const liveUrl = async (i: number) => {
      const ticket = await json<{ ticket: string }>(
        await fetch(`${rt.origin}/api/v1/live/tickets`, {
          method: "POST",
          headers: { authorization: `Bearer ${tokens[i]}` },
        }),
        201,
        "live ticket",
      );
      return `${rt.origin.replace(/^http/, "ws")}/live?ticket=${encodeURIComponent(ticket.ticket)}`;
    };
    await product.open(liveUrl, `conversation:${conversationId}`);
    await baseline.open(async () => `${baselineOrigin.replace(/^http/, "ws")}/`);
    log(`  ${clients} agents' clients subscribed to one conversation on the runtime, ${clients} on the bare ws server`);

    const note = async (i: number) => {
      const started = performance.now();
      const res = await fetch(`${rt.origin}/api/v1/inbox/conversations/${conversationId}/notes`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ body: `Bench note ${i}: checking the line from the NOC` }),
      });
      const { id } = await json<{ id: string }>(res, 201, "note");
      const answered = performance.now();
      const times = await product.all(id);
      return { started, answered, times };
    };
    const broadcast = async (i: number) => {
      const started = performance.now();
      const id = `bench-${i}`;
      const res = await fetch(`${baselineOrigin}/broadcast`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messageId: id, conversationId }),
      });
      await json(res, 201, "broadcast");
      const answered = performance.now();
      const times = await baseline.all(id);
      return { started, answered, times };
    };

    const warmup = options.quick ? 5 : 20;
    for (let i = 0; i < warmup; i++) {
      await note(-i - 1);
      await broadcast(-i - 1);
    }
    product.received = 0;
    baseline.received = 0;
    const samples = {
      product: { last: [] as number[], first: [] as number[], response: [] as number[] },
      baseline: { last: [] as number[], first: [] as number[], response: [] as number[] },
    };
    log(`  ${messages} notes and ${messages} bare broadcasts, interleaved, one at a time`);
    for (let i = 0; i < messages; i++) {
      for (const [side, run] of [
        ["product", note],
        ["baseline", broadcast],
      ] as const) {
        const { started, answered, times } = await run(i);
        samples[side].last.push(Math.max(...times) - started);
        samples[side].first.push(Math.min(...times) - started);
        samples[side].response.push(answered - started);
      }
      // A breath between rounds, as notes come from people: the previous round's afterwork (outbox marks) settles.
      await sleep(5);
    }
    const p = {
      lastClient: summarise(samples.product.last),
      firstClient: summarise(samples.product.first),
      response: summarise(samples.product.response),
    };
    const b = {
      lastClient: summarise(samples.baseline.last),
      firstClient: summarise(samples.baseline.first),
      response: summarise(samples.baseline.response),
    };
    return {
      clients,
      messages,
      product: p,
      baseline: b,
      ratios: {
        lastClientP50: round(p.lastClient.p50 / b.lastClient.p50),
        lastClientP99: round(p.lastClient.p99 / b.lastClient.p99),
      },
      delivered: { product: product.received, baseline: baseline.received, expected: clients * messages },
    };
  } finally {
    product.close();
    baseline.close();
    await baselineChild.stop();
  }
}

/** The rows of this bench in run.ts's summary table: [measure, baseline, product, ratio, target, met?]. */
export function liveRows(r: LiveResult): [string, string, string, string, string, string][] {
  const ms = (n: number) => n.toFixed(2);
  return [
    [
      `live fan-out to ${r.clients} clients, last client p50 (ms)`,
      ms(r.baseline.lastClient.p50),
      ms(r.product.lastClient.p50),
      `${r.ratios.lastClientP50}×`,
      "(info)",
      "",
    ],
    [
      `live fan-out to ${r.clients} clients, last client p99 (ms)`,
      ms(r.baseline.lastClient.p99),
      ms(r.product.lastClient.p99),
      `${r.ratios.lastClientP99}×`,
      "(info)",
      "",
    ],
    [
      "live first client p50 / note answered p50 (ms)",
      `${ms(r.baseline.firstClient.p50)} / ${ms(r.baseline.response.p50)}`,
      `${ms(r.product.firstClient.p50)} / ${ms(r.product.response.p50)}`,
      "",
      "(info)",
      "",
    ],
    [
      "live events delivered (all clients, all messages)",
      `${r.delivered.baseline}/${r.delivered.expected}`,
      `${r.delivered.product}/${r.delivered.expected}`,
      "",
      "all",
      r.delivered.product === r.delivered.expected ? "met" : "NOT MET",
    ],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { formatJson } = await import("./util");
  const { repoRoot, stopAll } = await import("./children");
  const { startInboxRuntime, runMetaIngest } = await import("./meta-ingest");
  const quick = process.argv.includes("--quick");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const rt = await startInboxRuntime(log);
  try {
    // A few deliveries so there is a conversation to talk in.
    await runMetaIngest(rt, { connections: 2, deliveries: 5, warmup: 0, log: () => undefined });
    const result = await runLive(rt, { quick, log });
    for (const row of liveRows(result)) log(row.join("  |  "));
    await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
    await writeFile(join(repoRoot, "bench", "results", "live.json"), formatJson({ startedAt, quick, ...result }));
    log("Wrote bench/results/live.json");
  } finally {
    await rt.stop();
    await stopAll();
  }
  process.exit(0);
}
