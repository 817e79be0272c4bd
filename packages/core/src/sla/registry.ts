import { and, asc, desc, eq, gte, inArray, lt, lte, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { errorMessage } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, int } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { ticketEventTable, ticketTable } from "../ticket/ticket.sql";
import { type Configuration, evaluate, loadConfiguration, type TicketEventRow } from "./config";
import { type ClockResult, nextCheckOf, type SlaResult } from "./engine";
import { Events } from "./events";
import { slaAlertTable, slaClocks, ticketSlaTable } from "./sla.sql";
import type { ClockSummary, SlaSummary } from "./summary";

/*
 * The SLA registry (`ticket_sla`): each ticket's clocks as last computed. Every append to a ticket's
 * log marks its row due (`next_check_at = now()`); `scan` recomputes due rows, stores the result and
 * sets the next instant something can change without a new event (a warning or a deadline while a
 * clock runs; null while paused or stopped). Alerts go through `sla_alert`, whose key makes each
 * warning and breach fire once per ticket, clock and cycle (a reopen starts a new cycle).
 */

type TicketRow = typeof ticketTable.$inferSelect;
type SlaRow = typeof ticketSlaTable.$inferSelect;
type ClockName = (typeof slaClocks)[number];

const BATCH = 500;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

async function logsOf(tx: Tx, ids: string[]): Promise<Map<string, TicketEventRow[]>> {
  const byTicket = new Map<string, TicketEventRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byTicket;
  const rows = await tx
    .select()
    .from(ticketEventTable)
    .where(inArray(ticketEventTable.ticketId, ids))
    .orderBy(asc(ticketEventTable.ticketId), asc(ticketEventTable.at), asc(ticketEventTable.id));
  for (const r of rows) byTicket.get(r.ticketId)?.push(r);
  return byTicket;
}

type Outcome = { ok: true; now: Date; result: SlaResult } | { ok: false; error: string };

function compute(config: Configuration, ticket: TicketRow, log: TicketEventRow[], now: Date): Outcome {
  try {
    const { now: at, result } = evaluate(config, ticket, log, now);
    return { ok: true, now: at, result };
  } catch (error) {
    // A missing policy or calendar is the admin's to fix; the row says so instead of failing the job.
    return { ok: false, error: errorMessage(error) };
  }
}

const stored = (result: SlaResult) => ({
  cycle: result.cycle,
  firstResponseState: result.firstResponse.state,
  firstResponseDeadline: result.firstResponse.deadline,
  firstResponseWarningAt: result.firstResponse.warningAt,
  firstResponseBreachedAt: result.firstResponse.breachedAt,
  resolutionState: result.resolution.state,
  resolutionDeadline: result.resolution.deadline,
  resolutionWarningAt: result.resolution.warningAt,
  resolutionBreachedAt: result.resolution.breachedAt,
});

const cleared = {
  firstResponseState: null,
  firstResponseDeadline: null,
  firstResponseWarningAt: null,
  firstResponseBreachedAt: null,
  resolutionState: null,
  resolutionDeadline: null,
  resolutionWarningAt: null,
  resolutionBreachedAt: null,
};

/** Raises what `clock` has crossed, once per cycle; the insert is the dedupe. */
async function alert(
  tx: Transaction,
  ticketId: string,
  name: ClockName,
  clock: ClockResult,
  cycle: number,
  now: Date,
): Promise<{ warnings: number; breaches: number }> {
  const raised = { warnings: 0, breaches: 0 };
  const raise = async (kind: "warning" | "breach", at: Date) => {
    const [row] = await tx
      .insert(slaAlertTable)
      .values({ ticketId, clock: name, kind, cycle, at })
      .onConflictDoNothing()
      .returning({ ticketId: slaAlertTable.ticketId });
    if (!row) return;
    const payload = { ticketId, clock: name, cycle, at: at.toISOString(), deadline: iso(clock.deadline) };
    if (kind === "breach") {
      await emit(Events.Breached, payload);
      raised.breaches++;
    } else {
      await emit(Events.Warning, payload);
      raised.warnings++;
    }
  };
  if (clock.breachedAt) await raise("breach", clock.breachedAt);
  else if ((clock.state === "running" || clock.state === "paused") && clock.warningAt && +clock.warningAt <= +now) {
    // A stopped clock needs no warning any more; a breached one gets the breach instead.
    await raise("warning", clock.warningAt);
  }
  return raised;
}

