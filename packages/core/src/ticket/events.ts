import * as z from "zod";
import { defineEvent } from "../platform/outbox";
import { ticketPriorities, ticketStatuses } from "./ticket.sql";

/** Ticket domain events; notifications, automation and SLA subscribers hang off these. */
export const Events = {
  Created: defineEvent(
    "ticket.created",
    z.object({
      ticketId: z.uuid(),
      number: z.string(),
      priority: z.enum(ticketPriorities),
      ticketTypeId: z.uuid().nullable(),
      subscriberId: z.uuid().nullable(),
    }),
  ),
  StatusChanged: defineEvent(
    "ticket.status_changed",
    z.object({
      ticketId: z.uuid(),
      from: z.enum(ticketStatuses),
      to: z.enum(ticketStatuses),
      note: z.string().nullable(),
    }),
  ),
  Assigned: defineEvent(
    "ticket.assigned",
    z.object({
      ticketId: z.uuid(),
      primaryAssigneeId: z.uuid().nullable(),
      assigneeIds: z.array(z.uuid()),
      /** Who was not assigned before this change, so notifications go to newcomers only. */
      added: z.array(z.uuid()),
    }),
  ),
  Commented: defineEvent(
    "ticket.commented",
    z.object({
      ticketId: z.uuid(),
      commentId: z.uuid(),
      isInternal: z.boolean(),
      mentions: z.array(z.uuid()),
    }),
  ),
};
