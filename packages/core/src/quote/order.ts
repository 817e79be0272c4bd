import { and, asc, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError, isAppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, decodeCursor, encodeCursor, id, instant, pageLimit, text } from "../platform/input";
import { parseAmount, percentOf, sum } from "../platform/money";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { projectTable } from "../project/project.sql";
import { projectTypes } from "../project/values";
import { nextInSeries } from "../ticket/numbering";
import { Events } from "./events";
import { salesOrderLineTable, salesOrderPaymentTable, salesOrderTable } from "./quote.sql";
import { customerPersonIds, linesOf, notFound, ORDER_NUMBERS, type QuoteRow } from "./shared";
import {
  type PaymentStatus,
  paymentMethods,
  paymentStatuses,
  type SalesOrderStatus,
  salesOrderStatuses,
} from "./values";

type OrderRow = typeof salesOrderTable.$inferSelect;

export const PaymentInfo = z.object({
  id: z.string(),
  amountMinor: z.number().int(),
  method: z.enum(paymentMethods),
  reference: z.string().nullable(),
  receivedAt: z.string(),
  createdAt: z.string(),
});

export const OrderLineInfo = z.object({
  id: z.string(),
  position: z.number().int(),
  inventoryItemId: z.string().nullable(),
  description: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  discountBp: z.number().int(),
  taxRateBp: z.number().int(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});

export const OrderSummary = z.object({
  id: z.string(),
  number: z.string(),
  quoteId: z.string().nullable(),
  personId: z.string(),
  personName: z.string(),
  status: z.enum(salesOrderStatuses),
  paymentStatus: z.enum(paymentStatuses),
  currency: z.string(),
  totalMinor: z.number().int(),
  amountPaidMinor: z.number().int(),
  balanceDueMinor: z.number().int(),
  createdAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderInfo = OrderSummary.extend({
  leadId: z.string().nullable(),
  resellerOrganizationId: z.string().nullable(),
  projectType: z.enum(projectTypes).nullable(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
  depositRequiredMinor: z.number().int(),
  depositPaid: z.boolean(),
  paidAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  waivedReason: z.string().nullable(),
  /** The project made from the order, once the project domain has made it. */
  project: z.object({ id: z.string(), number: z.string() }).nullable(),
  lines: z.array(OrderLineInfo),
  payments: z.array(PaymentInfo),
});
export type OrderInfo = z.infer<typeof OrderInfo>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const summaryOf = (o: OrderRow, personName: string): OrderSummary => ({
  id: o.id,
  number: o.number,
  quoteId: o.quoteId,
  personId: o.personId,
  personName,
  status: o.status,
  paymentStatus: o.paymentStatus,
  currency: o.currency,
  totalMinor: o.totalMinor,
  amountPaidMinor: o.amountPaidMinor,
  balanceDueMinor: o.balanceDueMinor,
  createdAt: o.createdAt.toISOString(),
});

export async function orderInfo(tx: Tx, o: OrderRow): Promise<OrderInfo> {
  const [[person], lines, payments, [project]] = await Promise.all([
    tx.select({ name: personTable.displayName }).from(personTable).where(eq(personTable.id, o.personId)),
    tx
      .select()
      .from(salesOrderLineTable)
      .where(eq(salesOrderLineTable.salesOrderId, o.id))
      .orderBy(asc(salesOrderLineTable.position)),
    tx
      .select()
      .from(salesOrderPaymentTable)
      .where(eq(salesOrderPaymentTable.salesOrderId, o.id))
      .orderBy(asc(salesOrderPaymentTable.receivedAt), asc(salesOrderPaymentTable.id)),
    tx
      .select({ id: projectTable.id, number: projectTable.number })
      .from(projectTable)
      .where(and(eq(projectTable.salesOrderId, o.id), live(projectTable))),
  ]);
  return {
    ...summaryOf(o, person?.name ?? ""),
    leadId: o.leadId,
    resellerOrganizationId: o.resellerOrganizationId,
    projectType: o.projectType,
    netMinor: o.netMinor,
    taxMinor: o.taxMinor,
    depositRequiredMinor: o.depositRequiredMinor,
    depositPaid: o.paymentStatus === "waived" || o.amountPaidMinor >= o.depositRequiredMinor,
    paidAt: iso(o.paidAt),
    fulfilledAt: iso(o.fulfilledAt),
    cancelledAt: iso(o.cancelledAt),
    cancelReason: o.cancelReason,
    waivedReason: o.waivedReason,
    project: project ?? null,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      inventoryItemId: l.inventoryItemId,
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      discountBp: l.discountBp,
      taxRateBp: l.taxRateBp,
      netMinor: l.netMinor,
      taxMinor: l.taxMinor,
      totalMinor: l.totalMinor,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      amountMinor: p.amountMinor,
      method: p.method,
      reference: p.reference,
      receivedAt: p.receivedAt.toISOString(),
      createdAt: p.createdAt.toISOString(),
    })),
  };
}

/**
 * The order an accepted quote becomes, in the acceptance's transaction: numbered SO-NNNNNN, the
 * quote's lines and figures copied, the deposit computed from the quote's rate. One per quote (the
 * unique index): a second call returns the first order.
 */
export async function orderFromQuote(tx: Transaction, quote: QuoteRow): Promise<{ order: OrderRow; created: boolean }> {
  const existing = (await tx.select().from(salesOrderTable).where(eq(salesOrderTable.quoteId, quote.id)))[0];
  if (existing) return { order: existing, created: false };
  const free = quote.totalMinor === 0;
  const [order] = await tx
    .insert(salesOrderTable)
    .values({
      number: await nextInSeries(tx, ORDER_NUMBERS),
      quoteId: quote.id,
      personId: quote.personId,
      leadId: quote.leadId,
      resellerOrganizationId: quote.resellerOrganizationId,
      ownerUserId: quote.ownerUserId,
      projectType: quote.projectType,
      status: free ? "paid" : "confirmed",
      paymentStatus: free ? "paid" : "pending",
      currency: quote.currency,
      netMinor: quote.netMinor,
      taxMinor: quote.taxMinor,
      totalMinor: quote.totalMinor,
      depositRequiredMinor: percentOf(quote.totalMinor, quote.depositBp),
      balanceDueMinor: quote.totalMinor,
      paidAt: free ? new Date() : null,
    })
    .returning();
  const row = order as OrderRow;
  const lines = await linesOf(tx, quote.id);
  if (lines.length > 0) {
    await tx.insert(salesOrderLineTable).values(
      lines.map((l) => ({
        salesOrderId: row.id,
        position: l.position,
        inventoryItemId: l.inventoryItemId,
        description: l.description,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        discountBp: l.discountBp,
        taxRateBp: l.taxRateBp,
        netMinor: l.netMinor,
        taxMinor: l.taxMinor,
        totalMinor: l.totalMinor,
      })),
    );
  }
  await Audit.record({
    action: "sales_order.created",
    entityType: "sales_order",
    entityId: row.id,
    changes: Audit.diff(null, row, ["number", "quoteId", "personId", "currency", "totalMinor", "depositRequiredMinor"]),
  });
  return { order: row, created: true };
}

async function orderRow(tx: Transaction, orderId: string, lock = false): Promise<OrderRow> {
  const query = tx
    .select()
    .from(salesOrderTable)
    .where(and(eq(salesOrderTable.id, orderId), live(salesOrderTable)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Sales order", orderId);
  return row;
}

export const ListInput = z.object({
  status: z.enum(salesOrderStatuses).optional(),
  paymentStatus: z.enum(paymentStatuses).optional(),
  personId: id().optional(),
  cursor: cursor().optional(),
  limit: pageLimit(100, 50),
});

async function listWhere(tx: Tx, where: (SQL | undefined)[], input: z.output<typeof ListInput>) {
  where.push(live(salesOrderTable));
  if (input.status) where.push(eq(salesOrderTable.status, input.status));
  if (input.paymentStatus) where.push(eq(salesOrderTable.paymentStatus, input.paymentStatus));
  if (input.personId) where.push(eq(salesOrderTable.personId, input.personId));
  // UUIDv7 ids are time-ordered: the id alone is the keyset (newest first).
  if (input.cursor) where.push(lt(salesOrderTable.id, decodeCursor(input.cursor, z.tuple([id()]))[0]));
  const rows = await tx
    .select({ o: salesOrderTable, personName: personTable.displayName })
    .from(salesOrderTable)
    .innerJoin(personTable, eq(personTable.id, salesOrderTable.personId))
    .where(and(...where))
    .orderBy(desc(salesOrderTable.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ o, personName }) => summaryOf(o, personName)),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.o.id]) : null,
  };
}