/** Recomputes one batch of due rows in the caller's transaction; returns what it did. */
async function scanBatch(tx: Transaction, now: Date, limit: number) {
  const due = await tx
    .select({ sla: ticketSlaTable, ticket: ticketTable })
    .from(ticketSlaTable)
    .innerJoin(ticketTable, eq(ticketTable.id, ticketSlaTable.ticketId))
    .where(lte(ticketSlaTable.nextCheckAt, now))
    .orderBy(asc(ticketSlaTable.nextCheckAt))
    .limit(limit)
    .for("update", { of: ticketSlaTable, skipLocked: true });
  const totals = { checked: due.length, warnings: 0, breaches: 0 };
  if (due.length === 0) return totals;
  const config = await loadConfiguration(tx);
  const logs = await logsOf(
    tx,
    due.map((d) => d.ticket.id),
  );
  for (const { ticket } of due) {
    const where = eq(ticketSlaTable.ticketId, ticket.id);
    if (ticket.deletedAt || ticket.status === "merged") {
      // Gone from the desk: nothing to watch, nothing to raise.
      await tx.update(ticketSlaTable).set({ nextCheckAt: null, computedAt: now }).where(where);
      continue;
    }
    const outcome = compute(config, ticket, logs.get(ticket.id) ?? [], now);
    if (!outcome.ok) {
      await tx
        .update(ticketSlaTable)
        .set({ ...cleared, error: outcome.error, nextCheckAt: null, computedAt: now })
        .where(where);
      continue;
    }
    const { result } = outcome;
    await tx
      .update(ticketSlaTable)
      .set({
        ...stored(result),
        error: null,
        nextCheckAt: nextCheckOf([result.firstResponse, result.resolution], outcome.now),
        computedAt: outcome.now,
      })
      .where(where);
    for (const [name, clock] of [
      ["first_response", result.firstResponse],
      ["resolution", result.resolution],
    ] as const) {
      const raised = await alert(tx, ticket.id, name, clock, result.cycle, outcome.now);
      totals.warnings += raised.warnings;
      totals.breaches += raised.breaches;
    }
  }
  return totals;
}

/**
 * Recomputes every due registry row as of `now` (default: the current time), in batches of `batchSize`
 * rows locked `FOR UPDATE SKIP LOCKED`, so two scans never work the same ticket. Each batch stores its
 * results and raises its alerts in one transaction.
 */
export async function recomputeDue(
  options: { now?: Date; batchSize?: number } = {},
): Promise<{ checked: number; warnings: number; breaches: number }> {
  const limit = options.batchSize ?? BATCH;
  const totals = { checked: 0, warnings: 0, breaches: 0 };
  for (;;) {
    const now = options.now ?? new Date();
    const batch = await createTransaction((tx) => scanBatch(tx, now, limit));
    totals.checked += batch.checked;
    totals.warnings += batch.warnings;
    totals.breaches += batch.breaches;
    if (batch.checked < limit) return totals;
  }
}

const clockSummary = (
  state: string | null,
  deadline: Date | null,
  warningAt: Date | null,
  breachedAt: Date | null,
): ClockSummary | null =>
  state === "running" || state === "paused" || state === "met" || state === "breached"
    ? { state, deadline: iso(deadline), warningAt: iso(warningAt), breachedAt: iso(breachedAt) }
    : null;

function summaryOfRow(row: SlaRow): SlaSummary | null {
  const firstResponse = clockSummary(
    row.firstResponseState,
    row.firstResponseDeadline,
    row.firstResponseWarningAt,
    row.firstResponseBreachedAt,
  );
  const resolution = clockSummary(
    row.resolutionState,
    row.resolutionDeadline,
    row.resolutionWarningAt,
    row.resolutionBreachedAt,
  );
  return firstResponse && resolution ? { firstResponse, resolution, cycle: row.cycle } : null;
}

const clockOf = (c: ClockResult): ClockSummary => ({
  state: c.state,
  deadline: iso(c.deadline),
  warningAt: iso(c.warningAt),
  breachedAt: iso(c.breachedAt),
});

/**
 * The SLA summary of each ticket (null: no policy applies, or none computed). Rows the scan has not
 * caught up with yet (due, or missing) are computed on the spot, read-only, so a fresh or just-changed
 * ticket never shows stale clocks.
 */
export async function slaSummaries(tx: Tx, ticketIds: string[]): Promise<Map<string, SlaSummary | null>> {
  const out = new Map<string, SlaSummary | null>(ticketIds.map((id) => [id, null]));
  if (ticketIds.length === 0) return out;
  const now = new Date();
  const rows = await tx.select().from(ticketSlaTable).where(inArray(ticketSlaTable.ticketId, ticketIds));
  const byId = new Map(rows.map((r) => [r.ticketId, r]));
  const stale: string[] = [];
  for (const id of ticketIds) {
    const row = byId.get(id);
    if (!row || (row.nextCheckAt && +row.nextCheckAt <= +now)) stale.push(id);
    else out.set(id, summaryOfRow(row));
  }
  if (stale.length === 0) return out;
  const [tickets, config, logs] = await Promise.all([
    tx.select().from(ticketTable).where(inArray(ticketTable.id, stale)),
    loadConfiguration(tx),
    logsOf(tx, stale),
  ]);
  for (const ticket of tickets) {
    const outcome = compute(config, ticket, logs.get(ticket.id) ?? [], now);
    out.set(
      ticket.id,
      outcome.ok
        ? {
            firstResponse: clockOf(outcome.result.firstResponse),
            resolution: clockOf(outcome.result.resolution),
            cycle: outcome.result.cycle,
          }
        : null,
    );
  }
  return out;
}

