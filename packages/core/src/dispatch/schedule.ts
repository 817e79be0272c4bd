import { and, asc, desc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, text } from "../platform/input";
import * as Outbox from "../platform/outbox";
import { live, liveRow } from "../platform/soft-delete";
import { lockTechnician } from "../workorder/booking";
import { moveJob } from "../workorder/status";
import { workOrderAssignmentTable, workOrderTable } from "../workorder/workorder.sql";
import {
  availabilityBlockTable,
  skillTable,
  technicianPositionTable,
  technicianProfileTable,
  technicianShiftTable,
} from "./dispatch.sql";
import { Events } from "./events";
import { groupBy, type Point, pointOf, travel, wallClock } from "./geo";
import { loadRules, matchRule } from "./rules";
import { loadTechnicians, type TechnicianInfo } from "./technicians";

const HOUR = 3_600_000;

export const conflictKinds = [
  "inactive",
  "double_booking",
  "missing_skill",
  "outside_shift",
  "unavailable",
  "max_jobs",
  "travel",
  "outside_window",
] as const;
export type ConflictKind = (typeof conflictKinds)[number];
/** Only these can never be overridden: a technician in two places at once, or one no longer working. */
const BLOCKING = new Set<ConflictKind>(["inactive", "double_booking"]);

export const Conflict = z.object({ kind: z.enum(conflictKinds), message: z.string(), blocking: z.boolean() });
export type Conflict = z.infer<typeof Conflict>;

/** A scheduled job as the board and the conflict checks see it. */
export interface Job {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: string;
  workType: string;
  start: Date;
  end: Date;
  latitude: number | null;
  longitude: number | null;
  windowStart: Date | null;
  windowEnd: Date | null;
}

export interface LastPosition {
  latitude: number;
  longitude: number;
  accuracy: number | null;
  recordedAt: Date;
  workOrderId: string | null;
}

/** One technician's calendar around a period: what every check, the ranking and the board read. */
export interface TechSchedule {
  tech: TechnicianInfo;
  shifts: Array<typeof technicianShiftTable.$inferSelect>;
  blocks: Array<typeof availabilityBlockTable.$inferSelect>;
  jobs: Job[];
  lastPosition: LastPosition | null;
}

/**
 * The schedules of `userIds` (every technician when absent) between `from` and `to`, in six queries
 * however many technicians and jobs there are (no query per technician).
 */
export async function loadSchedules(tx: Tx, from: Date, to: Date, userIds?: string[]): Promise<TechSchedule[]> {
  const techs = await loadTechnicians(tx, userIds);
  if (techs.length === 0) return [];
  const ids = techs.map((t) => t.userId);
  const [shifts, blocks, jobs, positions] = await Promise.all([
    tx
      .select()
      .from(technicianShiftTable)
      .where(
        and(
          inArray(technicianShiftTable.userId, ids),
          lt(technicianShiftTable.startsAt, to),
          gt(technicianShiftTable.endsAt, from),
        ),
      )
      .orderBy(asc(technicianShiftTable.startsAt)),
    tx
      .select()
      .from(availabilityBlockTable)
      .where(
        and(
          inArray(availabilityBlockTable.userId, ids),
          lt(availabilityBlockTable.startsAt, to),
          gt(availabilityBlockTable.endsAt, from),
        ),
      )
      .orderBy(asc(availabilityBlockTable.startsAt)),
    tx
      .select({
        id: workOrderTable.id,
        userId: workOrderTable.primaryAssigneeId,
        number: workOrderTable.number,
        title: workOrderTable.title,
        status: workOrderTable.status,
        priority: workOrderTable.priority,
        workType: workOrderTable.workType,
        start: workOrderTable.scheduledStart,
        end: workOrderTable.scheduledEnd,
        latitude: workOrderTable.latitude,
        longitude: workOrderTable.longitude,
        windowStart: workOrderTable.windowStart,
        windowEnd: workOrderTable.windowEnd,
      })
      .from(workOrderTable)
      .where(
        and(
          inArray(workOrderTable.primaryAssigneeId, ids),
          lt(workOrderTable.scheduledStart, to),
          gt(workOrderTable.scheduledEnd, from),
          ne(workOrderTable.status, "canceled"),
          live(workOrderTable),
        ),
      )
      .orderBy(asc(workOrderTable.scheduledStart)),
    tx
      .selectDistinctOn([technicianPositionTable.userId])
      .from(technicianPositionTable)
      .where(inArray(technicianPositionTable.userId, ids))
      .orderBy(technicianPositionTable.userId, desc(technicianPositionTable.recordedAt)),
  ]);
  const shiftsBy = groupBy(shifts, (s) => s.userId);
  const blocksBy = groupBy(blocks, (b) => b.userId);
  const jobsBy = groupBy(jobs, (j) => j.userId);
  const positionBy = new Map(positions.map((p) => [p.userId, p]));
  return techs.map((tech) => {
    const p = positionBy.get(tech.userId);
    return {
      tech,
      shifts: shiftsBy.get(tech.userId) ?? [],
      blocks: blocksBy.get(tech.userId) ?? [],
      jobs: (jobsBy.get(tech.userId) ?? []).map(({ userId: _, start, end, ...j }) => ({
        ...j,
        start: start as Date,
        end: end ?? new Date((start as Date).getTime() + HOUR),
      })),
      lastPosition: p
        ? {
            latitude: p.latitude,
            longitude: p.longitude,
            accuracy: p.accuracy,
            recordedAt: p.recordedAt,
            workOrderId: p.workOrderId,
          }
        : null,
    };
  });
}

