import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { subscriberStatuses } from "./values";

export const Events = {
  Synced: defineEvent(
    "subscriber.synced",
    z.object({ subscriberId: z.uuid(), subscriberNumber: z.string(), created: z.boolean() }),
  ),
  Linked: defineEvent(
    "subscriber.linked",
    z.object({ subscriberId: z.uuid(), personId: z.nullable(z.uuid()), organizationId: z.nullable(z.uuid()) }),
  ),
  StatusChanged: defineEvent(
    "subscriber.status_changed",
    z.object({
      subscriberId: z.uuid(),
      from: z.nullable(z.enum(subscriberStatuses)),
      to: z.enum(subscriberStatuses),
      changedAt: z.iso.datetime({ offset: true }),
    }),
  ),
};
