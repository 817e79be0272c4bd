/**
 * The reseller portal's view of commissions and payouts: those of the signed-in reseller's organisation
 * and every organisation below it, scoped in SQL (`in subtree`); any other id answers not_found.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import * as z from "zod";
import { organizationTable } from "../organization/organization.sql";
import { depthBelow, subtree } from "../organization/tree";
import { personTable } from "../person/person.sql";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instantText, pageLimit } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { scope } from "../portal/reseller";
import { paymentStatuses, salesOrderStatuses, salesOrderTable } from "../quote/quote.sql";
import { commissionAdjustmentTable, commissionStatuses, commissionTable, payoutTable } from "./commission.sql";
import { commissionInfo, summarise } from "./decide";
import { type PayoutDetail, PayoutFilters, payoutDetail, payoutPage } from "./payout";
import { AdjustmentFilters, type AdjustmentPage, adjustmentPage } from "./reverse";
import {
  type CommissionInfo,
  type CommissionPage,
  commissionFilters,
  commissionPage,
  notFound,
  type PayoutPage,
  type Summary,
} from "./shared";

const inTree = (column: PgColumn, rootId: string): SQL => sql`${column} in ${subtree(rootId)}`;

export const CommissionQuery = z.object({
  status: z.enum(commissionStatuses).optional(),
  /** One organisation of the tree (one outside it answers not_found). */
  organizationId: id().optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/** The tree's commissions, newest first. */
export const commissions = fn(CommissionQuery, async (input): Promise<CommissionPage> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    if (input.organizationId && (await depthBelow(tx, rootId, input.organizationId)) === undefined) {
      throw notFound("Organization", input.organizationId);
    }
    const where = commissionFilters({ ...input, resellerOrganizationId: input.organizationId });
    where.push(inTree(commissionTable.resellerOrganizationId, rootId));
    return commissionPage(tx, where, input.limit);
  });
});

export const commission = fn(z.object({ id: id() }), async ({ id }): Promise<CommissionInfo> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    return commissionInfo(tx, id, inTree(commissionTable.resellerOrganizationId, rootId));
  });
});

/** Count and sum per currency and status over the tree. */
export const summary = fn(z.void(), async (): Promise<Summary> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    return summarise(tx, inTree(commissionTable.resellerOrganizationId, rootId));
  });
});

export const payouts = fn(PayoutFilters.omit({ resellerOrganizationId: true }), async (input): Promise<PayoutPage> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    return payoutPage(tx, input, inTree(payoutTable.resellerOrganizationId, rootId));
  });
});

export const payout = fn(z.object({ id: id() }), async ({ id }): Promise<PayoutDetail> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    return payoutDetail(tx, id, and(eq(payoutTable.id, id), inTree(payoutTable.resellerOrganizationId, rootId)));
  });
});

/** The tree's claw-backs (paid commissions whose orders were cancelled or refunded), newest first. */
export const adjustments = fn(
  AdjustmentFilters.omit({ resellerOrganizationId: true }),
  async (input): Promise<AdjustmentPage> => {
    return useTransaction(async (tx) => {
      const { rootId } = await scope(tx);
      return adjustmentPage(tx, input, inTree(commissionAdjustmentTable.resellerOrganizationId, rootId));
    });
  },
);

/** What a reseller sees of an order it sourced: the figures and its commission, never the lines' costs. */
export const OrderView = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(salesOrderStatuses),
  paymentStatus: z.enum(paymentStatuses),
  currency: z.string(),
  netMinor: z.number().int(),
  totalMinor: z.number().int(),
  customerName: z.string(),
  resellerOrganizationId: z.uuid(),
  resellerName: z.string(),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
  commission: z.object({ id: z.uuid(), status: z.enum(commissionStatuses), amountMinor: z.number().int() }).nullable(),
});
export type OrderView = z.infer<typeof OrderView>;
export const OrderPage = z.object({ items: z.array(OrderView), nextCursor: z.string().nullable() });
export type OrderPage = z.infer<typeof OrderPage>;

const newestOrders = keyset({
  columns: [salesOrderTable.createdAt, salesOrderTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

/** The orders the tree's resellers sourced, newest first, each with its commission when accrued. */
export const orders = fn(
  z.object({ cursor: cursor().optional(), limit: pageLimit(200, 50) }),
  async (input): Promise<OrderPage> => {
    return useTransaction(async (tx) => {
      const { rootId } = await scope(tx);
      const o = salesOrderTable;
      const rows = await tx
        .select({
          order: o,
          customerName: personTable.displayName,
          resellerName: organizationTable.name,
          commissionId: commissionTable.id,
          commissionStatus: commissionTable.status,
          commissionAmount: commissionTable.amountMinor,
          at: microseconds(o.createdAt),
        })
        .from(o)
        .innerJoin(personTable, eq(personTable.id, o.personId))
        .innerJoin(organizationTable, eq(organizationTable.id, o.resellerOrganizationId))
        .leftJoin(commissionTable, eq(commissionTable.salesOrderId, o.id))
        .where(and(live(o), inTree(o.resellerOrganizationId, rootId), newestOrders.after(input.cursor)))
        .orderBy(...newestOrders.orderBy)
        .limit(newestOrders.take(input.limit));
      const page = newestOrders.page(rows, input.limit, (r) => [r.at, r.order.id]);
      return {
        items: page.items.map((r) => ({
          id: r.order.id,
          number: r.order.number,
          status: r.order.status,
          paymentStatus: r.order.paymentStatus,
          currency: r.order.currency,
          netMinor: r.order.netMinor,
          totalMinor: r.order.totalMinor,
          customerName: r.customerName,
          resellerOrganizationId: r.order.resellerOrganizationId as string,
          resellerName: r.resellerName,
          paidAt: r.order.paidAt?.toISOString() ?? null,
          createdAt: r.order.createdAt.toISOString(),
          commission:
            r.commissionId && r.commissionStatus && r.commissionAmount !== null
              ? { id: r.commissionId, status: r.commissionStatus, amountMinor: r.commissionAmount }
              : null,
        })),
        nextCursor: page.nextCursor,
      };
    });
  },
);
