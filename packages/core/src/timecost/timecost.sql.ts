import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { ticketTable } from "../ticket/ticket.sql";
import { uploadTable } from "../upload/upload.sql";
import { workOrderTable } from "../workorder/workorder.sql";

/**
 * Time a person spent on a job. `client_ref` makes a phone's retries one row (unique per person);
 * `minutes` is derived from the two instants when written, never sent by the client.
 */
export const worklogTable = pgTable(
  "worklog",
  {
    id: id(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    clientRef: text("client_ref").notNull(),
    startedAt: instant("started_at").notNull(),
    endedAt: instant("ended_at").notNull(),
    minutes: integer("minutes").notNull(),
    note: text("note"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("worklog_client_ref_idx").on(t.userId, t.clientRef),
    index("worklog_work_order_idx").on(t.workOrderId, t.startedAt),
    index("worklog_user_time_idx").on(t.userId, t.startedAt).where(sql`${t.deletedAt} is null`),
    check("worklog_order", sql`${t.endedAt} > ${t.startedAt}`),
    check("worklog_minutes", sql`${t.minutes} >= 0`),
  ],
);

/**
 * What an hour of a person costs the company, from `effective_from` to `effective_to` (calendar dates in
 * UTC, both inclusive; no end = still in force). Periods of one person never overlap (checked under a lock).
 */
export const costRateTable = pgTable(
  "cost_rate",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    hourlyMinor: integer("hourly_minor").notNull(),
    currency: text("currency").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveTo: date("effective_to", { mode: "string" }),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [
    index("cost_rate_user_idx").on(t.userId, t.effectiveFrom),
    check("cost_rate_amount", sql`${t.hourlyMinor} >= 0`),
    check("cost_rate_period", sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
    check("cost_rate_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** What an hour is billed to the customer under a named rate (`standard`, `after_hours`…), by period. */
export const billingRateTable = pgTable(
  "billing_rate",
  {
    id: id(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    hourlyMinor: integer("hourly_minor").notNull(),
    currency: text("currency").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveTo: date("effective_to", { mode: "string" }),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [
    index("billing_rate_code_idx").on(t.code, t.effectiveFrom),
    check("billing_rate_amount", sql`${t.hourlyMinor} >= 0`),
    check("billing_rate_period", sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
    check("billing_rate_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const expenseStatuses = ["draft", "submitted", "approved", "rejected", "paid", "canceled"] as const;
export type ExpenseStatus = (typeof expenseStatuses)[number];
export const expenseCategories = [
  "fuel",
  "transport",
  "parking",
  "meals",
  "lodging",
  "tools",
  "materials",
  "communication",
  "other",
] as const;
export type ExpenseCategory = (typeof expenseCategories)[number];

/** A claim for money spent on the company's behalf, with its approval trail (v1 §5.5). */
export const expenseRequestTable = pgTable(
  "expense_request",
  {
    id: id(),
    number: text("number").notNull(),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => userTable.id),
    status: text("status", { enum: expenseStatuses }).notNull().default("draft"),
    purpose: text("purpose").notNull(),
    workOrderId: uuid("work_order_id").references(() => workOrderTable.id),
    ticketId: uuid("ticket_id").references(() => ticketTable.id),
    /** Projects arrive with issue 13, as on work orders. */
    projectId: uuid("project_id"),
    /** A phone's retry of the same create is one request (unique per requester). */
    clientRef: text("client_ref"),
    submittedAt: instant("submitted_at"),
    decidedAt: instant("decided_at"),
    decidedById: uuid("decided_by_id").references(() => userTable.id),
    decisionReason: text("decision_reason"),
    paidAt: instant("paid_at"),
    paymentReference: text("payment_reference"),
    canceledAt: instant("canceled_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("expense_request_number_idx").on(t.number),
    uniqueIndex("expense_request_client_ref_idx").on(t.requesterId, t.clientRef),
    index("expense_request_requester_idx").on(t.requesterId, t.createdAt),
    index("expense_request_status_idx").on(t.status, t.submittedAt),
    index("expense_request_work_order_idx").on(t.workOrderId),
    index("expense_request_project_idx").on(t.projectId),
    check("expense_request_not_self_decided", sql`${t.decidedById} is null or ${t.decidedById} <> ${t.requesterId}`),
  ],
);

/** One amount of a request: what for, how much (integer minor units), where, and the checked receipt. */
export const expenseItemTable = pgTable(
  "expense_request_item",
  {
    id: id(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => expenseRequestTable.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    category: text("category", { enum: expenseCategories }).notNull(),
    description: text("description"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    vendor: text("vendor"),
    spentOn: date("spent_on", { mode: "string" }),
    receiptUploadId: uuid("receipt_upload_id").references(() => uploadTable.id),
  },
  (t) => [
    uniqueIndex("expense_request_item_position_idx").on(t.requestId, t.position),
    check("expense_request_item_amount", sql`${t.amountMinor} > 0`),
    check("expense_request_item_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** The expense request number sequence (EXP-2026-000001): one row, locked by each create. */
export const expenseNumberSequenceTable = pgTable("expense_number_sequence", {
  scope: text("scope").primaryKey(),
  prefix: text("prefix").notNull().default(""),
  nextValue: integer("next_value").notNull().default(1),
});