/** A proposed slot for a job. */
export interface Proposal {
  workOrderId: string;
  start: Date;
  end: Date;
  point: Point | null;
  requiredSkills: string[];
  windowStart: Date | null;
  windowEnd: Date | null;
}

export interface Evaluation {
  conflicts: Conflict[];
  previous: Job | null;
  next: Job | null;
  /** Driving minutes from the previous job (null when either has no coordinates). */
  travelMinutesBefore: number | null;
  travelMinutesAfter: number | null;
  /** Jobs the technician already has on the slot's local day. */
  jobsThatDay: number;
}

const active = (j: Job) => j.status !== "completed" && j.status !== "canceled";

/** Every reason `s.tech` should not take the slot, in a fixed order (the first is auto-assign's reason). */
export function evaluate(s: TechSchedule, p: Proposal, skillNames: Map<string, string>): Evaluation {
  const zone = s.tech.timeZone;
  const hhmm = (at: Date) => wallClock(zone, at).time;
  const conflicts: Conflict[] = [];
  const add = (kind: ConflictKind, message: string) => conflicts.push({ kind, message, blocking: BLOCKING.has(kind) });
  if (!s.tech.active) add("inactive", `${s.tech.name} is not an active technician`);
  const others = s.jobs.filter((j) => j.id !== p.workOrderId && active(j));
  const overlap = others.find((j) => j.start < p.end && j.end > p.start);
  if (overlap)
    add(
      "double_booking",
      `${s.tech.name} already has ${overlap.number} from ${hhmm(overlap.start)} to ${hhmm(overlap.end)}`,
    );
  const held = new Set(s.tech.skills.map((k) => k.skillId));
  const missing = p.requiredSkills.filter((k) => !held.has(k));
  if (missing.length) {
    add("missing_skill", `${s.tech.name} lacks ${missing.map((k) => skillNames.get(k) ?? k).join(", ")}`);
  }
  if (!s.shifts.some((sh) => sh.startsAt <= p.start && sh.endsAt >= p.end)) {
    add("outside_shift", `${hhmm(p.start)}–${hhmm(p.end)} is outside ${s.tech.name}'s shifts`);
  }
  const block = s.blocks.find((b) => b.startsAt < p.end && b.endsAt > p.start);
  if (block)
    add(
      "unavailable",
      `${s.tech.name} is unavailable (${block.kind.replace("_", " ")}${block.reason ? `: ${block.reason}` : ""})`,
    );
  const day = wallClock(zone, p.start).date;
  const jobsThatDay = others.filter((j) => wallClock(zone, j.start).date === day).length;
  if (jobsThatDay >= s.tech.maxJobsPerDay) {
    add("max_jobs", `${s.tech.name} already has ${jobsThatDay} jobs on ${day} (at most ${s.tech.maxJobsPerDay})`);
  }
  const previous = others.filter((j) => j.start < p.start && j !== overlap).at(-1) ?? null;
  const next = others.find((j) => j.start >= p.start && j !== overlap) ?? null;
  const minutes = (a: Date, b: Date) => Math.floor((b.getTime() - a.getTime()) / 60_000);
  let travelMinutesBefore: number | null = null;
  let travelMinutesAfter: number | null = null;
  const prevPoint = previous && pointOf(previous.latitude, previous.longitude);
  if (prevPoint && p.point) {
    travelMinutesBefore = travel(prevPoint, p.point).minutes;
    const gap = minutes(previous.end, p.start);
    if (travelMinutesBefore > gap) {
      add(
        "travel",
        `About ${travelMinutesBefore} min drive from ${previous.number} (ends ${hhmm(previous.end)}) but only ${gap} min between`,
      );
    }
  }
  const nextPoint = next && pointOf(next.latitude, next.longitude);
  if (nextPoint && p.point) {
    travelMinutesAfter = travel(p.point, nextPoint).minutes;
    const gap = minutes(p.end, next.start);
    if (travelMinutesAfter > gap) {
      add(
        "travel",
        `About ${travelMinutesAfter} min drive to ${next.number} (starts ${hhmm(next.start)}) but only ${gap} min between`,
      );
    }
  }
  if (p.windowStart && p.windowEnd && (p.start < p.windowStart || p.start > p.windowEnd)) {
    add(
      "outside_window",
      `Arrival at ${hhmm(p.start)} is outside the customer's window ${hhmm(p.windowStart)}–${hhmm(p.windowEnd)}`,
    );
  }
  return { conflicts, previous, next, travelMinutesBefore, travelMinutesAfter, jobsThatDay };
}

