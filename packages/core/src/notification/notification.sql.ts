import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { id, instant } from "../platform/sql";

export const notificationKinds = [
  "ticket_assigned",
  "ticket_mentioned",
  "ticket_customer_reply",
  "ticket_staff_reply",
  "sla_warning",
  "sla_breach",
  "ticket_resolved",
  "ticket_confirmed",
  "ticket_disputed",
  "inbox_mentioned",
  "inbox_reply_due",
  "inbox_reply_breach",
  "inventory_low_stock",
  "visit_confirmed",
  "visit_reschedule_requested",
  "expense_submitted",
  "expense_approved",
  "expense_rejected",
  "project_task_assigned",
  "project_stage_completed",
  "project_completed",
  "contract_quote_submitted",
  "contract_revision_requested",
  "contract_quote_approved",
  "contract_quote_rejected",
  "contract_as_built_accepted",
  "contract_as_built_rejected",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * An in-app notification for one user. `dedupe_key` (event id + recipient) makes a redelivered event
 * notify once.
 */
export const notificationTable = pgTable(
  "notification",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    kind: text("kind", { enum: notificationKinds }).notNull(),
    title: text("title").notNull(),
    body: text("body"),
    /** A path inside the recipient's portal, e.g. /tickets/TCK-2026-000001. */
    link: text("link"),
    ticketId: uuid("ticket_id"),
    dedupeKey: text("dedupe_key").notNull(),
    readAt: instant("read_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_dedupe_idx").on(t.dedupeKey),
    index("notification_user_idx").on(t.userId, t.createdAt),
    index("notification_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** `cancelled`: a security mail that is no longer wanted (a newer link replaced it, the ticket moved on). */
export const emailStatuses = ["pending", "sent", "failed", "dead", "cancelled"] as const;

/**
 * Mail that carries a single-use secret link. Its row never holds the token: a retry re-issues a fresh
 * one (invalidating the old) through the domain that owns it.
 */
export const secureTemplates = ["password_reset", "magic_link", "invitation", "ticket_confirmation"] as const;
export type SecureTemplate = (typeof secureTemplates)[number];

/**
 * Every email the product sends from a template, with its delivery state: a failed send is retried
 * with backoff by `notifications.retry` and stays visible on the status page until it goes out or dies.
 */
export const emailDeliveryTable = pgTable(
  "email_delivery",
  {
    id: id(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    /**
     * The template's input, so a retry renders the same message; for a security mail only what its
     * re-issue needs to find the account or confirmation (never the token).
     */
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: emailStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: instant("next_attempt_at"),
    sentAt: instant("sent_at"),
    /**
     * Security mail only: which link it carries (e.g. `user:<id>:password_reset`). A newer mail of the
     * same link cancels an older one still waiting, so a late retry never invalidates the newer link.
     */
    linkKey: text("link_key"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_delivery_dedupe_idx").on(t.dedupeKey),
    index("email_delivery_link_idx").on(t.linkKey).where(sql`${t.linkKey} is not null`),
    index("email_delivery_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'failed')`),
  ],
);
