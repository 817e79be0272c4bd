import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { accountTypes, organizationStatuses } from "./values";

export const Events = {
  Created: defineEvent(
    "organization.created",
    z.object({ organizationId: z.uuid(), accountType: z.enum(accountTypes), parentId: z.nullable(z.uuid()) }),
  ),
  Updated: defineEvent(
    "organization.updated",
    z.object({
      organizationId: z.uuid(),
      fields: z.array(z.string()),
      parentId: z.nullable(z.uuid()),
      status: z.enum(organizationStatuses),
    }),
  ),
};
