import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, day, id, pageLimit, text } from "../platform/input";
import { sum } from "../platform/money";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { nextInSeries } from "../ticket/numbering";
import {
  commissionAdjustmentTable,
  commissionTable,
  payoutMethods,
  payoutStatuses,
  payoutTable,
} from "./commission.sql";
import { Events } from "./events";
import { AdjustmentInfo, adjustmentsOfPayout, pendingAdjustments, toAdjustmentInfo } from "./reverse";
import {
  actingUser,
  type CommissionInfo,
  CommissionInfo as CommissionInfoSchema,
  newestPayouts,
  notFound,
  type PayoutInfo,
  PayoutInfo as PayoutInfoSchema,
  type PayoutPage,
  selectCommissions,
  selectPayouts,
  toCommissionInfo,
  toPayoutInfo,
} from "./shared";

const p = payoutTable;
const c = commissionTable;
const SERIES = { scope: "reseller_payout", pattern: "PAY-{YYYY}-", padding: 6 };

/** A payout with the commissions it pays and the claw-backs it deducts, oldest first. */
export const PayoutDetail = PayoutInfoSchema.extend({
  commissions: z.array(CommissionInfoSchema),
  adjustments: z.array(AdjustmentInfo),
});
export type PayoutDetail = z.infer<typeof PayoutDetail>;

export async function payoutDetail(tx: Tx, id: string, scope?: SQL): Promise<PayoutDetail> {
  const [row] = await selectPayouts(tx, and(eq(p.id, id), scope));
  if (!row) throw notFound("Payout", id);
  const commissions = await selectCommissions(tx, eq(c.payoutId, id)).orderBy(asc(c.createdAt), asc(c.id));
  const adjustments = await adjustmentsOfPayout(tx, id);
  return {
    ...toPayoutInfo(row),
    commissions: commissions.map(toCommissionInfo),
    adjustments: adjustments.map(toAdjustmentInfo),
  };
}