const DAY = 86_400_000;

export const ComplianceDay = z.object({
  date: z.iso.date(),
  /** Tickets resolved that day (UTC) within both targets. */
  met: z.number().int(),
  /** Tickets resolved that day with at least one clock breached. */
  breached: z.number().int(),
});
export type ComplianceDay = z.infer<typeof ComplianceDay>;

export const BreachInfo = z.object({
  ticketId: z.uuid(),
  number: z.string(),
  title: z.string(),
  clock: z.enum(slaClocks),
  /** When the clock ran out (engine time). */
  at: z.iso.datetime(),
});
export type BreachInfo = z.infer<typeof BreachInfo>;

const Range = z
  .object({
    from: day().describe("First day, inclusive (YYYY-MM-DD, UTC)"),
    to: day().describe("Last day, inclusive (YYYY-MM-DD, UTC); at most 366 days after from"),
  })
  .refine((r) => r.from <= r.to, { path: ["to"], message: "must not be before `from`" })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * DAY, {
    path: ["to"],
    message: "the range can be at most 366 days",
  });

const bounds = (r: { from: string; to: string }) => ({
  start: new Date(`${r.from}T00:00:00.000Z`),
  end: new Date(Date.parse(`${r.to}T00:00:00.000Z`) + DAY),
});

/**
 * SLA compliance per UTC day over the resolved tickets: met (both clocks met) and breached (either
 * clock breached). Days without resolutions are zeros, so a chart gets every day of the range.
 */
export const complianceSeries = fn(Range, async (range): Promise<ComplianceDay[]> => {
  requirePermission("support:ticket:read");
  const { start, end } = bounds(range);
  const date = sql<string>`to_char(${ticketTable.resolvedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const breachedClock = sql`(${ticketSlaTable.firstResponseState} = 'breached' or ${ticketSlaTable.resolutionState} = 'breached')`;
  const rows = await useTransaction((tx) =>
    tx
      .select({
        date,
        met: sql<number>`count(*) filter (where not ${breachedClock} and ${ticketSlaTable.resolutionState} = 'met')::int`,
        breached: sql<number>`count(*) filter (where ${breachedClock})::int`,
      })
      .from(ticketTable)
      .innerJoin(ticketSlaTable, eq(ticketSlaTable.ticketId, ticketTable.id))
      .where(
        and(
          live(ticketTable),
          ne(ticketTable.status, "merged"),
          gte(ticketTable.resolvedAt, start),
          lt(ticketTable.resolvedAt, end),
        ),
      )
      .groupBy(date),
  );
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const days: ComplianceDay[] = [];
  for (let t = +start; t < +end; t += DAY) {
    const d = new Date(t).toISOString().slice(0, 10);
    const r = byDate.get(d);
    days.push({ date: d, met: Number(r?.met ?? 0), breached: Number(r?.breached ?? 0) });
  }
  return days;
});

/** The latest breaches (newest first), optionally within a range of days; deleted tickets left out. */
export const recentBreaches = fn(
  z.object({ from: day().optional(), to: day().optional(), limit: int(1, 100).default(20) }),
  async (input): Promise<BreachInfo[]> => {
    requirePermission("support:ticket:read");
    const start = input.from ? bounds({ from: input.from, to: input.from }).start : undefined;
    const end = input.to ? bounds({ from: input.to, to: input.to }).end : undefined;
    const rows = await useTransaction((tx) =>
      tx
        .select({
          ticketId: slaAlertTable.ticketId,
          number: ticketTable.number,
          title: ticketTable.title,
          clock: slaAlertTable.clock,
          at: slaAlertTable.at,
        })
        .from(slaAlertTable)
        .innerJoin(ticketTable, eq(ticketTable.id, slaAlertTable.ticketId))
        .where(
          and(
            eq(slaAlertTable.kind, "breach"),
            live(ticketTable),
            start ? gte(slaAlertTable.at, start) : undefined,
            end ? lt(slaAlertTable.at, end) : undefined,
          ),
        )
        .orderBy(desc(slaAlertTable.at), desc(slaAlertTable.createdAt))
        .limit(input.limit * 3),
    );
    // A breach still standing when its ticket is reopened is raised again in the new cycle: list it once.
    const seen = new Set<string>();
    const out: BreachInfo[] = [];
    for (const r of rows) {
      const key = `${r.ticketId}|${r.clock}|${+r.at}`;
      if (seen.has(key) || out.length >= input.limit) continue;
      seen.add(key);
      out.push({ ...r, at: r.at.toISOString() });
    }
    return out;
  },
);

/** The dashboard's SLA view: compliance per day and the latest breaches in the range. */
export const breaches = fn(Range, async (range) => {
  const [days, recent] = await Promise.all([complianceSeries(range), recentBreaches({ ...range, limit: 20 })]);
  return { days, recent };
});
