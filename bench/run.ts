import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  type BundleInfo,
  buildBundles,
  type ImportTiming,
  importRatioTarget,
  measureColdImports,
  type PackageShare,
  profileImport,
} from "./bundles";
import { repoRoot, stopAll } from "./children";
import { type DispatchResult, dispatchRows, runDispatch } from "./dispatch";
import { type GanttResult, ganttRows, runGantt } from "./gantt";
import { type InboxResult, inboxRows, runInbox } from "./inbox";
import { durableRows, type IngestResult, runIngest, startIngestServers } from "./ingest";
import { type InventoryResult, inventoryRows, runInventory } from "./inventory";
import { type LambdaResult, lambdaRows, runWebhookLambda } from "./lambda";
import { type LiveResult, liveRows, runLive } from "./live";
import { type MetaIngestResult, metaIngestRows, runMetaIngest, startInboxRuntime } from "./meta-ingest";
import type { ProfileSummary } from "./profile";
import { type QuotePdfResult, quotePdfRows, runQuotePdf } from "./quote-pdf";
import { runSales, type SalesResult, salesRows } from "./sales";
import { runTickets, type TicketsResult, ticketRows } from "./tickets";
import { formatJson, kb } from "./util";

/**
 * `npm run bench`: webhook ingest vs bare node:http and vs a durable (fdatasync'd) append, Lambda
 * bundle sizes, cold import vs an empty module, the webhook Lambda handler with its SQS send vs a
 * sink. Every number that has a target is a ratio to a baseline measured in this run (bundle
 * sizes excepted: those are bytes of the cold-start path, i.e. the entry chunk and the chunks it
 * imports statically, as the infra bundles with code splitting). Flags: --quick (short smoke run);
 * --debug-chunks (list each handler's cold-path chunks and what is in them); --diagnose (alias --profile:
 * a CPU profile of the runtime under load, the runtime again with its consumer stopped, a ladder of
 * Hono servers between the baseline and the runtime (servers/hono-ladder.ts), CPU profiles of the
 * webhook/api imports; slower, for finding causes);
 * --connections=N --duration=S --warmup=S --runs=N.
 *
 * Names run a part only (`npm run bench -- inbox live`): ingest, bundles, lambda, imports, tickets, and
 * the omni-channel inbox's: inbox (list over 100k conversations / 1M messages, assignment throughput),
 * meta (WhatsApp/Messenger webhooks to stored messages vs the billing webhook), live (fan-out to K
 * WebSocket clients vs a bare ws broadcast); `issue11` = inbox meta live. A partial run writes
 * bench/results/partial.json, a full run latest.json; each inbox bench also writes its own file.
 */

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const num = (name: string, fallback: number) => {
  const raw = argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
};
const quick = flag("quick");
const names = argv
  .filter((a) => !a.startsWith("--"))
  .flatMap((a) => (a === "issue11" ? ["inbox", "meta", "live"] : [a]));
const known = [
  "ingest",
  "bundles",
  "lambda",
  "imports",
  "tickets",
  "inbox",
  "meta",
  "live",
  "inventory",
  "dispatch",
  "quote-pdf",
  "sales",
  "gantt",
];
for (const n of names) {
  if (!known.includes(n)) {
    console.error(`unknown bench '${n}': pick from ${known.join(", ")} or issue11`);
    process.exit(2);
  }
}
const selected = (name: string) => names.length === 0 || names.includes(name);
const settings = {
  connections: num("connections", 10),
  durationSeconds: num("duration", quick ? 3 : 10),
  warmupSeconds: num("warmup", quick ? 1 : 2),
  importRuns: num("runs", quick ? 5 : 15),
  diagnose: flag("diagnose") || flag("profile"),
  debugChunks: flag("debug-chunks"),
};
const log = (line: string) => process.stdout.write(`${line}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------

type Row = [string, string, string, string, string, string];

function table(header: Row, rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const met = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "met" : "NOT MET");
const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits }) : "—";

function printProfile(title: string, p: ProfileSummary) {
  log(`\n${title}: ${fmt(p.busyMs, 0)} ms on CPU (${fmt(p.idleMs, 0)} ms idle). Self time by package:`);
  for (const r of p.byPackage)
    log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${fmt(r.ms, 0).padStart(6)} ms  ${r.name}`);
  log("  top functions:");
  for (const r of p.byFunction.slice(0, 8)) log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
}

