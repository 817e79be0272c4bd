import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { hashToken, newToken } from "../auth/token";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { publicUrl } from "../platform/public-url";
import { workOrderStatuses, workOrderTable } from "../workorder/workorder.sql";
import { Events } from "./events";
import { trackLinkTable } from "./track.sql";

export { Events } from "./events";

/**
 * "Track my visit": a link staff send to the customer of one work order. The token (32 random bytes)
 * rides in the URL fragment and then in POST bodies; only its hash is stored. A link ends with its job
 * (a short grace after completion or cancellation), when a newer link replaces it, or at its hard expiry.
 */

/** How long a finished (completed or canceled) job's link still shows where it stands. */
export const GRACE_MS = 2 * 60 * 60 * 1000;
/** The longest a link lives, whatever happens to the job. */
export const HARD_EXPIRY_MS = 14 * 24 * 60 * 60 * 1000;

const Token = text(200, { min: 20 });
const t = trackLinkTable;
const w = workOrderTable;

/** The one answer for every link that does not work now (unknown, replaced, expired, job over): no oracle. */
const invalidLink = () =>
  new AppError("not_found", "This tracking link is not valid any more; ask us for a new one", [
    { path: "token", message: "is not a current tracking link" },
  ]);

type LinkRow = typeof trackLinkTable.$inferSelect;
type WorkOrderRow = typeof workOrderTable.$inferSelect;

/** When a link stops working, from the link and its job. */
function endOf(link: LinkRow, job: WorkOrderRow): Date {
  const over = job.completedAt ?? job.canceledAt;
  const finished =
    job.status === "completed" || job.status === "canceled"
      ? new Date((over ?? job.updatedAt).getTime() + GRACE_MS)
      : null;
  return finished && finished < link.expiresAt ? finished : link.expiresAt;
}

