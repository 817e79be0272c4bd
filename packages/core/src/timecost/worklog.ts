import { and, asc, eq, gt, lt, ne } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { actingUser, clientRef, holdsAny, isAssigned, liveWorkOrder, lockUser, namesOf } from "./shared";
import { worklogTable } from "./timecost.sql";

/** Longest single worklog: a shift that long is a forgotten stop button, not work. */
export const MAX_WORKLOG_MINUTES = 16 * 60;
/** Clock skew tolerated between a phone and the server for an end "in the future". */
const SKEW_MS = 5 * 60 * 1000;

export const WorklogInfo = z.object({
  id: z.uuid(),
  workOrderId: z.uuid(),
  userId: z.uuid(),
  userName: z.string().nullable(),
  clientRef: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /** Derived: the whole minutes between the instants, rounded half up. */
  minutes: z.number().int(),
  note: z.string().nullable(),
  /** Removed by staff (a replay of its clientRef still answers this row, and adds nothing). */
  removed: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WorklogInfo = z.infer<typeof WorklogInfo>;

export const LogResult = z.object({ worklog: WorklogInfo, duplicate: z.boolean() });
export type LogResult = z.infer<typeof LogResult>;

type Row = typeof worklogTable.$inferSelect;

const toInfo = (r: Row, names: Map<string, string>): WorklogInfo => ({
  id: r.id,
  workOrderId: r.workOrderId,
  userId: r.userId,
  userName: names.get(r.userId) ?? null,
  clientRef: r.clientRef,
  startedAt: r.startedAt.toISOString(),
  endedAt: r.endedAt.toISOString(),
  minutes: r.minutes,
  note: r.note,
  removed: r.deletedAt !== null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Minutes between two instants, rounded half up; refuses an empty, reversed or implausible span. */
function minutesOf(startedAt: Date, endedAt: Date): number {
  if (endedAt <= startedAt) {
    throw new AppError("validation", "endedAt: must be after startedAt", [
      { path: "endedAt", message: "must be after startedAt" },
    ]);
  }
  if (endedAt.getTime() > Date.now() + SKEW_MS) {
    throw new AppError("validation", "endedAt: must not be in the future", [
      { path: "endedAt", message: "must not be in the future" },
    ]);
  }
  const minutes = Math.round((endedAt.getTime() - startedAt.getTime()) / 60000);
  if (minutes > MAX_WORKLOG_MINUTES) {
    throw new AppError("validation", `endedAt: a worklog may span at most ${MAX_WORKLOG_MINUTES / 60} hours`, [
      { path: "endedAt", message: `must be at most ${MAX_WORKLOG_MINUTES / 60} hours after startedAt` },
    ]);
  }
  return minutes;
}

/**
 * Refuses a span overlapping another live worklog of the same person: one person cannot be paid twice for
 * the same minute. Touching spans (one ends when the next starts) are fine. Runs under the person's lock.
 */
async function assertNoOverlap(tx: Tx, userId: string, startedAt: Date, endedAt: Date, except?: string) {
  const [clash] = await tx
    .select()
    .from(worklogTable)
    .where(
      and(
        eq(worklogTable.userId, userId),
        live(worklogTable),
        lt(worklogTable.startedAt, endedAt),
        gt(worklogTable.endedAt, startedAt),
        except ? ne(worklogTable.id, except) : undefined,
      ),
    )
    .limit(1);
  if (clash) {
    const span = `${clash.startedAt.toISOString()}–${clash.endedAt.toISOString()}`;
    throw new AppError("conflict", `This time overlaps another worklog of the same person (${span})`, [
      { path: "startedAt", message: `overlaps worklog ${clash.id} (${span})` },
    ]);
  }
}

const LogInput = z.object({
  workOrderId: id(),
  /** The phone's idempotency key: sending it again answers the first worklog, changed or not. */
  clientRef: clientRef(),
  startedAt: instant(),
  endedAt: instant(),
  note: text(2000).optional(),
  /** Staff logging for an assigned technician (operations:work_order:update); default: yourself. */
  userId: id().optional(),
});

/**
 * Logs time on a job. The person must be assigned to it; a technician logs their own time (field:worklog:write),
 * staff (operations:work_order:update) may log for an assigned person. Same clientRef → the first row, once.
 */
export const log = fn(LogInput, async (input): Promise<LogResult> => {
  const me = actingUser();
  const userId = input.userId ?? me;
  if (userId !== me) requirePermission("operations:work_order:update");
  else if (!holdsAny("field:worklog:write", "operations:work_order:update")) requirePermission("field:worklog:write");
  return createTransaction(async (tx) => {
    await lockUser(tx, userId, "userId");
    const [existing] = await tx
      .select()
      .from(worklogTable)
      .where(and(eq(worklogTable.userId, userId), eq(worklogTable.clientRef, input.clientRef)));
    if (existing) {
      if (existing.workOrderId !== input.workOrderId) {
        throw new AppError("conflict", `clientRef ${input.clientRef} was already used on another work order`, [
          { path: "clientRef", message: "was already used on another work order" },
        ]);
      }
      return { worklog: toInfo(existing, await namesOf(tx, [userId])), duplicate: true };
    }
    const workOrder = await liveWorkOrder(tx, input.workOrderId);
    if (!(await isAssigned(tx, workOrder.id, userId))) {
      // A technician learns nothing about jobs that are not theirs.
      if (userId === me && !holdsAny("operations:work_order:read")) {
        throw new AppError("not_found", `Work order ${input.workOrderId} does not exist`);
      }
      throw new AppError("forbidden", `Only the job's assigned technicians log time on ${workOrder.number}`, [
        { path: "userId", message: "is not assigned to this work order" },
      ]);
    }
    const minutes = minutesOf(input.startedAt, input.endedAt);
    await assertNoOverlap(tx, userId, input.startedAt, input.endedAt);
    const values = {
      workOrderId: workOrder.id,
      userId,
      clientRef: input.clientRef,
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      minutes,
      note: input.note ?? null,
      createdById: me,
    };
    const [row] = await tx.insert(worklogTable).values(values).returning();
    if (!row) throw new AppError("internal", "The worklog was not stored");
    await Audit.record({
      action: "timecost.worklog_logged",
      entityType: "worklog",
      entityId: row.id,
      changes: Audit.diff(null, { ...values, workOrderNumber: workOrder.number }),
    });
    return { worklog: toInfo(row, await namesOf(tx, [userId])), duplicate: false };
  });
});

/** The job's worklogs, oldest first: staff with operations:work_order:read, or its assigned technicians. */
export const list = fn(
  z.object({ workOrderId: id(), includeRemoved: z.boolean().optional() }),
  async ({ workOrderId, includeRemoved }): Promise<WorklogInfo[]> => {
    const me = actingUser();
    return useTransaction(async (tx) => {
      const workOrder = await liveWorkOrder(tx, workOrderId);
      if (!holdsAny("operations:work_order:read")) {
        requirePermission("field:job:read");
        if (!(await isAssigned(tx, workOrder.id, me))) {
          throw new AppError("not_found", `Work order ${workOrderId} does not exist`);
        }
      }
      const rows = await tx
        .select()
        .from(worklogTable)
        .where(and(eq(worklogTable.workOrderId, workOrderId), includeRemoved ? undefined : live(worklogTable)))
        .orderBy(asc(worklogTable.startedAt), asc(worklogTable.id));
      const names = await namesOf(
        tx,
        rows.map((r) => r.userId),
      );
      return rows.map((r) => toInfo(r, names));
    });
  },
);

async function liveWorklog(tx: Tx, worklogId: string) {
  const [row] = await tx
    .select()
    .from(worklogTable)
    .where(and(eq(worklogTable.id, worklogId), live(worklogTable)));
  if (!row) throw new AppError("not_found", `Worklog ${worklogId} does not exist`);
  return row;
}

/** Staff correct a worklog's span or note (operations:work_order:update); the reason goes to the audit log. */
export const correct = fn(
  z.object({
    id: id(),
    startedAt: instant().optional(),
    endedAt: instant().optional(),
    note: text(2000).nullable().optional(),
    reason: text(500),
  }),
  async (input): Promise<WorklogInfo> => {
    requirePermission("operations:work_order:update");
    actingUser();
    return createTransaction(async (tx) => {
      const before = await liveWorklog(tx, input.id);
      await lockUser(tx, before.userId, "userId");
      const startedAt = input.startedAt ?? before.startedAt;
      const endedAt = input.endedAt ?? before.endedAt;
      const minutes = minutesOf(startedAt, endedAt);
      await assertNoOverlap(tx, before.userId, startedAt, endedAt, before.id);
      const after = { startedAt, endedAt, minutes, note: input.note === undefined ? before.note : input.note };
      const [row] = await tx.update(worklogTable).set(after).where(eq(worklogTable.id, before.id)).returning();
      if (!row) throw new AppError("not_found", `Worklog ${input.id} does not exist`);
      await Audit.record({
        action: "timecost.worklog_corrected",
        entityType: "worklog",
        entityId: row.id,
        changes: { ...Audit.diff(before, after), reason: { to: input.reason } },
      });
      return toInfo(row, await namesOf(tx, [row.userId]));
    });
  },
);

/** Staff remove a worklog logged in error (soft delete; its clientRef stays spent so a replay adds nothing). */
export const remove = fn(z.object({ id: id(), reason: text(500).optional() }), async (input): Promise<void> => {
  requirePermission("operations:work_order:update");
  actingUser();
  await createTransaction(async (tx) => {
    const before = await liveWorklog(tx, input.id);
    await tx.update(worklogTable).set({ deletedAt: new Date() }).where(eq(worklogTable.id, before.id));
    await Audit.record({
      action: "timecost.worklog_removed",
      entityType: "worklog",
      entityId: before.id,
      changes: {
        minutes: { from: before.minutes },
        workOrderId: { from: before.workOrderId },
        ...(input.reason ? { reason: { to: input.reason } } : {}),
      },
    });
  });
});
