import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { projectStatuses, taskStatuses } from "./values";

const ClockAlert = z.object({
  projectId: z.uuid(),
  /** null: the project's own clock. */
  taskId: z.nullable(z.uuid()),
  cycle: z.int(),
  /** When the threshold was crossed, per the engine. */
  at: z.iso.datetime(),
  deadline: z.nullable(z.iso.datetime()),
});

/** Project domain events: notifications (assignees, the customer's stage emails) and SLA hang off these. */
export const Events = {
  Created: defineEvent(
    "project.created",
    z.object({ projectId: z.uuid(), number: z.string(), salesOrderId: z.nullable(z.uuid()) }),
  ),
  Updated: defineEvent("project.updated", z.object({ projectId: z.uuid(), fields: z.array(z.string()) })),
  StatusChanged: defineEvent(
    "project.status_changed",
    z.object({ projectId: z.uuid(), from: z.enum(projectStatuses), to: z.enum(projectStatuses) }),
  ),
  TaskStatusChanged: defineEvent(
    "project_task.status_changed",
    z.object({
      projectId: z.uuid(),
      taskId: z.uuid(),
      from: z.enum(taskStatuses),
      to: z.enum(taskStatuses),
      isStage: z.boolean(),
    }),
  ),
  TaskAssigned: defineEvent(
    "project_task.assigned",
    z.object({
      projectId: z.uuid(),
      taskId: z.uuid(),
      /** Newly assigned users only, so a re-save notifies nobody twice. */
      added: z.array(z.uuid()),
      assignedById: z.nullable(z.uuid()),
    }),
  ),
  /** A project or task SLA clock at risk or breached: raised once per clock and cycle by `sla.scan`. */
  ClockWarning: defineEvent("project.sla_warning", ClockAlert),
  ClockBreached: defineEvent("project.sla_breached", ClockAlert),
  TaskRescheduled: defineEvent(
    "project_task.rescheduled",
    z.object({ projectId: z.uuid(), taskIds: z.array(z.uuid()) }),
  ),
};
