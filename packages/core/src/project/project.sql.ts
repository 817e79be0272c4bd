import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { leadTable } from "../sales/sales.sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { teamTable } from "../team/team.sql";
import { ticketTable } from "../ticket/ticket.sql";
import { uploadTable } from "../upload/upload.sql";
import { dependencyTypes, projectPriorities, projectStatuses, projectTypes, taskStatuses } from "./values";

export * from "./values";

/** The plan a project of one type starts from (one live template per type, as in v1). */
export const projectTemplateTable = pgTable(
  "project_template",
  {
    id: id(),
    projectType: text("project_type", { enum: projectTypes }).notNull(),
    name: text("name").notNull(),
    description: text("description"),
    /** Days from start to due date; null means the type's default. */
    dueDays: integer("due_days"),
    /** Shipped with the product (re-created on a fresh install); still editable. */
    builtin: boolean("builtin").notNull().default(false),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("project_template_type_idx").on(t.projectType).where(sql`${t.deletedAt} is null`),
    check("project_template_due_days", sql`${t.dueDays} is null or ${t.dueDays} between 0 and 3650`),
  ],
);

/**
 * A task a template's projects start with. `key` is stable inside its template (dependencies and the
 * demo name tasks by it); `is_stage` tasks are the stages a customer sees in the portal.
 */
export const projectTemplateTaskTable = pgTable(
  "project_template_task",
  {
    id: id(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => projectTemplateTable.id),
    key: text("key").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    isStage: boolean("is_stage").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    durationDays: integer("duration_days").notNull().default(1),
    effortHours: integer("effort_hours").notNull().default(0),
    priority: text("priority", { enum: projectPriorities }).notNull().default("normal"),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("project_template_task_key_idx").on(t.templateId, t.key).where(sql`${t.deletedAt} is null`),
    check("project_template_task_duration", sql`${t.durationDays} between 0 and 3650`),
    check("project_template_task_effort", sql`${t.effortHours} >= 0`),
  ],
);

/** `successor` may start/finish only `lag_days` after `predecessor` starts/finishes (by `type`). */
export const projectTemplateDependencyTable = pgTable(
  "project_template_dependency",
  {
    id: id(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => projectTemplateTable.id),
    predecessorId: uuid("predecessor_id")
      .notNull()
      .references(() => projectTemplateTaskTable.id),
    successorId: uuid("successor_id")
      .notNull()
      .references(() => projectTemplateTaskTable.id),
    type: text("type", { enum: dependencyTypes }).notNull().default("fs"),
    lagDays: integer("lag_days").notNull().default(0),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("project_template_dependency_pair_idx").on(t.predecessorId, t.successorId),
    index("project_template_dependency_template_idx").on(t.templateId),
    check("project_template_dependency_self", sql`${t.predecessorId} <> ${t.successorId}`),
    check("project_template_dependency_lag", sql`${t.lagDays} between -365 and 365`),
  ],
);

/**
 * A project (PRJ-2026-000001): a customer's build, made from its type's template. At most one project
 * per sales order, so an accepted quote retried makes one project. `quote_id`/`sales_order_id` are the
 * sales domain's records (no FK: sales depends on projects, not the reverse).
 */