// ---------------------------------------------------------------------------------------------

const started = new Date();
const t0 = performance.now();
const outDir = await mkdtemp(join(tmpdir(), "dotmac-bench-bundles-"));
log(
  `DotMac CRM bench — ${started.toISOString()} — node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
);

let ingest: IngestResult | undefined;
let imports: ImportTiming[] = [];
const importProfiles: Record<string, ProfileSummary> = {};
let bundles: BundleInfo[] = [];
let tickets: TicketsResult | undefined;
let dispatch: DispatchResult | undefined;
let lambda: LambdaResult | undefined;
let inbox: InboxResult | undefined;
let meta: MetaIngestResult | undefined;
let live: LiveResult | undefined;
let inventory: InventoryResult | undefined;
let quotePdf: QuotePdfResult | undefined;
let gantt: GanttResult | undefined;
let sales: SalesResult | undefined;
async function build() {
  bundles = await buildBundles(join(outDir, "out"));
  log(`  built ${bundles.length} bundles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (settings.debugChunks) {
    for (const b of bundles) {
      log(`  ${b.handler}: cold path ${kb(b.bytes)} in ${b.coldChunks.length} of ${b.chunkCount} chunks`);
      for (const c of b.coldChunks)
        log(
          `    ${kb(c.bytes).padStart(9)}  ${c.file.padEnd(22)} ${c.entryPoint ? "(entry) " : ""}${c.packages.join(", ")}`,
        );
      for (const c of b.checks) log(`    CHECK FAILED: ${c}`);
    }
  }
}
const resultsDir = join(repoRoot, "bench", "results");
const own = async (file: string, result: object) => {
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, file), formatJson({ startedAt: started.toISOString(), quick, ...result }));
};
try {
  if (selected("ingest")) {
    // The runtime boots (PGlite, migrations, seed) while esbuild builds; neither of those is timed.
    log("\n[1/3] starting the runtime and the baseline; [2/3] building the Lambda bundles meanwhile");
    const servers = await startIngestServers({ diagnose: settings.diagnose });
    try {
      if (selected("bundles") || selected("imports")) await build();
      log("[1/3] webhook ingest");
      ingest = await runIngest(servers, { ...settings, log });
    } finally {
      await servers.cleanup();
    }
  } else if (selected("bundles") || selected("imports")) {
    await build();
  }
  if (selected("lambda")) {
    log("[+] webhook Lambda handler: verify + SQS send (fauxqs) vs the same handler with a sink");
    lambda = await runWebhookLambda({ quick, log });
  }
  if (selected("imports")) {
    log(`[3/3] cold import, median of ${settings.importRuns} runs each, alternating with an empty module`);
    imports = await measureColdImports(bundles, { runs: settings.importRuns, outDir: join(outDir, "out"), log });
    if (settings.diagnose) {
      for (const b of bundles.filter((x) => x.handler === "webhook" || x.handler === "api")) {
        importProfiles[b.handler] = await profileImport(b.file, outDir);
      }
    }
  }
  if (selected("dispatch")) {
    log("[+] dispatch: auto-assign over 200 technicians × 2,000 jobs and the board's day load vs an indexed lookup");
    dispatch = await runDispatch({ quick, log });
  }
  if (selected("tickets")) {
    log("[+] tickets: 100k rows (list vs lookup, deep keyset page, CSV export vs a naive join)");
    tickets = await runTickets({ quick, log });
  }
  if (selected("inbox")) {
    log("[+] inbox: 100k conversations / 1M messages (list vs lookup), N assigners vs a bare conditional UPDATE");
    inbox = await runInbox({ quick, log });
    await own("inbox.json", inbox);
  }
  if (selected("inventory")) {
    log("[+] inventory: reservations on one hot item vs a bare conditional UPDATE, and an oversell check");
    inventory = await runInventory({ quick, log });
    await own("inventory.json", inventory);
  }
  if (selected("quote-pdf")) {
    log("[+] quote-pdf: a 12-line quote's PDF vs a blank PDF from the same library");
    quotePdf = await runQuotePdf({ quick, log });
    await own("quote-pdf.json", quotePdf);
  }
  if (selected("gantt")) {
    log("[+] gantt: a 500-task project's full recompute vs a single task update");
    gantt = await runGantt({ quick, log });
    await own("gantt.json", gantt);
  }
  if (selected("sales")) {
    log("[+] sales: the kanban's first page over 50k leads vs an indexed lookup by id");
    sales = await runSales({ quick, log });
    await own("sales.json", sales);
  }
  if (selected("meta") || selected("live")) {
    log("[+] inbox on the local runtime: Meta webhooks vs billing to stored rows; live fan-out vs a bare ws broadcast");
    const rt = await startInboxRuntime(log);
    try {
      const deliveries = Number(process.env.BENCH_META_DELIVERIES ?? (quick ? 100 : 200));
      if (selected("meta")) {
        meta = await runMetaIngest(rt, { connections: settings.connections, deliveries, log });
        await own("meta-ingest.json", meta);
      } else {
        await runMetaIngest(rt, { connections: 2, deliveries: 5, warmup: 0, log: () => undefined });
      }
      if (selected("live")) {
        live = await runLive(rt, { quick, log });
        await own("live.json", live);
      }
    } finally {
      await rt.stop();
    }
  }
} catch (error) {
  await stopAll();
  await rm(outDir, { recursive: true, force: true });
  console.error(`\nbench failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
}
await rm(outDir, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Summary

const rows: Row[] = [];
if (ingest) {
  const { baseline: b, runtime: r } = ingest;
  rows.push(
    [
      `ingest req/s (${ingest.connections} conn, ${ingest.durationSeconds} s)`,
      fmt(b.requestsPerSecond, 0),
      fmt(r.requestsPerSecond, 0),
      `${ingest.throughputRatio.toFixed(2)}`,
      "(info)",
      "",
    ],
    ...durableRows(ingest),
    [
      "ingest p99 latency (ms)",
      fmt(b.latencyMs.p99, 2),
      fmt(r.latencyMs.p99, 2),
      `${ingest.p99Ratio.toFixed(2)}`,
      "(info)",
      "",
    ],
    [
      "ingest p50 latency (ms)",
      fmt(b.latencyMs.p50, 2),
      fmt(r.latencyMs.p50, 2),
      fmt(r.latencyMs.p50 / b.latencyMs.p50, 2),
      "",
      "",
    ],
    [
      "ingest non-2xx / errors / timeouts",
      `${b.non2xx} / ${b.errors} / ${b.timeouts}`,
      `${r.non2xx} / ${r.errors} / ${r.timeouts}`,
      "",
      "0",
      met(ingest.non2xxTotal === 0 && b.errors + r.errors + b.timeouts + r.timeouts === 0),
    ],
  );
}
for (const b of bundles) {
  rows.push(
    [
      `bundle ${b.handler} cold path (${b.coldChunks.length} chunks)`,
      "",
      kb(b.bytes),
      "",
      b.target ? `≤ ${kb(b.target.maxBytes)}` : "(info)",
      met(b.target?.met),
    ],
    [`bundle ${b.handler} all ${b.chunkCount} chunks`, "", kb(b.totalBytes), "", "(info)", ""],
  );
}
for (const t of imports) {
  // The target is on CPU time (user + system): wall time also counts waiting for a core on a shared machine.
  rows.push(
    [
      `cold import ${t.handler} (CPU ms, median)`,
      fmt(t.emptyCpuMedianMs, 0),
      fmt(t.cpuMedianMs, 0),
      `${fmt(t.cpuRatio, 2)}×`,
      t.target ? `≤ ${importRatioTarget}×` : "(info)",
      met(t.target?.met),
    ],
    [
      `cold import ${t.handler} (wall ms, median)`,
      fmt(t.emptyMedianMs, 0),
      fmt(t.medianMs, 0),
      `${fmt(t.ratio, 2)}×`,
      "(info)",
      "",
    ],
  );
}

if (lambda) rows.push(...lambdaRows(lambda));
if (tickets) rows.push(...ticketRows(tickets));
if (dispatch) rows.push(...dispatchRows(dispatch));
if (inbox) rows.push(...inboxRows(inbox));
if (inventory) rows.push(...inventoryRows(inventory));
if (quotePdf) rows.push(...quotePdfRows(quotePdf));
if (gantt) rows.push(...ganttRows(gantt));
if (sales) rows.push(...salesRows(sales));
if (meta) rows.push(...metaIngestRows(meta));
if (live) rows.push(...liveRows(live));
log(
  "\nSummary (baseline = bare node:http for ingest, or node:http answering after a group-committed fdatasync'd " +
    "append where it says durable; an empty .mjs for imports)\n",
);
log(table(["measure", "baseline", "product", "ratio", "target", "met?"], rows));

const chain = (via: string[]) =>
  via.map((hop, i) => (i === 0 ? hop : hop.startsWith("⇢") ? ` ${hop}` : ` → ${hop}`)).join("");
const packageLine = (p: PackageShare) =>
  `  ${kb(p.bytes).padStart(9)}  ${(p.share * 100).toFixed(1).padStart(5)}%  ${p.name.padEnd(28)} ${chain(p.via)}` +
  (p.alsoCold ? "  (partly on the cold path too)" : "");
for (const b of bundles.filter((x) => x.handler === "webhook" || x.handler === "api")) {
  log(
    `\nTop packages on the cold path of ${b.handler} (${kb(b.bytes)} in ${b.coldChunks.length} chunks): bytes in the ` +
      "minified chunks loaded at import, and the shortest static import chain that pulls each in:",
  );
  for (const p of b.topPackages) log(packageLine(p));
  log(
    `Only behind dynamic imports in ${b.handler} (lazy: ${kb(b.lazy.bytes)} in ${b.lazy.chunkCount} chunks, ` +
      "loaded on first use; ⇢ = import()):",
  );
  const shown = b.lazy.entries.slice(0, 8);
  for (const e of shown) log(`  ${`+${kb(e.addsBytes)}`.padStart(10)}  ${chain(e.via)}`);
  if (b.lazy.entries.length > shown.length) {
    const rest = b.lazy.entries.slice(shown.length);
    log(`  … and ${rest.length} more import() targets (${rest.map((e) => e.module).join(", ")})`);
  }
  log("  by package:");
  for (const p of b.lazy.topPackages) log(packageLine(p));
  log(`  externals only the lazy chunks load: ${b.lazy.externals.join(", ") || "none"}`);
}

const bundleFindings = (b: BundleInfo) => [
  ...(b.staticExternals.length
    ? [`imports the non-builtin external(s) ${b.staticExternals.join(", ")} at top level on the cold path`]
    : []),
  ...(b.requiredExternals.length
    ? [`require()s the non-builtin external(s) ${b.requiredExternals.join(", ")} from a cold-path chunk`]
    : []),
  ...b.checks.map((c) => `cold-path analysis: ${c}`),
];
const findings = [
  ...bundles.flatMap((b) => bundleFindings(b).map((f) => `${b.handler}: ${f}`)),
  ...imports.flatMap((t) => t.findings.map((f) => `${t.handler}: ${f}`)),
];
const neededNodeModules = imports.filter((t) => t.neededNodeModules && t.handler !== "(externals)");
log(
  "\nNon-builtin externals imported statically on the cold path: " +
    (bundles.some((b) => b.staticExternals.length) ? "see findings" : "none") +
    ". Cold imports that needed the repo's node_modules next to the chunks: " +
    (neededNodeModules.length ? `${neededNodeModules.map((t) => t.handler).join(", ")} (see findings)` : "none") +
    ".",
);
if (findings.length) {
  log("\nFindings:");
  for (const f of findings) log(`  - ${f}`);
}
if (ingest?.runtimeConsumerPaused || ingest?.ladder) {
  const base = ingest.baseline;
  log("\nDiagnostic: where the ingest time goes (same load; ratios to the bare node:http baseline)\n");
  const diag = [base, ...(ingest.ladder ?? []), ingest.runtimeConsumerPaused, ingest.runtime].flatMap((m) =>
    m
      ? [
          [
            m.server === "runtime" ? "runtime (profiler on)" : m.server,
            fmt(m.requestsPerSecond, 0),
            fmt(m.requestsPerSecond / base.requestsPerSecond, 3),
            fmt(m.latencyMs.p50, 2),
            fmt(m.latencyMs.p99, 2),
            fmt(m.latencyMs.p99 / base.latencyMs.p99, 2),
          ] as Row,
        ]
      : [],
  );
  log(table(["server", "req/s", "ratio", "p50 ms", "p99 ms", "p99 ratio"], diag));
}
if (ingest?.runtimeProfile) {
  printProfile(
    "Runtime CPU profile during its measured load (profiler on: numbers above are slower)",
    ingest.runtimeProfile,
  );
}
for (const [handler, p] of Object.entries(importProfiles)) printProfile(`Cold import profile of ${handler}.mjs`, p);

const results = {
  startedAt: started.toISOString(),
  durationSeconds: Math.round((performance.now() - t0) / 100) / 10,
  node: process.version,
  cpus: cpus().length,
  loadAverageAtStart: loadavg()[0],
  settings,
  ingest,
  bundles: bundles.map(({ file, dir, ...rest }) => ({ ...rest, file: basename(file), dir: basename(dir) })),
  imports,
  tickets,
  dispatch,
  lambda,
  inbox,
  meta,
  live,
  inventory,
  quotePdf,
  gantt,
  ...(settings.diagnose ? { importProfiles } : {}),
  targets: {
    ingestNoNon2xx: ingest ? ingest.non2xxTotal === 0 : false,
    ingestDurableThroughputRatio: ingest?.targets.durableThroughputRatio.met ?? false,
    webhookLambdaP99Ratio: lambda?.target.met ?? false,
    ...Object.fromEntries(bundles.filter((b) => b.target).map((b) => [`bundle_${b.handler}`, b.target?.met ?? false])),
    ...Object.fromEntries(imports.filter((t) => t.target).map((t) => [`import_${t.handler}`, t.target?.met ?? false])),
    ...(tickets ? Object.fromEntries(Object.entries(tickets.targets).map(([k, v]) => [`tickets_${k}`, v.met])) : {}),
    ...(inbox ? { inbox_listP99: inbox.targets.listP99.met } : {}),
    ...(meta ? { meta_allStored: meta.allStored } : {}),
    ...(inventory
      ? {
          inventory_reserveVsBare: inventory.targets.reserveVsBare.met,
          inventory_noOversell: inventory.targets.oversell.met,
        }
      : {}),
    ...(quotePdf ? { quotePdf_ratio: quotePdf.target.met } : {}),
    ...(gantt ? { gantt_updateVsRecompute: gantt.target.met } : {}),
    ...(live ? { live_allDelivered: live.delivered.product === live.delivered.expected } : {}),
  },
};
const resultsFile = names.length === 0 ? "latest.json" : "partial.json";
await mkdir(resultsDir, { recursive: true });
await writeFile(join(resultsDir, resultsFile), formatJson(results));
log(`\nWrote bench/results/${resultsFile} (${results.durationSeconds} s in all)`);
