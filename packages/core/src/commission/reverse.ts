import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instantText, pageLimit } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { sum } from "../platform/money";
import { salesOrderTable } from "../quote/quote.sql";
import {
  adjustmentStatuses,
  commissionAdjustmentTable,
  commissionTable,
  payoutTable,
  reversalReasons,
} from "./commission.sql";
import { commissionInfo } from "./decide";
import { type CommissionInfo, notFound } from "./shared";
import type { ReversalReason } from "./values";

const a = commissionAdjustmentTable;
const c = commissionTable;
const p = payoutTable;

export const AdjustmentInfo = z.object({
  id: z.uuid(),
  commissionId: z.uuid(),
  salesOrderId: z.uuid(),
  orderNumber: z.string().nullable(),
  resellerOrganizationId: z.uuid(),
  resellerName: z.string(),
  currency: z.string(),
  /** Negative: what the next payout deducts. */
  amountMinor: z.number().int(),
  reason: z.enum(reversalReasons),
  status: z.enum(adjustmentStatuses),
  payoutId: z.uuid().nullable(),
  payoutNumber: z.string().nullable(),
  appliedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdjustmentInfo = z.infer<typeof AdjustmentInfo>;
export const AdjustmentPage = z.object({ items: z.array(AdjustmentInfo), nextCursor: z.string().nullable() });
export type AdjustmentPage = z.infer<typeof AdjustmentPage>;

export function selectAdjustments(tx: Tx, where: SQL | undefined) {
  return tx
    .select({
      row: a,
      salesOrderId: c.salesOrderId,
      orderNumber: salesOrderTable.number,
      resellerName: organizationTable.name,
      payoutNumber: p.number,
      at: microseconds(a.createdAt),
    })
    .from(a)
    .innerJoin(c, eq(c.id, a.commissionId))
    .innerJoin(organizationTable, eq(organizationTable.id, a.resellerOrganizationId))
    .leftJoin(salesOrderTable, eq(salesOrderTable.id, c.salesOrderId))
    .leftJoin(p, eq(p.id, a.payoutId))
    .where(where);
}
type AdjustmentRow = Awaited<ReturnType<typeof selectAdjustments>>[number];

export const toAdjustmentInfo = (r: AdjustmentRow): AdjustmentInfo => ({
  id: r.row.id,
  commissionId: r.row.commissionId,
  salesOrderId: r.salesOrderId,
  orderNumber: r.orderNumber ?? null,
  resellerOrganizationId: r.row.resellerOrganizationId,
  resellerName: r.resellerName,
  currency: r.row.currency,
  amountMinor: r.row.amountMinor,
  reason: r.row.reason,
  status: r.row.status,
  payoutId: r.row.payoutId,
  payoutNumber: r.payoutNumber ?? null,
  appliedAt: r.row.appliedAt?.toISOString() ?? null,
  createdAt: r.row.createdAt.toISOString(),
});

const newestAdjustments = keyset({
  columns: [a.createdAt, a.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

export const AdjustmentFilters = z.object({
  resellerOrganizationId: id().optional(),
  status: z.enum(adjustmentStatuses).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/** One page of adjustments, newest first; `scope` narrows (the reseller portal's tree). */
export async function adjustmentPage(
  tx: Tx,
  input: z.output<typeof AdjustmentFilters>,
  scope?: SQL,
): Promise<AdjustmentPage> {
  const where = [
    scope,
    input.resellerOrganizationId ? eq(a.resellerOrganizationId, input.resellerOrganizationId) : undefined,
    input.status ? eq(a.status, input.status) : undefined,
    newestAdjustments.after(input.cursor),
  ];
  const rows = await selectAdjustments(tx, and(...where))
    .orderBy(...newestAdjustments.orderBy)
    .limit(newestAdjustments.take(input.limit));
  const page = newestAdjustments.page(rows, input.limit, (r) => [r.at, r.row.id]);
  return { items: page.items.map(toAdjustmentInfo), nextCursor: page.nextCursor };
}

/** Claw-backs newest first (operations:reseller:read). */
export const adjustments = fn(AdjustmentFilters, async (input): Promise<AdjustmentPage> => {
  requirePermission("operations:reseller:read");
  return useTransaction((tx) => adjustmentPage(tx, input));
});

/** Recomputes a draft payout's figures from what it holds; claw-backs leave it if they would make it negative. */
export async function restate(tx: Transaction, payoutId: string) {
  const commissions = await tx.select({ amount: c.amountMinor }).from(c).where(eq(c.payoutId, payoutId));
  const held = await tx
    .select({ id: a.id, amount: a.amountMinor })
    .from(a)
    .where(eq(a.payoutId, payoutId))
    .orderBy(asc(a.createdAt), asc(a.id));
  const gross = sum(0, ...commissions.map((x) => x.amount));
  let adjustment = 0;
  const release: string[] = [];
  for (const h of held) {
    if (gross + adjustment + h.amount < 0) release.push(h.id);
    else adjustment = sum(adjustment, h.amount);
  }
  if (release.length > 0) await tx.update(a).set({ payoutId: null }).where(inArray(a.id, release));
  await tx
    .update(p)
    .set({ totalMinor: gross + adjustment, adjustmentMinor: adjustment, commissionCount: commissions.length })
    .where(eq(p.id, payoutId));
}

/**
 * Reverses the commission of a cancelled or refunded order, once: a commission not yet paid is voided
 * (leaving its draft payout, if any); a paid one gets a negative adjustment that the reseller's next
 * payout deducts. The row lock and `reversed_at` make a second event, a retry or the other reason a
 * no-op; an order without a commission reverses nothing (and `accrue` refuses a cancelled order later).
 */
export async function reverseOrder(tx: Transaction, salesOrderId: string, reason: ReversalReason) {
  const [row] = await tx.select().from(c).where(eq(c.salesOrderId, salesOrderId)).for("update");
  if (!row || row.reversedAt) return row ?? null;
  const now = new Date();
  if (row.status === "paid") {
    const [adjustment] = await tx
      .insert(a)
      .values({
        commissionId: row.id,
        resellerOrganizationId: row.resellerOrganizationId,
        currency: row.currency,
        amountMinor: -row.amountMinor,
        reason,
      })
      .onConflictDoNothing({ target: a.commissionId })
      .returning();
    await tx.update(c).set({ reversedAt: now, reversalReason: reason }).where(eq(c.id, row.id));
    if (adjustment) {
      await Audit.record({
        action: "commission.adjustment_created",
        entityType: "reseller_commission",
        entityId: row.id,
        changes: Audit.diff(null, { adjustmentId: adjustment.id, amountMinor: adjustment.amountMinor, reason }),
      });
    }
    return row;
  }
  if (row.amountMinor === 0 || row.status === "void") {
    await tx.update(c).set({ reversedAt: now, reversalReason: reason }).where(eq(c.id, row.id));
  } else {
    await tx
      .update(c)
      .set({
        status: "void",
        payoutId: null,
        voidedAt: now,
        voidReason: `Order ${reason}`,
        reversedAt: now,
        reversalReason: reason,
      })
      .where(eq(c.id, row.id));
    if (row.payoutId) {
      await tx.select({ id: p.id }).from(p).where(eq(p.id, row.payoutId)).for("update");
      await restate(tx, row.payoutId);
    }
  }
  await Audit.record({
    action: "commission.reversed",
    entityType: "reseller_commission",
    entityId: row.id,
    changes: Audit.diff({ status: row.status, payoutId: row.payoutId }, { status: "void", payoutId: null, reason }),
  });
  return row;
}

const ReverseInput = z.object({ salesOrderId: id(), reason: z.enum(reversalReasons) });

/**
 * The `sales_order.cancelled` / `sales_order.refunded` subscriber, and staff's manual reversal of an
 * order refunded outside the CRM (operations:reseller:write). Returns the commission, or null.
 */
export const reverse = fn(ReverseInput, async (input): Promise<CommissionInfo | null> => {
  requirePermission("operations:reseller:write");
  return createTransaction(async (tx) => {
    const row = await reverseOrder(tx, input.salesOrderId, input.reason);
    return row ? commissionInfo(tx, row.id) : null;
  });
});

/** Staff reverse one commission by id (its order refunded outside the CRM). */
export const reverseCommission = fn(
  z.object({ id: id(), reason: z.enum(reversalReasons) }),
  async (input): Promise<CommissionInfo> => {
    requirePermission("operations:reseller:write");
    return createTransaction(async (tx) => {
      const [row] = await tx.select({ orderId: c.salesOrderId }).from(c).where(eq(c.id, input.id));
      if (!row) throw notFound("Commission", input.id);
      await reverseOrder(tx, row.orderId, input.reason);
      return commissionInfo(tx, input.id);
    });
  },
);

/** Pending claw-backs of one reseller in one currency, oldest first, locked for a payout to take. */
export function pendingAdjustments(tx: Transaction, resellerOrganizationId: string, currency: string) {
  return tx
    .select()
    .from(a)
    .where(
      and(
        eq(a.resellerOrganizationId, resellerOrganizationId),
        eq(a.currency, currency),
        eq(a.status, "pending"),
        isNull(a.payoutId),
      ),
    )
    .orderBy(asc(a.createdAt), asc(a.id))
    .for("update");
}

export const adjustmentsOfPayout = (tx: Tx, payoutId: string) =>
  selectAdjustments(tx, eq(a.payoutId, payoutId)).orderBy(asc(a.createdAt), asc(a.id));
