import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { builtinRole } from "@dotmac/core/access";
import { Assignment, Conversations, Routing } from "@dotmac/core/inbox";
import { localBus, setEventBus } from "@dotmac/core/platform/bus";
import { setConfig } from "@dotmac/core/platform/config";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { setConnection } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import { repoRoot } from "./children";
import { type Db, openBenchDatabase, Recorder } from "./tickets";
import { percentile, round } from "./util";

/**
 * The inbox on real PostgreSQL (PGlite when Debian's is not installed), seeded with generate_series:
 * 100k conversations and 1M messages by default (BENCH_INBOX_SCALE=0.1 for a tenth).
 *
 * 1. The conversation list (Conversations.list, as an agent who sees their teams' conversations):
 *    mine / unassigned / all first pages and a deep keyset page, p99 against an indexed single-row
 *    lookup through the same stack (Conversations.summaryOf); target ≤ 5×.
 * 2. Assignment throughput: N concurrent assigners running Routing.assignNext on one team's queue,
 *    and N agents taking conversations with Assignment.take, against N connections running the bare
 *    conditional `UPDATE … SET assignee_id = … WHERE id = … AND assignee_id IS NULL` on as many rows.
 *
 * Standalone: `tsx bench/inbox.ts [--quick]`.
 */

