import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon, { type RequestSpec, type Result } from "autocannon";
import { Webhook } from "standardwebhooks";
import { type Child, startChild, waitForHealth } from "./children";
import { subscriberPayload } from "./ingest";
import { BENCH_MESSENGER_PAGE, BENCH_WHATSAPP_NUMBER } from "./servers/inbox-stats";
import { freePort, percentile, round, sleep } from "./util";

/**
 * Meta webhook ingest against the billing webhook on the same runtime, same run: signed WhatsApp
 * (`/webhooks/whatsapp`) and Messenger (`/webhooks/meta`) deliveries, every one a new message (its own
 * wamid / mid, from one of 500 senders), through the webhook route, the spool, the queue and the
 * consumer to a stored `inbox_message`; the billing path the same way to a stored subscriber (every
 * record a new external id). Measured: accepted req/s and p99 at the route (autocannon, C connections,
 * N deliveries per path after a warm-up of 50; BENCH_META_DELIVERIES, default 200), and end to end, from the moment each request was built to the moment its row was
 * stored (the runtime's clock is this machine's): p50/p99 and stored rows per second until the backlog
 * is drained. Standalone: `tsx bench/meta-ingest.ts [--quick]`.
 */

export interface MetaIngestOptions {
  connections: number;
  /** Deliveries per path (each a new message), sent as fast as the route accepts them. */
  deliveries: number;
  /** Deliveries per path before the timed ones (default 50). */
  warmup?: number;
  log: (line: string) => void;
}

export type IngestPath = "billing" | "whatsapp" | "messenger";

export interface PathRun {
  path: IngestPath;
  route: string;
  bodyBytes: number;
  accepted: number;
  non2xx: number;
  errors: number;
  /** Accepted requests per second at the route while the consumer works behind it. */
  requestsPerSecond: number;
  routeLatencyMs: { p50: number; p99: number };
  /** Rows stored of those accepted; every accepted request must end as one. */
  stored: number;
  /** Stored rows per second, from the first request to the last row stored (the backlog drained). */
  storedPerSecond: number;
  /** Request built → row stored. */
  endToEndMs: { p50: number; p90: number; p99: number; max: number };
  drainSeconds: number;
}

export interface MetaIngestResult {
  connections: number;
  deliveries: number;
  checks: Record<string, number>;
  billing: PathRun;
  whatsapp: PathRun;
  messenger: PathRun;
  ratios: {
    whatsappAcceptedVsBilling: number;
    messengerAcceptedVsBilling: number;
    whatsappStoredVsBilling: number;
    messengerStoredVsBilling: number;
    whatsappE2eP99VsBilling: number;
    messengerE2eP99VsBilling: number;
  };
  allStored: boolean;
}

