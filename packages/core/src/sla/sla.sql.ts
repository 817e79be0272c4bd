import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, instant, timestamps } from "../platform/sql";
import { ticketPriorities, ticketTable, ticketTypeTable } from "../ticket/ticket.sql";
import type { Calendar } from "./calendar";
import { slaClocks } from "./values";

export { slaClocks } from "./values";

/** Named business calendars; `definition` is a `Calendar` as parsed (defaults filled in). At most one is the default. */
export const slaCalendarTable = pgTable(
  "sla_calendar",
  {
    id: id(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<Calendar>().notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("sla_calendar_name_idx").on(t.name),
    uniqueIndex("sla_calendar_default_idx").on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);

/**
 * SLA targets by ticket type and priority; a null type or priority matches any. One row per scope,
 * so the most specific match is unambiguous. A null calendar means the default calendar.
 */
export const slaPolicyTable = pgTable(
  "sla_policy",
  {
    id: id(),
    ticketTypeId: uuid("ticket_type_id").references(() => ticketTypeTable.id),
    priority: text("priority", { enum: ticketPriorities }),
    firstResponseMinutes: integer("first_response_minutes").notNull(),
    resolutionMinutes: integer("resolution_minutes").notNull(),
    warnAtPercent: integer("warn_at_percent").notNull().default(80),
    calendarId: uuid("calendar_id").references(() => slaCalendarTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("sla_policy_scope_idx").on(
      sql`coalesce(${t.ticketTypeId}::text, '')`,
      sql`coalesce(${t.priority}, '')`,
    ),
    check("sla_policy_targets_check", sql`${t.firstResponseMinutes} > 0 and ${t.resolutionMinutes} > 0`),
    check("sla_policy_warn_check", sql`${t.warnAtPercent} between 0 and 100`),
  ],
);

/**
 * The SLA registry: each ticket's clocks as last computed, and when to look again. Every change to the
 * ticket's log sets `next_check_at` to now; the `sla.scan` job recomputes due rows and raises warning
 * and breach events once per (clock, kind, cycle) through `sla_alert`.
 */
export const ticketSlaTable = pgTable(
  "ticket_sla",
  {
    ticketId: uuid("ticket_id")
      .primaryKey()
      .references(() => ticketTable.id),
    /** Bumped by every reopen; alerts are once per cycle. */
    cycle: integer("cycle").notNull().default(0),
    firstResponseState: text("first_response_state"),
    firstResponseDeadline: instant("first_response_deadline"),
    firstResponseWarningAt: instant("first_response_warning_at"),
    firstResponseBreachedAt: instant("first_response_breached_at"),
    resolutionState: text("resolution_state"),
    resolutionDeadline: instant("resolution_deadline"),
    resolutionWarningAt: instant("resolution_warning_at"),
    resolutionBreachedAt: instant("resolution_breached_at"),
    /** Null: nothing can change without a new event (stopped, or paused). */
    nextCheckAt: instant("next_check_at"),
    computedAt: instant("computed_at"),
    error: text("error"),
  },
  (t) => [index("ticket_sla_next_check_idx").on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`)],
);

export const slaAlertKinds = ["warning", "breach"] as const;

/** One row per alert ever raised: the primary key makes a warning or breach fire once per cycle. */
export const slaAlertTable = pgTable(
  "sla_alert",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    clock: text("clock", { enum: slaClocks }).notNull(),
    kind: text("kind", { enum: slaAlertKinds }).notNull(),
    cycle: integer("cycle").notNull(),
    /** When the threshold was crossed (engine time), not when the job noticed. */
    at: instant("at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.clock, t.kind, t.cycle] }), index("sla_alert_at_idx").on(t.at)],
);
