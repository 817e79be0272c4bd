import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { type Connection, createPglite, type Database, setConnection } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import * as Ticket from "@dotmac/core/ticket";
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { postgresBin, startPostgres, type TempPostgres } from "../tests/support/postgres";
import { repoRoot, startChild } from "./children";
import { percentile, round, sleep } from "./util";

/**
 * 100k tickets: the list's first page (default and filtered) against an indexed single-row lookup by
 * number, a deep keyset page against the first page, the streamed CSV export against a naive
 * join-everything-into-memory export, and text search (reported, no target). Real PostgreSQL when
 * Debian's is installed, else PGlite; seeded with one INSERT … SELECT generate_series per table.
 * Every target is a ratio to a baseline measured in this run. Standalone: `tsx bench/tickets.ts [--quick]`.
 */

export interface TicketsOptions {
  quick: boolean;
  /** Skip the CSV export runs (the slowest part), e.g. when iterating on list, search or dashboard. */
  skipExport?: boolean;
  log: (line: string) => void;
}

interface Timing {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  samples: number;
}

interface ExportRun {
  mode: "stream" | "naive" | "joined-pages";
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSecond: number;
  idleRssBytes: number;
  idleHeapBytes: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  maxRssBytes: number;
}

export interface TicketsResult {
  database: "postgres" | "pglite";
  postgresVersion: string;
  tickets: number;
  liveTickets: number;
  seedSeconds: number;
  iterations: number;
  latencyMs: {
    lookupByNumber: Timing;
    listFirstPage: Timing;
    listStatusFilter: Timing;
    listAssigneeFilter: Timing;
    listSelectiveNoMatch: Timing;
    listDeepPage: Timing;
    searchCommonWord: Timing;
    searchNoMatch: Timing;
    dashboardStats: Timing;
    dashboardCompliance: Timing;
  };
  deepPageOffset: number;
  ratios: {
    listP99VsLookup: number;
    listStatusP99VsLookup: number;
    deepP99VsFirstPage: number;
    deepP50VsFirstPage: number;
    searchNoMatchP50VsFirstPage: number;
    selectiveNoMatchP50VsFirstPage: number;
    dashboardStatsP50VsFirstPage: number;
    exportThroughputVsNaive: number;
    joinedPagesThroughputVsNaive: number;
  };
  /** joinedPages: a proposed export (one joined query per 1,000-row keyset page), not the product. */
  export: { stream: ExportRun[]; naive: ExportRun[]; joinedPages: ExportRun[] };
  plans: Record<string, { indexes: string[]; seqScan: boolean; plan: string }>;
  targets: {
    listP99: { target: string; met: boolean };
    deepPage: { target: string; met: boolean };
    exportThroughput: { target: string; met: boolean };
  };
}

const TICKETS = 100_000;
const STAFF = 40;
const SUBSCRIBERS = 20_000;

/** Captures the SQL and parameters of every query, so the list's own statements can be EXPLAINed. */
export class Recorder implements Logger {
  last: { query: string; params: unknown[] }[] = [];
  recording = false;
  logQuery(query: string, params: unknown[]) {
    if (this.recording) this.last.push({ query, params });
  }
}

