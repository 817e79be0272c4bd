import { index, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { instant } from "../platform/sql";
import { workOrderTable } from "../workorder/workorder.sql";
import { projectTaskTable } from "./project.sql";

/**
 * A work order a task links to or spawned. Its own file: work_order.project_id points at projects, so
 * project.sql.ts must not import the work-order tables.
 */
export const projectTaskWorkOrderTable = pgTable(
  "project_task_work_order",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => projectTaskTable.id),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    linkedById: uuid("linked_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.workOrderId] }),
    index("project_task_work_order_order_idx").on(t.workOrderId),
  ],
);
