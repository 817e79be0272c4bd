import { type AnyColumn, and, eq, gte, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { userTable } from "../auth/auth.sql";
import { csvStream } from "../platform/csv";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { teamTable } from "../team/team.sql";
import { inboxCsatTable } from "./csat.sql";
import {
  inboxChannelKinds,
  inboxChannelTable,
  inboxConversationEventTable,
  inboxConversationTable,
  inboxMessageTable,
} from "./inbox.sql";

const DAY = 86_400_000;
/** A report covers at most a year: each figure is one grouped statement over the range. */
const MAX_DAYS = 366;

export const ReportQuery = z
  .object({
    /** First UTC day included (YYYY-MM-DD); default: 13 days before `to`. */
    from: z.iso.date().optional(),
    /** Last UTC day included (YYYY-MM-DD); default: today. */
    to: z.iso.date().optional(),
    teamId: z.uuid().optional(),
    channel: z.enum(inboxChannelKinds).optional(),
  })
  .default({});
export type ReportQuery = z.input<typeof ReportQuery>;

const Duration = z.object({
  /** Seconds; null when nothing was measured. */
  median: z.number().nullable(),
  p90: z.number().nullable(),
  count: z.number().int(),
});
const Satisfaction = z.object({
  /** Mean rating (1–5) of the surveys answered in the range; null when none. */
  average: z.number().nullable(),
  count: z.number().int(),
});
const Row = z.object({
  id: z.uuid().nullable(),
  label: z.string(),
  conversations: z.number().int(),
  resolved: z.number().int(),
  firstResponse: Duration,
  resolution: Duration,
  csat: Satisfaction,
  /** Conversations whose reply target (first response or a follow-up) was missed at least once. */
  late: z.number().int(),
});

export const ReportInfo = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  /** One entry per UTC day of the range, zeros included. */
  days: z.array(
    z.object({
      date: z.iso.date(),
      conversations: z.number().int(),
      inbound: z.number().int(),
      outbound: z.number().int(),
      resolved: z.number().int(),
    }),
  ),
  byChannel: z.array(z.object({ channel: z.enum(inboxChannelKinds), conversations: z.number().int() })),
  totals: z.object({
    conversations: z.number().int(),
    resolved: z.number().int(),
    /** Opened in the range and still waiting for an agent's first answer. */
    awaitingFirstResponse: z.number().int(),
    firstResponse: Duration,
    resolution: Duration,
    csat: Satisfaction,
    /** Opened in the range and missed a reply target at least once (SLA compliance = 1 − late / conversations). */
    late: z.number().int(),
  }),
  /** Per assignee (null: never assigned), most conversations first. */
  byAgent: z.array(Row),
  /** Per team (null: no team), most conversations first. */
  byTeam: z.array(Row),
});
export type ReportInfo = z.infer<typeof ReportInfo>;

const c = inboxConversationTable;
const int = (e: SQL) => sql<number>`(${e})::int`;
const seconds = (from: AnyColumn, to: AnyColumn) => sql`extract(epoch from (${to} - ${from}))`;
const percentile = (p: number, e: SQL) =>
  sql<number | null>`(percentile_cont(${p}) within group (order by ${e}))::float8`;
const frt = seconds(c.createdAt, c.firstResponseAt);
const ttr = seconds(c.createdAt, c.resolvedAt);
const e = inboxConversationEventTable;
const late = sql`exists (select 1 from ${e} where ${e.conversationId} = ${c.id} and ${e.kind} = 'reply_breached')`;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const round = (v: number | null) => (v === null ? null : Math.round(v));

function range(q: z.output<typeof ReportQuery>) {
  const to = q.to ? new Date(`${q.to}T00:00:00Z`) : new Date(`${iso(new Date())}T00:00:00Z`);
  const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 13 * DAY);
  const days = Math.round((to.getTime() - from.getTime()) / DAY) + 1;
  if (days < 1)
    throw new AppError("validation", "`from` must be on or before `to`", [{ path: "from", message: "after to" }]);
  if (days > MAX_DAYS) {
    throw new AppError("validation", `A report covers at most ${MAX_DAYS} days; narrow from/to`, [
      { path: "from", message: `more than ${MAX_DAYS} days before to` },
    ]);
  }
  return { from, end: new Date(to.getTime() + DAY), to, days };
}