/** Sales orders, newest first (operations:sales_order:read). */
export const list = fn(ListInput, async (input): Promise<{ items: OrderSummary[]; nextCursor: string | null }> => {
  requirePermission("operations:sales_order:read");
  return useTransaction((tx) => listWhere(tx, [], input));
});

/** One order with its lines, payments and project (operations:sales_order:read). */
export const get = fn(id(), async (orderId): Promise<OrderInfo> => {
  requirePermission("operations:sales_order:read");
  return createTransaction(async (tx) => orderInfo(tx, await orderRow(tx, orderId)));
});

/** The signed-in customer's own orders; anyone else's do not exist for them. */
export const listMine = fn(ListInput.omit({ personId: true }), async (input) =>
  useTransaction(async (tx) => {
    const { personIds } = await customerPersonIds(tx);
    if (personIds.length === 0) return { items: [], nextCursor: null };
    return listWhere(tx, [inArray(salesOrderTable.personId, personIds)], input);
  }),
);

const conflict = (o: OrderRow, message: string, key: string) =>
  new AppError("conflict", `Order ${o.number} ${message}`, [], { reason: { key, params: { status: o.status } } });

/** Payment status and order status as the payments make them (a waived or cancelled order keeps its own). */
function settle(o: OrderRow, paid: number): Partial<OrderRow> {
  const balance = sum(o.totalMinor, -paid);
  const paymentStatus: PaymentStatus = paid === 0 ? "pending" : balance <= 0 ? "paid" : "partial";
  const status: SalesOrderStatus = paymentStatus === "paid" && o.status === "confirmed" ? "paid" : o.status;
  return {
    amountPaidMinor: paid,
    balanceDueMinor: Math.max(0, balance),
    paymentStatus,
    status,
    paidAt: paymentStatus === "paid" ? (o.paidAt ?? new Date()) : o.paidAt,
  };
}

