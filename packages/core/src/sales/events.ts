import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { leadSources } from "./values";

/** Sales domain events: notifications, campaigns (reply attribution) and reports hang off these. */
export const Events = {
  Created: defineEvent(
    "sales.lead_created",
    z.object({
      leadId: z.uuid(),
      number: z.string(),
      personId: z.uuid(),
      pipelineId: z.uuid(),
      stageId: z.uuid(),
      ownerUserId: z.nullable(z.uuid()),
      source: z.enum(leadSources),
      conversationId: z.nullable(z.uuid()),
      campaignId: z.nullable(z.uuid()),
    }),
  ),
  StageChanged: defineEvent(
    "sales.lead_stage_changed",
    z.object({ leadId: z.uuid(), pipelineId: z.uuid(), fromStageId: z.uuid(), toStageId: z.uuid() }),
  ),
  Won: defineEvent(
    "sales.lead_won",
    z.object({ leadId: z.uuid(), personId: z.uuid(), valueMinor: z.number(), currency: z.string() }),
  ),
  Lost: defineEvent("sales.lead_lost", z.object({ leadId: z.uuid(), personId: z.uuid(), reason: z.string() })),
};
