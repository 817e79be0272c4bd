/**
 * The ticket domain's enumerated values, apart from its tables: an event's payload schema names them
 * without loading the table definitions (which pull drizzle's column builders onto a consumer's cold path).
 */

export const confirmationOutcomes = ["confirmed", "disputed", "auto_confirmed", "superseded"] as const;

export const ticketLinkKinds = ["related", "duplicate", "related_outage"] as const;
export type TicketLinkKind = (typeof ticketLinkKinds)[number];

/** Lowest to highest: the order is the rank (list sorting, SLA targets); `medium` is the one default. */
export const ticketPriorities = ["low", "medium", "high", "urgent"] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

/** v1's ticket statuses. `merged` is reached only by merging, never by a status change. */
export const ticketStatuses = [
  "new",
  "open",
  "pending",
  "waiting_on_customer",
  "pending_confirmation",
  "lastmile_rerun",
  "site_under_construction",
  "on_hold",
  "closed",
  "canceled",
  "merged",
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
