import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { ticketTable } from "../ticket/ticket.sql";

/** v1's work-order statuses (§5.2); the transitions between them are configurable like tickets'. */
export const workOrderStatuses = [
  "draft",
  "scheduled",
  "dispatched",
  "in_progress",
  "paused",
  "completed",
  "canceled",
] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];
export const workOrderTypes = ["install", "repair", "survey", "maintenance", "disconnect", "other"] as const;
export type WorkOrderType = (typeof workOrderTypes)[number];
/** Lowest to highest, as tickets'. */
export const workOrderPriorities = ["low", "medium", "high", "urgent"] as const;
export type WorkOrderPriority = (typeof workOrderPriorities)[number];

/** Where the job is: a postal address and, when known, its coordinates (WGS84 degrees). */
export interface WorkOrderAddress {
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode?: string | undefined;
  country: string;
}

/**
 * A job in the field (install, repair, survey…). Scheduling writes `scheduled_start/end` (the technician's
 * slot) and the customer's promised window `window_start/end`; field events write the started/paused/
 * resumed/completed instants and accumulate `total_active_seconds` across pauses.
 */
export const workOrderTable = pgTable(
  "work_order",
  {
    id: id(),
    number: text("number").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    status: text("status", { enum: workOrderStatuses }).notNull().default("draft"),
    priority: text("priority", { enum: workOrderPriorities }).notNull().default("medium"),
    workType: text("work_type", { enum: workOrderTypes }).notNull().default("other"),
    subscriberId: uuid("subscriber_id").references(() => subscriberTable.id),
    /** The customer party (contact on site). */
    personId: uuid("person_id").references(() => personTable.id),
    ticketId: uuid("ticket_id").references(() => ticketTable.id),
    /** Projects arrive with issue 13; the column is here so links survive until then. */
    projectId: uuid("project_id"),
    address: jsonb("address").$type<WorkOrderAddress>(),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    region: text("region"),
    /** Skill ids the technician must hold (the dispatch domain's catalogue). */
    requiredSkills: uuid("required_skills").array().notNull().default(sql`'{}'::uuid[]`),
    estimatedDurationMinutes: integer("estimated_duration_minutes").notNull().default(60),
    accessNotes: text("access_notes"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** A contractor's job: only that vendor organisation's crew may see and act on it. */
    vendorOrganizationId: uuid("vendor_organization_id").references(() => organizationTable.id),
    /** The primary assignee, kept in step with `work_order_assignment.is_primary`. */
    primaryAssigneeId: uuid("primary_assignee_id").references(() => userTable.id),
    scheduledStart: instant("scheduled_start"),
    scheduledEnd: instant("scheduled_end"),
    windowStart: instant("window_start"),
    windowEnd: instant("window_end"),
    estimatedArrivalAt: instant("estimated_arrival_at"),
    startedAt: instant("started_at"),
    pausedAt: instant("paused_at"),
    resumedAt: instant("resumed_at"),
    completedAt: instant("completed_at"),
    canceledAt: instant("canceled_at"),
    totalActiveSeconds: integer("total_active_seconds").notNull().default(0),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("work_order_number_idx").on(t.number),
    index("work_order_created_idx").on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("work_order_status_idx").on(t.status, t.scheduledStart).where(sql`${t.deletedAt} is null`),
    index("work_order_schedule_idx").on(t.primaryAssigneeId, t.scheduledStart).where(sql`${t.deletedAt} is null`),
    index("work_order_ticket_idx").on(t.ticketId),
    index("work_order_subscriber_idx").on(t.subscriberId),
    index("work_order_vendor_idx").on(t.vendorOrganizationId),
    check("work_order_schedule_order", sql`${t.scheduledEnd} is null or ${t.scheduledEnd} > ${t.scheduledStart}`),
    check("work_order_window_order", sql`${t.windowEnd} is null or ${t.windowEnd} > ${t.windowStart}`),
    check("work_order_active_seconds", sql`${t.totalActiveSeconds} >= 0`),
  ],
);

/** Who works a job: technicians (staff users) or a vendor's crew members (vendor users); one is primary. */
export const workOrderAssignmentTable = pgTable(
  "work_order_assignment",
  {
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    role: text("role", { enum: ["technician", "helper", "lead"] })
      .notNull()
      .default("technician"),
    isPrimary: boolean("is_primary").notNull().default(false),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("work_order_assignment_pair_idx").on(t.workOrderId, t.userId),
    uniqueIndex("work_order_assignment_primary_idx").on(t.workOrderId).where(sql`${t.isPrimary}`),
    index("work_order_assignment_user_idx").on(t.userId),
  ],
);
