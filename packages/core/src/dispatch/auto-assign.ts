import * as z from "zod";
import { requirePermission } from "../access";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant } from "../platform/input";
import { liveRow } from "../platform/soft-delete";
import { workOrderTable } from "../workorder/workorder.sql";
import { haversineKm, type Point, pointOf } from "./geo";
import { loadRules, matchRule } from "./rules";
import {
  AppointmentInfo,
  book,
  Conflict,
  evaluate,
  loadSchedules,
  proposalOf,
  requiredSkillsOf,
  type TechSchedule,
  type WorkOrderRow,
} from "./schedule";

const HOUR = 3_600_000;
/** A last position older than this (from the slot) says nothing about where the technician will start. */
const POSITION_FRESH_MS = 12 * HOUR;
/** Ranking weights: one proficiency level is worth 20 km, one more job that day 10 km. */
const PROFICIENCY_WEIGHT = 20;
const JOB_WEIGHT = 10;
/** A technician with no known position or home base ranks as if this far away. */
const UNKNOWN_KM = 50;

export const Candidate = z.object({
  userId: z.uuid(),
  name: z.string(),
  score: z.number(),
  /** Mean proficiency (1–5) over the required skills; null when the job requires none. */
  proficiency: z.number().nullable(),
  distanceKm: z.number().nullable(),
  distanceFrom: z.enum(["previous_job", "last_position", "home_base"]).nullable(),
  jobsThatDay: z.number().int(),
});
export type Candidate = z.infer<typeof Candidate>;

export const Rejection = z.object({
  userId: z.uuid(),
  name: z.string(),
  reason: z.object({ key: z.string(), message: z.string() }),
  conflicts: z.array(Conflict),
});

export const AutoAssignResult = z.object({
  dryRun: z.boolean(),
  start: z.string(),
  end: z.string(),
  requiredSkills: z.array(z.uuid()),
  chosen: Candidate.nullable(),
  candidates: z.array(Candidate),
  rejected: z.array(Rejection),
  appointment: AppointmentInfo.nullable(),
});
export type AutoAssignResult = z.infer<typeof AutoAssignResult>;

/** Where the technician will come from: the job before the slot that day, a fresh ping, or home. */
function origin(s: TechSchedule, previous: { latitude: number | null; longitude: number | null } | null, start: Date) {
  const prev = previous && pointOf(previous.latitude, previous.longitude);
  if (prev) return { point: prev, from: "previous_job" as const };
  const last = s.lastPosition;
  if (last && Math.abs(start.getTime() - last.recordedAt.getTime()) <= POSITION_FRESH_MS) {
    return { point: { latitude: last.latitude, longitude: last.longitude }, from: "last_position" as const };
  }
  const home = pointOf(s.tech.homeLatitude, s.tech.homeLongitude);
  return home ? { point: home, from: "home_base" as const } : null;
}

/**
 * Every technician judged for the slot in one pass over their schedules (six queries in all): those with
 * any conflict are rejected with the first as the reason; the rest are ranked by score =
 * 20 × proficiency − distance km − 10 × jobs that day (higher first; ties by name).
 */
