import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** Quote and sales-order events: ids and amounts only. */
export const Events = {
  Sent: defineEvent("quote.sent", z.object({ quoteId: z.uuid(), via: z.enum(["email", "inbox"]) })),
  Accepted: defineEvent(
    "quote.accepted",
    z.object({ quoteId: z.uuid(), salesOrderId: z.uuid(), projectId: z.nullable(z.uuid()) }),
  ),
  Rejected: defineEvent("quote.rejected", z.object({ quoteId: z.uuid(), reason: z.string() })),
  Expired: defineEvent("quote.expired", z.object({ quoteId: z.uuid() })),
  /** An order's balance reached zero: the reseller domain accrues commission on it. */
  SalesOrderPaid: defineEvent(
    "sales_order.paid",
    z.object({ salesOrderId: z.uuid(), resellerOrganizationId: z.nullable(z.uuid()) }),
  ),
  /** An order was cancelled, or its payment refunded: the reseller domain reverses its commission. */
  SalesOrderCancelled: defineEvent(
    "sales_order.cancelled",
    z.object({ salesOrderId: z.uuid(), resellerOrganizationId: z.nullable(z.uuid()) }),
  ),
  SalesOrderRefunded: defineEvent(
    "sales_order.refunded",
    z.object({ salesOrderId: z.uuid(), resellerOrganizationId: z.nullable(z.uuid()) }),
  ),
};
