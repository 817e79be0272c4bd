import { and, eq, gt, lt, ne, notInArray, sql } from "drizzle-orm";
import { userTable } from "../auth/auth.sql";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { live } from "../platform/soft-delete";
import type { WorkOrderRow } from "./shared";
import { workOrderTable } from "./workorder.sql";

/** The route that books a technician's slot with every conflict check (the dispatch domain's). */
export const APPOINTMENT_ROUTE = "PUT /api/v1/dispatch/work-orders/{id}/appointment";

/** A slot without an end lasts an hour, as the board draws it. */
const endOf = (start: Date, end: Date | null) => end ?? new Date(start.getTime() + 3_600_000);

/**
 * Locks the technician's user row: every write of a technician's schedule takes this lock (after the
 * job's row), dispatch's booking and the work-order verbs alike, so two writes for one technician run
 * one after the other and the second sees the first.
 */
export async function lockTechnician(tx: Tx, userId: string): Promise<void> {
  // Not `for update`: a foreign key to the user (an assignment row) takes a key-share lock, which this
  // one lets through, while two of these still wait for each other.
  await tx.select({ id: userTable.id }).from(userTable).where(eq(userTable.id, userId)).for("no key update");
}

/**
 * Refuses (409 double_booking) a job whose primary technician already has another open job over its
 * slot, under the technician's lock. Called by the work-order verbs whenever a job's primary or slot
 * changes; dispatch's booking takes the same lock and checks the same overlap (with its other rules).
 */
export async function assertNoDoubleBooking(tx: Tx, row: WorkOrderRow): Promise<void> {
  const { primaryAssigneeId: userId, scheduledStart: start } = row;
  if (!userId || !start || row.status === "completed" || row.status === "canceled") return;
  await lockTechnician(tx, userId);
  const end = endOf(start, row.scheduledEnd);
  const [clash] = await tx
    .select({ number: workOrderTable.number, start: workOrderTable.scheduledStart, end: workOrderTable.scheduledEnd })
    .from(workOrderTable)
    .where(
      and(
        eq(workOrderTable.primaryAssigneeId, userId),
        ne(workOrderTable.id, row.id),
        notInArray(workOrderTable.status, ["completed", "canceled"]),
        live(workOrderTable),
        lt(workOrderTable.scheduledStart, end),
        gt(sql`coalesce(${workOrderTable.scheduledEnd}, ${workOrderTable.scheduledStart} + interval '1 hour')`, start),
      ),
    )
    .limit(1);
  if (!clash?.start) return;
  const [who] = await tx.select({ name: userTable.displayName }).from(userTable).where(eq(userTable.id, userId));
  const message = `${who?.name ?? userId} already has ${clash.number} from ${clash.start.toISOString()} to ${endOf(clash.start, clash.end).toISOString()}; book technicians through ${APPOINTMENT_ROUTE}, which checks shifts, skills and travel too`;
  throw new AppError("conflict", message, [{ path: "scheduledStart", message: `overlaps ${clash.number}` }], {
    reason: { key: "double_booking" },
  });
}
