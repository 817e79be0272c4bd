import * as z from "zod";
import { defineEvent } from "../platform/outbox";
import { confirmationOutcomes, ticketLinkKinds, ticketPriorities, ticketStatuses } from "./ticket.sql";

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
      authorId: z.uuid().nullable().default(null),
      /** A reply written in the customer portal (notifies the assignees). */
      byCustomer: z.boolean().default(false),
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
    z.object({ ticketId: z.uuid(), confirmationId: z.uuid(), email: z.string().nullable(), expiresAt: z.string() }),
  ),
  ConfirmationDecided: defineEvent(
    "ticket.confirmation_decided",
    z.object({
      ticketId: z.uuid(),
      confirmationId: z.uuid(),
      outcome: z.enum(confirmationOutcomes),
      reason: z.string().nullable(),
    }),
  ),
  AttachmentAdded: defineEvent(
    "ticket.attachment_added",
    z.object({ ticketId: z.uuid(), attachmentId: z.uuid(), commentId: z.uuid().nullable(), uploadId: z.uuid() }),
  ),
};