/**
 * The inbox report (managers: crm:inbox:manager_dashboard:read): volume per day and channel, first
 * response and resolution times (median and 90th percentile, in seconds), per agent and per team.
 * Days are UTC. A conversation belongs to the day it was opened; "resolved" counts by the day it was
 * resolved. First response is from opening to the first agent message the provider confirmed sent.
 * Every figure is grouped in the database, never rows in memory.
 */
export const report = fn(ReportQuery, async (q): Promise<ReportInfo> => {
  requirePermission("crm:inbox:manager_dashboard:read");
  const { from, end, to, days } = range(q);
  const scope = and(
    q.teamId ? eq(c.teamId, q.teamId) : undefined,
    q.channel
      ? sql`${c.channelId} in (select ${inboxChannelTable.id} from ${inboxChannelTable} where ${inboxChannelTable.kind} = ${q.channel})`
      : undefined,
  );
  const opened = and(scope, gte(c.createdAt, from), lt(c.createdAt, end));
  const closed = and(scope, isNotNull(c.resolvedAt), gte(c.resolvedAt, from), lt(c.resolvedAt, end));
  const day = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD')`;
  const stats = {
    conversations: int(sql`count(*)`),
    resolved: int(sql`count(*) filter (where ${c.resolvedAt} is not null)`),
    frtMedian: percentile(0.5, frt),
    frtP90: percentile(0.9, frt),
    frtCount: int(sql`count(${c.firstResponseAt})`),
    ttrMedian: percentile(0.5, ttr),
    ttrP90: percentile(0.9, ttr),
    late: int(sql`count(*) filter (where ${late})`),
  };
  type Stats = { [K in keyof typeof stats]: (typeof stats)[K]["_"]["type"] };
  type Rated = { key: string | null; average: number | null; count: number };
  const satisfaction = (rated: Rated[], key: string | null) => {
    const r = rated.find((x) => x.key === key);
    return { average: r?.average === null || !r ? null : Math.round(r.average * 100) / 100, count: r?.count ?? 0 };
  };
  let byAgentCsat: Rated[] = [];
  let byTeamCsat: Rated[] = [];
  const row = (id: string | null, label: string, s: Stats, rated: Rated[]): z.infer<typeof Row> => ({
    id,
    label,
    conversations: s.conversations,
    resolved: s.resolved,
    firstResponse: { median: round(s.frtMedian), p90: round(s.frtP90), count: s.frtCount },
    resolution: { median: round(s.ttrMedian), p90: round(s.ttrP90), count: s.resolved },
    csat: satisfaction(rated, id),
    late: s.late,
  });

  return useTransaction(async (tx) => {
    const openedByDay = await tx
      .select({ date: day(c.createdAt), n: int(sql`count(*)`) })
      .from(c)
      .where(opened)
      .groupBy(sql`1`);
    const resolvedByDay = await tx
      .select({ date: day(c.resolvedAt), n: int(sql`count(*)`) })
      .from(c)
      .where(closed)
      .groupBy(sql`1`);
    const m = inboxMessageTable;
    const messagesByDay = await tx
      .select({
        date: day(m.createdAt),
        inbound: int(sql`count(*) filter (where ${m.direction} = 'inbound')`),
        outbound: int(sql`count(*) filter (where ${m.direction} = 'outbound')`),
      })
      .from(m)
      .innerJoin(c, eq(c.id, m.conversationId))
      .where(and(scope, gte(m.createdAt, from), lt(m.createdAt, end)))
      .groupBy(sql`1`);
    const byChannel = await tx
      .select({ channel: inboxChannelTable.kind, conversations: int(sql`count(*)`) })
      .from(c)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, c.channelId))
      .where(opened)
      .groupBy(inboxChannelTable.kind)
      .orderBy(sql`2 desc`, inboxChannelTable.kind);
    const [totals] = await tx
      .select({ ...stats, awaiting: int(sql`count(*) filter (where ${c.firstResponseAt} is null)`) })
      .from(c)
      .where(opened);
    const resolvedTotal = await tx
      .select({ n: int(sql`count(*)`), median: percentile(0.5, ttr), p90: percentile(0.9, ttr) })
      .from(c)
      .where(closed);
    const agents = await tx
      .select({ id: c.assigneeId, name: userTable.displayName, email: userTable.email, ...stats })
      .from(c)
      .leftJoin(userTable, eq(userTable.id, c.assigneeId))
      .where(opened)
      .groupBy(c.assigneeId, userTable.displayName, userTable.email)
      .orderBy(sql`count(*) desc`, userTable.displayName);
    const teams = await tx
      .select({ id: c.teamId, name: teamTable.name, ...stats })
      .from(c)
      .leftJoin(teamTable, eq(teamTable.id, c.teamId))
      .where(opened)
      .groupBy(c.teamId, teamTable.name)
      .orderBy(sql`count(*) desc`, teamTable.name);

    const k = inboxCsatTable;
    const answered = and(
      isNotNull(k.respondedAt),
      gte(k.respondedAt, from),
      lt(k.respondedAt, end),
      q.teamId ? eq(k.teamId, q.teamId) : undefined,
      q.channel
        ? sql`${k.conversationId} in (select ${c.id} from ${c} join ${inboxChannelTable} on ${inboxChannelTable.id} = ${c.channelId} where ${inboxChannelTable.kind} = ${q.channel})`
        : undefined,
    );
    const mean = sql<number | null>`avg(${k.rating})::float8`;
    byAgentCsat = await tx
      .select({ key: k.agentId, average: mean, count: int(sql`count(*)`) })
      .from(k)
      .where(answered)
      .groupBy(k.agentId);
    byTeamCsat = await tx
      .select({ key: k.teamId, average: mean, count: int(sql`count(*)`) })
      .from(k)
      .where(answered)
      .groupBy(k.teamId);
    const [allCsat] = await tx
      .select({ key: sql<null>`null`, average: mean, count: int(sql`count(*)`) })
      .from(k)
      .where(answered);

    const at = (rows: Array<{ date: string }>, date: string) => rows.find((r) => r.date === date);
    const series = Array.from({ length: days }, (_, i) => {
      const date = iso(new Date(from.getTime() + i * DAY));
      const msgs = at(messagesByDay, date) as { inbound: number; outbound: number } | undefined;
      return {
        date,
        conversations: (at(openedByDay, date) as { n: number } | undefined)?.n ?? 0,
        inbound: msgs?.inbound ?? 0,
        outbound: msgs?.outbound ?? 0,
        resolved: (at(resolvedByDay, date) as { n: number } | undefined)?.n ?? 0,
      };
    });
    const closedTotals = resolvedTotal[0];
    return {
      from: iso(from),
      to: iso(to),
      days: series,
      byChannel,
      totals: {
        conversations: totals?.conversations ?? 0,
        resolved: closedTotals?.n ?? 0,
        awaitingFirstResponse: totals?.awaiting ?? 0,
        firstResponse: {
          median: round(totals?.frtMedian ?? null),
          p90: round(totals?.frtP90 ?? null),
          count: totals?.frtCount ?? 0,
        },
        resolution: {
          median: round(closedTotals?.median ?? null),
          p90: round(closedTotals?.p90 ?? null),
          count: closedTotals?.n ?? 0,
        },
        csat: satisfaction(allCsat ? [allCsat] : [], null),
        late: totals?.late ?? 0,
      },
      byAgent: agents.map((a) => row(a.id, a.id ? (a.name ?? a.email ?? a.id) : "Unassigned", a, byAgentCsat)),
      byTeam: teams.map((t) => row(t.id, t.id ? (t.name ?? t.id) : "No team", t, byTeamCsat)),
    };
  });
});

/** The report's per-agent and per-team rows as CSV (one section column), for spreadsheets. */
export const exportCsv = fn(ReportQuery, async (q): Promise<ReadableStream<Uint8Array>> => {
  const r = await report(q);
  async function* rows() {
    for (const [section, list] of [
      ["agent", r.byAgent],
      ["team", r.byTeam],
    ] as const) {
      for (const x of list) {
        yield [
          section,
          x.label,
          x.conversations,
          x.resolved,
          x.firstResponse.median,
          x.firstResponse.p90,
          x.resolution.median,
          x.resolution.p90,
          x.csat.average,
          x.csat.count,
          x.late,
        ];
      }
    }
    for (const d of r.days) {
      yield ["day", d.date, d.conversations, d.resolved, null, null, null, null, null, null, null];
    }
  }
  return csvStream(
    [
      "section",
      "name",
      "conversations",
      "resolved",
      "first_response_median_s",
      "first_response_p90_s",
      "resolution_median_s",
      "resolution_p90_s",
      "csat_average",
      "csat_count",
      "late",
    ],
    rows(),
  );
});
