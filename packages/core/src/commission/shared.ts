import { and, eq, type SQL } from "drizzle-orm";
import * as z from "zod";
import { organizationTable } from "../organization/organization.sql";
import { actorRef } from "../platform/context";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { cursor, id, instantText, pageLimit } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { salesOrderTable } from "../quote/quote.sql";
import {
  commissionStatuses,
  commissionTable,
  payoutMethods,
  payoutStatuses,
  payoutTable,
  reversalReasons,
} from "./commission.sql";

export const CommissionInfo = z.object({
  id: z.uuid(),
  salesOrderId: z.uuid(),
  orderNumber: z.string().nullable(),
  resellerOrganizationId: z.uuid(),
  resellerName: z.string(),
  currency: z.string(),
  /** The order's net before tax, minor units. */
  basisMinor: z.number().int(),
  rateBp: z.number().int(),
  amountMinor: z.number().int(),
  status: z.enum(commissionStatuses),
  payoutId: z.uuid().nullable(),
  payoutNumber: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  /** When its order's cancellation or refund reversed it (voided, or clawed back if it was paid). */
  reversedAt: z.string().nullable(),
  reversalReason: z.enum(reversalReasons).nullable(),
  createdAt: z.string(),
});
export type CommissionInfo = z.infer<typeof CommissionInfo>;

export const PayoutInfo = z.object({
  id: z.uuid(),
  number: z.string(),
  resellerOrganizationId: z.uuid(),
  resellerName: z.string(),
  currency: z.string(),
  /** Commissions plus adjustments (the claw-backs it deducts, ≤ 0): what is paid. */
  totalMinor: z.number().int(),
  adjustmentMinor: z.number().int(),
  commissionCount: z.number().int(),
  status: z.enum(payoutStatuses),
  method: z.enum(payoutMethods).nullable(),
  reference: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
});
export type PayoutInfo = z.infer<typeof PayoutInfo>;

export const CommissionPage = z.object({ items: z.array(CommissionInfo), nextCursor: z.string().nullable() });
export type CommissionPage = z.infer<typeof CommissionPage>;
export const PayoutPage = z.object({ items: z.array(PayoutInfo), nextCursor: z.string().nullable() });
export type PayoutPage = z.infer<typeof PayoutPage>;

/** Per currency and status: how many commissions and their sum (for the summary tiles and chart). */
export const Summary = z.object({
  items: z.array(
    z.object({
      currency: z.string(),
      status: z.enum(commissionStatuses),
      count: z.number().int(),
      amountMinor: z.number().int(),
    }),
  ),
});
export type Summary = z.infer<typeof Summary>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const c = commissionTable;
const commissionColumns = {
  row: c,
  orderNumber: salesOrderTable.number,
  resellerName: organizationTable.name,
  payoutNumber: payoutTable.number,
  /** The cursor's instant to the microsecond, so a page never skips rows sharing a millisecond. */
  at: microseconds(c.createdAt),
};

/** Commissions matching `where`, with their order number, reseller name and payout number joined in. */
export function selectCommissions(tx: Tx, where: SQL | undefined) {
  return tx
    .select(commissionColumns)
    .from(c)
    .innerJoin(organizationTable, eq(organizationTable.id, c.resellerOrganizationId))
    .leftJoin(salesOrderTable, eq(salesOrderTable.id, c.salesOrderId))
    .leftJoin(payoutTable, eq(payoutTable.id, c.payoutId))
    .where(where);
}

type CommissionRow = Awaited<ReturnType<typeof selectCommissions>>[number];

export const toCommissionInfo = ({ row, orderNumber, resellerName, payoutNumber }: CommissionRow): CommissionInfo => ({
  id: row.id,
  salesOrderId: row.salesOrderId,
  orderNumber: orderNumber ?? null,
  resellerOrganizationId: row.resellerOrganizationId,
  resellerName,
  currency: row.currency,
  basisMinor: row.basisMinor,
  rateBp: row.rateBp,
  amountMinor: row.amountMinor,
  status: row.status,
  payoutId: row.payoutId,
  payoutNumber: payoutNumber ?? null,
  approvedAt: iso(row.approvedAt),
  paidAt: iso(row.paidAt),
  voidedAt: iso(row.voidedAt),
  voidReason: row.voidReason,
  reversedAt: iso(row.reversedAt),
  reversalReason: row.reversalReason,
  createdAt: row.createdAt.toISOString(),
});

export function selectPayouts(tx: Tx, where: SQL | undefined) {
  return tx
    .select({ row: payoutTable, resellerName: organizationTable.name, at: microseconds(payoutTable.createdAt) })
    .from(payoutTable)
    .innerJoin(organizationTable, eq(organizationTable.id, payoutTable.resellerOrganizationId))
    .where(where);
}

type PayoutRow = Awaited<ReturnType<typeof selectPayouts>>[number];

export const toPayoutInfo = ({ row, resellerName }: PayoutRow): PayoutInfo => ({
  id: row.id,
  number: row.number,
  resellerOrganizationId: row.resellerOrganizationId,
  resellerName,
  currency: row.currency,
  totalMinor: row.totalMinor,
  adjustmentMinor: row.adjustmentMinor,
  commissionCount: row.commissionCount,
  status: row.status,
  method: row.method,
  reference: row.reference,
  paidOn: row.paidOn,
  paidAt: iso(row.paidAt),
  voidedAt: iso(row.voidedAt),
  voidReason: row.voidReason,
  createdAt: row.createdAt.toISOString(),
});

/** Newest first, on (created_at, id): commissions and payouts page the same way. */
export const newestCommissions = keyset({
  columns: [c.createdAt, c.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});
export const newestPayouts = keyset({
  columns: [payoutTable.createdAt, payoutTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

/** The filters both the staff list and the reseller portal offer. */
export const ListFilters = z.object({
  status: z.enum(commissionStatuses).optional(),
  resellerOrganizationId: id().optional(),
  payoutId: id().optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

export function commissionFilters(input: z.output<typeof ListFilters>): SQL[] {
  const where: SQL[] = [];
  if (input.status) where.push(eq(c.status, input.status));
  if (input.resellerOrganizationId) where.push(eq(c.resellerOrganizationId, input.resellerOrganizationId));
  if (input.payoutId) where.push(eq(c.payoutId, input.payoutId));
  const after = newestCommissions.after(input.cursor);
  if (after) where.push(after);
  return where;
}

/** One page of commissions matching `where`, newest first. */
export async function commissionPage(tx: Tx, where: SQL[], limit: number): Promise<CommissionPage> {
  const rows = await selectCommissions(tx, and(...where))
    .orderBy(...newestCommissions.orderBy)
    .limit(newestCommissions.take(limit));
  const page = newestCommissions.page(rows, limit, (r) => [r.at, r.row.id]);
  return { items: page.items.map(toCommissionInfo), nextCursor: page.nextCursor };
}

/** The staff user acting (approver, payer), or null for system jobs and API keys. */
export function actingUser(): string | null {
  const { actorType, actorId } = actorRef();
  return actorType === "user" ? actorId : null;
}

export const notFound = (what: string, id: string) => new AppError("not_found", `${what} ${id} does not exist`);
