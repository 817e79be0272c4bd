import { and, eq, sql } from "drizzle-orm";
import * as Commission from "../commission";
import { commissionTable } from "../commission/commission.sql";
import { organizationTable } from "../organization/organization.sql";
import * as Person from "../person";
import { type Actor, withActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { amountString, documentTotals, lineAmounts } from "../platform/money";
import * as Quote from "../quote";
import { salesOrderLineTable, salesOrderTable } from "../quote/quote.sql";
import { nextInSeries } from "../ticket/numbering";

const system: Actor = { type: "system", properties: { job: "demo.seed" } };

/**
 * An order as an accepted quote leaves it (confirmed, its line copied), sourced by `resellerId`, then
 * paid in full through the quote domain's payment verb: that emits `sales_order.paid`, and the
 * commission accrues. `accrue` is also called here, a no-op when the event already did it.
 */
async function paidResellerOrder(resellerId: string, personId: string, description: string, priceMinor: number) {
  const figures = lineAmounts({ quantity: 1000, unitPriceMinor: priceMinor, discountBp: 0, taxRateBp: 750 });
  const totals = documentTotals([figures]);
  const order = await createTransaction(async (tx) => {
    const [row] = await tx
      .insert(salesOrderTable)
      .values({
        number: await nextInSeries(tx, Quote.ORDER_NUMBERS),
        personId,
        resellerOrganizationId: resellerId,
        projectType: "fiber_optics_installation",
        currency: "NGN",
        netMinor: totals.netMinor,
        taxMinor: totals.taxMinor,
        totalMinor: totals.totalMinor,
        balanceDueMinor: totals.totalMinor,
      })
      .returning();
    if (!row) throw new Error("demo order not created");
    await tx.insert(salesOrderLineTable).values({
      salesOrderId: row.id,
      position: 0,
      description,
      quantity: 1000,
      unitPriceMinor: priceMinor,
      taxRateBp: 750,
      netMinor: figures.netMinor,
      taxMinor: figures.taxMinor,
      totalMinor: figures.totalMinor,
    });
    return row;
  });
  await Quote.Order.recordPayment({
    id: order.id,
    amount: amountString(order.totalMinor, "NGN"),
    method: "bank_transfer",
    reference: `DEMO-${order.number}`,
    idempotencyKey: `demo-${order.number}`,
  });
  return Commission.accrue({ salesOrderId: order.id });
}

/**
 * The reseller's commission story on one machine: Lagoon Networks (the demo reseller) sourced two paid
 * installation orders; the first one's commission was approved and paid in a payout, the second waits
 * for approval; a third order was cancelled, its commission reversed. Skipped once the reseller has a commission.
 */
export async function seedReseller(admin: Actor) {
  const [reseller] = await useTransaction((tx) =>
    tx
      .select({ id: organizationTable.id })
      .from(organizationTable)
      .where(and(eq(organizationTable.name, "Lagoon Networks"), eq(organizationTable.accountType, "reseller"))),
  );
  if (!reseller) return;
  const [existing] = await useTransaction((tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(commissionTable)
      .where(eq(commissionTable.resellerOrganizationId, reseller.id)),
  );
  if ((existing?.n ?? 0) > 0) return;
  await withActor(system, async () => {
    const kemi = await Person.create({
      displayName: "Kemi Adebayo",
      email: "kemi.adebayo@example.com",
      partyStatus: "customer",
    });
    const chuka = await Person.create({
      displayName: "Chuka Eze",
      email: "chuka.eze@example.com",
      partyStatus: "customer",
    });
    const first = await paidResellerOrder(reseller.id, kemi.id, "Fibre installation, Lekki Phase 1", 25_000_000);
    await paidResellerOrder(reseller.id, chuka.id, "Fibre installation, Ikoyi", 18_000_000);
    // A third, paid then cancelled before installation: its commission is reversed (voided) once.
    const cancelled = await paidResellerOrder(reseller.id, chuka.id, "Fibre installation, Victoria Island", 9_000_000);
    if (cancelled) {
      await Quote.Order.cancel({ id: cancelled.salesOrderId, reason: "Customer moved before installation" });
      await Commission.reverse({ salesOrderId: cancelled.salesOrderId, reason: "cancelled" });
    }
    if (!first) return;
    await withActor(admin, async () => {
      await Commission.approve({ id: first.id });
      const payout = await Commission.Payout.create({
        resellerOrganizationId: reseller.id,
        commissionIds: [first.id],
      });
      await Commission.Payout.markPaid({
        id: payout.id,
        method: "bank_transfer",
        reference: "GTB-TRF-20261201-0042",
        paidOn: new Date().toISOString().slice(0, 10),
      });
    });
  });
}
