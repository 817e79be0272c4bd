import * as z from "zod";
import { requirePermission } from "../access";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { day, id, text } from "../platform/input";
import { assertZone, localToInstant, nextDate, pointOf, travel, wallClock } from "./geo";
import { loadSchedules, unscheduledJobs } from "./schedule";
import { BlockInfo, Span, TechnicianSkill, toBlock, toSpan } from "./technicians";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const BoardJob = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  priority: z.string(),
  workType: z.string(),
  start: z.string(),
  end: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  /** Estimated driving minutes from the technician's previous job that day (null: first, or no coordinates). */
  travelMinutesFromPrevious: z.number().int().nullable(),
});

export const BoardTechnician = z.object({
  userId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  region: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  timeZone: z.string(),
  maxJobsPerDay: z.number().int(),
  active: z.boolean(),
  skills: z.array(TechnicianSkill),
  shifts: z.array(Span),
  blocks: z.array(BlockInfo),
  jobs: z.array(BoardJob),
  lastPosition: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      accuracy: z.number().nullable(),
      recordedAt: z.string(),
      workOrderId: z.uuid().nullable(),
    })
    .nullable(),
});

export const UnscheduledJob = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  priority: z.string(),
  workType: z.string(),
  region: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  requiredSkills: z.array(z.uuid()),
  estimatedDurationMinutes: z.number().int(),
  primaryAssigneeId: z.uuid().nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  createdAt: z.string(),
});

export const Board = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  technicians: z.array(BoardTechnician),
  unscheduled: z.array(UnscheduledJob),
});
export type Board = z.infer<typeof Board>;

export const BoardInput = z.object({
  date: day(),
  days: z
    .preprocess(
      (v) => (typeof v === "string" ? Number(v) : v),
      z.union([z.literal(1), z.literal(7)], { error: "must be 1 or 7" }),
    )
    .default(1),
  /** The zone whose midnights bound the board (default UTC); each technician's spans also carry local times. */
  timeZone: text(64).default("UTC"),
  region: text(100).optional(),
  teamId: id().optional(),
});

/**
 * Technicians × time for a day or a week: shifts, blocks, jobs with travel minutes between them and
 * last positions, plus the unscheduled queue, in seven queries however many technicians and jobs.
 */
export const board = fn(BoardInput, async (input): Promise<Board> => {
  requirePermission("operations:work_order:read");
  assertZone(input.timeZone);
  const from = localToInstant(input.timeZone, input.date, "00:00");
  const to = localToInstant(input.timeZone, nextDate(input.date, input.days), "00:00");
  const [schedules, queue] = await useTransaction((tx) =>
    Promise.all([loadSchedules(tx, from, to), unscheduledJobs(tx)]),
  );
  const region = input.region?.toLowerCase();
  const technicians = schedules
    .filter(
      (s) => (!region || s.tech.region?.toLowerCase() === region) && (!input.teamId || s.tech.teamId === input.teamId),
    )
    .map(({ tech, shifts, blocks, jobs, lastPosition }) => ({
      userId: tech.userId,
      name: tech.name,
      title: tech.title,
      region: tech.region,
      teamId: tech.teamId,
      teamName: tech.teamName,
      timeZone: tech.timeZone,
      maxJobsPerDay: tech.maxJobsPerDay,
      active: tech.active,
      skills: tech.skills,
      shifts: shifts.map((s) => toSpan(tech.timeZone, s)),
      blocks: blocks.map((b) => toBlock(tech.timeZone, b)),
      jobs: jobs.map((j, i) => {
        const prev = jobs[i - 1];
        const a = prev && pointOf(prev.latitude, prev.longitude);
        const b = pointOf(j.latitude, j.longitude);
        const sameDay = prev && wallClock(tech.timeZone, prev.start).date === wallClock(tech.timeZone, j.start).date;
        return {
          id: j.id,
          number: j.number,
          title: j.title,
          status: j.status,
          priority: j.priority,
          workType: j.workType,
          start: j.start.toISOString(),
          end: j.end.toISOString(),
          latitude: j.latitude,
          longitude: j.longitude,
          windowStart: iso(j.windowStart),
          windowEnd: iso(j.windowEnd),
          travelMinutesFromPrevious: a && b && sameDay ? travel(a, b).minutes : null,
        };
      }),
      lastPosition: lastPosition ? { ...lastPosition, recordedAt: lastPosition.recordedAt.toISOString() } : null,
    }));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    timeZone: input.timeZone,
    technicians,
    unscheduled: queue.map((w) => ({
      id: w.id,
      number: w.number,
      title: w.title,
      status: w.status,
      priority: w.priority,
      workType: w.workType,
      region: w.region,
      latitude: w.latitude,
      longitude: w.longitude,
      requiredSkills: w.requiredSkills,
      estimatedDurationMinutes: w.estimatedDurationMinutes,
      primaryAssigneeId: w.primaryAssigneeId,
      windowStart: iso(w.windowStart),
      windowEnd: iso(w.windowEnd),
      createdAt: w.createdAt.toISOString(),
    })),
  };
});
