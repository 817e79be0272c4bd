import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { emailDeliveryTable } from "../notification/notification.sql";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { teamTable } from "../team/team.sql";
import { uploadTable } from "../upload/upload.sql";
import { confirmationOutcomes, type TicketPriority, ticketLinkKinds, ticketPriorities, ticketStatuses } from "./values";

export {
  confirmationOutcomes,
  type TicketLinkKind,
  type TicketPriority,
  type TicketStatus,
  ticketLinkKinds,
  ticketPriorities,
  ticketStatuses,
} from "./values";

export const defaultPriority: TicketPriority = "medium";
export const ticketChannels = ["web", "email", "phone", "chat", "api"] as const;
/** What the append-only ticket log records; the SLA engine computes clocks from these rows. */
export const ticketEventKinds = [
  "created",
  "status_changed",
  "priority_changed",
  "type_changed",
  "assigned",
  "first_response",
  "resolved",
  "reopened",
  "deleted",
  "merged",
  "merged_from",
  "linked",
  "unlinked",
  "attachment_added",
  "confirmation_sent",
  "confirmed",
  "disputed",
] as const;
export type TicketEventKind = (typeof ticketEventKinds)[number];

/** The configurable catalogue of ticket types (v1's telco defaults are seeded by the migration). */
export const ticketTypeTable = pgTable(
  "ticket_type",
  {
    id: id(),
    name: text("name").notNull(),
    requiresSubscriber: boolean("requires_subscriber").notNull().default(false),
    /** Offered to customers opening a ticket in the portal (the admin chooses; internal types stay hidden). */
    customerVisible: boolean("customer_visible").notNull().default(false),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("ticket_type_name_idx").on(t.name)],
);

export const ticketTable = pgTable(
  "ticket",
  {
    id: id(),
    number: text("number").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    status: text("status", { enum: ticketStatuses }).notNull().default("new"),
    priority: text("priority", { enum: ticketPriorities }).notNull().default(defaultPriority),
    ticketTypeId: uuid("ticket_type_id").references(() => ticketTypeTable.id),
    channel: text("channel", { enum: ticketChannels }),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    region: text("region"),
    /** Superseded by `team_id` (its values became team rows); kept one release so running code keeps working. */
    serviceTeam: text("service_team"),
    teamId: uuid("team_id").references(() => teamTable.id),
    subscriberId: uuid("subscriber_id").references(() => subscriberTable.id),
    personId: uuid("person_id").references(() => personTable.id),
    organizationId: uuid("organization_id").references(() => organizationTable.id),
    primaryAssigneeId: uuid("primary_assignee_id").references(() => userTable.id),
    managerId: uuid("manager_id").references(() => userTable.id),
    createdById: uuid("created_by_id").references(() => userTable.id),
    dueAt: instant("due_at"),
    firstResponseAt: instant("first_response_at"),
    resolvedAt: instant("resolved_at"),
    closedAt: instant("closed_at"),
    /** Set with status `merged` when this ticket is merged into another (merge is a later verb). */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => ticketTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("ticket_number_idx").on(t.number),
    // The list's keyset order; the filters below narrow it.
    index("ticket_created_idx").on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("ticket_status_idx").on(t.status, t.createdAt).where(sql`${t.deletedAt} is null`),
    index("ticket_subscriber_idx").on(t.subscriberId, t.ticketTypeId).where(sql`${t.deletedAt} is null`),
    // Assignee, and assignee + team (the list's "my team's tickets" filter) without walking the keyset order.
    index("ticket_assignee_team_idx").on(t.primaryAssigneeId, t.teamId).where(sql`${t.deletedAt} is null`),
    // The dashboard's counts by status, team and priority, read from the index alone.
    index("ticket_dashboard_idx").on(t.status, t.teamId, t.priority).where(sql`${t.deletedAt} is null`),
    index("ticket_unassigned_idx").on(t.status).where(sql`${t.primaryAssigneeId} is null and ${t.deletedAt} is null`),
    index("ticket_team_id_idx").on(t.teamId).where(sql`${t.deletedAt} is null`),
    index("ticket_type_idx").on(t.ticketTypeId).where(sql`${t.deletedAt} is null`),
    index("ticket_person_idx").on(t.personId),
    index("ticket_organization_idx").on(t.organizationId),
  ],
);

/** Assignees besides the primary one. */
export const ticketAssigneeTable = pgTable(
  "ticket_assignee",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] }), index("ticket_assignee_user_idx").on(t.userId)],
);

/** Append-only: one row per creation, status, priority, type or assignment change, in that change's transaction. */
export const ticketEventTable = pgTable(
  "ticket_event",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    at: instant("at").notNull().defaultNow(),
    kind: text("kind", { enum: ticketEventKinds }).notNull(),
    from: jsonb("from").$type<unknown>(),
    to: jsonb("to").$type<unknown>(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
  },
  (t) => [index("ticket_event_ticket_idx").on(t.ticketId, t.at, t.id)],
);