/** The link and its job when the link works now; else the generic 404. Locks both when asked (answers). */
async function current(tx: Transaction, token: string, lock: boolean): Promise<{ link: LinkRow; job: WorkOrderRow }> {
  const query = tx
    .select({ link: t, job: w })
    .from(t)
    .innerJoin(w, eq(w.id, t.workOrderId))
    .where(eq(t.tokenHash, hashToken(token)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row || row.link.revokedAt || row.job.deletedAt || endOf(row.link, row.job) <= new Date()) throw invalidLink();
  return row;
}

export const VisitInfo = z.object({
  workOrderNumber: z.string(),
  workType: z.string(),
  status: z.enum(workOrderStatuses),
  windowStart: z.iso.datetime().nullable(),
  windowEnd: z.iso.datetime().nullable(),
  scheduledStart: z.iso.datetime().nullable(),
  /** The technician's first name only; null until someone is assigned. */
  technicianFirstName: z.string().nullable(),
  eta: z.iso.datetime().nullable(),
  /** Where the ETA comes from: the technician's estimate, or the schedule. */
  etaSource: z.enum(["estimate", "schedule"]).nullable(),
  confirmedAt: z.iso.datetime().nullable(),
  reschedule: z
    .object({ requestedAt: z.iso.datetime(), preferredAt: z.iso.datetime().nullable(), reason: z.string() })
    .nullable(),
  /** Whether the customer may still confirm or ask to reschedule (not once the technician has started). */
  answerable: z.boolean(),
  expiresAt: z.iso.datetime(),
});
export type VisitInfo = z.infer<typeof VisitInfo>;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const answerableStatuses = new Set(["draft", "scheduled", "dispatched"]);

export const firstName = (displayName: string | null | undefined) => displayName?.trim().split(/\s+/)[0] || null;

async function infoOf(tx: Transaction, link: LinkRow, job: WorkOrderRow): Promise<VisitInfo> {
  const [tech] = job.primaryAssigneeId
    ? await tx.select({ name: userTable.displayName }).from(userTable).where(eq(userTable.id, job.primaryAssigneeId))
    : [];
  const eta = job.estimatedArrivalAt ?? job.scheduledStart;
  return {
    workOrderNumber: job.number,
    workType: job.workType,
    status: job.status,
    windowStart: iso(job.windowStart),
    windowEnd: iso(job.windowEnd),
    scheduledStart: iso(job.scheduledStart),
    technicianFirstName: firstName(tech?.name),
    eta: iso(eta),
    etaSource: job.estimatedArrivalAt ? "estimate" : job.scheduledStart ? "schedule" : null,
    confirmedAt: iso(link.confirmedAt),
    reschedule: link.rescheduleRequestedAt
      ? {
          requestedAt: link.rescheduleRequestedAt.toISOString(),
          preferredAt: iso(link.reschedulePreferredAt),
          reason: link.rescheduleReason ?? "",
        }
      : null,
    answerable: answerableStatuses.has(job.status),
    expiresAt: endOf(link, job).toISOString(),
  };
}

export const LinkCreated = z.object({ id: z.uuid(), url: z.string(), expiresAt: z.iso.datetime() });
export type LinkCreated = z.infer<typeof LinkCreated>;

/**
 * A new tracking link for a job (staff who dispatch): replaces the job's earlier links, so only the newest
 * one sent works. The URL carries the token in its fragment; it is shown once and never stored.
 */
export const createLink = fn(z.object({ workOrderId: id() }), async ({ workOrderId }): Promise<LinkCreated> => {
  requirePermission("operations:work_order:dispatch");
  return useTransaction(async (tx) => {
    const [job] = await tx.select().from(w).where(eq(w.id, workOrderId)).for("update");
    if (!job || job.deletedAt) throw new AppError("not_found", `Work order ${workOrderId} does not exist`);
    if (job.status === "completed" || job.status === "canceled") {
      throw new AppError("conflict", `Work order ${job.number} is ${job.status}: there is no visit left to track`, [
        { path: "workOrderId", message: `is ${job.status}` },
      ]);
    }
    const now = new Date();
    await tx
      .update(t)
      .set({ revokedAt: now })
      .where(and(eq(t.workOrderId, job.id), isNull(t.revokedAt)));
    const token = newToken();
    const expiresAt = new Date(now.getTime() + HARD_EXPIRY_MS);
    const actor = Audit.currentActor();
    const [row] = await tx
      .insert(t)
      .values({
        workOrderId: job.id,
        tokenHash: hashToken(token),
        createdById: actor.type === "user" ? actor.id : null,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: t.id });
    if (!row) throw new AppError("internal", "The tracking link was not stored");
    await Audit.record({
      action: "track.link_created",
      entityType: "work_order",
      entityId: job.id,
      changes: { trackLinkId: { to: row.id }, expiresAt: { to: expiresAt.toISOString() } },
    });
    return { id: row.id, url: `${publicUrl()}/track#${token}`, expiresAt: expiresAt.toISOString() };
  });
});

/** What the customer's page shows: window, technician's first name, status and ETA. Public: the token is the credential. */
export const view = fn(z.object({ token: Token }), async ({ token }): Promise<VisitInfo> => {
  return createTransaction(async (tx) => {
    const { link, job } = await current(tx, token, false);
    return infoOf(tx, link, job);
  });
});

function notAnswerable(job: WorkOrderRow): AppError {
  return new AppError(
    "conflict",
    job.status === "completed" || job.status === "canceled"
      ? `This visit is ${job.status}; there is nothing left to confirm or move`
      : "Your technician has already started this visit; call us to change it",
    [{ path: "status", message: job.status }],
  );
}

/** The customer confirms the appointment. Recorded once: a repeat answers the same and changes nothing. */
export const confirm = fn(z.object({ token: Token }), async ({ token }): Promise<VisitInfo> => {
  return createTransaction(async (tx) => {
    const { link, job } = await current(tx, token, true);
    if (link.confirmedAt) return infoOf(tx, link, job);
    if (!answerableStatuses.has(job.status)) throw notAnswerable(job);
    const [updated = link] = await tx.update(t).set({ confirmedAt: new Date() }).where(eq(t.id, link.id)).returning();
    await answered(updated, job, "confirmed");
    return infoOf(tx, updated, job);
  });
});

export const RescheduleInput = z.object({
  token: Token,
  /** When the customer would rather be visited (optional). */
  preferredAt: instant().optional(),
  reason: text(1_000, { min: 1 }),
});

/** The customer asks to move the visit, with a preferred time and why. Recorded once; a repeat changes nothing. */
export const requestReschedule = fn(RescheduleInput, async ({ token, preferredAt, reason }): Promise<VisitInfo> => {
  return createTransaction(async (tx) => {
    const { link, job } = await current(tx, token, true);
    if (link.rescheduleRequestedAt) return infoOf(tx, link, job);
    if (!answerableStatuses.has(job.status)) throw notAnswerable(job);
    if (preferredAt && preferredAt <= new Date()) {
      throw new AppError("validation", "Choose a preferred time in the future", [
        { path: "preferredAt", message: "is in the past" },
      ]);
    }
    const [updated = link] = await tx
      .update(t)
      .set({ rescheduleRequestedAt: new Date(), reschedulePreferredAt: preferredAt ?? null, rescheduleReason: reason })
      .where(eq(t.id, link.id))
      .returning();
    await answered(updated, job, "reschedule_requested");
    return infoOf(tx, updated, job);
  });
});

async function answered(link: LinkRow, job: WorkOrderRow, answer: "confirmed" | "reschedule_requested") {
  const reason = answer === "reschedule_requested" ? link.rescheduleReason : null;
  const preferredAt = answer === "reschedule_requested" ? iso(link.reschedulePreferredAt) : null;
  await emit(Events.VisitAnswered, { workOrderId: job.id, linkId: link.id, answer, preferredAt, reason });
  const actor = Audit.currentActor();
  await Audit.record({
    action: answer === "confirmed" ? "track.visit_confirmed" : "track.reschedule_requested",
    entityType: "work_order",
    entityId: job.id,
    changes: {
      trackLinkId: { to: link.id },
      ...(preferredAt ? { preferredAt: { to: preferredAt } } : {}),
      ...(reason ? { reason: { to: reason } } : {}),
    },
    // Whoever holds the link is anonymous: label the row as the customer's tracking link.
    actor: actor.type === "public" ? { ...actor, label: `track link ${link.id}` } : actor,
  });
}

export const AnswerInfo = z.object({
  linkId: z.uuid(),
  workOrderId: z.uuid(),
  workOrderNumber: z.string(),
  title: z.string(),
  status: z.enum(workOrderStatuses),
  scheduledStart: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  active: z.boolean(),
  confirmedAt: z.iso.datetime().nullable(),
  reschedule: z
    .object({
      requestedAt: z.iso.datetime(),
      preferredAt: z.iso.datetime().nullable(),
      reason: z.string(),
      handledAt: z.iso.datetime().nullable(),
    })
    .nullable(),
});
export type AnswerInfo = z.infer<typeof AnswerInfo>;

function answerInfo(link: LinkRow, job: WorkOrderRow, now: Date): AnswerInfo {
  return {
    linkId: link.id,
    workOrderId: job.id,
    workOrderNumber: job.number,
    title: job.title,
    status: job.status,
    scheduledStart: iso(job.scheduledStart),
    createdAt: link.createdAt.toISOString(),
    expiresAt: endOf(link, job).toISOString(),
    active: !link.revokedAt && !job.deletedAt && endOf(link, job) > now,
    confirmedAt: iso(link.confirmedAt),
    reschedule: link.rescheduleRequestedAt
      ? {
          requestedAt: link.rescheduleRequestedAt.toISOString(),
          preferredAt: iso(link.reschedulePreferredAt),
          reason: link.rescheduleReason ?? "",
          handledAt: iso(link.rescheduleHandledAt),
        }
      : null,
  };
}

/** A job's tracking links, newest first, with the customer's answers (staff who read work orders). */
export const linksOf = fn(id(), async (workOrderId): Promise<AnswerInfo[]> => {
  requirePermission("operations:work_order:read");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ link: t, job: w })
      .from(t)
      .innerJoin(w, eq(w.id, t.workOrderId))
      .where(and(eq(t.workOrderId, workOrderId), isNull(w.deletedAt)))
      .orderBy(desc(t.createdAt))
      .limit(50);
    const now = new Date();
    return rows.map((r) => answerInfo(r.link, r.job, now));
  });
});