export function rank(
  schedules: TechSchedule[],
  wo: WorkOrderRow,
  start: Date,
  end: Date | undefined,
  skills: string[],
  names: Map<string, string>,
) {
  const p = proposalOf(wo, start, end, skills);
  const candidates: Candidate[] = [];
  const rejected: z.infer<typeof Rejection>[] = [];
  for (const s of schedules) {
    const e = evaluate(s, p, names);
    const first = e.conflicts[0];
    if (first) {
      rejected.push({
        userId: s.tech.userId,
        name: s.tech.name,
        reason: { key: first.kind, message: first.message },
        conflicts: e.conflicts,
      });
      continue;
    }
    const levels = skills.map((k) => s.tech.skills.find((x) => x.skillId === k)?.proficiency ?? 0);
    const proficiency = levels.length
      ? Math.round((levels.reduce((a, b) => a + b, 0) / levels.length) * 10) / 10
      : null;
    const from = origin(s, e.previous, p.start);
    const distanceKm = from && p.point ? Math.round(haversineKm(from.point, p.point as Point) * 10) / 10 : null;
    const score = (proficiency ?? 0) * PROFICIENCY_WEIGHT - (distanceKm ?? UNKNOWN_KM) - e.jobsThatDay * JOB_WEIGHT;
    candidates.push({
      userId: s.tech.userId,
      name: s.tech.name,
      score: Math.round(score * 10) / 10,
      proficiency,
      distanceKm,
      distanceFrom: distanceKm === null ? null : (from?.from ?? null),
      jobsThatDay: e.jobsThatDay,
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return { proposal: p, candidates, rejected };
}

async function run(workOrderId: string, dryRun: boolean, start?: Date): Promise<AutoAssignResult> {
  const judged = await useTransaction(async (tx) => {
    const wo = await liveRow(tx, workOrderTable, "Work order", workOrderId);
    const at = start ?? wo.scheduledStart ?? wo.windowStart;
    if (!at) {
      throw new AppError("validation", "Invalid input: start: the job has no slot or customer window; give a start", [
        { path: "start", message: "is required for a job without a window" },
      ]);
    }
    const { skills, names } = await requiredSkillsOf(tx, wo);
    const end = new Date(at.getTime() + wo.estimatedDurationMinutes * 60_000);
    const schedules = await loadSchedules(tx, new Date(at.getTime() - 24 * HOUR), new Date(end.getTime() + 24 * HOUR));
    return { skills, ...rank(schedules, wo, at, end, skills, names) };
  });
  const chosen = judged.candidates[0] ?? null;
  const appointment =
    chosen && !dryRun
      ? await book(
          {
            workOrderId,
            technicianUserId: chosen.userId,
            start: judged.proposal.start,
            end: judged.proposal.end,
            override: false,
          },
          "auto",
        )
      : null;
  return {
    dryRun,
    start: judged.proposal.start.toISOString(),
    end: judged.proposal.end.toISOString(),
    requiredSkills: judged.skills,
    chosen,
    candidates: judged.candidates,
    rejected: judged.rejected,
    appointment,
  };
}

/**
 * Picks the best technician for the job's slot (its scheduled start, else its window's start, else
 * `start`) and books them unless `dryRun`; the answer explains every candidate and every rejection.
 */
export const autoAssign = fn(
  z.object({ workOrderId: id(), dryRun: z.boolean().default(false), start: instant().optional() }),
  async ({ workOrderId, dryRun, start }): Promise<AutoAssignResult> => {
    requirePermission("operations:work_order:dispatch");
    return run(workOrderId, dryRun, start);
  },
);

/**
 * What a new work order's dispatch rule asks: when the first matching rule has `autoAssign` and the job
 * has a window or slot and no technician, auto-assign it. For the `workorder.created` subscriber.
 */
export const applyRules = fn(
  id(),
  async (workOrderId): Promise<{ applied: boolean; reason: string; result: AutoAssignResult | null }> => {
    requirePermission("operations:work_order:dispatch");
    const wo = await createTransaction((tx) => liveRow(tx, workOrderTable, "Work order", workOrderId));
    const rule = matchRule(await useTransaction(loadRules), wo);
    if (!rule?.autoAssign) return { applied: false, reason: "no auto-assign rule matches", result: null };
    if (wo.primaryAssigneeId) return { applied: false, reason: "already has a technician", result: null };
    if (!wo.scheduledStart && !wo.windowStart)
      return { applied: false, reason: "has no window to schedule in", result: null };
    const result = await run(workOrderId, false);
    return {
      applied: result.appointment !== null,
      reason: result.chosen ? `rule ${rule.name}` : "no technician fits",
      result,
    };
  },
);
