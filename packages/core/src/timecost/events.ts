import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** Expense request events: notifications to managers (submitted) and to the requester (decided). */
export const Events = {
  Submitted: defineEvent(
    "expense_request.submitted",
    z.object({ requestId: z.uuid(), number: z.string(), requesterId: z.uuid() }),
  ),
  Decided: defineEvent(
    "expense_request.decided",
    z.object({
      requestId: z.uuid(),
      number: z.string(),
      requesterId: z.uuid(),
      status: z.enum(["approved", "rejected"]),
      reason: z.nullable(z.string()),
    }),
  ),
};
