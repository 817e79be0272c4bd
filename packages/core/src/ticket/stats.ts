import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { int as whole } from "../platform/input";
import { live } from "../platform/soft-delete";
import { slaAtRisk, slaBreached } from "../sla/conditions";
import { slaAlertTable, ticketSlaTable } from "../sla/sla.sql";
import { teamTable } from "../team/team.sql";
import { openStatuses } from "./shared";
import { ticketAssigneeTable, ticketPriorities, ticketStatuses, ticketTable } from "./ticket.sql";

/** What the dashboard calls a ticket without a service team. */
export const UNASSIGNED_TEAM = "Unassigned team";

export const StatsInfo = z.object({
  /** Every status in workflow order, zeros included; closed, canceled and merged count all time. */
  byStatus: z.array(z.object({ status: z.enum(ticketStatuses), open: z.boolean(), count: z.number().int() })),
  /** Open tickets per service team, largest first; `team` null is the "Unassigned team" bucket. */
  byTeam: z.array(
    z.object({ teamId: z.uuid().nullable(), team: z.string().nullable(), label: z.string(), count: z.number().int() }),
  ),
  /** Open tickets per priority, lowest to highest, zeros included. */
  byPriority: z.array(z.object({ priority: z.enum(ticketPriorities), count: z.number().int() })),
  openTotal: z.number().int(),
  /** Open tickets with no primary and no additional assignee. */
  unassigned: z.number().int(),
  /** Open tickets whose first-response or resolution clock is breached (or running past its deadline). */
  breachedOpen: z.number().int(),
  /** Open, not breached, with a running clock past its warning threshold. */
  atRisk: z.number().int(),
  /** The database clock the figures were computed at. */
  asOf: z.iso.datetime(),
});
export type StatsInfo = z.infer<typeof StatsInfo>;

export const ComplianceDay = z.object({
  date: z.iso.date(),
  /** Tickets resolved that day (UTC) whose resolution clock was met. */
  met: z.number().int(),
  /** Tickets resolved that day whose resolution clock had breached before they were resolved. */
  breached: z.number().int(),
});
export const BreachInfo = z.object({
  ticketId: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.enum(ticketStatuses),
  clock: z.enum(["first_response", "resolution"]),
  at: z.iso.datetime(),
});
export const ComplianceInfo = z.object({
  days: z.array(ComplianceDay),
  /** The latest breaches (either clock), newest first. */
  recent: z.array(BreachInfo),
});
export type ComplianceInfo = z.infer<typeof ComplianceInfo>;

const t = ticketTable;
const s = ticketSlaTable;
const int = (expression: SQL) => sql<number>`(${expression})::int`;
const iso = (value: Date) => value.toISOString();

/**
 * The support dashboard's figures, each a count in the database (never rows in memory). Three
 * statements, each served by an index: one pass over `ticket_dashboard_idx` (status × team ×
 * priority, index-only) gives every per-status, per-team and per-priority count; `ticket_unassigned_idx`
 * the unassigned; the SLA join only the open tickets with a running or breached clock.
 */
