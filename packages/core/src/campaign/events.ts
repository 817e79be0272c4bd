import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** Campaign domain events. */
export const Events = {
  /** A campaign is due now (sent now, or its scheduled time came): the sender starts its batches. */
  Started: defineEvent("campaign.started", z.object({ campaignId: z.uuid() })),
  /** A person unsubscribed through a campaign's link (one-click or the page). */
  Unsubscribed: defineEvent(
    "campaign.unsubscribed",
    z.object({ campaignId: z.uuid(), personId: z.uuid(), channel: z.string() }),
  ),
};
