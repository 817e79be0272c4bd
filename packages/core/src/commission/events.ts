import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** Commission events carry ids and amounts, never a reseller's people. */
export const Events = {
  Accrued: defineEvent(
    "commission.accrued",
    z.object({
      commissionId: z.uuid(),
      salesOrderId: z.uuid(),
      resellerOrganizationId: z.uuid(),
      amountMinor: z.number(),
      currency: z.string(),
    }),
  ),
  PayoutPaid: defineEvent(
    "commission.payout_paid",
    z.object({ payoutId: z.uuid(), resellerOrganizationId: z.uuid(), totalMinor: z.number(), currency: z.string() }),
  ),
};
