import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Dispatch from "../dispatch";
import { useActor } from "../platform/context";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { Expense } from "../timecost";
import * as WorkOrder from "../workorder";
import { requireFieldUser } from "./actor";

/**
 * The app's schedule, location sharing and its manager screens, composed from dispatch, workorder and
 * timecost verbs (each checks its own permissions; these add nothing but the composition).
 */

const OPEN = ["scheduled", "dispatched", "in_progress", "paused"] as const;
/** What a manager still acts on: open jobs and drafts waiting for a technician. */
const MANAGED = ["draft", ...OPEN] as const;
/** A position younger than this makes a technician "live" on the manager's map. */
const LIVE_MS = 15 * 60_000;

export interface ScheduleEntry {
  type: "shift" | "availability" | "job";
  startAt: string;
  endAt: string | null;
  title: string;
  referenceId: string;
}

/**
 * The next two weeks: the technician's jobs, and their shifts and blocks when their role may read
 * technician profiles (operations:technician:read).
 */
export const schedule = fn(z.object({}).default({}), async (): Promise<ScheduleEntry[]> => {
  const user = requireFieldUser("field:schedule:read");
  const from = new Date(Date.now() - 24 * 3600_000);
  const to = new Date(Date.now() + 14 * 24 * 3600_000);
  const jobs = await WorkOrder.list({ assignee: "me", from, to, limit: 200 });
  const entries: ScheduleEntry[] = jobs.items
    .filter((j) => j.scheduledStart)
    .map((j) => ({
      type: "job",
      startAt: j.scheduledStart as string,
      endAt: j.scheduledEnd,
      title: `${j.number} ${j.title}`,
      referenceId: j.id,
    }));
  if (user.portal === "staff" && holds("operations:technician:read")) {
    const tech = await Dispatch.Technicians.get({ userId: user.userId }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === "not_found") return undefined;
      throw e;
    });
    for (const s of tech?.shifts ?? []) {
      entries.push({ type: "shift", startAt: s.startsAt, endAt: s.endsAt, title: "Shift", referenceId: s.id });
    }
    for (const b of tech?.blocks ?? []) {
      entries.push({
        type: "availability",
        startAt: b.startsAt,
        endAt: b.endsAt,
        title: b.reason ?? b.kind,
        referenceId: b.id,
      });
    }
  }
  return entries.sort((a, b) => a.startAt.localeCompare(b.startAt));
});

/** The technician's consent to share their location (off deletes what was kept). */
export const setSharing = fn(z.object({ enabled: z.boolean() }), async ({ enabled }) => {
  requireFieldUser("field:job:read");
  return Dispatch.setLocationSharing({ enabled });
});

/** The technician's own consent flag and last ping (dispatch's self-read; 404 without a profile). */
export const myLocation = fn(z.object({}).default({}), async () => {
  requireFieldUser("field:job:read");
  return Dispatch.me({});
});

/** A batch of pings from the phone (kept 48 h, once per ping). */
export const report = fn(
  z.object({
    pings: z
      .array(
        z.object({
          latitude: z.number().min(-90).max(90),
          longitude: z.number().min(-180).max(180),
          accuracy: z.number().min(0).max(100_000).nullish(),
          recordedAt: z.coerce.date(),
          workOrderId: id().nullish(),
        }),
      )
      .min(1)
      .max(200),
  }),
  async ({ pings }) => {
    requireFieldUser("field:job:read");
    return Dispatch.reportPositions({
      positions: pings.map((p) => ({
        latitude: p.latitude,
        longitude: p.longitude,
        recordedAt: p.recordedAt,
        ...(p.accuracy != null ? { accuracy: p.accuracy } : {}),
        ...(p.workOrderId ? { workOrderId: p.workOrderId } : {}),
      })),
    });
  },
);

