import { and, asc, eq, isNull, ne } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, text } from "../platform/input";
import { liveRow } from "../platform/soft-delete";
import { readSettings } from "../ticket/settings";
import { ticketEventTable, ticketPriorities, ticketTable, ticketTypeTable } from "../ticket/ticket.sql";
import { Calendar } from "./calendar";
import { markOpenDue } from "./due";
import { type ClockResult, computeSla, type SlaEvent } from "./engine";
import { slaCalendarTable, slaPolicyTable } from "./sla.sql";

type CalendarRow = typeof slaCalendarTable.$inferSelect;
type PolicyRow = typeof slaPolicyTable.$inferSelect;

/** The engine speaks strings; a ticket without a type is this one. */
const NO_TYPE = "";

export const CalendarInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  definition: Calendar,
  isDefault: z.boolean(),
});
export type CalendarInfo = z.infer<typeof CalendarInfo>;

export const PolicyInfo = z.object({
  id: z.uuid(),
  ticketTypeId: z.uuid().nullable(),
  priority: z.enum(ticketPriorities).nullable(),
  firstResponseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  warnAtPercent: z.number().int(),
  calendarId: z.uuid().nullable(),
});
export type PolicyInfo = z.infer<typeof PolicyInfo>;

const calendarInfo = (r: CalendarRow): CalendarInfo => ({
  id: r.id,
  name: r.name,
  definition: Calendar.parse(r.definition),
  isDefault: r.isDefault,
});

/** What the audit log records of a policy. */
const policyFields = [
  "ticketTypeId",
  "priority",
  "firstResponseMinutes",
  "resolutionMinutes",
  "warnAtPercent",
  "calendarId",
] as const;

const policyInfo = (r: PolicyRow): PolicyInfo => ({
  id: r.id,
  ticketTypeId: r.ticketTypeId,
  priority: r.priority,
  firstResponseMinutes: r.firstResponseMinutes,
  resolutionMinutes: r.resolutionMinutes,
  warnAtPercent: r.warnAtPercent,
  calendarId: r.calendarId,
});

/** The business calendars, the default first. */
export const calendars = fn(z.object({}).default({}), async (): Promise<CalendarInfo[]> => {
  requirePermission("system:settings:read");
  const rows = await useTransaction((tx) => tx.select().from(slaCalendarTable).orderBy(asc(slaCalendarTable.name)));
  return rows.map(calendarInfo).sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
});

const CalendarName = text(100);

/**
 * Creates or replaces the calendar called `name`. Making it the default takes that role from the
 * previous default; the default itself cannot be un-defaulted (make another one the default instead).
 */
export const saveCalendar = fn(
  z.object({
    name: CalendarName,
    definition: Calendar,
    isDefault: z.boolean().default(false),
  }),
  async (input): Promise<CalendarInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(slaCalendarTable)
        .where(eq(slaCalendarTable.name, input.name))
        .for("update");
      if (before?.isDefault && !input.isDefault) {
        throw new AppError("validation", "isDefault: make another calendar the default instead", [
          { path: "isDefault", message: `${input.name} is the default calendar` },
        ]);
      }
      if (input.isDefault) {
        await tx
          .update(slaCalendarTable)
          .set({ isDefault: false })
          .where(and(eq(slaCalendarTable.isDefault, true), ne(slaCalendarTable.name, input.name)));
      }
      const values = { name: input.name, definition: input.definition, isDefault: input.isDefault };
      const [row] = before
        ? await tx.update(slaCalendarTable).set(values).where(eq(slaCalendarTable.id, before.id)).returning()
        : await tx.insert(slaCalendarTable).values(values).returning();
      if (!row) throw new AppError("internal", `Calendar ${input.name} was not saved`);
      await Audit.record({
        action: "sla.calendar.saved",
        entityType: "sla_calendar",
        entityId: row.id,
        changes: Audit.diff(before ?? {}, row, ["name", "definition", "isDefault"]),
      });
      await markOpenDue(tx);
      return calendarInfo(row);
    });
  },
);

