import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, instant, timestamps } from "../platform/sql";
import { slaCalendarTable } from "../sla/sla.sql";
import { projectTable, projectTaskTable } from "./project.sql";
import { projectTypes } from "./values";

/**
 * Every status a project or one of its tasks took, in the transaction that changed it: the log the
 * SLA engine folds into project and task clocks. `from` null is the creation; `task_id` null is the project.
 */
export const projectStatusEventTable = pgTable(
  "project_status_event",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    taskId: uuid("task_id").references(() => projectTaskTable.id),
    from: text("from"),
    to: text("to").notNull(),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [
    index("project_status_event_project_idx").on(t.projectId, t.at),
    index("project_status_event_task_idx").on(t.taskId, t.at),
  ],
);

/**
 * SLA targets for projects of one type (`task_key` null) and for the tasks made from one template task
 * (by its key). Targets are business minutes on the calendar (null: the default SLA calendar).
 */
export const projectSlaPolicyTable = pgTable(
  "project_sla_policy",
  {
    id: id(),
    projectType: text("project_type", { enum: projectTypes }).notNull(),
    taskKey: text("task_key"),
    targetMinutes: integer("target_minutes").notNull(),
    warnAtPercent: integer("warn_at_percent").notNull().default(80),
    calendarId: uuid("calendar_id").references(() => slaCalendarTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("project_sla_policy_scope_idx").on(t.projectType, sql`coalesce(${t.taskKey}, '')`),
    check("project_sla_policy_target", sql`${t.targetMinutes} > 0`),
    check("project_sla_policy_warn", sql`${t.warnAtPercent} between 0 and 100`),
  ],
);

/**
 * The registry of project and task clocks, as last computed (`subject_id` is the project's or the
 * task's id). Each status change marks its row due; `sla.scan` recomputes due rows and sets the next
 * instant a warning or deadline can pass without a new event (null while paused, stopped or unpoliced).
 */
export const projectClockTable = pgTable(
  "project_clock",
  {
    subjectId: uuid("subject_id").primaryKey(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    taskId: uuid("task_id").references(() => projectTaskTable.id),
    /** Bumped by every reopen; alerts are once per cycle. */
    cycle: integer("cycle").notNull().default(0),
    /** The engine's state; `not_started` (a task never started), `none` (no policy); null until computed. */
    state: text("state"),
    targetMinutes: integer("target_minutes"),
    deadline: instant("deadline"),
    warningAt: instant("warning_at"),
    breachedAt: instant("breached_at"),
    nextCheckAt: instant("next_check_at"),
    computedAt: instant("computed_at"),
    error: text("error"),
  },
  (t) => [
    index("project_clock_next_check_idx").on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
    index("project_clock_project_idx").on(t.projectId),
  ],
);

/** One row per alert raised: the key makes each warning and breach fire once per clock and cycle. */
export const projectClockAlertTable = pgTable(
  "project_clock_alert",
  {
    subjectId: uuid("subject_id").notNull(),
    kind: text("kind", { enum: ["warning", "breach"] }).notNull(),
    cycle: integer("cycle").notNull(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    taskId: uuid("task_id").references(() => projectTaskTable.id),
    /** When the threshold was crossed (engine time), not when the scan noticed. */
    at: instant("at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectId, t.kind, t.cycle] }),
    index("project_clock_alert_project_idx").on(t.projectId),
  ],
);
