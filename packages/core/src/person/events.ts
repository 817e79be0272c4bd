import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { channelKinds, partyStatuses } from "./values";

// Payloads carry ids and kinds, never contact values: events leave the database for the bus.
export const Events = {
  Created: defineEvent(
    "person.created",
    z.object({ personId: z.uuid(), partyStatus: z.enum(partyStatuses), organizationId: z.nullable(z.uuid()) }),
  ),
  Updated: defineEvent("person.updated", z.object({ personId: z.uuid(), fields: z.array(z.string()) })),
  ChannelAdded: defineEvent(
    "person.channel_added",
    z.object({ personId: z.uuid(), channelId: z.uuid(), kind: z.enum(channelKinds) }),
  ),
  StatusChanged: defineEvent(
    "person.status_changed",
    z.object({
      personId: z.uuid(),
      from: z.enum(partyStatuses),
      to: z.enum(partyStatuses),
      reason: z.nullable(z.string()),
    }),
  ),
  Merged: defineEvent(
    "person.merged",
    z.object({
      sourceId: z.uuid(),
      targetId: z.uuid(),
      channelsMoved: z.int(),
      channelsDropped: z.int(),
      subscribersMoved: z.int(),
    }),
  ),
  Removed: defineEvent("person.removed", z.object({ personId: z.uuid() })),
};
