import { and, eq, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { commissionTable } from "./commission.sql";
import {
  actingUser,
  type CommissionInfo,
  type CommissionPage,
  commissionFilters,
  commissionPage,
  ListFilters,
  notFound,
  type Summary,
  selectCommissions,
  toCommissionInfo,
} from "./shared";

const c = commissionTable;

export async function commissionInfo(tx: Tx, id: string, scope?: SQL): Promise<CommissionInfo> {
  const [row] = await selectCommissions(tx, and(eq(c.id, id), scope));
  if (!row) throw notFound("Commission", id);
  return toCommissionInfo(row);
}

/** Commissions newest first, filtered by status, reseller organisation or payout (operations:reseller:read). */
export const list = fn(ListFilters, async (input): Promise<CommissionPage> => {
  requirePermission("operations:reseller:read");
  return useTransaction((tx) => commissionPage(tx, commissionFilters(input), input.limit));
});

export const fromID = fn(z.object({ id: id() }), async ({ id }): Promise<CommissionInfo> => {
  requirePermission("operations:reseller:read");
  return useTransaction((tx) => commissionInfo(tx, id));
});

/** Count and sum per currency and status, optionally of one reseller organisation; `scope` narrows further. */
export async function summarise(tx: Tx, where: SQL | undefined): Promise<Summary> {
  const rows = await tx
    .select({
      currency: c.currency,
      status: c.status,
      count: sql<number>`count(*)::int`,
      amountMinor: sql<string>`coalesce(sum(${c.amountMinor}), 0)::text`,
    })
    .from(c)
    .where(where)
    .groupBy(c.currency, c.status)
    .orderBy(c.currency, c.status);
  return { items: rows.map((r) => ({ ...r, count: Number(r.count), amountMinor: Number(r.amountMinor) })) };
}

export const summary = fn(z.object({ resellerOrganizationId: id().optional() }), async (input): Promise<Summary> => {
  requirePermission("operations:reseller:read");
  return useTransaction((tx) =>
    summarise(
      tx,
      input.resellerOrganizationId ? eq(c.resellerOrganizationId, input.resellerOrganizationId) : undefined,
    ),
  );
});

async function locked(tx: Transaction, id: string) {
  const [row] = await tx.select().from(c).where(eq(c.id, id)).for("update");
  if (!row) throw notFound("Commission", id);
  return row;
}

/**
 * Approves a pending commission (operations:reseller:write), so a payout may include it. Approving an
 * approved one again changes nothing; a void or paid one cannot be approved.
 */
export const approve = fn(z.object({ id: id() }), async ({ id }): Promise<CommissionInfo> => {
  requirePermission("operations:reseller:write");
  return createTransaction(async (tx) => {
    const row = await locked(tx, id);
    if (row.status === "approved") return commissionInfo(tx, id);
    if (row.status !== "pending") {
      throw new AppError(
        "precondition_failed",
        `Commission ${id} is ${row.status}; only a pending one can be approved`,
      );
    }
    await tx
      .update(c)
      .set({ status: "approved", approvedAt: new Date(), approvedById: actingUser() })
      .where(eq(c.id, id));
    await Audit.record({
      action: "commission.approved",
      entityType: "reseller_commission",
      entityId: id,
      changes: Audit.diff({ status: row.status }, { status: "approved" }),
    });
    return commissionInfo(tx, id);
  });
});

/**
 * Voids a pending or approved commission with a reason (operations:reseller:write): it is never paid.
 * One in a draft payout must leave it first (void the payout); a paid one cannot be voided.
 */
export const markVoid = fn(
  z.object({ id: id(), reason: text(500) }),
  async ({ id, reason }): Promise<CommissionInfo> => {
    requirePermission("operations:reseller:write");
    return createTransaction(async (tx) => {
      const row = await locked(tx, id);
      if (row.status === "void") return commissionInfo(tx, id);
      if (row.status === "paid") {
        throw new AppError("precondition_failed", `Commission ${id} was paid; a paid commission cannot be voided`);
      }
      if (row.payoutId) {
        throw new AppError(
          "precondition_failed",
          `Commission ${id} is in a draft payout; void that payout first, then this commission`,
        );
      }
      await tx
        .update(c)
        .set({ status: "void", voidedAt: new Date(), voidedById: actingUser(), voidReason: reason })
        .where(eq(c.id, id));
      await Audit.record({
        action: "commission.voided",
        entityType: "reseller_commission",
        entityId: id,
        changes: Audit.diff({ status: row.status, voidReason: null }, { status: "void", voidReason: reason }),
      });
      return commissionInfo(tx, id);
    });
  },
);