export type WorkOrderRow = typeof workOrderTable.$inferSelect;

/** The skills a job needs: its own plus those of the first dispatch rule that matches it. */
export async function requiredSkillsOf(
  tx: Tx,
  wo: WorkOrderRow,
): Promise<{ skills: string[]; names: Map<string, string> }> {
  const rule = matchRule(await loadRules(tx), wo);
  const skills = [...new Set([...wo.requiredSkills, ...(rule?.skillIds ?? [])])];
  const names = skills.length
    ? await tx
        .select({ id: skillTable.id, name: skillTable.name })
        .from(skillTable)
        .where(inArray(skillTable.id, skills))
    : [];
  return { skills, names: new Map(names.map((n) => [n.id, n.name])) };
}

export function proposalOf(wo: WorkOrderRow, start: Date, end: Date | undefined, skills: string[]): Proposal {
  return {
    workOrderId: wo.id,
    start,
    end: end ?? new Date(start.getTime() + wo.estimatedDurationMinutes * 60_000),
    point: pointOf(wo.latitude, wo.longitude),
    requiredSkills: skills,
    windowStart: wo.windowStart,
    windowEnd: wo.windowEnd,
  };
}

function assertOpen(wo: WorkOrderRow) {
  if (wo.status === "completed" || wo.status === "canceled") {
    throw new AppError("precondition_failed", `Work order ${wo.number} is ${wo.status}; it cannot be scheduled`);
  }
}

function assertEnd(start: Date, end: Date | undefined) {
  if (end && end <= start)
    throw new AppError("validation", "Invalid input: end: must be after start", [
      { path: "end", message: "is not after start" },
    ]);
}

async function scheduleOf(tx: Tx, userId: string, p: Proposal): Promise<TechSchedule> {
  const [s] = await loadSchedules(tx, new Date(p.start.getTime() - 24 * HOUR), new Date(p.end.getTime() + 24 * HOUR), [
    userId,
  ]);
  if (!s) throw new AppError("not_found", `Technician ${userId} does not exist; give them a technician profile first`);
  return s;
}

const CheckInput = z.object({ workOrderId: id(), technicianUserId: id(), start: instant(), end: instant().optional() });

export const CheckResult = z.object({
  start: z.string(),
  end: z.string(),
  conflicts: z.array(Conflict),
  travelMinutesBefore: z.number().int().nullable(),
  travelMinutesAfter: z.number().int().nullable(),
});
export type CheckResult = z.infer<typeof CheckResult>;

/** What dropping the job on this technician at `start` would break, before the drop (read-only). */
export const check = fn(CheckInput, async (input): Promise<CheckResult> => {
  requirePermission("operations:work_order:dispatch");
  assertEnd(input.start, input.end);
  return createTransaction(async (tx) => {
    const wo = await liveRow(tx, workOrderTable, "Work order", input.workOrderId);
    const { skills, names } = await requiredSkillsOf(tx, wo);
    const p = proposalOf(wo, input.start, input.end, skills);
    const e = evaluate(await scheduleOf(tx, input.technicianUserId, p), p, names);
    return {
      start: p.start.toISOString(),
      end: p.end.toISOString(),
      conflicts: e.conflicts,
      travelMinutesBefore: e.travelMinutesBefore,
      travelMinutesAfter: e.travelMinutesAfter,
    };
  });
});