export const stats = fn(z.object({}).default({}), async (): Promise<StatsInfo> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    const alive = live(t);
    const open = and(alive, inArray(t.status, openStatuses));
    const groups = await tx
      .select({ status: t.status, team: t.teamId, priority: t.priority, count: int(sql`count(*)`) })
      .from(t)
      .where(alive)
      .groupBy(t.status, t.teamId, t.priority);
    const [unassigned] = await tx
      .select({ count: int(sql`count(*)`) })
      .from(t)
      .where(
        and(
          open,
          sql`${t.primaryAssigneeId} is null`,
          sql`not exists (select 1 from ${ticketAssigneeTable} where ${ticketAssigneeTable.ticketId} = ${t.id})`,
        ),
      );
    const clockLive = sql`(${s.firstResponseState} in ('running', 'breached') or ${s.resolutionState} in ('running', 'breached'))`;
    const [clocks] = await tx
      .select({
        breachedOpen: int(sql`count(*) filter (where ${slaBreached})`),
        atRisk: int(sql`count(*) filter (where ${slaAtRisk} and not coalesce(${slaBreached}, false))`),
        asOf: sql<string>`to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      })
      .from(s)
      .innerJoin(t, eq(t.id, s.ticketId))
      .where(and(open, clockLive));
    const openSet = new Set<string>(openStatuses);
    const byStatus = new Map<string, number>();
    const byTeam = new Map<string | null, number>();
    const byPriority = new Map<string, number>();
    let openTotal = 0;
    for (const g of groups) {
      byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.count);
      if (!openSet.has(g.status)) continue;
      openTotal += g.count;
      byTeam.set(g.team, (byTeam.get(g.team) ?? 0) + g.count);
      byPriority.set(g.priority, (byPriority.get(g.priority) ?? 0) + g.count);
    }
    // The open teams' names (a handful of rows, by primary key).
    const teamIds = [...byTeam.keys()].filter((id): id is string => id !== null);
    const teamNames = new Map(
      teamIds.length === 0
        ? []
        : (
            await tx
              .select({ id: teamTable.id, name: teamTable.name })
              .from(teamTable)
              .where(inArray(teamTable.id, teamIds))
          ).map((row) => [row.id, row.name] as const),
    );
    const name = (id: string | null) => (id === null ? null : (teamNames.get(id) ?? ""));
    // Largest first, then by name with the "Unassigned team" bucket (null) last.
    const teams = [...byTeam].sort(([a, x], [b, y]) => {
      const [p, q] = [name(a), name(b)];
      return y - x || (p === null ? 1 : q === null ? -1 : p.localeCompare(q));
    });
    return {
      byStatus: ticketStatuses.map((status) => ({
        status,
        open: openSet.has(status),
        count: byStatus.get(status) ?? 0,
      })),
      byTeam: teams.map(([teamId, count]) => {
        const team = teamId === null ? null : (teamNames.get(teamId) ?? null);
        return { teamId, team, label: team ?? UNASSIGNED_TEAM, count };
      }),
      byPriority: ticketPriorities.map((priority) => ({ priority, count: byPriority.get(priority) ?? 0 })),
      openTotal,
      unassigned: unassigned?.count ?? 0,
      breachedOpen: clocks?.breachedOpen ?? 0,
      atRisk: clocks?.atRisk ?? 0,
      asOf: clocks?.asOf ?? new Date().toISOString(),
    };
  });
});

/**
 * SLA compliance per UTC day over the last `days` days (today included): of the tickets resolved that
 * day whose resolution clock had a policy, how many met it and how many had breached first (an alert
 * in `sla_alert`, or the registry's breach instant, at or before the resolution). Plus the latest breaches.
 */
export const compliance = fn(
  z
    .object({
      days: whole(1, 366).default(30).describe("How many days back, today included"),
      recent: whole(0, 50).default(10).describe("How many of the latest breaches"),
    })
    .default({ days: 30, recent: 10 }),
  async ({ days, recent }): Promise<ComplianceInfo> => {
    requirePermission("support:ticket:read");
    return useTransaction(async (tx) => {
      const today = sql`(now() at time zone 'UTC')::date`;
      const from = sql`((${today} - ${days - 1}::int)::timestamp at time zone 'UTC')`;
      const alert = slaAlertTable;
      const hadBreach = sql`(exists (select 1 from ${alert} where ${alert.ticketId} = ${t.id} and ${alert.clock} = 'resolution' and ${alert.kind} = 'breach' and ${alert.at} <= ${t.resolvedAt}) or coalesce(${s.resolutionBreachedAt} <= ${t.resolvedAt}, false))`;
      type Day = { date: string; met: number; breached: number };
      const result = await tx.execute<Day>(sql`
        with resolved as (
          select (${t.resolvedAt} at time zone 'UTC')::date as day, ${hadBreach} as breached
          from ${t} join ${s} on ${s.ticketId} = ${t.id}
          where ${live(t)} and ${t.resolvedAt} >= ${from} and ${s.resolutionState} is not null
        )
        select to_char(d.day, 'YYYY-MM-DD') as date,
               (count(r.day) filter (where not r.breached))::int as met,
               (count(r.day) filter (where r.breached))::int as breached
        from generate_series(${today} - ${days - 1}::int, ${today}, interval '1 day') as d(day)
        left join resolved r on r.day = d.day
        group by d.day
        order by d.day`);
      const latest =
        recent === 0
          ? []
          : await tx
              .select({
                ticketId: alert.ticketId,
                number: t.number,
                title: t.title,
                status: t.status,
                clock: alert.clock,
                at: alert.at,
              })
              .from(alert)
              .innerJoin(t, eq(t.id, alert.ticketId))
              .where(and(eq(alert.kind, "breach"), live(t)))
              .orderBy(desc(alert.at))
              .limit(recent);
      return {
        days: (result as unknown as { rows: Day[] }).rows.map((r) => ({
          date: r.date,
          met: Number(r.met),
          breached: Number(r.breached),
        })),
        recent: latest.map((r) => ({ ...r, at: iso(r.at) })),
      };
    });
  },
);