/** The SLA policies, any-type and any-priority rows last. */
export const policies = fn(z.object({}).default({}), async (): Promise<PolicyInfo[]> => {
  requirePermission("system:settings:read");
  const rows = await useTransaction((tx) => tx.select().from(slaPolicyTable));
  return rows.sort((a, b) => specificity(b) - specificity(a)).map(policyInfo);
});

const minutes = int(1, 366 * 24 * 60);

/**
 * Creates or replaces the policy for one scope: a ticket type and a priority, either null for "any".
 * `calendarId` null means the default calendar.
 */
export const savePolicy = fn(
  z.object({
    ticketTypeId: id().nullable().default(null),
    priority: z.enum(ticketPriorities).nullable().default(null),
    firstResponseMinutes: minutes,
    resolutionMinutes: minutes,
    warnAtPercent: int(0, 100).default(80),
    calendarId: id().nullable().default(null),
  }),
  async (input): Promise<PolicyInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      if (input.ticketTypeId) {
        const [type] = await tx.select().from(ticketTypeTable).where(eq(ticketTypeTable.id, input.ticketTypeId));
        if (!type) throw unknownReference("ticketTypeId", `Ticket type ${input.ticketTypeId} does not exist`);
      }
      if (input.calendarId) {
        const [calendar] = await tx.select().from(slaCalendarTable).where(eq(slaCalendarTable.id, input.calendarId));
        if (!calendar) throw unknownReference("calendarId", `Calendar ${input.calendarId} does not exist`);
      }
      const [before] = await tx
        .select()
        .from(slaPolicyTable)
        .where(
          and(
            input.ticketTypeId
              ? eq(slaPolicyTable.ticketTypeId, input.ticketTypeId)
              : isNull(slaPolicyTable.ticketTypeId),
            input.priority ? eq(slaPolicyTable.priority, input.priority) : isNull(slaPolicyTable.priority),
          ),
        )
        .for("update");
      const [row] = before
        ? await tx.update(slaPolicyTable).set(input).where(eq(slaPolicyTable.id, before.id)).returning()
        : await tx.insert(slaPolicyTable).values(input).returning();
      if (!row) throw new AppError("internal", "The SLA policy was not saved");
      await Audit.record({
        action: "sla.policy.saved",
        entityType: "sla_policy",
        entityId: row.id,
        changes: Audit.diff(before ?? {}, row, policyFields),
      });
      await markOpenDue(tx);
      return policyInfo(row);
    });
  },
);

/** Removes a calendar that is neither the default nor used by a policy. */
export const removeCalendar = fn(z.object({ name: CalendarName }), async ({ name }) => {
  requirePermission("system:settings:write");
  await createTransaction(async (tx) => {
    const [row] = await tx.select().from(slaCalendarTable).where(eq(slaCalendarTable.name, name)).for("update");
    if (!row) throw new AppError("not_found", `Calendar ${name} does not exist`);
    if (row.isDefault) {
      throw new AppError("precondition_failed", `${name} is the default calendar; make another one the default first`);
    }
    const users = await tx.select().from(slaPolicyTable).where(eq(slaPolicyTable.calendarId, row.id));
    if (users.length > 0) {
      throw new AppError(
        "precondition_failed",
        `${name} is used by ${users.length} SLA ${users.length === 1 ? "policy" : "policies"}; move them to another calendar first`,
      );
    }
    await tx.delete(slaCalendarTable).where(eq(slaCalendarTable.id, row.id));
    await Audit.record({
      action: "sla.calendar.removed",
      entityType: "sla_calendar",
      entityId: row.id,
      changes: { name: { from: row.name }, definition: { from: row.definition } },
    });
  });
});

/** Removes one policy; tickets it covered fall back to the next most specific match. */
export const removePolicy = fn(z.object({ id: id() }), async ({ id }) => {
  requirePermission("system:settings:write");
  await createTransaction(async (tx) => {
    const [row] = await tx.select().from(slaPolicyTable).where(eq(slaPolicyTable.id, id)).for("update");
    if (!row) throw new AppError("not_found", `SLA policy ${id} does not exist`);
    await tx.delete(slaPolicyTable).where(eq(slaPolicyTable.id, id));
    await Audit.record({
      action: "sla.policy.removed",
      entityType: "sla_policy",
      entityId: id,
      changes: Audit.diff(row, {}, policyFields),
    });
    await markOpenDue(tx);
  });
});

