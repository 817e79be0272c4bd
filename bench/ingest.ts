import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon, { type Result } from "autocannon";
import { Webhook } from "standardwebhooks";
import { type Child, signalAndWait, startChild, waitForHealth, waitForMarker } from "./children";
import { type ProfileSummary, summariseProfile } from "./profile";
import { freePort, percentile, round } from "./util";

/**
 * Webhook ingest of the local runtime vs two node:http baselines: bare (drain and answer) and durable
 * (answer once the body is appended and fdatasync'd with group commit, on the same disk as the
 * runtime's PGlite). All in child processes, loaded by autocannon from this process with the same
 * body, headers, connections and duration. Standalone: `tsx bench/ingest.ts [--quick]`.
 */

export interface IngestOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Diagnostics: a CPU profile of the runtime under load, and the decomposition runs below. */
  diagnose: boolean;
  log: (line: string) => void;
}

export interface Measurement {
  server: string;
  requestsPerSecond: number;
  completed: number;
  /** Exact percentiles (ms) from every response time autocannon reported, not its 1 ms-bucket histogram. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** autocannon's own p99 (integer ms buckets), for reference. */
  autocannonP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface IngestResult {
  path: string;
  bodyBytes: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  runtimeReadyMs: number;
  checks: { signed: number; badSignature: number; baseline: number; durable: number };
  baseline: Measurement;
  /** node:http answering after a group-committed, fdatasync'd append: the physical floor of a durable 202. */
  durableBaseline: Measurement;
  runtime: Measurement;
  throughputRatio: number;
  p99Ratio: number;
  /** Runtime req/s over the durable baseline's (target ≥ 0.5), and p99 over its p99 (info). */
  durableThroughputRatio: number;
  durableP99Ratio: number;
  targets: {
    throughputRatio: { target: string; met: boolean };
    p99Ratio: { target: string; met: boolean };
    durableThroughputRatio: { target: string; met: boolean };
  };
  non2xxTotal: number;
  /** --diagnose only: a CPU profile of the runtime child during its measured load (boot excluded). */
  runtimeProfile?: ProfileSummary;
  /** --diagnose only: the runtime again after its queue poller was stopped, i.e. verify + enqueue alone. */
  runtimeConsumerPaused?: Measurement;
  /** --diagnose only: the rungs of servers/hono-ladder.ts (plain Hono, baseApp, createWebhookApp without a database). */
  ladder?: Measurement[];
}

const PATH = "/webhooks/billing/subscribers";
// One load generator is one client IP: the per-IP webhook limit is lifted to measure verify + enqueue.
const UNTHROTTLED = { WEBHOOK_RATE_LIMIT_BURST: "1000000000", WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000000" };

/** A realistic ~1 KB billing record; fields the sync schema does not know are stripped by the consumer. */
export function subscriberPayload(): string {
  const n = 100_000 + Math.floor(Math.random() * 900_000);
  return JSON.stringify({
    type: "subscriber.upserted",
    data: {
      external_id: `bil_${randomUUID()}`,
      subscriber_number: `SUB-${n}`,
      account_number: `ACC-2026-${n}`,
      status: "active",
      plan: { name: "Fibre 100", speed: "100/50 Mbps", code: "FIB-100-UNL", billing_cycle: "monthly" },
      service_address: {
        line1: "14 Admiralty Way, Block C, Flat 3",
        line2: "Off Ligali Ayorinde Street, Lekki Phase 1",
        city: "Lagos",
        region: "Lagos State",
        postal_code: "106104",
        country: "NG",
      },
      contact: {
        name: "Adaeze Okonkwo-Bello",
        email: "adaeze.okonkwo@example.ng",
        phone: "+2348031234567",
        preferred_channel: "whatsapp",
      },
      balance: { amount_minor: 2_450_000, currency: "NGN", due_at: "2026-12-01T00:00:00Z" },
      devices: [
        { kind: "ont", serial: "ZTEGC8A1B2C3", model: "ZTE F670L" },
        { kind: "router", serial: "TPL-9F8E7D6C", model: "TP-Link Archer C6" },
      ],
      tags: ["residential", "fibre", "lekki-pop-2"],
      updated_at: new Date().toISOString(),
    },
  });
}

function signedHeaders(secret: string, body: string): Record<string, string> {
  const id = `msg_${randomUUID()}`;
  const now = new Date();
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, now, body),
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

async function load(
  server: Measurement["server"],
  url: string,
  body: string,
  headers: Record<string, string>,
  options: IngestOptions,
): Promise<Measurement> {
  let times = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({
    url,
    method: "POST",
    body,
    headers,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 10,
    warmup: { connections: options.connections, duration: options.warmupSeconds },
    renderProgressBar: false,
    renderResultsTable: false,
  });
  // Fires for the measured run only (the warm-up has its own tracker).
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (count === times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[count++] = ms;
  });
  const result = (await instance) as Result & { warmup?: Result };
  const measured = times.subarray(0, count);
  const warmupNon2xx = result.warmup?.non2xx ?? 0;
  return {
    server,
    requestsPerSecond: round(result.requests.average, 1),
    completed: count,
    latencyMs: {
      p50: round(percentile(measured, 50), 3),
      p90: round(percentile(measured, 90), 3),
      p99: round(percentile(measured, 99), 3),
      max: round(percentile(measured, 100), 3),
    },
    autocannonP99Ms: result.latency.p99,
    non2xx: result.non2xx + warmupNon2xx,
    errors: result.errors + (result.warmup?.errors ?? 0),
    timeouts: result.timeouts + (result.warmup?.timeouts ?? 0),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

/** The children, started early so the runtime boots (PGlite, migrations, seed) while the bench builds bundles. */
export interface IngestServers {
  runtime: Child;
  baseline: Child;
  durable: Child;
  /** --diagnose only: servers/hono-ladder.ts in each mode. */
  ladder: { label: string; child: Child; origin: string }[];
  runtimeOrigin: string;
  baselineOrigin: string;
  durableOrigin: string;
  secret: string;
  diagnose: boolean;
  /** Where the runtime writes its load profile (BENCH_CPU_PROF_DIR) under --diagnose. */
  profileDir: string;
  startedAt: number;
  cleanup(): Promise<void>;
}

export async function startIngestServers(options: { diagnose: boolean }): Promise<IngestServers> {
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-data-"));
  const profDir = await mkdtemp(join(tmpdir(), "dotmac-bench-prof-"));
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const runtimePort = await freePort();
  const baselinePort = await freePort();
  const durablePort = await freePort();
  const tsx = ["--import", "tsx"];
  const startedAt = performance.now();
  const runtime = startChild("runtime", [...tsx, "bench/servers/runtime.ts"], {
    DATA_DIR: dataDir,
    PORT: String(runtimePort),
    HOST: "127.0.0.1",
    BILLING_WEBHOOK_SECRETS: secret,
    LOG_LEVEL: "warn",
    ...UNTHROTTLED,
    ...(options.diagnose ? { BENCH_CPU_PROF_DIR: profDir } : {}),
  });
  const baseline = startChild("baseline", [...tsx, "bench/servers/baseline.ts"], { PORT: String(baselinePort) });
  // Its file sits in the same temp directory as the runtime's data: the same disk, the same fdatasync.
  const durable = startChild("durable baseline", [...tsx, "bench/servers/baseline.ts"], {
    PORT: String(durablePort),
    MODE: "durable",
    APPEND_FILE: join(dataDir, "durable-baseline.log"),
  });
  const rungs = [
    ["hono", "plain Hono on node-server"],
    ["base", "+ baseApp() middleware"],
    ["limit", "+ bodyLimit on the route"],
    ["webhook", "createWebhookApp(), no database"],
  ] as const;
  const ladder: IngestServers["ladder"] = [];
  for (const [mode, label] of options.diagnose ? rungs : []) {
    const port = await freePort();
    const env = { MODE: mode, PORT: String(port), BILLING_WEBHOOK_SECRETS: secret, LOG_LEVEL: "warn", ...UNTHROTTLED };
    const child = startChild(`ladder ${mode}`, [...tsx, "bench/servers/hono-ladder.ts"], env);
    ladder.push({ label, child, origin: `http://127.0.0.1:${port}` });
  }
  const children = [runtime, baseline, durable, ...ladder.map((l) => l.child)];
  return {
    runtime,
    baseline,
    durable,
    ladder,
    runtimeOrigin: `http://127.0.0.1:${runtimePort}`,
    baselineOrigin: `http://127.0.0.1:${baselinePort}`,
    durableOrigin: `http://127.0.0.1:${durablePort}`,
    secret,
    diagnose: options.diagnose,
    profileDir: profDir,
    startedAt,
    async cleanup() {
      await Promise.all(children.map((c) => c.stop()));
      await rm(dataDir, { recursive: true, force: true });
      await rm(profDir, { recursive: true, force: true });
    },
  };
}

export async function runIngest(servers: IngestServers, options: IngestOptions): Promise<IngestResult> {
  const { runtime, baseline, durable, runtimeOrigin, baselineOrigin, durableOrigin, secret } = servers;
  options.log("  waiting for the runtime (PGlite: migrate + seed) and the baseline to answer GET /api/health…");
  await Promise.all([
    waitForHealth(runtime, `${runtimeOrigin}/api/health`, 120_000),
    waitForHealth(baseline, `${baselineOrigin}/api/health`, 30_000),
    waitForHealth(durable, `${durableOrigin}/api/health`, 30_000),
  ]);
  const runtimeReadyMs = performance.now() - servers.startedAt;
  options.log(`  runtime healthy ${(runtimeReadyMs / 1000).toFixed(1)} s after spawn`);

  const body = subscriberPayload();
  // One signed request, replayed for the whole run: valid for 5 minutes, deduped later by the consumer.
  const headers = signedHeaders(secret, body);
  const tampered = { ...headers, "webhook-signature": new Webhook(secret).sign("msg_other", new Date(), body) };
  const checks = {
    signed: await post(`${runtimeOrigin}${PATH}`, body, headers),
    badSignature: await post(`${runtimeOrigin}${PATH}`, body, tampered),
    baseline: await post(`${baselineOrigin}${PATH}`, body, headers),
    durable: await post(`${durableOrigin}${PATH}`, body, headers),
  };
  if (checks.signed !== 202 || checks.badSignature !== 401 || checks.baseline !== 202 || checks.durable !== 202) {
    throw new Error(
      `pre-flight failed: signed → ${checks.signed} (want 202), bad signature → ${checks.badSignature} (want 401), ` +
        `baseline → ${checks.baseline} (want 202)\n${runtime.output()}`,
    );
  }
  options.log("  pre-flight: signed → 202, bad signature → 401, baselines → 202");

  const total = options.warmupSeconds + options.durationSeconds;
  options.log(`  baseline: ${options.connections} connections, ${total} s (${options.warmupSeconds} s warm-up)…`);
  const base = await load("baseline", `${baselineOrigin}${PATH}`, body, headers, options);
  options.log(`  durable baseline (append + fdatasync, group commit): ${options.connections} connections, ${total} s…`);
  const durableBase = await load("durable baseline", `${durableOrigin}${PATH}`, body, headers, options);
  options.log(`  runtime:  ${options.connections} connections, ${total} s (${options.warmupSeconds} s warm-up)…`);
  if (servers.diagnose) await signalAndWait(runtime, "SIGUSR2", "PROFILING");
  const run = await load("runtime", `${runtimeOrigin}${PATH}`, body, headers, options);

  let runtimeProfile: ProfileSummary | undefined;
  let runtimeConsumerPaused: Measurement | undefined;
  const ladder: Measurement[] = [];
  if (servers.diagnose) {
    await signalAndWait(runtime, "SIGUSR2", "PROFILE WRITTEN", 30_000);
    const file = (await readdir(servers.profileDir)).find((f) => f.endsWith(".cpuprofile"));
    if (file) runtimeProfile = summariseProfile(join(servers.profileDir, file));
    await signalAndWait(runtime, "SIGHUP", "POLLER STOPPED", 30_000);
    options.log("  runtime again with its queue poller stopped (verify + enqueue only)…");
    runtimeConsumerPaused = await load("runtime, consumer paused", `${runtimeOrigin}${PATH}`, body, headers, options);
    for (const rung of servers.ladder) {
      await waitForMarker(rung.child, "READY", 30_000);
      const url = `${rung.origin}${PATH}`;
      const check = await post(url, body, headers);
      if (check !== 202) throw new Error(`${rung.label}: pre-flight → ${check}:\n${rung.child.output()}`);
      options.log(`  ${rung.label}…`);
      ladder.push(await load(rung.label, url, body, headers, options));
    }
  }

  const throughputRatio = round(run.requestsPerSecond / base.requestsPerSecond, 3);
  const p99Ratio = round(run.latencyMs.p99 / base.latencyMs.p99, 3);
  const durableThroughputRatio = round(run.requestsPerSecond / durableBase.requestsPerSecond, 3);
  const durableP99Ratio = round(run.latencyMs.p99 / durableBase.latencyMs.p99, 3);
  return {
    path: PATH,
    bodyBytes: Buffer.byteLength(body),
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    runtimeReadyMs: Math.round(runtimeReadyMs),
    checks,
    baseline: base,
    durableBaseline: durableBase,
    runtime: run,
    throughputRatio,
    p99Ratio,
    durableThroughputRatio,
    durableP99Ratio,
    targets: {
      throughputRatio: { target: "≥ 0.6", met: throughputRatio >= 0.6 },
      p99Ratio: { target: "≤ 2", met: p99Ratio <= 2 },
      durableThroughputRatio: { target: "≥ 0.5", met: durableThroughputRatio >= 0.5 },
    },
    non2xxTotal: base.non2xx + durableBase.non2xx + run.non2xx,
    ...(runtimeProfile ? { runtimeProfile } : {}),
    ...(runtimeConsumerPaused ? { runtimeConsumerPaused } : {}),
    ...(ladder.length ? { ladder } : {}),
  };
}

/** The durable-baseline rows of run.ts's summary table: [measure, baseline, product, ratio, target, met?]. */
export function durableRows(r: IngestResult): [string, string, string, string, string, string][] {
  const met = (ok: boolean) => (ok ? "met" : "NOT MET");
  const d = r.durableBaseline;
  return [
    [
      "ingest req/s vs durable baseline (append+fdatasync)",
      d.requestsPerSecond.toLocaleString("en-US", { maximumFractionDigits: 0 }),
      r.runtime.requestsPerSecond.toLocaleString("en-US", { maximumFractionDigits: 0 }),
      `${r.durableThroughputRatio.toFixed(2)}`,
      r.targets.durableThroughputRatio.target,
      met(r.targets.durableThroughputRatio.met),
    ],
    [
      "ingest p50 / p99 vs durable baseline (ms)",
      `${d.latencyMs.p50.toFixed(2)} / ${d.latencyMs.p99.toFixed(2)}`,
      `${r.runtime.latencyMs.p50.toFixed(2)} / ${r.runtime.latencyMs.p99.toFixed(2)}`,
      `${r.durableP99Ratio.toFixed(2)}`,
      "(info)",
      "",
    ],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { formatJson } = await import("./util");
  const { repoRoot, stopAll } = await import("./children");
  const quick = process.argv.includes("--quick");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const diagnose = process.argv.includes("--diagnose");
  const settings = { connections: 10, durationSeconds: quick ? 3 : 10, warmupSeconds: quick ? 1 : 2, diagnose };
  const servers = await startIngestServers({ diagnose });
  try {
    const result = await runIngest(servers, { ...settings, log });
    const line = (m: Measurement) =>
      `  ${m.server.padEnd(18)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${m.latencyMs.p50.toFixed(2)} ms  p99 ${m.latencyMs.p99.toFixed(2)} ms  non-2xx ${m.non2xx}`;
    const extra = [...(result.runtimeConsumerPaused ? [result.runtimeConsumerPaused] : []), ...(result.ladder ?? [])];
    for (const m of [result.baseline, result.durableBaseline, result.runtime, ...extra]) log(line(m));
    for (const row of durableRows(result)) log(row.join("  |  "));
    await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
    await writeFile(join(repoRoot, "bench", "results", "ingest.json"), formatJson({ startedAt, quick, ...result }));
    log("Wrote bench/results/ingest.json");
  } finally {
    await servers.cleanup();
    await stopAll();
  }
  process.exit(0);
}