export interface Db {
  kind: TicketsResult["database"];
  connection: Connection;
  /** A statement by text, or by `{ name, text }` to run it as a named prepared statement (PostgreSQL). */
  raw(sql: string | { name: string; text: string }, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The env a child process needs to open the same database. */
  childEnv: Record<string, string>;
  /** Closes this process's connection (PGlite allows one process at a time). */
  release(): Promise<void>;
  stop(): Promise<void>;
}

export async function openBenchDatabase(dataDir: string, recorder: Recorder, log: TicketsOptions["log"]): Promise<Db> {
  if (postgresBin()) {
    let server: TempPostgres | undefined = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("create database bench_tickets");
    await admin.end();
    const url = server.url.replace(/\/postgres$/, "/bench_tickets");
    let pool: pg.Pool | undefined = new pg.Pool({ connectionString: url, max: 10 });
    const connection: Connection = {
      db: drizzlePg(pool, { logger: recorder }) as unknown as Database,
      driver: "pg",
      close: async () => {
        await pool?.end();
        pool = undefined;
      },
    };
    const raw = async (sql: string | { name: string; text: string }, params: unknown[] = []) => {
      if (!pool) throw new Error("the bench connection is closed");
      const result =
        typeof sql === "string" ? await pool.query(sql, params) : await pool.query({ ...sql, values: params });
      return result.rows as Record<string, unknown>[];
    };
    return {
      kind: "postgres",
      connection,
      raw,
      childEnv: { DATABASE_DRIVER: "pg", DATABASE_URL: url, DATA_DIR: dataDir },
      release: () => connection.close(),
      async stop() {
        await connection.close();
        server?.stop();
        server = undefined;
      },
    };
  }
  log("  PostgreSQL is not installed (apt-get install postgresql): falling back to PGlite, one connection");
  let client: PGlite | undefined = await createPglite({ dataDir: join(dataDir, "pglite") });
  const connection: Connection = {
    db: drizzlePglite(client, { logger: recorder }) as unknown as Database,
    driver: "pglite",
    close: async () => {
      await client?.close();
      client = undefined;
    },
  };
  return {
    kind: "pglite",
    connection,
    async raw(sql: string | { name: string; text: string }, params: unknown[] = []) {
      if (!client) throw new Error("the bench connection is closed");
      return (await client.query(typeof sql === "string" ? sql : sql.text, params)).rows as Record<string, unknown>[];
    },
    childEnv: { DATABASE_DRIVER: "pglite", DATA_DIR: dataDir },
    release: () => connection.close(),
    stop: () => connection.close(),
  };
}

/**
 * One statement per table, all in the database: staff, subscribers, 100k tickets spread over a year,
 * types, teams, regions, statuses (most closed, as on a real desk), priorities, assignees, 1% deleted,
 * extra assignees on a fifth, and an SLA registry row per ticket (some at risk, some breached).
 */
export async function seed(db: Db): Promise<{ adminId: string }> {
  const [admin] = await db.raw(
    `insert into user_account (id, portal, email, display_name, roles)
     values (gen_random_uuid(), 'staff', 'bench-admin@example.com', 'Bench Admin', '{admin}') returning id`,
  );
  await db.raw(
    `insert into user_account (id, portal, email, display_name, roles)
     select gen_random_uuid(), 'staff', 'agent' || g || '@example.com', 'Agent ' || g, '{support}'
     from generate_series(1, $1::int) g`,
    [STAFF],
  );
  await db.raw(
    `insert into subscriber (id, external_system, external_id, subscriber_number, status, source_updated_at)
     select gen_random_uuid(), 'bench', 'ext-' || g, 'SUB-' || lpad(g::text, 6, '0'), 'active', now()
     from generate_series(1, $1::int) g`,
    [SUBSCRIBERS],
  );
  await db.raw(
    `insert into team (id, name) select gen_random_uuid(), n
     from unnest(array['noc', 'field', 'billing', 'care', 'enterprise']) n on conflict do nothing`,
  );
  await db.raw(
    `with types as (select array_agg(id order by name) a from ticket_type),
          teams as (select array_agg(id order by name) a from team),
          subs as (select array_agg(id order by subscriber_number) a from subscriber),
          staff as (select array_agg(id order by email) a from user_account where email like 'agent%'),
          g as (select g, (g * 7919) % 100 as bucket, now() - ((${TICKETS} - g) * 300 + (g * 37) % 300) * interval '1 second' as at
                from generate_series(1, ${TICKETS}) g),
          rows as (
            select g.*, case
              when bucket < 55 then 'closed' when bucket < 60 then 'canceled' when bucket < 72 then 'new'
              when bucket < 84 then 'open' when bucket < 90 then 'pending' when bucket < 94 then 'waiting_on_customer'
              when bucket < 97 then 'pending_confirmation' when bucket < 98 then 'lastmile_rerun'
              when bucket < 99 then 'site_under_construction' else 'on_hold' end as status
            from g)
     insert into ticket (id, number, title, description, status, priority, ticket_type_id, channel, tags, region,
                         team_id, subscriber_id, primary_assignee_id, created_by_id, due_at, first_response_at,
                         resolved_at, closed_at, created_at, updated_at, deleted_at)
     select gen_random_uuid(),
            'TCK-2026-' || lpad(g::text, 6, '0'),
            (array['No internet since morning', 'Slow speeds in the evening', 'Router reboot loop', 'Fibre cut on the street',
                   'BTS down in the area', 'Billing question', 'Wi-Fi drops every hour', 'Move service to a new address',
                   'Latency to gaming servers', 'ONT shows red LOS light'])[1 + g % 10] || ' #' || g,
            'Customer reports: ' || (array['the router lights blink', 'the line is dead', 'speed tests show 2 Mbps',
                   'the technician did not arrive', 'the bill is higher than usual', 'the fibre box was damaged'])[1 + g % 6]
              || '. Called ' || (1 + g % 4) || ' times.',
            status,
            (array['low', 'low', 'medium', 'medium', 'medium', 'high', 'urgent'])[1 + (g * 13) % 7],
            types.a[1 + (g * 17) % cardinality(types.a)],
            (array['web', 'email', 'phone', 'chat', 'api'])[1 + g % 5],
            case when g % 3 = 0 then array['outage'] when g % 3 = 1 then array['billing', 'vip'] else '{}' end,
            (array['Lagos', 'Abuja', 'Port Harcourt', 'Ibadan'])[1 + g % 4],
            case when g % 9 = 0 then null else teams.a[1 + g % 5] end,
            case when g % 5 = 0 then null else subs.a[1 + (g * 31) % cardinality(subs.a)] end,
            case when g % 7 = 0 then null else staff.a[1 + (g * 11) % cardinality(staff.a)] end,
            staff.a[1 + g % cardinality(staff.a)],
            at + interval '3 days',
            case when status = 'new' then null else at + interval '30 minutes' end,
            case when status in ('closed', 'pending_confirmation') then at + interval '20 hours' end,
            case when status = 'closed' then at + interval '44 hours' end,
            at, at,
            case when g % 100 = 42 then at + interval '1 hour' end
     from rows, types, teams, subs, staff`,
  );
  await db.raw(
    `insert into ticket_assignee (ticket_id, user_id)
     select t.id, (select id from user_account where email = 'agent' || (1 + (abs(hashtext(t.number)) % ${STAFF})) || '@example.com')
     from ticket t where abs(hashtext(t.number)) % 5 = 0
     on conflict do nothing`,
  );
  await db.raw(
    `insert into ticket_sla (ticket_id, first_response_state, first_response_deadline, first_response_warning_at,
                             resolution_state, resolution_deadline, resolution_warning_at, resolution_breached_at, computed_at)
     select id,
            case when first_response_at is null then 'running' else 'met' end,
            case when first_response_at is null then now() + interval '2 hours' end,
            case when first_response_at is null then now() + interval '1 hour' end,
            case when status in ('closed', 'canceled') then (case when abs(hashtext(number)) % 10 = 0 then 'breached' else 'met' end)
                 when status in ('pending', 'waiting_on_customer', 'on_hold') then 'paused'
                 when abs(hashtext(number)) % 10 = 0 then 'breached' else 'running' end,
            case when status in ('new', 'open') then now() + ((abs(hashtext(number)) % 48) - 4) * interval '1 hour' end,
            case when status in ('new', 'open') then now() + ((abs(hashtext(number)) % 48) - 8) * interval '1 hour' end,
            case when abs(hashtext(number)) % 10 = 0 then created_at + interval '1 day' end,
            now()
     from ticket`,
  );
  await db.raw("analyze");
  return { adminId: String(admin?.id) };
}

function summarise(samples: number[]): Timing {
  return {
    p50: round(percentile(samples, 50), 3),
    p90: round(percentile(samples, 90), 3),
    p99: round(percentile(samples, 99), 3),
    max: round(Math.max(...samples), 3),
    samples: samples.length,
  };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** EXPLAIN ANALYZE of the statements one call issued; the ticket query is the first one. */
async function explain(db: Db, recorder: Recorder, call: () => Promise<unknown>) {
  recorder.last = [];
  recorder.recording = true;
  await call();
  recorder.recording = false;
  const first = recorder.last.find((q) => /from "ticket"/.test(q.query));
  if (!first) return { indexes: [], seqScan: false, plan: "(no ticket query recorded)" };
  const rows = await db.raw(`explain (analyze, buffers, costs off) ${first.query}`, first.params);
  const plan = rows.map((r) => String(r["QUERY PLAN"])).join("\n");
  const indexes = [...new Set([...plan.matchAll(/(?:using|Bitmap Index Scan on) (\w+)/gi)].map((m) => m[1] ?? ""))];
  return { indexes, seqScan: /Seq Scan on ticket\b/.test(plan), plan };
}

async function exportRun(mode: ExportRun["mode"], env: Record<string, string>): Promise<ExportRun> {
  const child = startChild(`export ${mode}`, ["--import", "tsx", "bench/servers/ticket-export.ts"], {
    ...env,
    BENCH_EXPORT_MODE: mode,
    LOG_LEVEL: "warn",
  });
  while (!child.exited()) await sleep(100);
  const line = child
    .stdout()
    .split("\n")
    .find((l) => l.startsWith("{"));
  if (child.proc.exitCode !== 0 || !line) throw new Error(`export ${mode} failed:\n${child.output()}`);
  const run = JSON.parse(line) as Omit<ExportRun, "rowsPerSecond">;
  return { ...run, ms: round(run.ms, 1), rowsPerSecond: Math.round(run.rows / (run.ms / 1000)) };
}

export async function runTickets(options: TicketsOptions): Promise<TicketsResult> {
  const { log } = options;
  const iterations = options.quick ? 100 : 600;
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-tickets-"));
  const recorder = new Recorder();
  const db = await openBenchDatabase(dataDir, recorder, log);
  try {
    const env = { NODE_ENV: "development", LOG_LEVEL: "warn", ...db.childEnv };
    setConfig(env);
    await migrate(db.connection);
    setConnection(db.connection);
    const version = String((await db.raw("show server_version"))[0]?.server_version ?? "?");
    log(`  database: ${db.kind === "postgres" ? `PostgreSQL ${version}` : `PGlite (PostgreSQL ${version})`}`);

    const seedStart = performance.now();
    const { adminId } = await seed(db);
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    const [counts] = await db.raw(
      "select count(*)::int as total, count(*) filter (where deleted_at is null)::int as live from ticket",
    );
    log(`  seeded ${counts?.total} tickets (${counts?.live} live) with assignees and SLA rows in ${seedSeconds} s`);

    const actor = {
      type: "user" as const,
      properties: {
        userId: adminId,
        email: "bench-admin@example.com",
        portal: "staff" as const,
        roles: ["admin"],
        permissions: [],
      },
    };
    const as = <T>(fn: () => Promise<T>) => withActor(actor, fn);
    const numbers = (
      await db.raw("select number from ticket where deleted_at is null order by random() limit 1000")
    ).map((r) => String(r.number));
    const [agent] = await db.raw("select id from user_account where email = 'agent7@example.com'");
    const agentId = String(agent?.id);
    // A team this agent never works in: the filter matches nothing, the worst case for a keyset walk.
    const [otherTeam] = await db.raw(
      `select id as team from team
       where not exists (select 1 from ticket where primary_assignee_id = $1 and team_id = team.id) limit 1`,
      [agentId],
    );

    // The cursor ~90% of the way down, reached the way a client would: page after page of 200.
    const deepOffset = Math.round(TICKETS * 0.9);
    let cursor: string | undefined;
    for (let seen = 0; seen < deepOffset; seen += 200) {
      cursor = (await as(() => Ticket.list({ limit: 200, cursor }))).nextCursor ?? undefined;
    }
    if (!cursor) throw new Error("the list ended before the deep page");
    const deepCursor = cursor;

    const cases = {
      lookupByNumber: (i: number) => as(() => Ticket.fromRef(numbers[i % numbers.length] ?? "")),
      listFirstPage: () => as(() => Ticket.list({})),
      listStatusFilter: () => as(() => Ticket.list({ status: ["new", "open"] })),
      listAssigneeFilter: () => as(() => Ticket.list({ assigneeId: agentId })),
      listSelectiveNoMatch: () =>
        as(() => Ticket.list({ teamId: String(otherTeam?.team ?? randomUUID()), assigneeId: agentId })),
      listDeepPage: () => as(() => Ticket.list({ cursor: deepCursor })),
    };
    const names = Object.keys(cases) as (keyof typeof cases)[];
    const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<keyof typeof cases, number[]>;
    log(`  warming up, then ${iterations} rounds of: ${names.join(", ")} (interleaved)`);
    for (let i = 0; i < 30; i++) for (const n of names) await cases[n](i);
    for (let i = 0; i < iterations; i++) {
      for (const n of names) samples[n].push(await time(() => cases[n](i)));
    }

    // Text search: a common word fills a page early from the keyset order; a miss is answered by the trigram index.
    const searchRounds = options.quick ? 5 : 20;
    const searchCommon: number[] = [];
    const searchMiss: number[] = [];
    for (let i = 0; i < searchRounds; i++) {
      searchCommon.push(await time(() => as(() => Ticket.list({ q: "fibre" }))));
      searchMiss.push(await time(() => as(() => Ticket.list({ q: "no-such-words" }))));
    }

    // The support dashboard's two calls (GET /tickets/stats and /tickets/stats/compliance), for the record.
    const statsSamples: number[] = [];
    const complianceSamples: number[] = [];
    for (let i = 0; i < searchRounds; i++) {
      statsSamples.push(await time(() => as(() => Ticket.Stats.stats({}))));
      complianceSamples.push(await time(() => as(() => Ticket.Stats.compliance({ days: 30 }))));
    }

    log("  EXPLAIN ANALYZE of each list case");
    const plans = {
      lookupByNumber: await explain(db, recorder, () => cases.lookupByNumber(0)),
      listFirstPage: await explain(db, recorder, cases.listFirstPage),
      listStatusFilter: await explain(db, recorder, cases.listStatusFilter),
      listAssigneeFilter: await explain(db, recorder, cases.listAssigneeFilter),
      listSelectiveNoMatch: await explain(db, recorder, cases.listSelectiveNoMatch),
      listDeepPage: await explain(db, recorder, cases.listDeepPage),
      searchNoMatch: await explain(db, recorder, () => as(() => Ticket.list({ q: "no-such-words" }))),
    };

    // Each export in its own child process (its own peak memory), alternating, after this process lets go.
    await db.release();
    const exportRuns = options.skipExport ? 0 : options.quick ? 1 : 2;
    const exports: TicketsResult["export"] = { stream: [], naive: [], joinedPages: [] };
    const childEnv = { ...env, BENCH_USER_ID: adminId };
    for (let i = 0; i < exportRuns; i++) {
      log(`  CSV export run ${i + 1}/${exportRuns}: streamed, naive, joined pages (proposal)`);
      exports.stream.push(await exportRun("stream", childEnv));
      exports.naive.push(await exportRun("naive", childEnv));
      exports.joinedPages.push(await exportRun("joined-pages", childEnv));
    }
    const best = (runs: ExportRun[]) => Math.max(...runs.map((r) => r.rowsPerSecond));

    const latencyMs = {
      ...(Object.fromEntries(names.map((n) => [n, summarise(samples[n])])) as Record<keyof typeof cases, Timing>),
      searchCommonWord: summarise(searchCommon),
      searchNoMatch: summarise(searchMiss),
      dashboardStats: summarise(statsSamples),
      dashboardCompliance: summarise(complianceSamples),
    };
    const ratios = {
      listP99VsLookup: round(latencyMs.listFirstPage.p99 / latencyMs.lookupByNumber.p99),
      listStatusP99VsLookup: round(latencyMs.listStatusFilter.p99 / latencyMs.lookupByNumber.p99),
      deepP99VsFirstPage: round(latencyMs.listDeepPage.p99 / latencyMs.listFirstPage.p99),
      deepP50VsFirstPage: round(latencyMs.listDeepPage.p50 / latencyMs.listFirstPage.p50),
      searchNoMatchP50VsFirstPage: round(latencyMs.searchNoMatch.p50 / latencyMs.listFirstPage.p50),
      selectiveNoMatchP50VsFirstPage: round(latencyMs.listSelectiveNoMatch.p50 / latencyMs.listFirstPage.p50),
      dashboardStatsP50VsFirstPage: round(latencyMs.dashboardStats.p50 / latencyMs.listFirstPage.p50),
      exportThroughputVsNaive: round(best(exports.stream) / best(exports.naive)),
      joinedPagesThroughputVsNaive: round(best(exports.joinedPages) / best(exports.naive)),
    };
    return {
      database: db.kind,
      postgresVersion: version,
      tickets: Number(counts?.total),
      liveTickets: Number(counts?.live),
      seedSeconds,
      iterations,
      latencyMs,
      deepPageOffset: deepOffset,
      ratios,
      export: exports,
      plans,
      targets: {
        listP99: {
          target: "≤ 5×",
          met: Math.max(ratios.listP99VsLookup, ratios.listStatusP99VsLookup) <= 5,
        },
        deepPage: { target: "≤ 1.5×", met: ratios.deepP99VsFirstPage <= 1.5 },
        exportThroughput: { target: "≥ 0.5×", met: ratios.exportThroughputVsNaive >= 0.5 },
      },
    };
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The rows of the tickets bench in run.ts's summary table: [measure, baseline, product, ratio, target, met?]. */
export function ticketRows(r: TicketsResult): [string, string, string, string, string, string][] {
  const ms = (n: number) => n.toFixed(2);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const met = (ok: boolean) => (ok ? "met" : "NOT MET");
  const l = r.latencyMs;
  const best = (runs: ExportRun[]) => runs.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
  const rows: [string, string, string, string, string, string][] = [
    [
      `tickets list p99 vs lookup by number (ms, ${r.database})`,
      ms(l.lookupByNumber.p99),
      ms(l.listFirstPage.p99),
      `${r.ratios.listP99VsLookup}×`,
      r.targets.listP99.target,
      met(r.ratios.listP99VsLookup <= 5),
    ],
    [
      "tickets list status=new,open p99 vs lookup (ms)",
      ms(l.lookupByNumber.p99),
      ms(l.listStatusFilter.p99),
      `${r.ratios.listStatusP99VsLookup}×`,
      r.targets.listP99.target,
      met(r.ratios.listStatusP99VsLookup <= 5),
    ],
    [
      "tickets list p50 vs lookup (ms)",
      ms(l.lookupByNumber.p50),
      ms(l.listFirstPage.p50),
      `${round(l.listFirstPage.p50 / l.lookupByNumber.p50)}×`,
      "",
      "",
    ],
    [
      `tickets deep page (${r.deepPageOffset.toLocaleString("en-US")} in) p99 vs first page (ms)`,
      ms(l.listFirstPage.p99),
      ms(l.listDeepPage.p99),
      `${r.ratios.deepP99VsFirstPage}×`,
      r.targets.deepPage.target,
      met(r.targets.deepPage.met),
    ],
    [
      "tickets assignee filter p50 / p99 (ms)",
      "",
      `${ms(l.listAssigneeFilter.p50)} / ${ms(l.listAssigneeFilter.p99)}`,
      "",
      "(info)",
      "",
    ],
    [
      "tickets team+assignee, no match p50 / p99 (ms)",
      ms(l.listFirstPage.p50),
      `${ms(l.listSelectiveNoMatch.p50)} / ${ms(l.listSelectiveNoMatch.p99)}`,
      `${r.ratios.selectiveNoMatchP50VsFirstPage}×`,
      "(info)",
      "",
    ],
    [
      "tickets q=fibre / q=<no match> p50 (ms)",
      ms(l.listFirstPage.p50),
      `${ms(l.searchCommonWord.p50)} / ${ms(l.searchNoMatch.p50)}`,
      `${r.ratios.searchNoMatchP50VsFirstPage}×`,
      "(info)",
      "",
    ],
    [
      "tickets dashboard stats / compliance p50 (ms)",
      ms(l.listFirstPage.p50),
      `${ms(l.dashboardStats.p50)} / ${ms(l.dashboardCompliance.p50)}`,
      `${r.ratios.dashboardStatsP50VsFirstPage}×`,
      "(info)",
      "",
    ],
  ];
  if (r.export.stream.length === 0) return rows;
  const stream = best(r.export.stream);
  const naive = best(r.export.naive);
  const joined = best(r.export.joinedPages);
  return [
    ...rows,
    [
      `tickets CSV export rows/s (${stream.rows.toLocaleString("en-US")} rows)`,
      naive.rowsPerSecond.toLocaleString("en-US"),
      stream.rowsPerSecond.toLocaleString("en-US"),
      `${r.ratios.exportThroughputVsNaive}×`,
      r.targets.exportThroughput.target,
      met(r.targets.exportThroughput.met),
    ],
    [
      "tickets CSV joined 1k pages (proposal) rows/s",
      naive.rowsPerSecond.toLocaleString("en-US"),
      joined.rowsPerSecond.toLocaleString("en-US"),
      `${r.ratios.joinedPagesThroughputVsNaive}×`,
      "(info)",
      "",
    ],
    [
      "tickets CSV export peak RSS / heap",
      `${mb(naive.peakRssBytes)} / ${mb(naive.peakHeapBytes)}`,
      `${mb(stream.peakRssBytes)} / ${mb(stream.peakHeapBytes)}`,
      "",
      "(info)",
      "",
    ],
    [
      "tickets CSV joined pages peak RSS / heap",
      "",
      `${mb(joined.peakRssBytes)} / ${mb(joined.peakHeapBytes)}`,
      "",
      "(info)",
      "",
    ],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { formatJson } = await import("./util");
  const quick = process.argv.includes("--quick");
  const skipExport = process.argv.includes("--skip-export");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const result = await runTickets({ quick, skipExport, log });
  for (const row of ticketRows(result)) log(row.join("  |  "));
  await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
  await writeFile(join(repoRoot, "bench", "results", "tickets.json"), formatJson({ startedAt, quick, ...result }));
  log("Wrote bench/results/tickets.json");
  process.exit(0);
}