function unknownReference(path: string, message: string) {
  return new AppError("validation", `${path}: ${message}`, [{ path, message }]);
}

/** A type match outranks a priority match; a row matching on both outranks either. */
function specificity(p: Pick<PolicyRow, "ticketTypeId" | "priority">): number {
  return (p.ticketTypeId ? 2 : 0) + (p.priority ? 1 : 0);
}

function mostSpecific<P extends Pick<PolicyRow, "ticketTypeId" | "priority">>(
  rows: P[],
  ticketTypeId: string | null,
  priority: string,
): P | undefined {
  let best: P | undefined;
  for (const p of rows) {
    if (p.ticketTypeId !== null && p.ticketTypeId !== ticketTypeId) continue;
    if (p.priority !== null && p.priority !== priority) continue;
    if (!best || specificity(p) > specificity(best)) best = p;
  }
  return best;
}

/** The policy that applies to a ticket of this type (null: none) and priority: the most specific match. */
export const policyFor = fn(
  z.object({ ticketTypeId: id().nullable(), priority: z.enum(ticketPriorities) }),
  async ({ ticketTypeId, priority }): Promise<PolicyInfo | undefined> => {
    requirePermission("system:settings:read");
    const rows = await useTransaction((tx) => tx.select().from(slaPolicyTable));
    const match = mostSpecific(rows, ticketTypeId, priority);
    return match ? policyInfo(match) : undefined;
  },
);

const Instant = z.iso.datetime();
const ClockInfo = z.object({
  targetMinutes: z.number(),
  consumedMinutes: z.number(),
  remainingMinutes: z.number(),
  deadline: Instant.nullable(),
  warningAt: Instant.nullable(),
  state: z.enum(["running", "paused", "met", "breached"]),
  breachedAt: Instant.nullable(),
  stoppedAt: Instant.nullable(),
  intervals: z.array(z.object({ from: Instant, to: Instant, counted: z.boolean(), reason: z.string() })),
});
export type ClockInfo = z.infer<typeof ClockInfo>;

/** A ticket's two SLA clocks as of `at`, with the policy and calendar now in force and every counted stretch. */
export const Explain = z.object({
  ticketId: z.uuid(),
  at: Instant,
  policy: PolicyInfo,
  calendar: CalendarInfo,
  /** How many times the ticket was reopened. */
  cycle: z.number().int(),
  pauseStatuses: z.array(z.string()),
  firstResponse: ClockInfo,
  resolution: ClockInfo,
});
export type Explain = z.infer<typeof Explain>;

const CreatedPayload = z.object({ status: z.string(), priority: z.string(), ticketTypeId: z.string().nullable() });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const clockInfo = (c: ClockResult): ClockInfo => ({
  ...c,
  deadline: iso(c.deadline),
  warningAt: iso(c.warningAt),
  breachedAt: iso(c.breachedAt),
  stoppedAt: iso(c.stoppedAt),
  intervals: c.intervals.map((i) => ({ ...i, from: i.from.toISOString(), to: i.to.toISOString() })),
});

/** The policies, calendars and pause statuses in force: what every SLA computation reads once per batch. */
export async function loadConfiguration(tx: Tx) {
  const [calendarRows, policyRows, settings] = await Promise.all([
    tx.select().from(slaCalendarTable),
    tx.select().from(slaPolicyTable),
    readSettings(tx),
  ]);
  const fallback = calendarRows.find((c) => c.isDefault);
  const policyOf = (type: string, priority: string) => {
    const policy = mostSpecific(policyRows, type === NO_TYPE ? null : type, priority);
    if (!policy) {
      throw new AppError("precondition_failed", `No SLA policy matches priority ${priority}; add an any-type policy`);
    }
    return policy;
  };
  const calendarOf = (policy: PolicyRow) => {
    const calendar = calendarRows.find((c) => c.id === (policy.calendarId ?? fallback?.id));
    if (!calendar) throw new AppError("precondition_failed", "There is no default SLA calendar; save one");
    return calendar;
  };
  return { policyOf, calendarOf, pauseStatuses: settings.pauseStatuses as readonly string[] };
}
export type Configuration = Awaited<ReturnType<typeof loadConfiguration>>;

