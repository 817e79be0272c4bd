import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "../platform/sql";
import { ticketPriorities, ticketTypeTable } from "../ticket/ticket.sql";
import type { Calendar } from "./calendar";

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
