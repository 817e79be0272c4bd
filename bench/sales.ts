import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { setConnection } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import * as Sales from "@dotmac/core/sales";
import { openBenchDatabase, Recorder } from "./tickets";
import { percentile, round } from "./util";

/**
 * The sales kanban over 50,000 leads in one pipeline (90 % open across five stages, the rest won or
 * lost): the board's first page (each column's first 25 cards by rank, plus each column's count and
 * value) and one column's next keyset page, against an indexed single-row lookup (`Sales.get`, the
 * lead by primary key) measured in the same run, interleaved. Standalone: `tsx bench/sales.ts [--quick]`.
 */

export interface SalesOptions {
  quick: boolean;
  log: (line: string) => void;
}

interface Timing {
  p50: number;
  p99: number;
}

export interface SalesResult {
  database: "postgres" | "pglite";
  leads: number;
  iterations: number;
  latencyMs: { lookup: Timing; board: Timing; columnPage: Timing };
  ratios: { boardP99VsLookup: number; columnP99VsLookup: number };
  target: { boardP99VsLookup: string; met: boolean };
}

const TARGET = 10;
const asSystem = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "bench" } }, fn);

export async function runSales(options: SalesOptions): Promise<SalesResult> {
  const { log } = options;
  const leads = 50_000;
  const iterations = options.quick ? 100 : 400;
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-sales-"));
  const db = await openBenchDatabase(dataDir, new Recorder(), log);
  try {
    setConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", ...db.childEnv });
    await migrate(db.connection);
    setConnection(db.connection);
    const [pipeline] = await asSystem(() => Sales.Pipeline.list({}));
    if (!pipeline) throw new Error("no default pipeline");
    const stageIds = pipeline.stages.map((s) => s.id);
    const started = performance.now();
    await db.raw(
      `insert into person (id, display_name) select gen_random_uuid(), 'Bench prospect ' || g from generate_series(1, ${leads}) g`,
    );
    // Ranks as freshRank makes them (t + base-36 time + tail + "i"), spread over the stages.
    await db.raw(
      `insert into crm_lead (id, number, title, person_id, pipeline_id, stage_id, status, value_minor, currency, probability, expected_close_date, rank, closed_at, lost_reason)
       select gen_random_uuid(), 'LEAD-B-' || lpad(n::text, 6, '0'), 'Bench lead ' || n, id, $1,
              ($2::uuid[])[1 + n % 5],
              case when n % 20 = 0 then 'won' when n % 20 = 1 then 'lost' else (array['new','contacted','qualified','proposal','negotiation'])[1 + n % 5] end,
              (n % 997) * 10000, 'NGN', 10 + (n % 5) * 20, current_date + (n % 180)::int,
              't' || lpad(to_hex(n), 9, '0') || 'i',
              case when n % 20 in (0, 1) then now() end,
              case when n % 20 = 1 then 'Price' end
       from (select id, row_number() over () as n from person) p`,
      [pipeline.id, stageIds],
    );
    await db.raw("analyze");
    log(`  seeded ${leads} leads in ${round((performance.now() - started) / 1000, 1)} s`);
    const [sample] = await db.raw("select id from crm_lead order by number offset 25000 limit 1");
    const leadId = String(sample?.id);
    const first = await asSystem(() => Sales.board({}));
    const cursor = first.columns[2]?.nextCursor ?? undefined;
    const stageId = first.columns[2]?.stageId as string;
    const ops = {
      lookup: () => asSystem(() => Sales.get(leadId)),
      board: () => asSystem(() => Sales.board({})),
      columnPage: () => asSystem(() => Sales.column({ stageId, cursor })),
    };
    for (const op of Object.values(ops)) for (let i = 0; i < 20; i++) await op();
    const samples: Record<keyof typeof ops, number[]> = { lookup: [], board: [], columnPage: [] };
    for (let i = 0; i < iterations; i++) {
      for (const [name, op] of Object.entries(ops) as [keyof typeof ops, () => Promise<unknown>][]) {
        const t0 = performance.now();
        await op();
        samples[name].push(performance.now() - t0);
      }
    }
    const timing = (xs: number[]): Timing => ({ p50: round(percentile(xs, 50), 3), p99: round(percentile(xs, 99), 3) });
    const latencyMs = {
      lookup: timing(samples.lookup),
      board: timing(samples.board),
      columnPage: timing(samples.columnPage),
    };
    const ratios = {
      boardP99VsLookup: round(latencyMs.board.p99 / latencyMs.lookup.p99, 2),
      columnP99VsLookup: round(latencyMs.columnPage.p99 / latencyMs.lookup.p99, 2),
    };
    log(`  lookup by id: p50 ${latencyMs.lookup.p50} ms, p99 ${latencyMs.lookup.p99} ms`);
    log(`  board first page (5 columns × 25 + counts): p50 ${latencyMs.board.p50} ms, p99 ${latencyMs.board.p99} ms`);
    log(`  one column's next page: p50 ${latencyMs.columnPage.p50} ms, p99 ${latencyMs.columnPage.p99} ms`);
    return {
      database: db.kind,
      leads,
      iterations,
      latencyMs,
      ratios,
      target: { boardP99VsLookup: `≤ ${TARGET}×`, met: ratios.boardP99VsLookup <= TARGET },
    };
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function salesRows(r: SalesResult): [string, string, string, string, string, string][] {
  return [
    [
      `sales kanban first page p99 vs lookup by id (ms, ${r.leads} leads, ${r.database})`,
      r.latencyMs.lookup.p99.toFixed(2),
      r.latencyMs.board.p99.toFixed(2),
      `${r.ratios.boardP99VsLookup}×`,
      r.target.boardP99VsLookup,
      r.target.met ? "met" : "NOT MET",
    ],
    [
      "sales kanban one column's next page p99 vs lookup by id (ms)",
      r.latencyMs.lookup.p99.toFixed(2),
      r.latencyMs.columnPage.p99.toFixed(2),
      `${r.ratios.columnP99VsLookup}×`,
      "(info)",
      "",
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runSales({ quick: process.argv.includes("--quick"), log: console.log });
  console.log(JSON.stringify(result, null, 2));
}