export const projectTable = pgTable(
  "project",
  {
    id: id(),
    number: text("number").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    projectType: text("project_type", { enum: projectTypes }).notNull(),
    templateId: uuid("template_id").references(() => projectTemplateTable.id),
    status: text("status", { enum: projectStatuses }).notNull().default("open"),
    priority: text("priority", { enum: projectPriorities }).notNull().default("normal"),
    /** The customer. */
    personId: uuid("person_id").references(() => personTable.id),
    subscriberId: uuid("subscriber_id").references(() => subscriberTable.id),
    leadId: uuid("lead_id").references(() => leadTable.id),
    quoteId: uuid("quote_id"),
    salesOrderId: uuid("sales_order_id"),
    managerId: uuid("manager_id").references(() => userTable.id),
    teamId: uuid("team_id").references(() => teamTable.id),
    region: text("region"),
    customerAddress: text("customer_address"),
    startAt: date("start_at", { mode: "string" }).notNull(),
    dueAt: date("due_at", { mode: "string" }).notNull(),
    completedAt: instant("completed_at"),
    canceledAt: instant("canceled_at"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("project_number_idx").on(t.number),
    uniqueIndex("project_sales_order_idx").on(t.salesOrderId),
    index("project_created_idx").on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("project_status_idx").on(t.status, t.dueAt).where(sql`${t.deletedAt} is null`),
    index("project_person_idx").on(t.personId),
    index("project_subscriber_idx").on(t.subscriberId),
    index("project_manager_idx").on(t.managerId),
    check("project_dates", sql`${t.dueAt} >= ${t.startAt}`),
  ],
);

/**
 * A project's task. `start_at`/`end_at` are computed by the scheduler from the dependencies
 * (end is exclusive: a 2-day task starting the 1st ends the 3rd); `pinned_start` is a "not before"
 * date a planner set by dragging. Effort is whole hours.
 */
export const projectTaskTable = pgTable(
  "project_task",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    templateTaskId: uuid("template_task_id").references(() => projectTemplateTaskTable.id),
    key: text("key"),
    title: text("title").notNull(),
    description: text("description"),
    status: text("status", { enum: taskStatuses }).notNull().default("todo"),
    priority: text("priority", { enum: projectPriorities }).notNull().default("normal"),
    isStage: boolean("is_stage").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    durationDays: integer("duration_days").notNull().default(1),
    effortHours: integer("effort_hours").notNull().default(0),
    pinnedStart: date("pinned_start", { mode: "string" }),
    startAt: date("start_at", { mode: "string" }).notNull(),
    endAt: date("end_at", { mode: "string" }).notNull(),
    ticketId: uuid("ticket_id").references(() => ticketTable.id),
    completedAt: instant("completed_at"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index("project_task_project_idx").on(t.projectId, t.sortOrder).where(sql`${t.deletedAt} is null`),
    uniqueIndex("project_task_key_idx")
      .on(t.projectId, t.key)
      .where(sql`${t.key} is not null and ${t.deletedAt} is null`),
    index("project_task_ticket_idx").on(t.ticketId),
    check("project_task_duration", sql`${t.durationDays} between 0 and 3650`),
    check("project_task_effort", sql`${t.effortHours} >= 0`),
    check("project_task_dates", sql`${t.endAt} >= ${t.startAt}`),
  ],
);

export const projectTaskDependencyTable = pgTable(
  "project_task_dependency",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    predecessorId: uuid("predecessor_id")
      .notNull()
      .references(() => projectTaskTable.id),
    successorId: uuid("successor_id")
      .notNull()
      .references(() => projectTaskTable.id),
    type: text("type", { enum: dependencyTypes }).notNull().default("fs"),
    lagDays: integer("lag_days").notNull().default(0),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("project_task_dependency_pair_idx").on(t.predecessorId, t.successorId),
    index("project_task_dependency_project_idx").on(t.projectId),
    index("project_task_dependency_successor_idx").on(t.successorId),
    check("project_task_dependency_self", sql`${t.predecessorId} <> ${t.successorId}`),
    check("project_task_dependency_lag", sql`${t.lagDays} between -365 and 365`),
  ],
);

/** Who works a task (several people); `assigned_by_id` is named in their notification. */
export const projectTaskAssigneeTable = pgTable(
  "project_task_assignee",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => projectTaskTable.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    assignedById: uuid("assigned_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.userId] }), index("project_task_assignee_user_idx").on(t.userId)],
);

/** A comment on a project, or on one of its tasks when `task_id` is set. */
export const projectCommentTable = pgTable(
  "project_comment",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    taskId: uuid("task_id").references(() => projectTaskTable.id),
    body: text("body").notNull(),
    authorId: uuid("author_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    ...softDelete,
  },
  (t) => [
    index("project_comment_project_idx").on(t.projectId, t.createdAt),
    index("project_comment_task_idx").on(t.taskId, t.createdAt),
  ],
);

/** An accepted upload attached to a comment (served by id through the upload checks). One upload, once. */
export const projectAttachmentTable = pgTable(
  "project_attachment",
  {
    id: id(),
    commentId: uuid("comment_id")
      .notNull()
      .references(() => projectCommentTable.id),
    uploadId: uuid("upload_id")
      .notNull()
      .references(() => uploadTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("project_attachment_upload_idx").on(t.uploadId),
    index("project_attachment_comment_idx").on(t.commentId),
  ],
);

/**
 * That the customer was told a stage (or the project) completed: the key makes a second completion
 * of the same stage (done → todo → done) or a retried event send nothing twice.
 */
export const projectNoticeTable = pgTable(
  "project_notice",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    /** `stage:<task id>` or `completed`. */
    kind: text("kind").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.kind] })],
);
