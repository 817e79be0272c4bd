import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as Dispatch from "@dotmac/core/dispatch";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { setConnection, useTransaction } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import { workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import { eq } from "drizzle-orm";
import { openBenchDatabase, Recorder } from "./tickets";
import { percentile, round } from "./util";

/**
 * Dispatch at scale: 200 technicians with skills and a shift, 2,000 jobs booked on one day. Auto-assign
 * (dry run: every technician judged and ranked) and the board's day load (200 technicians with shifts,
 * jobs, travel and positions, plus the queue) against a single indexed lookup of one work order by id,
 * measured in the same run. Real PostgreSQL when installed, else PGlite.
 * Standalone: `tsx bench/dispatch.ts [--quick]`; in the suite: `npm run bench -- dispatch`.
 */

const TECHNICIANS = 200;
const JOBS = 2000;
const DAY = "2027-06-07";

interface Timing {
  p50: number;
  p99: number;
  samples: number;
}

export interface DispatchResult {
  database: "postgres" | "pglite";
  technicians: number;
  jobs: number;
  seedSeconds: number;
  latencyMs: { lookup: Timing; autoAssign: Timing; board: Timing };
  autoAssign: { candidates: number; rejected: number; chosen: string | null };
  boardQueries: number;
  ratios: { autoAssignP99VsLookup: number; boardP99VsLookup: number };
}

async function time(n: number, run: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(5, n); i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { p50: round(percentile(samples, 50), 3), p99: round(percentile(samples, 99), 3), samples: n };
}

export async function runDispatch(options: { quick: boolean; log: (line: string) => void }): Promise<DispatchResult> {
  const { log } = options;
  const iterations = options.quick ? 20 : 200;
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-dispatch-"));
  const recorder = new Recorder();
  const db = await openBenchDatabase(dataDir, recorder, log);
  try {
    setConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", ...db.childEnv });
    await migrate(db.connection);
    setConnection(db.connection);
    const seedStart = performance.now();
    await db.raw(
      `insert into user_account (id, email, display_name, roles)
       select gen_random_uuid(), 'tech' || g || '@bench.test', 'Tech ' || lpad(g::text, 3, '0'), '{field_technician}'
       from generate_series(1, ${TECHNICIANS}) g`,
    );
    await db.raw(
      `insert into technician_profile (user_id, region, time_zone, home_latitude, home_longitude, max_jobs_per_day)
       select id, 'Lagos', 'Africa/Lagos', 6.4 + random() * 0.3, 3.2 + random() * 0.4, 20 from user_account where email like '%@bench.test'`,
    );
    await db.raw(`insert into skill (id, name) select gen_random_uuid(), 'Skill ' || g from generate_series(1, 8) g`);
    await db.raw(
      `insert into technician_skill (user_id, skill_id, proficiency)
       select p.user_id, s.id, 1 + floor(random() * 5)::int from technician_profile p
       cross join lateral (select id from skill where p.user_id is not null order by random() limit 3) s`,
    );
    await db.raw(
      `insert into technician_shift (id, user_id, starts_at, ends_at)
       select gen_random_uuid(), user_id, '${DAY}T07:00:00Z', '${DAY}T17:00:00Z' from technician_profile`,
    );
    await db.raw(
      `insert into work_order (id, number, title, status, primary_assignee_id, scheduled_start, scheduled_end, latitude, longitude)
       select gen_random_uuid(), 'WO-B-' || lpad(n::text, 6, '0'), 'Bench job ' || n, 'scheduled', t.user_id,
              timestamptz '${DAY}T07:00:00Z' + ((n / ${TECHNICIANS}) * interval '45 minutes'),
              timestamptz '${DAY}T07:30:00Z' + ((n / ${TECHNICIANS}) * interval '45 minutes'),
              6.4 + random() * 0.3, 3.2 + random() * 0.4
       from generate_series(0, ${JOBS - 1}) n
       join (select user_id, row_number() over (order by user_id) - 1 as i from technician_profile) t on t.i = n % ${TECHNICIANS}`,
    );
    const [skill] = await db.raw("select id from skill order by name limit 1");
    const [target] = await db.raw(
      `insert into work_order (id, number, title, latitude, longitude, required_skills, window_start, window_end)
       values (gen_random_uuid(), 'WO-B-TARGET', 'Needs a technician', 6.5, 3.4, array[$1::uuid], '${DAY}T15:00:00Z', '${DAY}T16:00:00Z')
       returning id`,
      [skill?.id],
    );
    await db.raw("analyze");
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    log(`  seeded ${TECHNICIANS} technicians and ${JOBS} jobs on ${DAY} in ${seedSeconds} s`);

    const targetId = String(target?.id);
    const system = { type: "system" as const, properties: { job: "bench" } };
    const as = <T>(fn: () => Promise<T>) => withActor(system, fn);
    const lookup = () =>
      useTransaction((tx) => tx.select().from(workOrderTable).where(eq(workOrderTable.id, targetId)).limit(1));
    const autoAssign = () => as(() => Dispatch.autoAssign({ workOrderId: targetId, dryRun: true }));
    const board = () => as(() => Dispatch.board({ date: DAY, days: 1, timeZone: "Africa/Lagos" }));

    const sample = await autoAssign();
    recorder.last = [];
    recorder.recording = true;
    const day = await board();
    recorder.recording = false;
    const boardQueries = recorder.last.length;
    log(
      `  auto-assign: ${sample.candidates.length} candidates, ${sample.rejected.length} rejected; board: ${day.technicians.length} technicians, ${day.technicians.reduce((n, t) => n + t.jobs.length, 0)} jobs in ${boardQueries} queries`,
    );

    const latencyMs = {
      lookup: await time(iterations * 5, lookup),
      autoAssign: await time(iterations, autoAssign),
      board: await time(iterations, board),
    };
    const ratio = (a: number, b: number) => round(a / b, 1);
    return {
      database: db.kind,
      technicians: TECHNICIANS,
      jobs: JOBS,
      seedSeconds,
      latencyMs,
      autoAssign: {
        candidates: sample.candidates.length,
        rejected: sample.rejected.length,
        chosen: sample.chosen?.name ?? null,
      },
      boardQueries,
      ratios: {
        autoAssignP99VsLookup: ratio(latencyMs.autoAssign.p99, latencyMs.lookup.p99),
        boardP99VsLookup: ratio(latencyMs.board.p99, latencyMs.lookup.p99),
      },
    };
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function dispatchRows(r: DispatchResult): [string, string, string, string, string, string][] {
  const ms = (n: number) => n.toFixed(2);
  const l = r.latencyMs;
  return [
    [
      `dispatch auto-assign (dry run, ${r.technicians} techs × ${r.jobs} jobs) p99 vs indexed lookup (ms, ${r.database})`,
      ms(l.lookup.p99),
      ms(l.autoAssign.p99),
      `${r.ratios.autoAssignP99VsLookup}×`,
      "(info)",
      "",
    ],
    [
      `dispatch board day load (${r.technicians} techs, ${r.boardQueries} queries) p99 vs indexed lookup (ms)`,
      ms(l.lookup.p99),
      ms(l.board.p99),
      `${r.ratios.boardP99VsLookup}×`,
      "(info)",
      "",
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runDispatch({ quick: process.argv.includes("--quick"), log: console.log });
  console.log(JSON.stringify(result, null, 2));
}