export const PayoutFilters = z.object({
  status: z.enum(payoutStatuses).optional(),
  resellerOrganizationId: id().optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/** One page of payouts matching the filters and `scope`, newest first. */
export async function payoutPage(tx: Tx, input: z.output<typeof PayoutFilters>, scope?: SQL): Promise<PayoutPage> {
  const where: (SQL | undefined)[] = [scope];
  if (input.status) where.push(eq(p.status, input.status));
  if (input.resellerOrganizationId) where.push(eq(p.resellerOrganizationId, input.resellerOrganizationId));
  where.push(newestPayouts.after(input.cursor));
  const rows = await selectPayouts(tx, and(...where))
    .orderBy(...newestPayouts.orderBy)
    .limit(newestPayouts.take(input.limit));
  const page = newestPayouts.page(rows, input.limit, (r) => [r.at, r.row.id]);
  return { items: page.items.map(toPayoutInfo), nextCursor: page.nextCursor };
}

export const list = fn(PayoutFilters, async (input): Promise<PayoutPage> => {
  requirePermission("operations:reseller:read");
  return useTransaction((tx) => payoutPage(tx, input));
});

export const fromID = fn(z.object({ id: id() }), async ({ id }): Promise<PayoutDetail> => {
  requirePermission("operations:reseller:read");
  return useTransaction((tx) => payoutDetail(tx, id));
});

/**
 * A draft payout of one reseller organisation's approved commissions that are in no other payout:
 * those named, or all of them. They must share one currency (name it when they do not). Numbered
 * PAY-YYYY-000001. A double submit finds the commissions taken and answers 412, creating nothing.
 * Pending claw-backs in that currency are deducted, oldest first, as far as the total stays ≥ 0;
 * the rest wait for the next payout.
 */
export const create = fn(
  z.object({
    resellerOrganizationId: id(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as NGN")
      .optional(),
    commissionIds: z.array(id()).min(1).max(500).optional(),
  }),
  async (input): Promise<PayoutDetail> => {
    requirePermission("operations:reseller:write");
    return createTransaction(async (tx) => {
      const [org] = await tx
        .select({ id: organizationTable.id })
        .from(organizationTable)
        .where(and(eq(organizationTable.id, input.resellerOrganizationId), live(organizationTable)));
      if (!org) throw notFound("Organization", input.resellerOrganizationId);
      // Locked, and re-checked after any wait: a concurrent payout that took a row leaves it out here.
      const where = [eq(c.resellerOrganizationId, org.id), eq(c.status, "approved"), isNull(c.payoutId)];
      if (input.commissionIds) where.push(inArray(c.id, input.commissionIds));
      if (input.currency) where.push(eq(c.currency, input.currency));
      const rows = await tx
        .select()
        .from(c)
        .where(and(...where))
        .orderBy(asc(c.id))
        .for("update");
      if (input.commissionIds) {
        const found = new Set(rows.map((r) => r.id));
        const missing = input.commissionIds.filter((x) => !found.has(x));
        if (missing.length > 0) {
          throw new AppError(
            "precondition_failed",
            `Commission ${missing[0]} is not an approved, unpaid commission of this reseller${input.currency ? ` in ${input.currency}` : ""}`,
            [{ path: "commissionIds", message: "approved commissions of this reseller in no other payout only" }],
          );
        }
      }
      if (rows.length === 0) {
        throw new AppError("precondition_failed", "This reseller has no approved commissions waiting for a payout");
      }
      const currencies = [...new Set(rows.map((r) => r.currency))];
      if (currencies.length > 1) {
        throw new AppError(
          "validation",
          `These commissions are in ${currencies.join(" and ")}; a payout is in one currency: name it`,
          [{ path: "currency", message: "required when the commissions are in several currencies" }],
        );
      }
      const currency = currencies[0] as string;
      const grossMinor = sum(...rows.map((r) => r.amountMinor));
      let adjustmentMinor = 0;
      const deducted: string[] = [];
      for (const adjustment of await pendingAdjustments(tx, org.id, currency)) {
        if (grossMinor + adjustmentMinor + adjustment.amountMinor < 0) break;
        adjustmentMinor = sum(adjustmentMinor, adjustment.amountMinor);
        deducted.push(adjustment.id);
      }
      const totalMinor = sum(grossMinor, adjustmentMinor);
      const [payout] = await tx
        .insert(p)
        .values({
          number: await nextInSeries(tx, SERIES),
          resellerOrganizationId: org.id,
          currency,
          totalMinor,
          adjustmentMinor,
          commissionCount: rows.length,
          createdById: actingUser(),
        })
        .returning();
      if (!payout) throw new AppError("internal", "The payout was not created");
      await tx
        .update(c)
        .set({ payoutId: payout.id })
        .where(
          inArray(
            c.id,
            rows.map((r) => r.id),
          ),
        );
      if (deducted.length > 0) {
        await tx
          .update(commissionAdjustmentTable)
          .set({ payoutId: payout.id })
          .where(inArray(commissionAdjustmentTable.id, deducted));
      }
      await Audit.record({
        action: "reseller_payout.created",
        entityType: "reseller_payout",
        entityId: payout.id,
        changes: Audit.diff(null, {
          number: payout.number,
          resellerOrganizationId: org.id,
          currency: payout.currency,
          totalMinor,
          adjustmentMinor,
          commissionIds: rows.map((r) => r.id),
          adjustmentIds: deducted,
        }),
      });
      return payoutDetail(tx, payout.id);
    });
  },
);

async function locked(tx: Transaction, id: string) {
  const [row] = await tx.select().from(p).where(eq(p.id, id)).for("update");
  if (!row) throw notFound("Payout", id);
  return row;
}

/**
 * Records that a draft payout was paid (how, the payer's reference, the day): it and its commissions
 * become paid. Marking a paid payout paid again changes nothing; a void one cannot be paid.
 */
export const markPaid = fn(
  z.object({
    id: id(),
    method: z.enum(payoutMethods),
    reference: text(200),
    paidOn: day(),
  }),
  async (input): Promise<PayoutDetail> => {
    requirePermission("operations:reseller:write");
    return createTransaction(async (tx) => {
      const row = await locked(tx, input.id);
      if (row.status === "paid") return payoutDetail(tx, row.id);
      if (row.status !== "draft") {
        throw new AppError("precondition_failed", `Payout ${row.number} is void; create a new payout instead`);
      }
      const now = new Date();
      await tx
        .update(p)
        .set({
          status: "paid",
          method: input.method,
          reference: input.reference,
          paidOn: input.paidOn,
          paidAt: now,
          paidById: actingUser(),
        })
        .where(eq(p.id, row.id));
      await tx.update(c).set({ status: "paid", paidAt: now }).where(eq(c.payoutId, row.id));
      await tx
        .update(commissionAdjustmentTable)
        .set({ status: "applied", appliedAt: now })
        .where(eq(commissionAdjustmentTable.payoutId, row.id));
      await emit(Events.PayoutPaid, {
        payoutId: row.id,
        resellerOrganizationId: row.resellerOrganizationId,
        totalMinor: row.totalMinor,
        currency: row.currency,
      });
      await Audit.record({
        action: "reseller_payout.paid",
        entityType: "reseller_payout",
        entityId: row.id,
        changes: Audit.diff(
          { status: row.status },
          { status: "paid", method: input.method, reference: input.reference, paidOn: input.paidOn },
        ),
      });
      return payoutDetail(tx, row.id);
    });
  },
);

/** Voids a draft payout with a reason: its commissions leave it, approved again for another payout. */
export const markVoid = fn(z.object({ id: id(), reason: text(500) }), async (input): Promise<PayoutDetail> => {
  requirePermission("operations:reseller:write");
  return createTransaction(async (tx) => {
    const row = await locked(tx, input.id);
    if (row.status === "void") return payoutDetail(tx, row.id);
    if (row.status === "paid") {
      throw new AppError("precondition_failed", `Payout ${row.number} was paid; a paid payout cannot be voided`);
    }
    const released = await tx.update(c).set({ payoutId: null }).where(eq(c.payoutId, row.id)).returning({ id: c.id });
    await tx
      .update(commissionAdjustmentTable)
      .set({ payoutId: null })
      .where(eq(commissionAdjustmentTable.payoutId, row.id));
    await tx.update(p).set({ status: "void", voidedAt: new Date(), voidReason: input.reason }).where(eq(p.id, row.id));
    await Audit.record({
      action: "reseller_payout.voided",
      entityType: "reseller_payout",
      entityId: row.id,
      changes: Audit.diff(
        { status: row.status, voidReason: null },
        { status: "void", voidReason: input.reason, released: released.map((r) => r.id) },
      ),
    });
    // Its commissions left it (approved again, free for another payout); its count and total stay as they were.
    return { ...(await payoutDetail(tx, row.id)), commissions: [], adjustments: [] };
  });
});

export type { CommissionInfo, PayoutInfo };
