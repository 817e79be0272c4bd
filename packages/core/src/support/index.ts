/**
 * Support work beside the ticket verbs: ticket attachments, the support catalogue an admin configures
 * (types, status transitions, numbering), and the customer and reseller portals' tickets.
 */

export * as PortalTickets from "../portal/tickets";
export * as TicketAdmin from "../ticket/admin";
export * as Attachment from "../ticket/attachments";
