import * as z from "zod";
import { defineEvent } from "../platform/outbox";
import { subscriberStatuses } from "./subscriber.sql";

export const Events = {
  Synced: defineEvent(
    "subscriber.synced",
    z.object({ subscriberId: z.uuid(), subscriberNumber: z.string(), created: z.boolean() }),
  ),
  Linked: defineEvent(
    "subscriber.linked",
    z.object({ subscriberId: z.uuid(), personId: z.uuid().nullable(), organizationId: z.uuid().nullable() }),
  ),
  StatusChanged: defineEvent(
    "subscriber.status_changed",
    z.object({
      subscriberId: z.uuid(),
      from: z.enum(subscriberStatuses).nullable(),
      to: z.enum(subscriberStatuses),
      changedAt: z.iso.datetime({ offset: true }),
    }),
  ),
};
