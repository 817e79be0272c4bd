import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { organizationTable } from "../organization/organization.sql";
import { id, instant, timestamps } from "../platform/sql";
import { salesOrderTable } from "../quote/quote.sql";
import { adjustmentStatuses, commissionStatuses, payoutMethods, payoutStatuses, reversalReasons } from "./values";

export { adjustmentStatuses, commissionStatuses, payoutMethods, payoutStatuses, reversalReasons } from "./values";

/** The commission settings: one row, `default` (the fallback rate applies when it is missing). */
export const commissionSettingTable = pgTable(
  "reseller_commission_setting",
  {
    id: text("id").primaryKey(),
    /** Basis points of an order's net (before tax) for resellers without a rate of their own. */
    defaultRateBp: integer("default_rate_bp").notNull(),
    updatedById: uuid("updated_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [check("reseller_commission_setting_rate", sql`${t.defaultRateBp} between 0 and 10000`)],
);

/** A reseller organisation's own rate (v1's `organizations.commission_rate`), in basis points. */
export const commissionRateTable = pgTable(
  "reseller_commission_rate",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizationTable.id),
    rateBp: integer("rate_bp").notNull(),
    updatedById: uuid("updated_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [check("reseller_commission_rate_bp", sql`${t.rateBp} between 0 and 10000`)],
);

/** A payout: approved commissions of one reseller in one currency, paid together. */
export const payoutTable = pgTable(
  "reseller_payout",
  {
    id: id(),
    /** PAY-2026-000001, from the shared sequence table. */
    number: text("number").notNull(),
    resellerOrganizationId: uuid("reseller_organization_id")
      .notNull()
      .references(() => organizationTable.id),
    currency: text("currency").notNull(),
    /** The sum of its commissions' amounts (minor units), kept in step by every verb that changes them. */
    totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
    commissionCount: integer("commission_count").notNull().default(0),
    /** The reversals it recovers (≤ 0, minor units): `total_minor` is the commissions plus this. */
    adjustmentMinor: bigint("adjustment_minor", { mode: "number" }).notNull().default(0),
    status: text("status", { enum: payoutStatuses }).notNull().default("draft"),
    method: text("method", { enum: payoutMethods }),
    reference: text("reference"),
    /** The day the money left (the payer's statement date), as given. */
    paidOn: date("paid_on"),
    paidAt: instant("paid_at"),
    paidById: uuid("paid_by_id").references(() => userTable.id),
    voidedAt: instant("voided_at"),
    voidReason: text("void_reason"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("reseller_payout_number_idx").on(t.number),
    index("reseller_payout_reseller_idx").on(t.resellerOrganizationId, t.createdAt),
    index("reseller_payout_status_idx").on(t.status, t.createdAt),
    check("reseller_payout_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("reseller_payout_total", sql`${t.totalMinor} >= 0`),
  ],
);

/**
 * One commission per reseller-sourced sales order, accrued when the order is paid. The unique order
 * id makes a redelivered `sales_order.paid` a no-op. Basis, rate and amount are frozen at accrual.
 */
export const commissionTable = pgTable(
  "reseller_commission",
  {
    id: id(),
    salesOrderId: uuid("sales_order_id")
      .notNull()
      .references(() => salesOrderTable.id),
    resellerOrganizationId: uuid("reseller_organization_id")
      .notNull()
      .references(() => organizationTable.id),
    currency: text("currency").notNull(),
    /** The order's net before tax (minor units): what the rate applies to. */
    basisMinor: bigint("basis_minor", { mode: "number" }).notNull(),
    rateBp: integer("rate_bp").notNull(),
    /** round(basis × rate / 10 000), half away from zero (platform/money.ts). */
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    status: text("status", { enum: commissionStatuses }).notNull().default("pending"),
    payoutId: uuid("payout_id").references(() => payoutTable.id),
    approvedAt: instant("approved_at"),
    approvedById: uuid("approved_by_id").references(() => userTable.id),
    paidAt: instant("paid_at"),
    voidedAt: instant("voided_at"),
    voidedById: uuid("voided_by_id").references(() => userTable.id),
    voidReason: text("void_reason"),
    /** Set once when the order was cancelled or refunded: the commission was voided or clawed back. */
    reversedAt: instant("reversed_at"),
    reversalReason: text("reversal_reason", { enum: reversalReasons }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("reseller_commission_order_idx").on(t.salesOrderId),
    index("reseller_commission_reseller_idx").on(t.resellerOrganizationId, t.status, t.createdAt),
    index("reseller_commission_status_idx").on(t.status, t.createdAt),
    index("reseller_commission_payout_idx").on(t.payoutId),
    check("reseller_commission_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("reseller_commission_amounts", sql`${t.basisMinor} >= 0 and ${t.amountMinor} >= 0`),
    check("reseller_commission_rate", sql`${t.rateBp} between 0 and 10000`),
  ],
);

/**
 * The claw-back of a commission paid before its order was cancelled or refunded: a negative amount the
 * reseller's next payout deducts. Unique per commission, so a second event or retry adds nothing.
 */
export const commissionAdjustmentTable = pgTable(
  "reseller_commission_adjustment",
  {
    id: id(),
    commissionId: uuid("commission_id")
      .notNull()
      .references(() => commissionTable.id),
    resellerOrganizationId: uuid("reseller_organization_id")
      .notNull()
      .references(() => organizationTable.id),
    currency: text("currency").notNull(),
    /** Minus the commission's amount. */
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    reason: text("reason", { enum: reversalReasons }).notNull(),
    status: text("status", { enum: adjustmentStatuses }).notNull().default("pending"),
    payoutId: uuid("payout_id").references(() => payoutTable.id),
    appliedAt: instant("applied_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("reseller_commission_adjustment_commission_idx").on(t.commissionId),
    index("reseller_commission_adjustment_reseller_idx").on(t.resellerOrganizationId, t.status, t.createdAt),
    index("reseller_commission_adjustment_payout_idx").on(t.payoutId),
    check("reseller_commission_adjustment_amount", sql`${t.amountMinor} < 0`),
    check("reseller_commission_adjustment_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
