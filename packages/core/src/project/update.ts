import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, softRemove } from "../platform/soft-delete";
import * as Timecost from "../timecost";
import { workOrderTable } from "../workorder/workorder.sql";
import { logStatus, markProjectDue } from "./clock";
import { Events } from "./events";
import { replan } from "./plan";
import { projectPriorities, projectStatuses, projectTable, projectTaskTable } from "./project.sql";
import { type Info, infoOf, invalid, projectRow } from "./shared";
import type { ProjectStatus } from "./values";

const Fields = z.object({
  name: text(200),
  description: text(20_000, { min: 0 }).nullable(),
  priority: z.enum(projectPriorities),
  personId: id().nullable(),
  subscriberId: id().nullable(),
  managerId: id().nullable(),
  teamId: id().nullable(),
  region: text(100).nullable(),
  customerAddress: text(500).nullable(),
  startAt: day(),
  dueAt: day(),
});

/** Changes a project's fields; a new start date reschedules every task from it. */
export const update = fn(Fields.partial().extend({ id: id() }), async ({ id, ...input }): Promise<Info> => {
  requirePermission("project:update");
  return createTransaction(async (tx) => {
    const before = await projectRow(tx, id, true);
    const set: Partial<typeof projectTable.$inferInsert> = {};
    for (const [k, v] of Object.entries(input)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    const after = { ...before, ...set };
    if (after.dueAt < after.startAt) throw invalid("dueAt", "must not be before startAt");
    const changes = Audit.diff(before, after, Object.keys(set));
    if (Object.keys(changes).length === 0) return infoOf(tx, before);
    const [row] = await tx.update(projectTable).set(set).where(eq(projectTable.id, id)).returning();
    if (changes.startAt) {
      await replan(tx, id, after.startAt);
      await markProjectDue(tx, id);
    }
    await emit(Events.Updated, { projectId: id, fields: Object.keys(changes) });
    await Audit.record({ action: "project.updated", entityType: "project", entityId: id, changes });
    return infoOf(tx, row ?? before);
  });
});

/** Which statuses a project may be put in by hand; completed and canceled reopen to active. */
const allowed: Record<ProjectStatus, readonly ProjectStatus[]> = {
  open: ["planned", "active", "on_hold", "canceled"],
  planned: ["open", "active", "on_hold", "canceled"],
  active: ["on_hold", "completed", "canceled"],
  on_hold: ["active", "planned", "canceled"],
  completed: ["active"],
  canceled: ["open"],
};

/** Puts a project on hold, cancels, completes or reopens it (project:update). */
export const setStatus = fn(
  z.object({ id: id(), status: z.enum(projectStatuses) }),
  async ({ id, status }): Promise<Info> => {
    requirePermission("project:update");
    return createTransaction(async (tx) => {
      const before = await projectRow(tx, id, true);
      if (before.status === status) return infoOf(tx, before);
      if (!allowed[before.status].includes(status)) {
        throw new AppError(
          "conflict",
          `A ${before.status} project cannot become ${status}; it can become ${allowed[before.status].join(", ")}`,
          [{ path: "status", message: `not allowed from ${before.status}` }],
        );
      }
      const now = new Date();
      const [row] = await tx
        .update(projectTable)
        .set({
          status,
          completedAt: status === "completed" ? now : null,
          canceledAt: status === "canceled" ? now : null,
        })
        .where(eq(projectTable.id, id))
        .returning();
      await logStatus(tx, [{ projectId: id, from: before.status, to: status }]);
      await emit(Events.StatusChanged, { projectId: id, from: before.status, to: status });
      await Audit.record({
        action: "project.status_changed",
        entityType: "project",
        entityId: id,
        changes: { status: { from: before.status, to: status } },
      });
      return infoOf(tx, row ?? before);
    });
  },
);

/** Soft-deletes a project and its tasks; its number stays taken. */
export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("project:delete");
  await createTransaction(async (tx) => {
    const row = await projectRow(tx, id, true);
    const at = new Date();
    await softRemove(tx, projectTaskTable, eq(projectTaskTable.projectId, id), { at });
    await softRemove(tx, projectTable, eq(projectTable.id, id), { at });
    await markProjectDue(tx, id);
    await Audit.record({
      action: "project.deleted",
      entityType: "project",
      entityId: id,
      changes: { number: { from: row.number }, deletedAt: { to: at.toISOString() } },
    });
  });
});

/**
 * What a project cost: the timecost domain's summary over its work orders (labour at the rates in
 * force, approved expenses, consumed materials), beside the effort its tasks planned.
 */
export const costs = fn(z.object({ id: id() }), async ({ id }) => {
  requirePermission("project:read");
  const planned = await useTransaction(async (tx) => {
    await projectRow(tx, id);
    const rows = await tx
      .select({ effortHours: projectTaskTable.effortHours, status: projectTaskTable.status })
      .from(projectTaskTable)
      .where(and(eq(projectTaskTable.projectId, id), live(projectTaskTable)));
    const workOrders = await tx
      .select({ id: workOrderTable.id })
      .from(workOrderTable)
      .where(and(eq(workOrderTable.projectId, id), live(workOrderTable)));
    return {
      effortHours: rows.filter((r) => r.status !== "canceled").reduce((s, r) => s + r.effortHours, 0),
      workOrders: workOrders.length,
    };
  });
  const summary = await Timecost.Summary.forProject({ id });
  return { plannedEffortHours: planned.effortHours, workOrders: planned.workOrders, summary };
});
