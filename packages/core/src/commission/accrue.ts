import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { createTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { percentOf } from "../platform/money";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { salesOrderTable } from "../quote/quote.sql";
import { commissionTable } from "./commission.sql";
import { commissionInfo } from "./decide";
import { Events } from "./events";
import { rateFor } from "./rates";
import type { CommissionInfo } from "./shared";

/**
 * Accrues the commission of a paid, reseller-sourced sales order (the `sales_order.paid` subscriber).
 * Basis: the order's net before tax (tax is not the reseller's sale); rate: the reseller organisation's
 * own or the default, frozen on the row; amount: basis × rate rounded half away from zero. At most one
 * per order (unique index): a redelivered event, a retry or a second payment returns the first and
 * writes nothing. Orders that are not paid (waived, partial) or have no live reseller accrue nothing.
 */
export const accrue = fn(z.object({ salesOrderId: id() }), async ({ salesOrderId }): Promise<CommissionInfo | null> => {
  requirePermission("operations:reseller:write");
  return createTransaction(async (tx) => {
    const [order] = await tx
      .select({
        id: salesOrderTable.id,
        resellerOrganizationId: salesOrderTable.resellerOrganizationId,
        paymentStatus: salesOrderTable.paymentStatus,
        currency: salesOrderTable.currency,
        netMinor: salesOrderTable.netMinor,
        status: salesOrderTable.status,
      })
      .from(salesOrderTable)
      .where(and(eq(salesOrderTable.id, salesOrderId), live(salesOrderTable)));
    // A cancelled order earns nothing, even when its paid event is handled after the cancellation.
    if (!order?.resellerOrganizationId || order.paymentStatus !== "paid" || order.status === "cancelled") return null;
    const [reseller] = await tx
      .select({ id: organizationTable.id })
      .from(organizationTable)
      .where(
        and(
          eq(organizationTable.id, order.resellerOrganizationId),
          eq(organizationTable.accountType, "reseller"),
          live(organizationTable),
        ),
      );
    if (!reseller) return null;
    const rate = await rateFor(tx, reseller.id);
    const rateBp = rate.rateBp;
    const amountMinor = percentOf(order.netMinor, rateBp);
    const [row] = await tx
      .insert(commissionTable)
      .values({
        salesOrderId: order.id,
        resellerOrganizationId: reseller.id,
        currency: order.currency,
        basisMinor: order.netMinor,
        rateBp,
        amountMinor,
      })
      .onConflictDoNothing({ target: commissionTable.salesOrderId })
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ id: commissionTable.id })
        .from(commissionTable)
        .where(eq(commissionTable.salesOrderId, order.id));
      return existing ? commissionInfo(tx, existing.id) : null;
    }
    await emit(Events.Accrued, {
      commissionId: row.id,
      salesOrderId: order.id,
      resellerOrganizationId: reseller.id,
      amountMinor,
      currency: order.currency,
    });
    await Audit.record({
      action: "commission.accrued",
      entityType: "reseller_commission",
      entityId: row.id,
      changes: Audit.diff(null, {
        salesOrderId: order.id,
        basisMinor: order.netMinor,
        rateBp,
        // Whose rate: the reseller's own, a parent's (a sub-reseller inherits), or null for the default.
        rateFromOrganizationId: rate.fromOrganizationId,
        amountMinor,
      }),
    });
    return commissionInfo(tx, row.id);
  });
});