/**
 * The ticket's log as engine events. A policy whose calendar differs from the one in force switches
 * calendars at that instant. Canceling and merging stop the clocks like closing; `reopened` resumes
 * them (a disputed resolution reopens through a status change, which logs `reopened`).
 */
function toSlaEvents(
  rows: Array<typeof ticketEventTable.$inferSelect>,
  calendarFor: (type: string, priority: string) => CalendarRow,
): { events: SlaEvent[]; initial: CalendarRow | undefined } {
  const events: SlaEvent[] = [];
  let type = NO_TYPE;
  let priority = "";
  let initial: CalendarRow | undefined;
  let current: CalendarRow | undefined;
  const recalendar = (at: Date) => {
    const next = calendarFor(type, priority);
    if (current && next.id !== current.id) events.push({ at, kind: "calendar_changed", calendar: next.definition });
    current = next;
  };
  for (const { at, kind, to } of rows) {
    switch (kind) {
      case "created": {
        const created = CreatedPayload.parse(to);
        type = created.ticketTypeId ?? NO_TYPE;
        priority = created.priority;
        events.push({ at, kind, status: created.status, priority, type });
        recalendar(at);
        initial = current;
        break;
      }
      case "status_changed":
        events.push({ at, kind, to: String(to) });
        if (to === "canceled") events.push({ at, kind: "closed" });
        break;
      case "priority_changed":
        priority = String(to);
        events.push({ at, kind, to: priority });
        recalendar(at);
        break;
      case "type_changed":
        type = typeof to === "string" ? to : NO_TYPE;
        events.push({ at, kind, to: type });
        recalendar(at);
        break;
      case "first_response":
      case "resolved":
      case "reopened":
        events.push({ at, kind });
        break;
      case "merged":
        events.push({ at, kind: "closed" });
        break;
      default:
        break;
    }
  }
  return { events, initial };
}

export type TicketEventRow = typeof ticketEventTable.$inferSelect;

/**
 * One ticket's clocks from its log (oldest first) under `config`, as of `now` (never before the last
 * event: event times come from the database clock). Throws `precondition_failed` when no policy or
 * calendar applies. The explain endpoint and the `sla.scan` job both go through here.
 */
export function evaluate(
  config: Configuration,
  ticket: { number: string; ticketTypeId: string | null; priority: string },
  rows: TicketEventRow[],
  at: Date,
) {
  const { events, initial } = toSlaEvents(rows, (type, priority) => config.calendarOf(config.policyOf(type, priority)));
  if (!initial) throw new AppError("precondition_failed", `Ticket ${ticket.number} has no creation event`);
  const now = new Date(Math.max(+at, +(rows.at(-1)?.at ?? 0)));
  const result = computeSla({
    events,
    calendar: initial.definition,
    policyFor: (type, priority) => config.policyOf(type, priority),
    pauseStatuses: config.pauseStatuses,
    now,
  });
  const policy = config.policyOf(ticket.ticketTypeId ?? NO_TYPE, ticket.priority);
  return { now, result, policy, calendar: config.calendarOf(policy) };
}

/** Explains a live ticket's SLA clocks as of now, from its event log and the current configuration. */
export const forTicket = fn(z.object({ id: id() }), async ({ id }): Promise<Explain> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    const ticket = await liveRow(tx, ticketTable, "Ticket", id);
    const rows = await tx
      .select()
      .from(ticketEventTable)
      .where(eq(ticketEventTable.ticketId, id))
      .orderBy(asc(ticketEventTable.at), asc(ticketEventTable.id));
    const config = await loadConfiguration(tx);
    const { now, result, policy, calendar } = evaluate(config, ticket, rows, new Date());
    return {
      ticketId: id,
      at: now.toISOString(),
      cycle: result.cycle,
      policy: policyInfo(policy),
      calendar: calendarInfo(calendar),
      pauseStatuses: [...config.pauseStatuses],
      firstResponse: clockInfo(result.firstResponse),
      resolution: clockInfo(result.resolution),
    };
  });
});
