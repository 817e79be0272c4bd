import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { inventoryItemTable } from "../inventory/inventory.sql";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { projectTypes } from "../project/values";
import { leadTable } from "../sales/sales.sql";
import {
  decisionChannels,
  paymentMethods,
  paymentStatuses,
  quoteStatuses,
  salesOrderStatuses,
  signatureKinds,
} from "./values";

export * from "./values";

const money = (name: string) => bigint(name, { mode: "number" }).notNull().default(0);

/**
 * A quote for one person (and the lead it sells), numbered QUO-YYYY-NNNNNN. Amounts are integer minor
 * units of `currency`, the sums of the lines' rounded figures (platform/money), stored so lists need no
 * join. Editable only in draft; sent → accepted | rejected | expired, once.
 */
export const quoteTable = pgTable(
  "quote",
  {
    id: id(),
    number: text("number").notNull(),
    title: text("title").notNull(),
    status: text("status", { enum: quoteStatuses }).notNull().default("draft"),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    leadId: uuid("lead_id").references(() => leadTable.id),
    /** The reseller that brought the lead: its orders accrue commission. */
    resellerOrganizationId: uuid("reseller_organization_id").references(() => organizationTable.id),
    projectType: text("project_type", { enum: projectTypes }),
    currency: text("currency").notNull().default("NGN"),
    grossMinor: money("gross_minor"),
    discountMinor: money("discount_minor"),
    netMinor: money("net_minor"),
    taxMinor: money("tax_minor"),
    totalMinor: money("total_minor"),
    /** Deposit asked on acceptance, in basis points of the total. */
    depositBp: integer("deposit_bp").notNull().default(0),
    /** The last instant the customer may accept. */
    expiresAt: instant("expires_at").notNull(),
    /** The terms the customer agrees to (a version label such as "2026-01"). */
    termsVersion: text("terms_version").notNull(),
    notes: text("notes"),
    ownerUserId: uuid("owner_user_id").references(() => userTable.id),
    sentAt: instant("sent_at"),
    decidedAt: instant("decided_at"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("quote_number_idx").on(t.number),
    index("quote_list_idx").on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("quote_person_idx").on(t.personId),
    index("quote_lead_idx").on(t.leadId),
    index("quote_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'sent' and ${t.deletedAt} is null`),
    check("quote_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("quote_deposit", sql`${t.depositBp} between 0 and 10000`),
    check("quote_total", sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor}`),
  ],
);

/** One line: an inventory item or free text; quantity in thousandths, rates in basis points. */
export const quoteLineTable = pgTable(
  "quote_line",
  {
    id: id(),
    quoteId: uuid("quote_id")
      .notNull()
      .references(() => quoteTable.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    inventoryItemId: uuid("inventory_item_id").references(() => inventoryItemTable.id),
    description: text("description").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    unitPriceMinor: money("unit_price_minor"),
    discountBp: integer("discount_bp").notNull().default(0),
    taxRateBp: integer("tax_rate_bp").notNull().default(0),
    grossMinor: money("gross_minor"),
    discountMinor: money("discount_minor"),
    netMinor: money("net_minor"),
    taxMinor: money("tax_minor"),
    totalMinor: money("total_minor"),
    ...timestamps,
  },
  (t) => [
    index("quote_line_quote_idx").on(t.quoteId, t.position),
    check("quote_line_quantity", sql`${t.quantity} > 0`),
    check("quote_line_price", sql`${t.unitPriceMinor} >= 0`),
    check("quote_line_rates", sql`${t.discountBp} between 0 and 10000 and ${t.taxRateBp} between 0 and 10000`),
  ],
);

/**
 * The customer's answer to a quote: one row per quote (the unique index makes a retried or concurrent
 * accept a no-op), with who, when, from where, the signature and the terms version they agreed to.
 */
export const quoteDecisionTable = pgTable(
  "quote_acceptance",
  {
    id: id(),
    quoteId: uuid("quote_id")
      .notNull()
      .references(() => quoteTable.id),
    decision: text("decision", { enum: ["accepted", "rejected"] }).notNull(),
    via: text("via", { enum: decisionChannels }).notNull(),
    /** The customer account that answered in the portal; null through the link. */
    userId: uuid("user_id").references(() => userTable.id),
    /** The name the customer signed with (typed), or gave beside a drawn signature. */
    signerName: text("signer_name").notNull(),
    signatureKind: text("signature_kind", { enum: signatureKinds }),
    /** A drawn signature: PNG, base64 (magic bytes checked, ≤ 150 KB). */
    signaturePng: text("signature_png"),
    termsVersion: text("terms_version").notNull(),
    reason: text("reason"),
    /** The connection's address (the platform's, never X-Forwarded-For). */
    ip: text("ip"),
    userAgent: text("user_agent"),
    decidedAt: instant("decided_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quote_acceptance_quote_idx").on(t.quoteId)],
);

/** A single-use link to answer a quote: only the token's SHA-256 is stored. */
export const quoteLinkTable = pgTable(
  "quote_link",
  {
    id: id(),
    quoteId: uuid("quote_id")
      .notNull()
      .references(() => quoteTable.id),
    tokenHash: text("token_hash").notNull(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    revokedAt: instant("revoked_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quote_link_token_idx").on(t.tokenHash), index("quote_link_quote_idx").on(t.quoteId)],
);

/**
 * The order an accepted quote became, numbered SO-NNNNNN: one per quote (unique), its lines copied.
 * Payment status follows the recorded payments (pending → partial → paid) unless waived; an order
 * becomes `paid` when its balance reaches zero.
 */
export const salesOrderTable = pgTable(
  "sales_order",
  {
    id: id(),
    number: text("number").notNull(),
    quoteId: uuid("quote_id").references(() => quoteTable.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    leadId: uuid("lead_id").references(() => leadTable.id),
    resellerOrganizationId: uuid("reseller_organization_id").references(() => organizationTable.id),
    ownerUserId: uuid("owner_user_id").references(() => userTable.id),
    projectType: text("project_type", { enum: projectTypes }),
    status: text("status", { enum: salesOrderStatuses }).notNull().default("confirmed"),
    paymentStatus: text("payment_status", { enum: paymentStatuses }).notNull().default("pending"),
    currency: text("currency").notNull(),
    netMinor: money("net_minor"),
    taxMinor: money("tax_minor"),
    totalMinor: money("total_minor"),
    depositRequiredMinor: money("deposit_required_minor"),
    amountPaidMinor: money("amount_paid_minor"),
    balanceDueMinor: money("balance_due_minor"),
    paidAt: instant("paid_at"),
    fulfilledAt: instant("fulfilled_at"),
    cancelledAt: instant("cancelled_at"),
    cancelReason: text("cancel_reason"),
    waivedReason: text("waived_reason"),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("sales_order_number_idx").on(t.number),
    uniqueIndex("sales_order_quote_idx").on(t.quoteId),
    index("sales_order_list_idx").on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index("sales_order_person_idx").on(t.personId),
    index("sales_order_reseller_idx").on(t.resellerOrganizationId),
    check("sales_order_amounts", sql`${t.amountPaidMinor} >= 0 and ${t.depositRequiredMinor} >= 0`),
  ],
);

export const salesOrderLineTable = pgTable(
  "sales_order_line",
  {
    id: id(),
    salesOrderId: uuid("sales_order_id")
      .notNull()
      .references(() => salesOrderTable.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    inventoryItemId: uuid("inventory_item_id").references(() => inventoryItemTable.id),
    description: text("description").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    unitPriceMinor: money("unit_price_minor"),
    discountBp: integer("discount_bp").notNull().default(0),
    taxRateBp: integer("tax_rate_bp").notNull().default(0),
    netMinor: money("net_minor"),
    taxMinor: money("tax_minor"),
    totalMinor: money("total_minor"),
  },
  (t) => [index("sales_order_line_order_idx").on(t.salesOrderId, t.position)],
);

/** A payment received against an order; the idempotency key makes a double submit record it once. */
export const salesOrderPaymentTable = pgTable(
  "sales_order_payment",
  {
    id: id(),
    salesOrderId: uuid("sales_order_id")
      .notNull()
      .references(() => salesOrderTable.id),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    method: text("method", { enum: paymentMethods }).notNull(),
    reference: text("reference"),
    receivedAt: instant("received_at").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    recordedById: uuid("recorded_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sales_order_payment_key_idx").on(t.salesOrderId, t.idempotencyKey),
    check("sales_order_payment_amount", sql`${t.amountMinor} > 0`),
  ],
);