export interface InboxOptions {
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

interface Throughput {
  assignments: number;
  ms: number;
  perSecond: number;
  /** Outcomes other than an assignment (none expected): "stale" entries, conflicts, double assignments. */
  anomalies: number;
}

export interface InboxResult {
  database: "postgres" | "pglite";
  postgresVersion: string;
  conversations: number;
  messages: number;
  seedSeconds: number;
  iterations: number;
  /** Active (open/pending) conversations the bench agent sees in "all"; the deep page is ~90% of the way down. */
  visibleActive: number;
  deepPageOffset: number;
  latencyMs: Record<ListCase, Timing>;
  /** p99 of each list case over the lookup's p99 (the target); p50Ratios the same at the median (info). */
  ratios: Record<Exclude<ListCase, "lookup" | "lookupRaw">, number>;
  p50Ratios: Record<Exclude<ListCase, "lookup" | "lookupRaw">, number>;
  plans: Record<string, { indexes: string[]; seqScan: boolean; plan: string }>;
  assignment: {
    assigners: number;
    conversations: number;
    bareUpdate: Throughput;
    assignNext: Throughput;
    take: Throughput;
    assignNextRatio: number;
    takeRatio: number;
  };
  targets: { listP99: { target: string; met: boolean } };
}

type ListCase =
  | "lookup"
  | "lookupRaw"
  | "mineFirst"
  | "unassignedFirst"
  | "mineDeep"
  | "unassignedDeep"
  | "allFirst"
  | "allDeep"
  | "adminAllFirst"
  | "adminAllDeep";

const CONVERSATIONS = 100_000;
const MESSAGES_PER_CONVERSATION = 10;
const AGENTS = 40;
const TEAMS = 8;
const KINDS = ["whatsapp", "messenger", "instagram", "email", "widget"] as const;

/** What the auth middleware resolves the built-in support role to. */
const supportPermissions = [...(builtinRole("support")?.permissions ?? [])];

const scale = () => {
  const n = Number(process.env.BENCH_INBOX_SCALE ?? "1");
  return Number.isFinite(n) && n > 0 ? n : 1;
};

/** md5 as a version-4 UUID (zod's id() checks the version and variant digits, as a cursor's id is checked). */
const uuid = (label: string, expr: string) =>
  `overlay(overlay(md5('${label}' || (${expr})::text) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * One statement per table. Deterministic ids (md5 of a label) let messages and members point at
 * conversations, channels and teams without a lookup. Six in ten conversations are resolved (a desk's
 * history), the rest open, pending or snoozed; 15% unassigned, 10% not yet routed to a team; one
 * message in twenty is an internal note.
 */
async function seed(db: Db, conversations: number) {
  await db.raw(
    `insert into user_account (id, portal, email, display_name, roles)
     select ${uuid("agent", "g")}, 'staff', 'agent' || g || '@example.com', 'Agent ' || g, '{support}'
     from generate_series(1, $1::int) g`,
    [AGENTS],
  );
  await db.raw(
    `insert into team (id, name) select ${uuid("team", "g")}, 'Team ' || g from generate_series(0, $1::int - 1) g`,
    [TEAMS],
  );
  // Every agent in one team, every other agent in a second one too.
  await db.raw(
    `insert into team_member (team_id, user_id)
     select ${uuid("team", "g % $2")}, ${uuid("agent", "g")} from generate_series(1, $1::int) g
     union all
     select ${uuid("team", "(g + 3) % $2")}, ${uuid("agent", "g")} from generate_series(2, $1::int, 2) g`,
    [AGENTS, TEAMS],
  );
  await db.raw(
    `insert into inbox_channel (id, kind, name, external_account_id, team_id)
     select ${uuid("channel", "k")}, (array['${KINDS.join("','")}'])[k + 1], 'Channel ' || k, 'acct-' || k,
            ${uuid("team", "k")}
     from generate_series(0, 4) k`,
  );
  await db.raw(
    `insert into person (id, display_name, party_status)
     select ${uuid("person", "g")}, 'Customer ' || g, 'customer' from generate_series(1, $1::int) g`,
    [conversations],
  );
  await db.raw(
    `insert into inbox_conversation (id, channel_id, person_id, status, priority, subject, assignee_id, team_id,
       labels, last_message_at, last_inbound_at, unread_count, snoozed_until, created_at, updated_at)
     select ${uuid("conv", "g")}, ${uuid("channel", "g % 5")}, ${uuid("person", "g")},
            case when h < 60 then 'resolved' when h < 85 then 'open' when h < 95 then 'pending' else 'snoozed' end,
            (array['none','none','none','low','medium','high','urgent'])[1 + h % 7],
            case when g % 5 = 3 then 'Subject ' || g end,
            case when h % 20 < 3 then null else ${uuid("agent", "1 + (h * 7 + g) % $2")} end,
            case when h % 10 = 0 then null else ${uuid("team", "(g + h) % $3")} end,
            case when h % 4 = 0 then array['billing'] when h % 4 = 1 then array['outage', 'vip'] else '{}'::text[] end,
            at, at, case when h >= 60 then h % 4 else 0 end,
            case when h >= 95 then now() + interval '1 day' end,
            at - interval '1 hour', at
     from (select g, abs(hashtext('c' || g)) % 100 as h,
                  now() - (g * (31536000.0 / $1)) * interval '1 second' as at
           from generate_series(1, $1::int) g) s`,
    [conversations, AGENTS, TEAMS],
  );
  await db.raw(
    `insert into inbox_message (id, conversation_id, channel_id, direction, kind, status, body, author_id,
       mentions, created_at)
     select gen_random_uuid(), ${uuid("conv", "c")}, ${uuid("channel", "c % 5")},
            case when k % 20 = 7 then 'internal' when k % 2 = 0 then 'inbound' else 'outbound' end,
            case when k % 20 = 7 then 'note' else 'text' end,
            case when k % 20 = 7 then 'sent' when k % 2 = 0 then 'received' else 'read' end,
            'Message ' || k || ' of conversation ' || c || ': my fibre line has been dropping since the storm',
            case when k % 2 = 1 then ${uuid("agent", "1 + c % $2")} end,
            case when k % 20 = 7 then array[${uuid("agent", "1 + (c + 1) % $2")}] else '{}'::uuid[] end,
            now() - (c * (31536000.0 / $1)) * interval '1 second' - ($3 - k % $3) * interval '1 minute'
     from (select g, 1 + (g - 1) / $3 as c, g as k from generate_series(1, $1::int * $3) g) s`,
    [conversations, AGENTS, MESSAGES_PER_CONVERSATION],
  );
  await db.raw("analyze");
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

/** EXPLAIN ANALYZE of the conversation query one call issued. */
async function explain(db: Db, recorder: Recorder, call: () => Promise<unknown>) {
  recorder.last = [];
  recorder.recording = true;
  await call();
  recorder.recording = false;
  const first = recorder.last.find((q) => /from "inbox_conversation"/.test(q.query));
  if (!first) return { indexes: [], seqScan: false, plan: "(no conversation query recorded)" };
  const rows = await db.raw(`explain (analyze, buffers, costs off) ${first.query}`, first.params);
  const plan = rows.map((r) => String(r["QUERY PLAN"])).join("\n");
  const indexes = [...new Set([...plan.matchAll(/(?:using|Bitmap Index Scan on) (\w+)/gi)].map((m) => m[1] ?? ""))];
  return { indexes, seqScan: /Seq Scan on inbox_conversation\b/.test(plan), plan };
}

/** Runs `workers` loops at once until each says it is done; the wall time of the whole. */
async function concurrently(workers: number, loop: (worker: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  return performance.now() - started;
}

const throughput = (assignments: number, ms: number, anomalies: number): Throughput => ({
  assignments,
  ms: round(ms, 1),
  perSecond: Math.round(assignments / (ms / 1000)),
  anomalies,
});

/** Fresh unassigned open conversations of one team (new people, so the one-live-per-person index holds). */
async function freshConversations(db: Db, label: string, count: number, teamId: string): Promise<string[]> {
  const rows = await db.raw(
    `with p as (
       insert into person (id, display_name)
       select gen_random_uuid(), $1 || ' ' || g from generate_series(1, $2::int) g returning id, display_name)
     insert into inbox_conversation (id, channel_id, person_id, status, team_id, last_message_at)
     select gen_random_uuid(), ${uuid("channel", "0")}, p.id, 'open', $3::uuid, now() - random() * interval '1 hour'
     from p returning id`,
    [label, count, teamId],
  );
  return rows.map((r) => String(r.id));
}

async function runAssignment(db: Db, options: InboxOptions, assigners: number, count: number) {
  const { log } = options;
  const system: Actor = { type: "system", properties: { job: "bench" } };
  // A team of its own: N online agents with room for everything, members of that team only.
  const [team] = await db.raw(
    `insert into team (id, name) values (gen_random_uuid(), 'Bench routing') returning id::text as id`,
  );
  const teamId = String(team?.id);
  const agents = (
    await db.raw(
      `insert into user_account (id, portal, email, display_name, roles)
       select gen_random_uuid(), 'staff', 'router' || g || '@example.com', 'Router ' || g, '{support}'
       from generate_series(1, $1::int) g returning id::text as id, email`,
      [assigners],
    )
  ).map((r) => ({ id: String(r.id), email: String(r.email) }));
  for (const a of agents) {
    await db.raw("insert into team_member (team_id, user_id) values ($1, $2)", [teamId, a.id]);
    await db.raw("insert into inbox_agent (user_id, capacity, last_seen_at) values ($1, 1000, now())", [a.id]);
  }

  // Baseline: the bare conditional UPDATE, one row per statement, N connections pulling ids off one list.
  const bareIds = await freshConversations(db, "bare", count, teamId);
  let next = 0;
  let bareDone = 0;
  let bareMissed = 0;
  const bareMs = await concurrently(assigners, async (w) => {
    for (let i = next++; i < bareIds.length; i = next++) {
      const rows = await db.raw(
        "update inbox_conversation set assignee_id = $1 where id = $2 and assignee_id is null returning id",
        [agents[w]?.id, bareIds[i]],
      );
      if (rows.length === 1) bareDone++;
      else bareMissed++;
    }
  });

  // Routing.assignNext: the queue filled as route() would leave it, then N assigners drain it at once.
  const queuedIds = await freshConversations(db, "queued", count, teamId);
  await db.raw(
    `insert into inbox_queue_entry (id, conversation_id, team_id, priority_rank, arrived_at, reason)
     select gen_random_uuid(), id, $1::uuid, 0, last_message_at, 'the channel''s team'
     from inbox_conversation where id = any($2::uuid[])`,
    [teamId, queuedIds],
  );
  await db.raw("analyze inbox_queue_entry");
  let routed = 0;
  let routedOther = 0;
  const routeMs = await concurrently(assigners, async () => {
    for (;;) {
      const result = await withActor(system, () => Routing.assignNext(teamId));
      if (result.outcome === "assigned") routed++;
      else if (result.outcome === "empty") return;
      else routedOther++;
      if (result.outcome === "no_agent") return;
    }
  });

  // Assignment.take: N agents each claiming the next conversation off one shared list.
  const takeIds = await freshConversations(db, "take", count, teamId);
  await db.raw("update inbox_agent set active_count = 0 where user_id = any($1::uuid[])", [agents.map((a) => a.id)]);
  next = 0;
  let taken = 0;
  let takeFailed = 0;
  const takeMs = await concurrently(assigners, async (w) => {
    const agent = agents[w] as { id: string; email: string };
    const actor: Actor = {
      type: "user",
      properties: {
        userId: agent.id,
        email: agent.email,
        portal: "staff",
        roles: ["support"],
        permissions: supportPermissions,
      },
    };
    for (let i = next++; i < takeIds.length; i = next++) {
      try {
        await withActor(actor, () => Assignment.take({ conversationId: takeIds[i] as string }));
        taken++;
      } catch {
        takeFailed++;
      }
    }
  });

  const [check] = await db.raw(
    `select count(*) filter (where assignee_id is null)::int as unassigned,
            (select count(*)::int from inbox_conversation_event e where e.kind = 'assigned'
               and e.conversation_id = any($1::uuid[])) as logged
     from inbox_conversation where id = any($1::uuid[])`,
    [[...queuedIds, ...takeIds]],
  );
  const [load] = await db.raw(
    "select coalesce(max(active_count - capacity), -1)::int as over from inbox_agent where user_id = any($1::uuid[])",
    [agents.map((a) => a.id)],
  );
  const logged = Number(check?.logged ?? 0);
  const anomalies = Number(check?.unassigned ?? 0) + Math.abs(logged - 2 * count) + (Number(load?.over) > 0 ? 1 : 0);
  if (anomalies)
    log(`  ! after the runs: ${check?.unassigned} unassigned, ${logged} assignment events for ${2 * count}`);
  const bareUpdate = throughput(bareDone, bareMs, bareMissed);
  const assignNext = throughput(routed, routeMs, routedOther);
  const take = throughput(taken, takeMs, takeFailed);
  return {
    assigners,
    conversations: count,
    bareUpdate,
    assignNext,
    take,
    assignNextRatio: round(assignNext.perSecond / bareUpdate.perSecond, 3),
    takeRatio: round(take.perSecond / bareUpdate.perSecond, 3),
    ...(anomalies ? { anomalies } : {}),
  };
}

export async function runInbox(options: InboxOptions): Promise<InboxResult> {
  const { log } = options;
  const conversations = Math.round(CONVERSATIONS * scale() * (options.quick ? 0.1 : 1));
  const iterations = options.quick ? 100 : 300;
  const assigners = Number(process.env.BENCH_ASSIGNERS ?? 8);
  const assignCount = options.quick ? 300 : 1000;
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-inbox-"));
  const recorder = new Recorder();
  const db = await openBenchDatabase(dataDir, recorder, log);
  try {
    setConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", ...db.childEnv });
    await migrate(db.connection);
    setConnection(db.connection);
    // Events go to the outbox table as in production; nothing delivers them here.
    setEventBus(localBus(async () => undefined));
    const version = String((await db.raw("show server_version"))[0]?.server_version ?? "?");
    log(`  database: ${db.kind === "postgres" ? `PostgreSQL ${version}` : `PGlite (PostgreSQL ${version})`}`);

    const seedStart = performance.now();
    await seed(db, conversations);
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    const [counts] = await db.raw(
      "select (select count(*)::int from inbox_conversation) as c, (select count(*)::int from inbox_message) as m",
    );
    log(`  seeded ${counts?.c} conversations and ${counts?.m} messages in ${seedSeconds} s`);

    // Agent 2: a member of two teams, sees their own, those two teams' and the unrouted conversations.
    const [agent] = await db.raw("select id::text as id, email from user_account where email = 'agent2@example.com'");
    const agentActor: Actor = {
      type: "user",
      properties: {
        userId: String(agent?.id),
        email: String(agent?.email),
        portal: "staff",
        roles: ["support"],
        permissions: supportPermissions,
      },
    };
    const adminActor: Actor = {
      type: "user",
      properties: {
        userId: String(agent?.id),
        email: "admin@example.com",
        portal: "staff",
        roles: ["admin"],
        permissions: [],
      },
    };
    const asAgent = <T>(fn: () => Promise<T>) => withActor(agentActor, fn);
    const asAdmin = <T>(fn: () => Promise<T>) => withActor(adminActor, fn);
    const ids = (await db.raw("select id::text as id from inbox_conversation order by random() limit 1000")).map((r) =>
      String(r.id),
    );

    // The cursor ~90% of the way down a folder, reached the way a client would: page after page of 100.
    const deepCursor = async (as: typeof asAgent, folder: "mine" | "unassigned" | "all") => {
      const all = (await as(() => Conversations.counts({})))[folder];
      const offset = Math.round(all * 0.9);
      let cursor: string | undefined;
      for (let seen = 0; seen < offset; ) {
        const limit = Math.min(100, offset - seen);
        cursor = (await as(() => Conversations.list({ folder, limit, cursor }))).nextCursor ?? undefined;
        seen += limit;
      }
      if (!cursor) throw new Error(`the ${folder} list ended before the deep page`);
      return { cursor, offset, all };
    };
    const agentDeep = await deepCursor(asAgent, "all");
    const mineDeep = await deepCursor(asAgent, "mine");
    const unassignedDeep = await deepCursor(asAgent, "unassigned");
    const adminDeep = await deepCursor(asAdmin, "all");
    log(
      `  agent2 sees ${agentDeep.all} active conversations (${mineDeep.all} mine, ${unassignedDeep.all} unassigned), ` +
        `an admin ${adminDeep.all}; deep pages at 90%`,
    );

    const cases: Record<ListCase, (i: number) => Promise<unknown>> = {
      lookup: (i) => asAgent(() => Conversations.summaryOf(ids[i % ids.length] ?? "")),
      lookupRaw: (i) => db.raw("select * from inbox_conversation where id = $1", [ids[i % ids.length]]),
      mineFirst: () => asAgent(() => Conversations.list({ folder: "mine" })),
      unassignedFirst: () => asAgent(() => Conversations.list({ folder: "unassigned" })),
      mineDeep: () => asAgent(() => Conversations.list({ folder: "mine", cursor: mineDeep.cursor })),
      unassignedDeep: () => asAgent(() => Conversations.list({ folder: "unassigned", cursor: unassignedDeep.cursor })),
      allFirst: () => asAgent(() => Conversations.list({ folder: "all" })),
      allDeep: () => asAgent(() => Conversations.list({ folder: "all", cursor: agentDeep.cursor })),
      adminAllFirst: () => asAdmin(() => Conversations.list({ folder: "all" })),
      adminAllDeep: () => asAdmin(() => Conversations.list({ folder: "all", cursor: adminDeep.cursor })),
    };
    const names = Object.keys(cases) as ListCase[];
    const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<ListCase, number[]>;
    log(`  warming up, then ${iterations} rounds of: ${names.join(", ")} (interleaved)`);
    for (let i = 0; i < 30; i++) for (const n of names) await cases[n](i);
    for (let i = 0; i < iterations; i++) for (const n of names) samples[n].push(await time(() => cases[n](i)));

    log("  EXPLAIN ANALYZE of each list case");
    const plans: InboxResult["plans"] = {};
    for (const n of names.filter((x) => x !== "lookupRaw")) plans[n] = await explain(db, recorder, () => cases[n](0));

    const latencyMs = Object.fromEntries(names.map((n) => [n, summarise(samples[n])])) as Record<ListCase, Timing>;
    const ratio = (n: ListCase) => round(latencyMs[n].p99 / latencyMs.lookup.p99);
    const ratios = {
      mineFirst: ratio("mineFirst"),
      unassignedFirst: ratio("unassignedFirst"),
      mineDeep: ratio("mineDeep"),
      unassignedDeep: ratio("unassignedDeep"),
      allFirst: ratio("allFirst"),
      allDeep: ratio("allDeep"),
      adminAllFirst: ratio("adminAllFirst"),
      adminAllDeep: ratio("adminAllDeep"),
    };

    log(`  assignment: ${assigners} concurrent assigners, ${assignCount} conversations per run`);
    const assignment = await runAssignment(db, options, assigners, assignCount);

    return {
      database: db.kind,
      postgresVersion: version,
      conversations: Number(counts?.c),
      messages: Number(counts?.m),
      seedSeconds,
      iterations,
      visibleActive: agentDeep.all,
      deepPageOffset: agentDeep.offset,
      latencyMs,
      ratios,
      p50Ratios: Object.fromEntries(
        Object.keys(ratios).map((n) => [n, round(latencyMs[n as ListCase].p50 / latencyMs.lookup.p50)]),
      ) as InboxResult["p50Ratios"],
      plans,
      assignment,
      targets: { listP99: { target: "≤ 5×", met: Math.max(...Object.values(ratios)) <= 5 } },
    };
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The rows of the inbox bench in run.ts's summary table: [measure, baseline, product, ratio, target, met?]. */
export function inboxRows(r: InboxResult): [string, string, string, string, string, string][] {
  const ms = (n: number) => n.toFixed(2);
  const met = (ok: boolean) => (ok ? "met" : "NOT MET");
  const l = r.latencyMs;
  const k = (n: number) => `${Math.round(n / 1000)}k`;
  const list = (
    label: string,
    n: Exclude<ListCase, "lookup" | "lookupRaw">,
  ): [string, string, string, string, string, string] => [
    `inbox list ${label} p99 vs lookup (ms; p50 ratio ${r.p50Ratios[n]}×)`,
    ms(l.lookup.p99),
    ms(l[n].p99),
    `${r.ratios[n]}×`,
    r.targets.listP99.target,
    met(r.ratios[n] <= 5),
  ];
  const a = r.assignment;
  return [
    [
      `inbox lookup p50 / p99 (ms, ${r.database}, ${k(r.conversations)} conv / ${k(r.messages)} msg)`,
      `${ms(l.lookupRaw.p50)} / ${ms(l.lookupRaw.p99)}`,
      `${ms(l.lookup.p50)} / ${ms(l.lookup.p99)}`,
      "",
      "(info: raw pk select vs summaryOf)",
      "",
    ],
    list("mine", "mineFirst"),
    list("unassigned", "unassignedFirst"),
    list("mine deep", "mineDeep"),
    list("unassigned deep", "unassignedDeep"),
    list("all", "allFirst"),
    list(`all deep (${r.deepPageOffset.toLocaleString("en-US")} in)`, "allDeep"),
    list("admin all", "adminAllFirst"),
    list("admin all deep", "adminAllDeep"),
    [
      `inbox assignNext/s (${a.assigners} assigners) vs bare UPDATE/s`,
      a.bareUpdate.perSecond.toLocaleString("en-US"),
      a.assignNext.perSecond.toLocaleString("en-US"),
      `${a.assignNextRatio}×`,
      "(info)",
      "",
    ],
    [
      `inbox take/s (${a.assigners} agents) vs bare UPDATE/s`,
      a.bareUpdate.perSecond.toLocaleString("en-US"),
      a.take.perSecond.toLocaleString("en-US"),
      `${a.takeRatio}×`,
      "(info)",
      "",
    ],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { formatJson } = await import("./util");
  const quick = process.argv.includes("--quick");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const result = await runInbox({ quick, log });
  for (const row of inboxRows(result)) log(row.join("  |  "));
  if (process.argv.includes("--plans")) for (const [n, p] of Object.entries(result.plans)) log(`\n${n}:\n${p.plan}`);
  await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
  await writeFile(join(repoRoot, "bench", "results", "inbox.json"), formatJson({ startedAt, quick, ...result }));
  log("Wrote bench/results/inbox.json");
  process.exit(0);
}
