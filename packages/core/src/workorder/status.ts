import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { actorRef } from "../platform/context";
import { createTransaction, type Transaction, type Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { createId } from "../platform/ids";
import { id, instant, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, liveRow } from "../platform/soft-delete";
import { liveTicket } from "../ticket/shared";
import { moveStatus } from "../ticket/status";
import { checkTransition, readSettings } from "./admin";
import { Events } from "./events";
import { type Evidence, fold, gatePasses, type LogEntry, ordered } from "./machine";
import { type Info, infoOf, reach, reachableJob, type WorkOrderRow } from "./shared";
import {
  completionOutcomes,
  type FieldEvent,
  fieldEvents,
  type WorkOrderStatus,
  workOrderAttachmentTable,
  workOrderCompletionTable,
  workOrderFieldEventTable,
  workOrderNoteTable,
  workOrderStatuses,
  workOrderTable,
} from "./workorder.sql";

/** How far in the future a phone's clock may put an event (its clock may run ahead of ours). */
export const CLOCK_SKEW_SECONDS = 300;

export type LogRow = typeof workOrderFieldEventTable.$inferSelect;

/** The job's evidence for the completion gate: what is attached now, whenever it arrived. */
export async function evidenceOf(tx: Tx, workOrderId: string): Promise<Evidence> {
  const settings = await readSettings(tx);
  const kinds = await tx
    .selectDistinct({ kind: workOrderAttachmentTable.kind })
    .from(workOrderAttachmentTable)
    .where(and(eq(workOrderAttachmentTable.workOrderId, workOrderId), live(workOrderAttachmentTable)));
  const has = new Set(kinds.map((k) => k.kind));
  return { gate: settings.completionRequiresEvidence, hasPhoto: has.has("photo"), hasSignature: has.has("signature") };
}

export const logOf = (tx: Tx, workOrderId: string): Promise<LogRow[]> =>
  tx.select().from(workOrderFieldEventTable).where(eq(workOrderFieldEventTable.workOrderId, workOrderId));

const asEntry = (r: LogRow): LogEntry => ({
  clientEventId: r.clientEventId,
  source: r.source,
  event: r.event,
  fromStatus: r.fromStatus,
  toStatus: r.toStatus,
  occurredAt: r.occurredAt,
  reason: r.reason ?? r.note,
});

/** Folds the job's whole log (machine.ts) and the evidence now attached. */
export async function foldJob(tx: Tx, row: WorkOrderRow) {
  const log = await logOf(tx, row.id);
  const evidence = await evidenceOf(tx, row.id);
  return { log, evidence, state: fold(row.baseStatus, log.map(asEntry), evidence) };
}

/**
 * Re-derives the job's status and instants from its log, in the caller's transaction on a row it has
 * locked, and does what a change of status entails: the status-changed event and audit row, a
 * cancellation's event, and the completion, recorded once.
 */
export async function refold(tx: Transaction, row: WorkOrderRow, cause: FieldEvent | "transition") {
  const { state, evidence } = await foldJob(tx, row);
  const [updated] = await tx
    .update(workOrderTable)
    .set({
      status: state.status,
      startedAt: state.startedAt,
      pausedAt: state.pausedAt,
      resumedAt: state.resumedAt,
      completedAt: state.completedAt,
      canceledAt: state.canceledAt,
      totalActiveSeconds: state.totalActiveSeconds,
    })
    .where(eq(workOrderTable.id, row.id))
    .returning();
  const after = updated ?? row;
  if (after.status !== row.status) {
    await emit(Events.StatusChanged, { workOrderId: row.id, from: row.status, to: after.status, cause });
    await Audit.record({
      action: "work_order.status_changed",
      entityType: "work_order",
      entityId: row.id,
      changes: { status: { from: row.status, to: after.status }, cause: { to: cause } },
    });
    if (after.status === "canceled" && after.canceledAt) {
      await emit(Events.Canceled, {
        workOrderId: row.id,
        reason: state.cancelReason,
        canceledAt: after.canceledAt.toISOString(),
      });
    }
  }
  if (after.status === "completed" && after.completedAt) {
    await recordCompletion(tx, after, evidence, state.completionReason);
  }
  return after;
}

/**
 * The job's outcome, recorded once (the primary key makes a second completion a no-op, however many
 * times the phone sends `complete`). With "completion resolves ticket" on, the ticket the job came
 * from is resolved through the ticket's own status change (its log, events, audit and confirmation).
 */
async function recordCompletion(tx: Transaction, row: WorkOrderRow, evidence: Evidence, reason: string | null) {
  const withEvidence = evidence.hasPhoto && evidence.hasSignature;
  const [inserted] = await tx
    .insert(workOrderCompletionTable)
    .values({
      workOrderId: row.id,
      outcome: withEvidence || !reason ? "completed" : "completed_with_reason",
      reason: withEvidence ? null : reason,
      hasPhoto: evidence.hasPhoto,
      hasSignature: evidence.hasSignature,
      completedAt: row.completedAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) return;
  let ticketResolved = false;
  if (row.ticketId && (await readSettings(tx)).completionResolvesTicket) {
    const ticket = await liveTicket(tx, row.ticketId, true).catch(() => undefined);
    if (ticket && !["pending_confirmation", "closed", "canceled", "merged"].includes(ticket.status)) {
      await moveStatus(tx, ticket, "pending_confirmation", {
        authoritative: true,
        note: `Resolved by work order ${row.number}`,
      });
      ticketResolved = true;
      await tx
        .update(workOrderCompletionTable)
        .set({ ticketResolved })
        .where(eq(workOrderCompletionTable.workOrderId, row.id));
    }
  }
  await emit(Events.Completed, {
    workOrderId: row.id,
    outcome: inserted.outcome,
    completedAt: inserted.completedAt.toISOString(),
    ticketResolved,
  });
  await Audit.record({
    action: "work_order.completed",
    entityType: "work_order",
    entityId: row.id,
    changes: {
      outcome: { to: inserted.outcome },
      ...(inserted.reason ? { reason: { to: inserted.reason } } : {}),
      ...(ticketResolved ? { ticketResolved: { to: true } } : {}),
    },
  });
}

export const CompletionInfo = z.object({
  /** Whether the gate is on (completing needs a photo and a signature, or a reason). */
  required: z.boolean(),
  hasPhoto: z.boolean(),
  hasSignature: z.boolean(),
  /** Recorded once, when the job first completed; null before. */
  outcome: z
    .object({
      outcome: z.enum(completionOutcomes),
      reason: z.string().nullable(),
      completedAt: z.iso.datetime(),
      ticketResolved: z.boolean(),
    })
    .nullable(),
});
export type CompletionInfo = z.infer<typeof CompletionInfo>;

export async function completionOf(tx: Tx, workOrderId: string, evidence: Evidence): Promise<CompletionInfo> {
  const [row] = await tx
    .select()
    .from(workOrderCompletionTable)
    .where(eq(workOrderCompletionTable.workOrderId, workOrderId));
  return {
    required: evidence.gate,
    hasPhoto: evidence.hasPhoto,
    hasSignature: evidence.hasSignature,
    outcome: row
      ? {
          outcome: row.outcome,
          reason: row.reason,
          completedAt: row.completedAt.toISOString(),
          ticketResolved: row.ticketResolved,
        }
      : null,
  };
}

/**
 * The one way staff move a job (also for other domains, such as dispatch scheduling it), in the caller's
 * transaction on a locked row: checks the transition table unless `authoritative`, the note it may
 * require, and the completion gate (a note counts as the stated reason); then logs the change as a staff
 * entry and re-folds. Moving to the current status changes nothing.
 */
export async function moveJob(
  tx: Transaction,
  row: WorkOrderRow,
  status: WorkOrderStatus,
  options: { note?: string | undefined; authoritative?: boolean } = {},
): Promise<WorkOrderRow> {
  if (row.status === status) return row;
  const note = options.note?.trim() || undefined;
  if (!options.authoritative) {
    const { requiresNote } = await checkTransition(tx, row.status, status);
    if (requiresNote && !note) {
      throw new AppError(
        "validation",
        `note: changing a ${row.status} work order to ${status} needs a note`,
        [{ path: "note", message: `is required for ${row.status} → ${status}` }],
        { reason: { key: "note_required", params: { from: row.status, to: status } } },
      );
    }
  }
  if (status === "completed" && !gatePasses(await evidenceOf(tx, row.id), note)) {
    throw new AppError(
      "precondition_failed",
      "Completing needs at least one photo and a customer signature, or a note saying why they are missing",
      [{ path: "note", message: "is required: no photo and signature are attached" }],
      { reason: { key: "completion_gate" } },
    );
  }
  await tx.insert(workOrderFieldEventTable).values({
    workOrderId: row.id,
    clientEventId: `staff:${createId()}`,
    source: "staff",
    event: "transition",
    fromStatus: row.status,
    toStatus: status,
    occurredAt: new Date(),
    note: note ?? null,
    reason: note ?? null,
    ...actorRef(),
  });
  if (note) {
    await tx.insert(workOrderNoteTable).values({ workOrderId: row.id, body: note, isInternal: true, ...author() });
  }
  return refold(tx, row, "transition");
}

function author(): { authorId: string | null } {
  const ref = actorRef();
  return { authorId: ref.actorType === "user" ? ref.actorId : null };
}

/** Staff: moves a job to another status, as the transition table allows (operations:work_order:update). */
export const transition = fn(
  z.object({ id: id(), status: z.enum(workOrderStatuses), note: text(20_000).optional() }),
  async ({ id, status, note }): Promise<Info> => {
    requirePermission("operations:work_order:update");
    return createTransaction(async (tx) => {
      const row = await liveRow(tx, workOrderTable, "Work order", id, true);
      return infoOf(tx, await moveJob(tx, row, status, { note }));
    });
  },
);

export const FieldEventInput = z.object({
  id: id(),
  /** The phone's id for this event: sending it again changes nothing. */
  clientEventId: text(100),
  event: z.enum(fieldEvents),
  /** When it happened on the phone (may be long before it arrives; at most 5 minutes ahead of us). */
  occurredAt: instant(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  note: text(5_000).optional(),
  /** Why: the stated reason for completing without evidence, or for being unable to complete. */
  reason: text(2_000).optional(),
});

/**
 * A field event from the technician's phone (or a dispatcher acting for them). Every event is kept;
 * the job's state is the fold of its whole log, so events sent twice, late or out of order end in the
 * same state as in-order delivery. An event illegal where it falls is kept and reported as ignored,
 * with the reason (never an error): the phone's outbox drains whatever it holds.
 */
export const fieldEvent = fn(
  FieldEventInput,
  async (input): Promise<{ workOrder: Info; duplicate: boolean; applied: boolean; ignoredReason: string | null }> => {
    const r = reach("operations:work_order:update", "field:job:transition");
    if (input.occurredAt.getTime() > Date.now() + CLOCK_SKEW_SECONDS * 1000) {
      throw new AppError(
        "validation",
        `occurredAt: ${input.occurredAt.toISOString()} is in the future; check the device clock (${CLOCK_SKEW_SECONDS} s of skew are tolerated)`,
        [{ path: "occurredAt", message: "is in the future" }],
      );
    }
    if ((input.latitude === undefined) !== (input.longitude === undefined)) {
      throw new AppError("validation", "latitude and longitude come together", [
        { path: input.latitude === undefined ? "latitude" : "longitude", message: "is required with the other" },
      ]);
    }
    return createTransaction(async (tx) => {
      const row = await reachableJob(tx, r, input.id, true);
      const [inserted] = await tx
        .insert(workOrderFieldEventTable)
        .values({
          workOrderId: row.id,
          clientEventId: input.clientEventId,
          source: "field",
          event: input.event,
          occurredAt: input.occurredAt,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          note: input.note ?? null,
          reason: input.reason ?? null,
          ...actorRef(),
        })
        .onConflictDoNothing()
        .returning();
      const after = inserted ? await refold(tx, row, input.event) : row;
      const { state } = await foldJob(tx, after);
      const outcome = state.outcomes.get(input.clientEventId);
      return {
        workOrder: await infoOf(tx, after),
        duplicate: !inserted,
        applied: outcome?.applied ?? false,
        ignoredReason: outcome?.reason ?? null,
      };
    });
  },
);

export const EventInfo = z.object({
  id: z.uuid(),
  clientEventId: z.string(),
  source: z.enum(["field", "staff"]),
  event: z.string(),
  fromStatus: z.enum(workOrderStatuses).nullable(),
  toStatus: z.enum(workOrderStatuses).nullable(),
  occurredAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  /** Derived: whether the entry moved the job where it falls in the log, or why it was ignored. */
  applied: z.boolean(),
  ignoredReason: z.string().nullable(),
});
export type EventInfo = z.infer<typeof EventInfo>;

/** The log in fold order, each entry with its derived outcome. */
export function eventInfos(log: LogRow[], outcomes: Map<string, { applied: boolean; reason: string | null }>) {
  return ordered(log).map(
    (r): EventInfo => ({
      id: r.id,
      clientEventId: r.clientEventId,
      source: r.source,
      event: r.event,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      occurredAt: r.occurredAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      latitude: r.latitude,
      longitude: r.longitude,
      note: r.note,
      reason: r.reason,
      actor: { type: r.actorType, id: r.actorId },
      applied: outcomes.get(r.clientEventId)?.applied ?? false,
      ignoredReason: outcomes.get(r.clientEventId)?.reason ?? null,
    }),
  );
}