export const AppointmentInfo = z.object({
  workOrderId: z.uuid(),
  number: z.string(),
  status: z.string(),
  technicianUserId: z.uuid().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  /** The conflicts a dispatcher overrode to book this (empty when none). */
  overridden: z.array(Conflict),
});
export type AppointmentInfo = z.infer<typeof AppointmentInfo>;

export const AppointmentInput = z
  .object({
    workOrderId: id(),
    technicianUserId: id(),
    start: instant(),
    end: instant().optional(),
    windowStart: instant().nullish(),
    windowEnd: instant().nullish(),
    override: z.boolean().default(false),
    reason: text(500).optional(),
  })
  .refine((v) => !v.override || v.reason, { message: "say why the conflicts are overridden", path: ["reason"] })
  .refine((v) => (v.windowStart == null) === (v.windowEnd == null), {
    message: "goes with windowStart",
    path: ["windowEnd"],
  });

/**
 * Books the job for a technician (its primary assignee) at a slot. The job row then the technician's
 * profile row are locked, so two bookings of one technician run one after the other and the second sees
 * the first: double booking is refused always; other conflicts only without `override` + `reason`.
 */
export async function book(
  input: z.output<typeof AppointmentInput>,
  via: "manual" | "auto" = "manual",
): Promise<AppointmentInfo> {
  assertEnd(input.start, input.end);
  return createTransaction(async (tx) => {
    const wo = await liveRow(tx, workOrderTable, "Work order", input.workOrderId, true);
    assertOpen(wo);
    // The technician's lock every schedule write takes (the work-order verbs too), then their profile.
    await lockTechnician(tx, input.technicianUserId);
    const [profile] = await tx
      .select({ userId: technicianProfileTable.userId })
      .from(technicianProfileTable)
      .where(eq(technicianProfileTable.userId, input.technicianUserId))
      .for("update");
    if (!profile) {
      throw new AppError("validation", `technicianUserId: ${input.technicianUserId} is not a technician`, [
        { path: "technicianUserId", message: "has no technician profile" },
      ]);
    }
    const windowStart = input.windowStart === undefined ? wo.windowStart : input.windowStart;
    const windowEnd = input.windowEnd === undefined ? wo.windowEnd : input.windowEnd;
    if (windowStart && windowEnd && windowEnd <= windowStart) {
      throw new AppError("validation", "Invalid input: windowEnd: must be after windowStart", [
        { path: "windowEnd", message: "is not after windowStart" },
      ]);
    }
    const { skills, names } = await requiredSkillsOf(tx, wo);
    const p = { ...proposalOf(wo, input.start, input.end, skills), windowStart, windowEnd };
    const { conflicts } = evaluate(await scheduleOf(tx, input.technicianUserId, p), p, names);
    const blocking = conflicts.filter((c) => c.blocking);
    const refuse = blocking.length ? blocking : input.override ? [] : conflicts;
    if (refuse.length) {
      const hint = blocking.length ? "" : "; pass override with a reason to book anyway";
      throw new AppError(
        "conflict",
        `${refuse.map((c) => c.message).join("; ")}${hint}`,
        refuse.map((c) => ({ path: c.kind, message: c.message })),
        { reason: { key: refuse[0]?.kind as string } },
      );
    }
    const previousAssignee = wo.primaryAssigneeId;
    if (previousAssignee && previousAssignee !== input.technicianUserId) {
      await tx
        .delete(workOrderAssignmentTable)
        .where(
          and(eq(workOrderAssignmentTable.workOrderId, wo.id), eq(workOrderAssignmentTable.userId, previousAssignee)),
        );
    }
    await tx
      .update(workOrderAssignmentTable)
      .set({ isPrimary: false })
      .where(
        and(
          eq(workOrderAssignmentTable.workOrderId, wo.id),
          eq(workOrderAssignmentTable.isPrimary, true),
          ne(workOrderAssignmentTable.userId, input.technicianUserId),
        ),
      );
    await tx
      .insert(workOrderAssignmentTable)
      .values({ workOrderId: wo.id, userId: input.technicianUserId, role: "technician", isPrimary: true })
      .onConflictDoUpdate({
        target: [workOrderAssignmentTable.workOrderId, workOrderAssignmentTable.userId],
        set: { isPrimary: true },
      });
    const [row] = await tx
      .update(workOrderTable)
      .set({
        primaryAssigneeId: input.technicianUserId,
        scheduledStart: p.start,
        scheduledEnd: p.end,
        windowStart,
        windowEnd,
      })
      .where(eq(workOrderTable.id, wo.id))
      .returning();
    // The status is the fold of the job's log: a draft becomes scheduled by a staff entry in that log
    // (the work-order domain's own move), never by writing the column.
    const booked = row as WorkOrderRow;
    const after = booked.status === "draft" ? await moveJob(tx, booked, "scheduled", { authoritative: true }) : booked;
    await Audit.record({
      action: "dispatch.appointment_set",
      entityType: "work_order",
      entityId: wo.id,
      changes: {
        ...Audit.diff(wo, after, [
          "primaryAssigneeId",
          "scheduledStart",
          "scheduledEnd",
          "windowStart",
          "windowEnd",
          "status",
        ]),
        via: { to: via },
        ...(conflicts.length
          ? { overridden: { to: conflicts.map((c) => c.kind) }, reason: { to: input.reason ?? null } }
          : {}),
      },
    });
    await Outbox.emit(Events.AppointmentSet, {
      workOrderId: wo.id,
      technicianUserId: input.technicianUserId,
      previousTechnicianUserId: previousAssignee,
      start: p.start.toISOString(),
      end: p.end.toISOString(),
    });
    return toAppointment(after, conflicts);
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const toAppointment = (wo: WorkOrderRow, overridden: Conflict[]): AppointmentInfo => ({
  workOrderId: wo.id,
  number: wo.number,
  status: wo.status,
  technicianUserId: wo.primaryAssigneeId,
  start: iso(wo.scheduledStart),
  end: iso(wo.scheduledEnd),
  windowStart: iso(wo.windowStart),
  windowEnd: iso(wo.windowEnd),
  overridden,
});

/** Sets a job's technician and slot (operations:work_order:dispatch); see `book`. */
export const appoint = fn(AppointmentInput, async (input): Promise<AppointmentInfo> => {
  requirePermission("operations:work_order:dispatch");
  return book(input);
});

/** Takes a job off the schedule back to the unscheduled queue (its technician is unassigned). */
export const unschedule = fn(id(), async (workOrderId): Promise<AppointmentInfo> => {
  requirePermission("operations:work_order:dispatch");
  return createTransaction(async (tx) => {
    const wo = await liveRow(tx, workOrderTable, "Work order", workOrderId, true);
    assertOpen(wo);
    if (wo.status === "in_progress" || wo.status === "paused") {
      throw new AppError(
        "precondition_failed",
        `Work order ${wo.number} is ${wo.status.replace("_", " ")}; it cannot be unscheduled`,
      );
    }
    if (wo.primaryAssigneeId) {
      await tx
        .delete(workOrderAssignmentTable)
        .where(
          and(
            eq(workOrderAssignmentTable.workOrderId, wo.id),
            eq(workOrderAssignmentTable.userId, wo.primaryAssigneeId),
          ),
        );
    }
    const [row] = await tx
      .update(workOrderTable)
      .set({ primaryAssigneeId: null, scheduledStart: null, scheduledEnd: null })
      .where(eq(workOrderTable.id, wo.id))
      .returning();
    const cleared = row as WorkOrderRow;
    const after =
      cleared.status === "dispatched" || cleared.status === "scheduled"
        ? await moveJob(tx, cleared, "draft", { authoritative: true })
        : cleared;
    await Audit.record({
      action: "dispatch.appointment_cleared",
      entityType: "work_order",
      entityId: wo.id,
      changes: Audit.diff(wo, after, ["primaryAssigneeId", "scheduledStart", "scheduledEnd", "status"]),
    });
    await Outbox.emit(Events.AppointmentSet, {
      workOrderId: wo.id,
      technicianUserId: null,
      previousTechnicianUserId: wo.primaryAssigneeId,
      start: null,
      end: null,
    });
    return toAppointment(after, []);
  });
});

/** Live jobs waiting for a slot or a technician, most urgent and oldest first (the board's queue). */
export async function unscheduledJobs(tx: Tx, limit = 200) {
  return tx
    .select()
    .from(workOrderTable)
    .where(
      and(
        live(workOrderTable),
        sql`${workOrderTable.status} not in ('completed', 'canceled')`,
        sql`(${workOrderTable.scheduledStart} is null or ${workOrderTable.primaryAssigneeId} is null)`,
      ),
    )
    .orderBy(
      sql`array_position(array['urgent','high','medium','low']::text[], ${workOrderTable.priority})`,
      asc(workOrderTable.createdAt),
    )
    .limit(limit);
}
