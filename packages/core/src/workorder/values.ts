/**
 * The workorder domain's enumerated values, apart from its tables: an event's payload schema names them
 * without loading the table definitions (which pull drizzle's column builders onto a consumer's cold path).
 */

export const fieldEvents = [
  "accept",
  "en_route",
  "arrived",
  "start",
  "pause",
  "hold",
  "resume",
  "complete",
  "unable_to_complete",
] as const;
export type FieldEvent = (typeof fieldEvents)[number];

/** Lowest to highest, as tickets'. */
export const workOrderPriorities = ["low", "medium", "high", "urgent"] as const;
export type WorkOrderPriority = (typeof workOrderPriorities)[number];

/** v1's work-order statuses (§5.2); the transitions between them are configurable like tickets'. */
export const workOrderStatuses = [
  "draft",
  "scheduled",
  "dispatched",
  "in_progress",
  "paused",
  "completed",
  "canceled",
] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];
