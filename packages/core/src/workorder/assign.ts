import { and, eq, inArray, isNull, notInArray } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { liveRow } from "../platform/soft-delete";
import { assertNoDoubleBooking } from "./booking";
import { Events } from "./events";
import { type Info, infoOf, type WorkOrderRow } from "./shared";
import { workOrderAssignmentTable, workOrderTable } from "./workorder.sql";

export const AssigneeInput = z.object({
  userId: id(),
  role: z.enum(["technician", "helper", "lead"]).default("technician"),
  isPrimary: z.boolean().default(false),
});
export const AssigneesInput = z.array(AssigneeInput).max(20);
export type AssigneesInput = z.output<typeof AssigneesInput>;

/**
 * Checks a list of assignees: each person once, exactly one primary (none for an empty list), and
 * each an active staff user or a crew member of the job's vendor organisation.
 */
async function assertAssignees(tx: Transaction, row: Pick<WorkOrderRow, "vendorOrganizationId">, list: AssigneesInput) {
  const ids = list.map((a) => a.userId);
  if (new Set(ids).size !== ids.length) {
    throw new AppError("validation", "assignees: each person may be listed once", [
      { path: "assignees", message: "lists someone twice" },
    ]);
  }
  const primaries = list.filter((a) => a.isPrimary).length;
  if (list.length > 0 && primaries !== 1) {
    throw new AppError("validation", `assignees: exactly one assignee must be primary (${primaries} are)`, [
      { path: "assignees", message: "needs exactly one isPrimary" },
    ]);
  }
  if (ids.length === 0) return;
  const users = await tx
    .select({ id: userTable.id, portal: userTable.portal, organizationId: userTable.organizationId })
    .from(userTable)
    .where(and(inArray(userTable.id, ids), isNull(userTable.deactivatedAt)));
  const ok = new Set(
    users
      .filter(
        (u) =>
          u.portal === "staff" ||
          (u.portal === "vendor" && !!row.vendorOrganizationId && u.organizationId === row.vendorOrganizationId),
      )
      .map((u) => u.id),
  );
  const bad = ids.filter((i) => !ok.has(i));
  if (bad.length > 0) {
    throw new AppError(
      "validation",
      `assignees: ${bad.join(", ")} is not an active technician or a crew member of this job's vendor`,
      [{ path: "assignees", message: `${bad.join(", ")} cannot be assigned` }],
      { reason: { key: "not_assignable" } },
    );
  }
}

/**
 * Replaces the job's assignees in the caller's transaction (row locked), keeping
 * `work_order.primary_assignee_id` in step with the one primary; emits and audits a real change.
 */
export async function storeAssignees(tx: Transaction, row: WorkOrderRow, list: AssigneesInput): Promise<WorkOrderRow> {
  await assertAssignees(tx, row, list);
  const before = await tx
    .select()
    .from(workOrderAssignmentTable)
    .where(eq(workOrderAssignmentTable.workOrderId, row.id));
  const ids = list.map((a) => a.userId);
  await tx
    .delete(workOrderAssignmentTable)
    .where(
      ids.length > 0
        ? and(eq(workOrderAssignmentTable.workOrderId, row.id), notInArray(workOrderAssignmentTable.userId, ids))
        : eq(workOrderAssignmentTable.workOrderId, row.id),
    );
  // Clear the primary flag first: the partial unique index allows one primary per job at any moment.
  await tx
    .update(workOrderAssignmentTable)
    .set({ isPrimary: false })
    .where(eq(workOrderAssignmentTable.workOrderId, row.id));
  for (const a of list) {
    await tx
      .insert(workOrderAssignmentTable)
      .values({ workOrderId: row.id, userId: a.userId, role: a.role, isPrimary: a.isPrimary })
      .onConflictDoUpdate({
        target: [workOrderAssignmentTable.workOrderId, workOrderAssignmentTable.userId],
        set: { role: a.role, isPrimary: a.isPrimary },
      });
  }
  const primaryAssigneeId = list.find((a) => a.isPrimary)?.userId ?? null;
  const [updated] = await tx
    .update(workOrderTable)
    .set({ primaryAssigneeId })
    .where(eq(workOrderTable.id, row.id))
    .returning();
  const after = updated ?? row;
  if (primaryAssigneeId !== row.primaryAssigneeId) await assertNoDoubleBooking(tx, after);
  const shape = (xs: { userId: string; role: string; isPrimary: boolean }[]) =>
    [...xs].map((x) => `${x.userId}:${x.role}:${x.isPrimary}`).sort();
  const changed = JSON.stringify(shape(before)) !== JSON.stringify(shape(list));
  if (changed) {
    const had = new Set(before.map((b) => b.userId));
    await emit(Events.Assigned, {
      workOrderId: row.id,
      primaryAssigneeId,
      assigneeIds: ids,
      added: ids.filter((i) => !had.has(i)),
    });
    await Audit.record({
      action: "work_order.assigned",
      entityType: "work_order",
      entityId: row.id,
      changes: { assignees: { from: shape(before), to: shape(list) } },
    });
  }
  return after;
}

/**
 * Sets who works a job: technicians (staff) or the vendor's crew, exactly one primary; an empty list
 * unassigns it (operations:work_order:dispatch).
 */
export const setAssignees = fn(
  z.object({ id: id(), assignees: AssigneesInput }),
  async ({ id, assignees }): Promise<Info> => {
    requirePermission("operations:work_order:dispatch");
    return createTransaction(async (tx) => {
      const row = await liveRow(tx, workOrderTable, "Work order", id, true);
      return infoOf(tx, await storeAssignees(tx, row, assignees));
    });
  },
);