/** Customers' reschedule requests nobody has handled yet, oldest first: the dispatcher's to-do list. */
export const openRequests = fn(z.object({}).default({}), async (): Promise<AnswerInfo[]> => {
  requirePermission("operations:work_order:dispatch");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ link: t, job: w })
      .from(t)
      .innerJoin(w, eq(w.id, t.workOrderId))
      .where(and(isNotNull(t.rescheduleRequestedAt), isNull(t.rescheduleHandledAt), isNull(w.deletedAt)))
      .orderBy(t.rescheduleRequestedAt)
      .limit(200);
    const now = new Date();
    return rows.map((r) => answerInfo(r.link, r.job, now));
  });
});

/** The dispatcher dealt with a reschedule request (moved the job, or called the customer). Idempotent. */
export const markHandled = fn(id(), async (linkId): Promise<AnswerInfo> => {
  requirePermission("operations:work_order:dispatch");
  return useTransaction(async (tx) => {
    const [row] = await tx
      .select({ link: t, job: w })
      .from(t)
      .innerJoin(w, eq(w.id, t.workOrderId))
      .where(eq(t.id, linkId))
      .for("update");
    if (!row || row.job.deletedAt || !row.link.rescheduleRequestedAt) {
      throw new AppError("not_found", `There is no reschedule request on tracking link ${linkId}`);
    }
    let link = row.link;
    if (!link.rescheduleHandledAt) {
      [link = row.link] = await tx
        .update(t)
        .set({ rescheduleHandledAt: new Date() })
        .where(eq(t.id, linkId))
        .returning();
      await Audit.record({
        action: "track.reschedule_handled",
        entityType: "work_order",
        entityId: row.job.id,
        changes: { trackLinkId: { to: linkId } },
      });
    }
    return answerInfo(link, row.job, new Date());
  });
});
export { MapSettings, mapSettings } from "./map";