async function becamePaid(before: OrderRow, after: OrderRow) {
  if (before.paymentStatus !== "paid" && after.paymentStatus === "paid") {
    await emit(Events.SalesOrderPaid, { salesOrderId: after.id, resellerOrganizationId: after.resellerOrganizationId });
  }
}

export const PaymentInput = z.object({
  id: id(),
  /** Major units of the order's currency ("25000.00"), exact. */
  amount: z.union([z.string().trim().max(24), z.number()]),
  method: z.enum(paymentMethods),
  reference: text(200).optional(),
  receivedAt: instant().optional(),
  /** Chosen by the client per payment entered; sending it again records nothing more. */
  idempotencyKey: text(200),
});

/**
 * Records a payment (operations:sales_order:write). The order's paid amount, balance and payment status
 * follow; the payment that clears the balance marks the order paid and emits `sales_order.paid` once.
 * A repeated idempotency key answers the order as it is.
 */
export const recordPayment = fn(PaymentInput, async (input): Promise<OrderInfo> => {
  requirePermission("operations:sales_order:write");
  const actor = useActor();
  return createTransaction(async (tx) => {
    const before = await orderRow(tx, input.id, true);
    const [earlier] = await tx
      .select({ id: salesOrderPaymentTable.id })
      .from(salesOrderPaymentTable)
      .where(
        and(
          eq(salesOrderPaymentTable.salesOrderId, before.id),
          eq(salesOrderPaymentTable.idempotencyKey, input.idempotencyKey),
        ),
      );
    if (earlier) return orderInfo(tx, before);
    if (before.status === "cancelled") throw conflict(before, "is cancelled: it takes no payments", "order_cancelled");
    if (before.paymentStatus === "waived") throw conflict(before, "is waived: it takes no payments", "order_waived");
    let amountMinor: number;
    try {
      amountMinor = parseAmount(String(input.amount), before.currency);
    } catch (error) {
      if (isAppError(error))
        throw new AppError("validation", `amount: ${error.message}`, [{ path: "amount", message: error.message }]);
      throw error;
    }
    if (amountMinor <= 0)
      throw new AppError("validation", "amount: must be above 0", [{ path: "amount", message: "must be above 0" }]);
    if (amountMinor > before.balanceDueMinor) {
      throw new AppError(
        "validation",
        `amount: is more than the balance due (${before.balanceDueMinor} minor units of ${before.currency})`,
        [{ path: "amount", message: "is more than the balance due" }],
      );
    }
    await tx.insert(salesOrderPaymentTable).values({
      salesOrderId: before.id,
      amountMinor,
      method: input.method,
      reference: input.reference ?? null,
      receivedAt: input.receivedAt ?? new Date(),
      idempotencyKey: input.idempotencyKey,
      recordedById: actor.type === "user" ? actor.properties.userId : null,
    });
    const [after] = (await tx
      .update(salesOrderTable)
      .set(settle(before, sum(before.amountPaidMinor, amountMinor)))
      .where(eq(salesOrderTable.id, before.id))
      .returning()) as [OrderRow];
    await becamePaid(before, after);
    await Audit.record({
      action: "sales_order.payment_recorded",
      entityType: "sales_order",
      entityId: before.id,
      changes: {
        ...Audit.diff(before, after, ["amountPaidMinor", "balanceDueMinor", "paymentStatus", "status"]),
        payment: { to: { amountMinor, method: input.method, reference: input.reference ?? null } },
      },
    });
    return orderInfo(tx, after);
  });
});