export const ticketCommentTable = pgTable(
  "ticket_comment",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    authorId: uuid("author_id").references(() => userTable.id),
    /** Internal notes are for staff only; public comments are visible to the customer. */
    isInternal: boolean("is_internal").notNull().default(true),
    body: text("body").notNull(),
    /** Staff user ids resolved from `@email` mentions in the body. */
    mentions: uuid("mentions").array().notNull().default(sql`'{}'::uuid[]`),
    ...timestamps,
    ...softDelete,
  },
  (t) => [index("ticket_comment_ticket_idx").on(t.ticketId, t.createdAt)],
);

/**
 * Human ticket numbers: one row per scope, incremented under a row lock. `pattern` may hold
 * `{YYYY}` `{MM}` `{DD}` (UTC); `prefix` is the pattern as last rendered, and the counter restarts
 * at `start` when the rendered prefix changes (a yearly pattern restarts every year).
 */
export const ticketNumberSequenceTable = pgTable("ticket_number_sequence", {
  scope: text("scope").primaryKey(),
  pattern: text("pattern").notNull(),
  prefix: text("prefix").notNull().default(""),
  padding: integer("padding").notNull().default(0),
  start: bigint("start", { mode: "number" }).notNull().default(1),
  nextValue: bigint("next_value", { mode: "number" }).notNull().default(1),
  ...timestamps,
});

/** Allowed status changes. With no active rows every change is allowed (v1's rule). */
export const ticketStatusTransitionTable = pgTable(
  "ticket_status_transition",
  {
    id: id(),
    fromStatus: text("from_status", { enum: ticketStatuses }).notNull(),
    toStatus: text("to_status", { enum: ticketStatuses }).notNull(),
    requiresNote: boolean("requires_note").notNull().default(false),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("ticket_status_transition_pair_idx").on(t.fromStatus, t.toStatus)],
);

/** A directed link between two tickets; the portal shows it from both ends. Merging re-points links. */
export const ticketLinkTable = pgTable(
  "ticket_link",
  {
    id: id(),
    fromTicketId: uuid("from_ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    toTicketId: uuid("to_ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    kind: text("kind", { enum: ticketLinkKinds }).notNull(),
    createdById: uuid("created_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ticket_link_pair_idx").on(t.fromTicketId, t.toTicketId, t.kind),
    index("ticket_link_to_idx").on(t.toTicketId),
  ],
);

/** An accepted upload attached to a ticket, or to one of its comments. One upload is attached once. */
export const ticketAttachmentTable = pgTable(
  "ticket_attachment",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    commentId: uuid("comment_id").references(() => ticketCommentTable.id),
    uploadId: uuid("upload_id")
      .notNull()
      .references(() => uploadTable.id),
    /** Customers see only attachments that are not internal (their own and those on public replies). */
    isInternal: boolean("is_internal").notNull().default(false),
    createdById: uuid("created_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    ...softDelete,
  },
  (t) => [
    uniqueIndex("ticket_attachment_upload_idx").on(t.uploadId),
    index("ticket_attachment_ticket_idx").on(t.ticketId),
  ],
);

/**
 * The single-use link a customer gets when a ticket is resolved. Only the token's hash is stored;
 * `outcome` is set once (confirm closes, dispute reopens, the grace job auto-confirms, a reopen supersedes).
 */
export const ticketConfirmationTable = pgTable(
  "ticket_confirmation",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => ticketTable.id),
    tokenHash: text("token_hash").notNull(),
    email: text("email"),
    expiresAt: instant("expires_at").notNull(),
    outcome: text("outcome", { enum: confirmationOutcomes }),
    decidedAt: instant("decided_at"),
    reason: text("reason"),
    /**
     * The email that carries the link (null when the customer has no email). Until it is sent the
     * grace job leaves the ticket alone: a link that never left cannot close a ticket by silence.
     */
    deliveryId: uuid("delivery_id").references(() => emailDeliveryTable.id, { onDelete: "set null" }),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ticket_confirmation_token_idx").on(t.tokenHash),
    index("ticket_confirmation_open_idx").on(t.expiresAt).where(sql`${t.outcome} is null`),
    index("ticket_confirmation_ticket_idx").on(t.ticketId),
  ],
);

export const savedFilterKinds = ["ticket", "conversation"] as const;

/** A user's named list filter (the query string of the ticket or conversation list, as an object). */
export const savedFilterTable = pgTable(
  "saved_filter",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    name: text("name").notNull(),
    /** Which list the filter is for: the ticket list, or the inbox's conversation list (a saved view). */
    kind: text("kind", { enum: savedFilterKinds }).notNull().default("ticket"),
    /** Shared with this team's members (read-only to them); null: the owner's alone. */
    teamId: uuid("team_id").references(() => teamTable.id),
    filters: jsonb("filters").$type<Record<string, unknown>>().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("saved_filter_user_name_idx").on(t.userId, t.kind, t.name),
    index("saved_filter_team_idx").on(t.teamId),
  ],
);

/** Support-wide settings: a single row keyed `default`. */
export const supportSettingTable = pgTable("support_setting", {
  id: text("id").primaryKey().default("default"),
  /** Statuses during which SLA clocks do not count. */
  pauseStatuses: text("pause_statuses").array().notNull().default(sql`'{pending,waiting_on_customer,on_hold}'::text[]`),
  /** Hours after resolution before an unanswered confirmation closes the ticket. */
  confirmationGraceHours: integer("confirmation_grace_hours").notNull().default(24),
  ...timestamps,
});