/** Who the manager screens are for: dispatchers and expense approvers. */
export const managerProfile = fn(z.object({}).default({}), async () => {
  const actor = useActor();
  if (actor.type !== "user" || actor.properties.portal !== "staff") {
    throw new AppError("forbidden", "The manager screens are for staff");
  }
  const dispatches = holds("operations:work_order:dispatch");
  const approves = holds("operations:expense_request:approve");
  return {
    name: actor.properties.email,
    roles: actor.properties.roles,
    permissions: actor.properties.permissions,
    isManager: dispatches || approves,
  };
});

function requireManager() {
  if (!holds("operations:expense_request:approve")) requirePermission("operations:work_order:dispatch");
}

/** Today's board for the manager's map and list (dispatch's board, UTC day). */
async function today() {
  return Dispatch.board({ date: new Date().toISOString().slice(0, 10), days: 1 });
}

export const managerTechnicians = fn(z.object({}).default({}), async () => {
  requirePermission("operations:work_order:dispatch");
  const [board, profiles] = await Promise.all([today(), Dispatch.Technicians.list({})]);
  const sharing = new Map(profiles.map((p) => [p.userId, p.locationSharing]));
  return board.technicians.map((t) => {
    const last = t.lastPosition;
    const active = t.jobs.find((j) => j.status === "in_progress" || j.status === "dispatched") ?? null;
    return {
      userId: t.userId,
      name: t.name,
      title: t.title,
      region: t.region,
      locationSharing: sharing.get(t.userId) ?? false,
      live: Boolean(last && Date.now() - Date.parse(last.recordedAt) < LIVE_MS),
      lastPosition: last,
      activeJob: active ? { id: active.id, title: active.title, status: active.status } : null,
    };
  });
});

export const managerSummary = fn(z.object({}).default({}), async () => {
  requireManager();
  const dispatches = holds("operations:work_order:dispatch");
  const [technicians, open, unassigned, queue] = await Promise.all([
    dispatches ? managerTechnicians({}) : Promise.resolve([]),
    dispatches ? WorkOrder.list({ status: [...OPEN], limit: 200 }) : Promise.resolve({ items: [] }),
    dispatches
      ? WorkOrder.list({ status: [...MANAGED], assignee: "none", limit: 200 })
      : Promise.resolve({ items: [] }),
    holds("operations:expense_request:approve")
      ? Expense.list({ scope: "queue", limit: 100 })
      : Promise.resolve({ items: [] }),
  ]);
  return {
    techniciansTotal: technicians.length,
    techniciansLive: technicians.filter((t) => t.live).length,
    techniciansSharing: technicians.filter((t) => t.locationSharing).length,
    openJobs: open.items.length,
    unassignedJobs: unassigned.items.length,
    pendingExpenses: queue.items.length,
  };
});

export const managerJobs = fn(z.object({}).default({}), async () => {
  requirePermission("operations:work_order:dispatch");
  return (await WorkOrder.list({ status: [...MANAGED], limit: 200 })).items;
});

/** The manager assigns a job to one technician (primary); assignment pushes it to their phone. */
export const assign = fn(z.object({ workOrderId: id(), userId: id() }), ({ workOrderId, userId }) =>
  WorkOrder.setAssignees({ id: workOrderId, assignees: [{ userId, isPrimary: true }] }),
);

/**
 * The manager takes a job back from whoever has it, saying why: the job returns to the unassigned queue
 * and the reason stays on it as an internal note. Sent again (the app's outbox), it changes nothing.
 */
export const unassign = fn(z.object({ workOrderId: id(), reason: text(500) }), ({ workOrderId, reason }) =>
  createTransaction(async () => {
    const job = await WorkOrder.get(workOrderId);
    if (job.assignees.length === 0) return job;
    const names = job.assignees.map((a) => a.name).join(", ");
    const after = await WorkOrder.setAssignees({ id: workOrderId, assignees: [] });
    await WorkOrder.addNote({ id: workOrderId, body: `Unassigned from ${names}: ${reason}`, internal: true });
    return after;
  }),
);