const Reason = z.object({ id: id(), reason: text(500) });

/** Waives what is left to pay (v1: waived ⇒ confirmed, nothing owed). A second call is a no-op. */
export const waive = fn(Reason, async ({ id: orderId, reason }): Promise<OrderInfo> => {
  requirePermission("operations:sales_order:write");
  return createTransaction(async (tx) => {
    const before = await orderRow(tx, orderId, true);
    if (before.paymentStatus === "waived") return orderInfo(tx, before);
    if (before.status === "cancelled") throw conflict(before, "is cancelled", "order_cancelled");
    if (before.paymentStatus === "paid") throw conflict(before, "is paid in full: nothing to waive", "order_paid");
    const [after] = (await tx
      .update(salesOrderTable)
      .set({ paymentStatus: "waived", balanceDueMinor: 0, waivedReason: reason })
      .where(eq(salesOrderTable.id, orderId))
      .returning()) as [OrderRow];
    await Audit.record({
      action: "sales_order.waived",
      entityType: "sales_order",
      entityId: orderId,
      changes: Audit.diff(before, after, ["paymentStatus", "balanceDueMinor", "waivedReason"]),
    });
    return orderInfo(tx, after);
  });
});

/** Cancels an order that is not fulfilled; payments stay recorded. A second call is a no-op. */
export const cancel = fn(Reason, async ({ id: orderId, reason }): Promise<OrderInfo> => {
  requirePermission("operations:sales_order:write");
  return createTransaction(async (tx) => {
    const before = await orderRow(tx, orderId, true);
    if (before.status === "cancelled") return orderInfo(tx, before);
    if (before.status === "fulfilled")
      throw conflict(before, "is fulfilled: it cannot be cancelled", "order_fulfilled");
    const [after] = (await tx
      .update(salesOrderTable)
      .set({ status: "cancelled", cancelledAt: new Date(), cancelReason: reason })
      .where(eq(salesOrderTable.id, orderId))
      .returning()) as [OrderRow];
    await emit(Events.SalesOrderCancelled, {
      salesOrderId: orderId,
      resellerOrganizationId: after.resellerOrganizationId,
    });
    await Audit.record({
      action: "sales_order.cancelled",
      entityType: "sales_order",
      entityId: orderId,
      changes: Audit.diff(before, after, ["status", "cancelReason"]),
    });
    return orderInfo(tx, after);
  });
});

/** Marks an order fulfilled (delivered, installed): it must be paid or waived first. A repeat is a no-op. */
export const fulfil = fn(z.object({ id: id() }), async ({ id: orderId }): Promise<OrderInfo> => {
  requirePermission("operations:sales_order:write");
  return createTransaction(async (tx) => {
    const before = await orderRow(tx, orderId, true);
    if (before.status === "fulfilled") return orderInfo(tx, before);
    if (before.status === "cancelled") throw conflict(before, "is cancelled", "order_cancelled");
    if (before.paymentStatus !== "paid" && before.paymentStatus !== "waived") {
      throw conflict(
        before,
        `has ${before.balanceDueMinor} minor units of ${before.currency} still due: record the payment or waive it first`,
        "order_unpaid",
      );
    }
    const [after] = (await tx
      .update(salesOrderTable)
      .set({ status: "fulfilled", fulfilledAt: new Date() })
      .where(eq(salesOrderTable.id, orderId))
      .returning()) as [OrderRow];
    await Audit.record({
      action: "sales_order.fulfilled",
      entityType: "sales_order",
      entityId: orderId,
      changes: Audit.diff(before, after, ["status"]),
    });
    return orderInfo(tx, after);
  });
});
