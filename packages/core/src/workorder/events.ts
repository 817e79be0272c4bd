import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { fieldEvents, workOrderPriorities, workOrderStatuses } from "./values";

/** Work-order domain events: the live board, notifications and the other field domains hang off these. */
export const Events = {
  Created: defineEvent(
    "workorder.created",
    z.object({
      workOrderId: z.uuid(),
      number: z.string(),
      priority: z.enum(workOrderPriorities),
      ticketId: z.nullable(z.uuid()),
      subscriberId: z.nullable(z.uuid()),
    }),
  ),
  Updated: defineEvent("workorder.updated", z.object({ workOrderId: z.uuid(), fields: z.array(z.string()) })),
  Assigned: defineEvent(
    "workorder.assigned",
    z.object({
      workOrderId: z.uuid(),
      primaryAssigneeId: z.nullable(z.uuid()),
      assigneeIds: z.array(z.uuid()),
      /** Who was not assigned before this change, so notifications go to newcomers only. */
      added: z.array(z.uuid()),
    }),
  ),
  StatusChanged: defineEvent(
    "workorder.status_changed",
    z.object({
      workOrderId: z.uuid(),
      from: z.enum(workOrderStatuses),
      to: z.enum(workOrderStatuses),
      /** The field event or staff transition whose arrival moved the status. */
      cause: z.union([z.enum(fieldEvents), z.literal("transition")]),
    }),
  ),
  Completed: defineEvent(
    "workorder.completed",
    z.object({
      workOrderId: z.uuid(),
      outcome: z.string(),
      completedAt: z.string(),
      ticketResolved: z.boolean(),
    }),
  ),
  Canceled: defineEvent(
    "workorder.canceled",
    z.object({ workOrderId: z.uuid(), reason: z.nullable(z.string()), canceledAt: z.string() }),
  ),
};
