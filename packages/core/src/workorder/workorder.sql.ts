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
import { projectTable } from "../project/project.sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { ticketTable } from "../ticket/ticket.sql";
import { fieldEvents, workOrderPriorities, workOrderStatuses } from "./values";

export {
  type FieldEvent,
  fieldEvents,
  type WorkOrderPriority,
  type WorkOrderStatus,
  workOrderPriorities,
  workOrderStatuses,
} from "./values";

export const workOrderTypes = ["install", "repair", "survey", "maintenance", "disconnect", "other"] as const;
export type WorkOrderType = (typeof workOrderTypes)[number];

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
    /** The project the job belongs to (a project task can spawn it). */
    projectId: uuid("project_id").references(() => projectTable.id),
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
    /**
     * The status the log is folded from (what the job was created as): status, the started/paused/
     * resumed/completed/canceled instants and active seconds are all derived from it and the log.
     */
    baseStatus: text("base_status", { enum: workOrderStatuses }).notNull().default("draft"),
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
    index("work_order_project_idx").on(t.projectId),
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

/** Allowed staff status changes, like tickets'. With no active rows every change is allowed. */
export const workOrderStatusTransitionTable = pgTable(
  "work_order_status_transition",
  {
    id: id(),
    fromStatus: text("from_status", { enum: workOrderStatuses }).notNull(),
    toStatus: text("to_status", { enum: workOrderStatuses }).notNull(),
    requiresNote: boolean("requires_note").notNull().default(false),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("work_order_status_transition_pair_idx").on(t.fromStatus, t.toStatus)],
);

/** The work-order settings: one row, `default` (defaults apply when it is missing). */
export const workOrderSettingTable = pgTable("work_order_setting", {
  id: text("id").primaryKey(),
  /** Completing needs a photo and a customer signature, or a stated reason (v1: on). */
  completionRequiresEvidence: boolean("completion_requires_evidence").notNull().default(true),
  /** Completing a job resolves the ticket it came from (v1: off). */
  completionResolvesTicket: boolean("completion_resolves_ticket").notNull().default(false),
  ...timestamps,
});

/** A note on a job: internal (staff only) or public. `client_ref` makes a phone's retry a no-op. */
export const workOrderNoteTable = pgTable(
  "work_order_note",
  {
    id: id(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    body: text("body").notNull(),
    isInternal: boolean("is_internal").notNull().default(true),
    clientRef: text("client_ref"),
    authorId: uuid("author_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    ...softDelete,
  },
  (t) => [
    index("work_order_note_order_idx").on(t.workOrderId, t.createdAt),
    uniqueIndex("work_order_note_ref_idx").on(t.workOrderId, t.clientRef).where(sql`${t.clientRef} is not null`),
  ],
);

export const workOrderAttachmentKinds = ["photo", "signature", "document"] as const;
export type WorkOrderAttachmentKind = (typeof workOrderAttachmentKinds)[number];

/** A field attachment: an upload the magic-byte scan accepted, with what the phone knew when it was taken. */
export const workOrderAttachmentTable = pgTable(
  "work_order_attachment",
  {
    id: id(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    uploadId: uuid("upload_id").notNull(),
    kind: text("kind", { enum: workOrderAttachmentKinds }).notNull(),
    signerName: text("signer_name"),
    capturedAt: instant("captured_at"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    clientRef: text("client_ref"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    ...softDelete,
  },
  (t) => [
    uniqueIndex("work_order_attachment_upload_idx").on(t.uploadId),
    uniqueIndex("work_order_attachment_ref_idx").on(t.workOrderId, t.clientRef).where(sql`${t.clientRef} is not null`),
    index("work_order_attachment_order_idx").on(t.workOrderId, t.createdAt),
  ],
);

/**
 * The append-only status log a job's state is folded from: the phones' field events (idempotent by
 * `client_event_id`, unique per job) and the staff's transitions (`event` = transition, with the
 * status they moved from and to). Rows are never changed; whether a row applied is derived by the fold.
 */
export const workOrderFieldEventTable = pgTable(
  "work_order_field_event",
  {
    id: id(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    clientEventId: text("client_event_id").notNull(),
    source: text("source", { enum: ["field", "staff"] }).notNull(),
    event: text("event", { enum: [...fieldEvents, "transition"] }).notNull(),
    fromStatus: text("from_status", { enum: workOrderStatuses }),
    toStatus: text("to_status", { enum: workOrderStatuses }),
    occurredAt: instant("occurred_at").notNull(),
    receivedAt: instant("received_at").notNull().defaultNow(),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    note: text("note"),
    reason: text("reason"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
  },
  (t) => [
    uniqueIndex("work_order_field_event_client_idx").on(t.workOrderId, t.clientEventId),
    index("work_order_field_event_order_idx").on(t.workOrderId, t.occurredAt),
  ],
);

export const completionOutcomes = ["completed", "completed_with_reason"] as const;

/** A job's completion, recorded once (the primary key makes a second completion a no-op). */
export const workOrderCompletionTable = pgTable("work_order_completion", {
  workOrderId: uuid("work_order_id")
    .primaryKey()
    .references(() => workOrderTable.id),
  outcome: text("outcome", { enum: completionOutcomes }).notNull(),
  /** Why the job was completed without a photo or signature. */
  reason: text("reason"),
  hasPhoto: boolean("has_photo").notNull(),
  hasSignature: boolean("has_signature").notNull(),
  completedAt: instant("completed_at").notNull(),
  ticketResolved: boolean("ticket_resolved").notNull().default(false),
  recordedAt: instant("recorded_at").notNull().defaultNow(),
});
