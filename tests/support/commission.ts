import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { amountString } from "@dotmac/core/platform/money";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Quote from "@dotmac/core/quote";
import { salesOrderTable } from "@dotmac/core/quote/quote.sql";
import { and, desc, eq, sql } from "drizzle-orm";

const system = { type: "system", properties: { job: "test.fixture" } } as const;
let serial = 0;

/** A customer the orders are for. */
export const newCustomer = (name: string) =>
  withActor(system, () => Person.create({ displayName: name, partyStatus: "customer" }));

/**
 * A confirmed sales order (as an accepted quote leaves it), sourced by `resellerOrganizationId`.
 * `payOrder` pays its balance through the quote domain's `Order.recordPayment`, which marks it paid and
 * emits `sales_order.paid` through the outbox: the commission subscriber hears it. Returns that event's id.
 */
export async function newOrder(input: {
  personId: string;
  resellerOrganizationId: string | null;
  netMinor: number;
  taxMinor?: number;
  currency?: string;
}) {
  serial += 1;
  const tax = input.taxMinor ?? 0;
  const [row] = await withActor(system, () =>
    createTransaction((tx) =>
      tx
        .insert(salesOrderTable)
        .values({
          number: `SO-T${String(serial).padStart(5, "0")}-${Math.random().toString(36).slice(2, 6)}`,
          personId: input.personId,
          resellerOrganizationId: input.resellerOrganizationId,
          currency: input.currency ?? "NGN",
          netMinor: input.netMinor,
          taxMinor: tax,
          totalMinor: input.netMinor + tax,
          balanceDueMinor: input.netMinor + tax,
        })
        .returning(),
    ),
  );
  if (!row) throw new Error("order not created");
  return row;
}

export async function payOrder(orderId: string) {
  const order = await withActor(system, () => Quote.Order.get(orderId));
  await withActor(system, () =>
    Quote.Order.recordPayment({
      id: orderId,
      amount: amountString(order.balanceDueMinor, order.currency),
      method: "bank_transfer",
      idempotencyKey: `pay-${orderId}-${order.amountPaidMinor}`,
    }),
  );
  const [event] = await useTransaction((tx) =>
    tx
      .select({ id: outboxTable.id })
      .from(outboxTable)
      .where(and(eq(outboxTable.type, "sales_order.paid"), sql`${outboxTable.payload}->>'salesOrderId' = ${orderId}`))
      .orderBy(desc(outboxTable.id))
      .limit(1),
  );
  return event?.id as string;
}

/** A paid order in one step. */
export async function paidOrder(input: Parameters<typeof newOrder>[0]) {
  const order = await newOrder(input);
  const eventId = await payOrder(order.id);
  return { order, eventId };
}