const UNTHROTTLED = { WEBHOOK_RATE_LIMIT_BURST: "1000000000", WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000000" };

/** The local runtime child with Meta channels connected and a stats port (servers/inbox-stats.ts). */
export interface InboxRuntime {
  child: Child;
  origin: string;
  statsOrigin: string;
  dataDir: string;
  secrets: { billing: string; whatsapp: string; meta: string };
  stop(): Promise<void>;
}

/** `env` adds to the child's environment (e.g. BENCH_CPU_PROF_DIR for a profile of the consumer). */
export async function startInboxRuntime(
  log: (line: string) => void,
  env: Record<string, string> = {},
): Promise<InboxRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-inbox-rt-"));
  const port = await freePort();
  const statsPort = await freePort();
  const secrets = {
    billing: `whsec_${randomBytes(32).toString("base64")}`,
    whatsapp: randomBytes(16).toString("hex"),
    meta: randomBytes(16).toString("hex"),
  };
  const started = performance.now();
  const child = startChild("inbox runtime", ["--import", "tsx", "bench/servers/runtime.ts"], {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    BILLING_WEBHOOK_SECRETS: secrets.billing,
    META_WHATSAPP_APP_SECRETS: secrets.whatsapp,
    META_APP_SECRETS: secrets.meta,
    BENCH_STATS_PORT: String(statsPort),
    LOG_LEVEL: "warn",
    ...UNTHROTTLED,
    ...env,
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${origin}/api/health`, 180_000);
  log(`  runtime (PGlite) healthy ${((performance.now() - started) / 1000).toFixed(1)} s after spawn`);
  return {
    child,
    origin,
    statsOrigin: `http://127.0.0.1:${statsPort}`,
    dataDir,
    secrets,
    async stop() {
      await child.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const hub = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** One new delivery on a path: its body, headers and the external id its stored row will carry. */
function delivery(
  path: IngestPath,
  secrets: InboxRuntime["secrets"],
): { key: string; body: string; headers: Record<string, string> } {
  const sender = 1000 + Math.floor(Math.random() * 500);
  if (path === "billing") {
    const key = `bil_${randomUUID()}`;
    const record = JSON.parse(subscriberPayload()) as { data: Record<string, unknown> };
    record.data.external_id = key;
    const body = JSON.stringify(record);
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    return {
      key,
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": new Webhook(secrets.billing).sign(id, now, body),
      },
    };
  }
  if (path === "whatsapp") {
    const key = `wamid.${randomBytes(24).toString("base64url")}`;
    const from = `23480312${sender}`;
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550783881", phone_number_id: BENCH_WHATSAPP_NUMBER },
                contacts: [{ profile: { name: `Customer ${sender}` }, wa_id: from }],
                messages: [
                  {
                    from,
                    id: key,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: "text",
                    text: { body: "My internet has been down since 9am, the ONT light is red. Can someone check?" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    return {
      key,
      body,
      headers: { "content-type": "application/json", "x-hub-signature-256": hub(secrets.whatsapp, body) },
    };
  }
  const key = `m_${randomBytes(24).toString("base64url")}`;
  const now = Date.now();
  const body = JSON.stringify({
    object: "page",
    entry: [
      {
        id: BENCH_MESSENGER_PAGE,
        time: now,
        messaging: [
          {
            sender: { id: `69345123456${sender}` },
            recipient: { id: BENCH_MESSENGER_PAGE },
            timestamp: now,
            message: { mid: key, text: "Is there an outage in Lekki? My fibre has been down since the storm." },
          },
        ],
      },
    ],
  });
  return { key, body, headers: { "content-type": "application/json", "x-hub-signature-256": hub(secrets.meta, body) } };
}

const ROUTES: Record<IngestPath, string> = {
  billing: "/webhooks/billing/subscribers",
  whatsapp: "/webhooks/whatsapp",
  messenger: "/webhooks/meta",
};

type Stored = Record<"subscribers" | "whatsapp" | "messenger", [string, number][]> & { queued: number };

async function stored(rt: InboxRuntime, since: number): Promise<Stored> {
  const res = await fetch(`${rt.statsOrigin}/stored?since=${since}`);
  if (!res.ok) throw new Error(`stats: ${res.status} ${await res.text()}`);
  return (await res.json()) as Stored;
}
const storedOf = (s: Stored, path: IngestPath) => (path === "billing" ? s.subscribers : s[path]);

async function post(rt: InboxRuntime, path: IngestPath, body: string, headers: Record<string, string>) {
  const res = await fetch(`${rt.origin}${ROUTES[path]}`, { method: "POST", body, headers });
  await res.arrayBuffer();
  return res.status;
}

export async function runPath(
  rt: InboxRuntime,
  path: IngestPath,
  options: Pick<MetaIngestOptions, "connections" | "deliveries">,
): Promise<PathRun> {
  const since = Date.now() - 5;
  const sent = new Map<string, number>();
  let bodyBytes = 0;
  const times: number[] = [];
  const instance = autocannon({
    url: `${rt.origin}${ROUTES[path]}`,
    method: "POST",
    connections: options.connections,
    pipelining: 1,
    amount: options.deliveries,
    timeout: 10,
    renderProgressBar: false,
    renderResultsTable: false,
    requests: [
      {
        method: "POST",
        setupRequest: (request: RequestSpec) => {
          const d = delivery(path, rt.secrets);
          sent.set(d.key, Date.now());
          bodyBytes = Buffer.byteLength(d.body);
          return { ...request, body: d.body, headers: { ...request.headers, ...d.headers } };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const result = (await instance) as Result;
  const accepted = result["2xx"];
  // Wait for the consumer to store every accepted delivery (requests cut off by the stop may add a few).
  const drainStarted = performance.now();
  let rows = storedOf(await stored(rt, since), path);
  let mine = rows.filter(([k]) => sent.has(k));
  while (mine.length < accepted && performance.now() - drainStarted < 180_000) {
    await sleep(250);
    rows = storedOf(await stored(rt, since), path);
    mine = rows.filter(([k]) => sent.has(k));
  }
  const drainSeconds = round((performance.now() - drainStarted) / 1000, 1);
  const latencies = mine.map(([k, at]) => at - (sent.get(k) ?? at));
  const first = Math.min(...sent.values());
  const last = Math.max(...mine.map(([, at]) => at));
  return {
    path,
    route: ROUTES[path],
    bodyBytes,
    accepted,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requestsPerSecond: round(result.requests.average, 1),
    routeLatencyMs: { p50: round(percentile(times, 50), 2), p99: round(percentile(times, 99), 2) },
    stored: mine.length,
    storedPerSecond: Math.round(mine.length / ((last - first) / 1000)),
    endToEndMs: {
      p50: round(percentile(latencies, 50), 1),
      p90: round(percentile(latencies, 90), 1),
      p99: round(percentile(latencies, 99), 1),
      max: round(percentile(latencies, 100), 1),
    },
    drainSeconds,
  };
}

export async function runMetaIngest(rt: InboxRuntime, options: MetaIngestOptions): Promise<MetaIngestResult> {
  const { log } = options;
  // Pre-flight: each path accepts a signed delivery and stores it; a bad signature is refused.
  const checks: Record<string, number> = {};
  const since = Date.now() - 5;
  const keys: Record<IngestPath, string> = { billing: "", whatsapp: "", messenger: "" };
  for (const path of ["billing", "whatsapp", "messenger"] as const) {
    const d = delivery(path, rt.secrets);
    keys[path] = d.key;
    checks[path] = await post(rt, path, d.body, d.headers);
    const forged =
      path === "billing"
        ? { ...d.headers, "webhook-signature": new Webhook(rt.secrets.billing).sign("msg_other", new Date(), d.body) }
        : { ...d.headers, "x-hub-signature-256": hub("not-the-secret", d.body) };
    checks[`${path}BadSignature`] = await post(rt, path, d.body, forged);
  }
  const want = { billing: 202, whatsapp: 200, messenger: 200 };
  for (const path of ["billing", "whatsapp", "messenger"] as const) {
    if (checks[path] !== want[path] || checks[`${path}BadSignature`] !== 401) {
      throw new Error(`pre-flight failed: ${JSON.stringify(checks)}\n${rt.child.output()}`);
    }
  }
  for (let i = 0; ; i++) {
    const s = await stored(rt, since);
    const done = (["billing", "whatsapp", "messenger"] as const).every((p) =>
      storedOf(s, p).some(([k]) => k === keys[p]),
    );
    if (done) break;
    if (i > 240) throw new Error(`pre-flight deliveries were not stored within 60 s\n${rt.child.output()}`);
    await sleep(250);
  }
  log("  pre-flight: signed → 202 / 200 / 200 and stored; bad signatures → 401");

  // Warm-up: each path's route and consumer code compiled and its caches filled before anything is timed.
  for (const path of ["billing", "whatsapp", "messenger"] as const) {
    const warmup = options.warmup ?? 50;
    if (warmup > 0) await runPath(rt, path, { connections: options.connections, deliveries: warmup });
  }
  const runs: Partial<Record<IngestPath, PathRun>> = {};
  for (const path of ["billing", "whatsapp", "messenger"] as const) {
    log(`  ${path}: ${options.deliveries} new deliveries on ${options.connections} connections, until all are stored…`);
    const run = await runPath(rt, path, options);
    runs[path] = run;
    log(
      `    ${run.requestsPerSecond} req/s accepted (p99 ${run.routeLatencyMs.p99} ms), ${run.stored}/${run.accepted} stored ` +
        `at ${run.storedPerSecond}/s, request → stored p50 ${run.endToEndMs.p50} ms p99 ${run.endToEndMs.p99} ms`,
    );
  }
  const billing = runs.billing as PathRun;
  const whatsapp = runs.whatsapp as PathRun;
  const messenger = runs.messenger as PathRun;
  return {
    connections: options.connections,
    deliveries: options.deliveries,
    checks,
    billing,
    whatsapp,
    messenger,
    ratios: {
      whatsappAcceptedVsBilling: round(whatsapp.requestsPerSecond / billing.requestsPerSecond, 3),
      messengerAcceptedVsBilling: round(messenger.requestsPerSecond / billing.requestsPerSecond, 3),
      whatsappStoredVsBilling: round(whatsapp.storedPerSecond / billing.storedPerSecond, 3),
      messengerStoredVsBilling: round(messenger.storedPerSecond / billing.storedPerSecond, 3),
      whatsappE2eP99VsBilling: round(whatsapp.endToEndMs.p99 / billing.endToEndMs.p99, 3),
      messengerE2eP99VsBilling: round(messenger.endToEndMs.p99 / billing.endToEndMs.p99, 3),
    },
    allStored: [billing, whatsapp, messenger].every((r) => r.stored >= r.accepted && r.non2xx === 0),
  };
}

/** The rows of this bench in run.ts's summary table: [measure, baseline, product, ratio, target, met?]. */
export function metaIngestRows(r: MetaIngestResult): [string, string, string, string, string, string][] {
  const n = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
  const rows: [string, string, string, string, string, string][] = [];
  for (const p of ["whatsapp", "messenger"] as const) {
    const m = r[p];
    const b = r.billing;
    rows.push(
      [
        `meta ${p} accepted req/s vs billing (${r.deliveries} × ${r.connections} conn)`,
        n(b.requestsPerSecond),
        n(m.requestsPerSecond),
        `${r.ratios[`${p}AcceptedVsBilling`]}×`,
        "(info)",
        "",
      ],
      [
        `meta ${p} stored/s vs billing stored/s`,
        n(b.storedPerSecond),
        n(m.storedPerSecond),
        `${r.ratios[`${p}StoredVsBilling`]}×`,
        "(info)",
        "",
      ],
      [
        `meta ${p} request → stored p50 / p99 (ms)`,
        `${b.endToEndMs.p50} / ${b.endToEndMs.p99}`,
        `${m.endToEndMs.p50} / ${m.endToEndMs.p99}`,
        `${r.ratios[`${p}E2eP99VsBilling`]}×`,
        "(info)",
        "",
      ],
    );
  }
  rows.push([
    "meta + billing: every accepted delivery stored, no non-2xx",
    `${r.billing.stored}/${r.billing.accepted}`,
    `${r.whatsapp.stored}/${r.whatsapp.accepted}, ${r.messenger.stored}/${r.messenger.accepted}`,
    "",
    "all",
    r.allStored ? "met" : "NOT MET",
  ]);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { formatJson } = await import("./util");
  const { repoRoot, stopAll } = await import("./children");
  const quick = process.argv.includes("--quick");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const rt = await startInboxRuntime(log);
  try {
    const deliveries = Number(process.env.BENCH_META_DELIVERIES ?? (quick ? 100 : 200));
    const result = await runMetaIngest(rt, { connections: 10, deliveries, log });
    for (const row of metaIngestRows(result)) log(row.join("  |  "));
    await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
    await writeFile(
      join(repoRoot, "bench", "results", "meta-ingest.json"),
      formatJson({ startedAt, quick, ...result }),
    );
    log("Wrote bench/results/meta-ingest.json");
  } finally {
    await rt.stop();
    await stopAll();
  }
  process.exit(0);
}
