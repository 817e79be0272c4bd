import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** The customer's answers on a "track my visit" link; dispatchers are notified and the board hears them live. */
export const Events = {
  VisitAnswered: defineEvent(
    "track.visit_answered",
    z.object({
      workOrderId: z.uuid(),
      linkId: z.uuid(),
      answer: z.enum(["confirmed", "reschedule_requested"]),
      preferredAt: z.nullable(z.string()),
      reason: z.nullable(z.string()),
    }),
  ),
};
