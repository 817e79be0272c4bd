import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { confirmationOutcomes, ticketLinkKinds, ticketPriorities, ticketStatuses } from "./values";

/** Ticket domain events; notifications, automation and SLA subscribers hang off these. */
export const Events = {
  Created: defineEvent(
    "ticket.created",
    z.object({
      ticketId: z.uuid(),
      number: z.string(),
      priority: z.enum(ticketPriorities),
      ticketTypeId: z.nullable(z.uuid()),
      subscriberId: z.nullable(z.uuid()),
    }),
  ),
  StatusChanged: defineEvent(
    "ticket.status_changed",
    z.object({
      ticketId: z.uuid(),
      from: z.enum(ticketStatuses),
      to: z.enum(ticketStatuses),
      note: z.nullable(z.string()),
    }),
  ),
  Assigned: defineEvent(
    "ticket.assigned",
    z.object({
      ticketId: z.uuid(),
      primaryAssigneeId: z.nullable(z.uuid()),
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
      authorId: z._default(z.nullable(z.uuid()), null),
      /** A reply written in the customer portal (notifies the assignees). */
      byCustomer: z._default(z.boolean(), false),
    }),
  ),
  Linked: defineEvent(
    "ticket.linked",
    z.object({ ticketId: z.uuid(), otherTicketId: z.uuid(), kind: z.enum(ticketLinkKinds) }),
  ),
  Merged: defineEvent(
    "ticket.merged",
    z.object({ sourceId: z.uuid(), targetId: z.uuid(), sourceNumber: z.string(), targetNumber: z.string() }),
  ),
  /** A resolved ticket's confirmation link was issued; the mail goes out from this event. */
  ConfirmationRequested: defineEvent(
    "ticket.confirmation_requested",
    z.object({ ticketId: z.uuid(), confirmationId: z.uuid(), email: z.nullable(z.string()), expiresAt: z.string() }),
  ),
  ConfirmationDecided: defineEvent(
    "ticket.confirmation_decided",
    z.object({
      ticketId: z.uuid(),
      confirmationId: z.uuid(),
      outcome: z.enum(confirmationOutcomes),
      reason: z.nullable(z.string()),
    }),
  ),
  AttachmentAdded: defineEvent(
    "ticket.attachment_added",
    z.object({ ticketId: z.uuid(), attachmentId: z.uuid(), commentId: z.nullable(z.uuid()), uploadId: z.uuid() }),
  ),
};
