import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { errorMessage } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { type Calendar, offsetOf } from "../sla/calendar";
import { type ClockResult, computeClock, nextCheckOf } from "../sla/engine";
import { slaCalendarTable } from "../sla/sla.sql";
import { projectClockAlertTable, projectClockTable, projectSlaPolicyTable, projectStatusEventTable } from "./clock.sql";
import { clockEvents, PAUSED, STOPPED } from "./clock-log";
import { Events } from "./events";
import { projectTable, projectTaskTable } from "./project.sql";
import { projectRow } from "./shared";

/*
 * Project and task SLA clocks on the SLA engine (computeClock: the resolution clock alone).
 * - The log is project_status_event, written in the transaction of every status change.
 * - A project's clock starts at its start date (00:00 in the calendar's zone; its creation if later),
 *   pauses while on_hold, stops at completed/canceled; reopening resumes it with consumed time kept.
 * - A task's clock starts the first time it is in_progress (tasks are created `todo` together with the
 *   project, long before their predecessors let anyone work them), pauses while blocked and stops at
 *   done/canceled; done → todo/in_progress resumes it. Only tasks made from a template task have a policy.
 */

type StatusEvent = typeof projectStatusEventTable.$inferSelect;
type ProjectRow = typeof projectTable.$inferSelect;
type TaskRow = typeof projectTaskTable.$inferSelect;
type PolicyRow = typeof projectSlaPolicyTable.$inferSelect;

/** Appends status changes to the log and marks their clocks due, in the caller's transaction. */
export async function logStatus(
  tx: Tx,
  entries: Array<{ projectId: string; taskId?: string | null; from: string | null; to: string }>,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(projectStatusEventTable).values(entries.map((e) => ({ ...e, taskId: e.taskId ?? null })));
  await tx
    .insert(projectClockTable)
    .values(
      entries.map((e) => ({
        subjectId: e.taskId ?? e.projectId,
        projectId: e.projectId,
        taskId: e.taskId ?? null,
        nextCheckAt: sql`now()`,
      })),
    )
    .onConflictDoUpdate({ target: projectClockTable.subjectId, set: { nextCheckAt: sql`now()` } });
}

/** Marks every clock of a project due (a new start date, a deletion). */
export async function markProjectDue(tx: Tx, projectId: string): Promise<void> {
  await tx.update(projectClockTable).set({ nextCheckAt: sql`now()` }).where(eq(projectClockTable.projectId, projectId));
}

/** The policies and calendars in force, read once per batch. */
async function loadPolicies(tx: Tx) {
  const [policies, calendars] = await Promise.all([
    tx.select().from(projectSlaPolicyTable),
    tx.select().from(slaCalendarTable),
  ]);
  const fallback = calendars.find((c) => c.isDefault);
  return {
    policyOf: (projectType: string, taskKey: string | null): PolicyRow | undefined =>
      policies.find((p) => p.projectType === projectType && p.taskKey === taskKey),
    calendarOf: (p: PolicyRow): Calendar => {
      const c = calendars.find((x) => x.id === (p.calendarId ?? fallback?.id));
      if (!c) throw new Error("There is no default SLA calendar; save one");
      return c.definition;
    },
  };
}
type Policies = Awaited<ReturnType<typeof loadPolicies>>;

export type Evaluated =
  | { state: "none" | "not_started"; policy: PolicyRow | null }
  | { state: "computed"; policy: PolicyRow; clock: ClockResult; cycle: number };

/** One clock from its log (oldest first) as of `now`. */
export function evaluate(
  policies: Policies,
  project: ProjectRow,
  task: TaskRow | null,
  log: StatusEvent[],
  now: Date,
): Evaluated {
  const policy = task
    ? task.key
      ? policies.policyOf(project.projectType, task.key)
      : undefined
    : policies.policyOf(project.projectType, null);
  if (!policy) return { state: "none", policy: null };
  const calendar = policies.calendarOf(policy);
  const zone = (calendar as { timeZone: string }).timeZone;
  const day = Date.parse(`${project.startAt}T00:00:00.000Z`);
  const startAt = task ? null : day - offsetOf(zone, day);
  const at = new Date(Math.max(+now, +(log.at(-1)?.at ?? 0)));
  const events = clockEvents(log, task ? "task" : "project", startAt, +at);
  // A task done or canceled without ever being started has nothing to measure.
  if (!events) return { state: task && STOPPED.task.has(task.status) ? "none" : "not_started", policy };
  const { clock, cycle } = computeClock({
    events,
    calendar,
    policy: { resolutionMinutes: policy.targetMinutes, warnAtPercent: policy.warnAtPercent },
    pauseStatuses: PAUSED[task ? "task" : "project"],
    now: at,
  });
  return { state: "computed", policy, clock, cycle };
}

async function logsOf(tx: Tx, projectIds: string[]): Promise<Map<string, StatusEvent[]>> {
  const bySubject = new Map<string, StatusEvent[]>();
  if (projectIds.length === 0) return bySubject;
  const rows = await tx
    .select()
    .from(projectStatusEventTable)
    .where(inArray(projectStatusEventTable.projectId, projectIds))
    .orderBy(asc(projectStatusEventTable.at), asc(projectStatusEventTable.id));
  for (const r of rows) {
    const key = r.taskId ?? r.projectId;
    bySubject.set(key, [...(bySubject.get(key) ?? []), r]);
  }
  return bySubject;
}

const BATCH = 500;

async function scanBatch(tx: Transaction, now: Date, limit: number) {
  const due = await tx
    .select({ clock: projectClockTable, project: projectTable, task: projectTaskTable })
    .from(projectClockTable)
    .innerJoin(projectTable, eq(projectTable.id, projectClockTable.projectId))
    .leftJoin(projectTaskTable, eq(projectTaskTable.id, projectClockTable.taskId))
    .where(lte(projectClockTable.nextCheckAt, now))
    .orderBy(asc(projectClockTable.nextCheckAt))
    .limit(limit)
    .for("update", { of: projectClockTable, skipLocked: true });
  const totals = { checked: due.length, warnings: 0, breaches: 0 };
  if (due.length === 0) return totals;
  const policies = await loadPolicies(tx);
  const logs = await logsOf(tx, [...new Set(due.map((d) => d.project.id))]);
  for (const { clock: row, project, task } of due) {
    const where = eq(projectClockTable.subjectId, row.subjectId);
    const blank = { state: null, targetMinutes: null, deadline: null, warningAt: null, breachedAt: null };
    if (project.deletedAt || task?.deletedAt) {
      await tx.update(projectClockTable).set({ nextCheckAt: null, computedAt: now }).where(where);
      continue;
    }
    let out: Evaluated;
    try {
      out = evaluate(policies, project, task, logs.get(row.subjectId) ?? [], now);
    } catch (error) {
      await tx
        .update(projectClockTable)
        .set({ ...blank, error: errorMessage(error), nextCheckAt: null, computedAt: now })
        .where(where);
      continue;
    }
    if (out.state !== "computed") {
      await tx
        .update(projectClockTable)
        .set({
          ...blank,
          state: out.state,
          targetMinutes: out.policy?.targetMinutes ?? null,
          error: null,
          nextCheckAt: null,
          computedAt: now,
        })
        .where(where);
      continue;
    }
    const { clock, cycle } = out;
    await tx
      .update(projectClockTable)
      .set({
        cycle,
        state: clock.state,
        targetMinutes: out.policy.targetMinutes,
        deadline: clock.deadline,
        warningAt: clock.warningAt,
        breachedAt: clock.breachedAt,
        error: null,
        nextCheckAt: nextCheckOf([clock], now),
        computedAt: now,
      })
      .where(where);
    const raise = async (kind: "warning" | "breach", at: Date) => {
      const [inserted] = await tx
        .insert(projectClockAlertTable)
        .values({ subjectId: row.subjectId, kind, cycle, projectId: project.id, taskId: task?.id ?? null, at })
        .onConflictDoNothing()
        .returning({ subjectId: projectClockAlertTable.subjectId });
      if (!inserted) return;
      const payload = {
        projectId: project.id,
        taskId: task?.id ?? null,
        cycle,
        at: at.toISOString(),
        deadline: clock.deadline?.toISOString() ?? null,
      };
      await emit(kind === "breach" ? Events.ClockBreached : Events.ClockWarning, payload);
      if (kind === "breach") totals.breaches++;
      else totals.warnings++;
    };
    if (clock.breachedAt) await raise("breach", clock.breachedAt);
    else if (clock.state === "running" && clock.warningAt && +clock.warningAt <= +now) {
      await raise("warning", clock.warningAt);
    }
  }
  return totals;
}

/**
 * Recomputes every due project and task clock as of `now`, in batches locked `FOR UPDATE SKIP LOCKED`
 * (two scans never work the same clock); each batch stores its results and raises its alerts at once.
 */
export async function scanClocks(options: { now?: Date; batchSize?: number } = {}) {
  const limit = options.batchSize ?? BATCH;
  const totals = { checked: 0, warnings: 0, breaches: 0 };
  for (;;) {
    const batch = await createTransaction((tx) => scanBatch(tx, options.now ?? new Date(), limit));
    totals.checked += batch.checked;
    totals.warnings += batch.warnings;
    totals.breaches += batch.breaches;
    if (batch.checked < limit) return totals;
  }
}

export const clockHealth = ["on_track", "at_risk", "breached", "paused", "met", "not_started", "none"] as const;

export const ClockView = z.object({
  /** null: the project's own clock. */
  taskId: z.uuid().nullable(),
  /** What the portal shows: no policy (none), not started, on track, at risk, breached, paused, met. */
  health: z.enum(clockHealth),
  targetMinutes: z.number().int().nullable(),
  deadline: z.iso.datetime().nullable(),
  warningAt: z.iso.datetime().nullable(),
  breachedAt: z.iso.datetime().nullable(),
  cycle: z.number().int(),
});
export type ClockView = z.infer<typeof ClockView>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function health(state: string | null, warningAt: Date | null, deadline: Date | null, now: Date): ClockView["health"] {
  if (state === "breached") return "breached";
  if (state === "running") {
    if (deadline && +deadline <= +now) return "breached";
    return warningAt && +warningAt <= +now ? "at_risk" : "on_track";
  }
  return state === "paused" || state === "met" || state === "not_started" ? state : "none";
}

/**
 * A project's clock and its tasks' as the registry stored them; rows the scan has not caught up
 * with (due or missing) are computed on the spot, read-only, so a just-changed task never looks stale.
 */
export const clocks = fn(
  z.object({ id: id() }),
  async ({ id }): Promise<{ project: ClockView; tasks: ClockView[] }> => {
    requirePermission("project:read");
    return useTransaction(async (tx) => {
      const project = await projectRow(tx, id);
      const now = new Date();
      const [tasks, rows] = await Promise.all([
        tx
          .select()
          .from(projectTaskTable)
          .where(and(eq(projectTaskTable.projectId, id), sql`${projectTaskTable.deletedAt} is null`))
          .orderBy(asc(projectTaskTable.sortOrder)),
        tx.select().from(projectClockTable).where(eq(projectClockTable.projectId, id)),
      ]);
      const stored = new Map(rows.map((r) => [r.subjectId, r]));
      const stale = [id, ...tasks.map((t) => t.id)].some((s) => {
        const r = stored.get(s);
        return !r || (r.nextCheckAt && +r.nextCheckAt <= +now);
      });
      const [policies, logs] = stale ? await Promise.all([loadPolicies(tx), logsOf(tx, [id])]) : [null, null];
      const view = (task: TaskRow | null): ClockView => {
        const subject = task?.id ?? id;
        const r = stored.get(subject);
        if (policies && logs && (!r || (r.nextCheckAt && +r.nextCheckAt <= +now))) {
          let out: Evaluated;
          try {
            out = evaluate(policies, project, task, logs.get(subject) ?? [], now);
          } catch {
            out = { state: "none", policy: null };
          }
          if (out.state !== "computed") {
            return {
              taskId: task?.id ?? null,
              health: out.state,
              targetMinutes: out.policy?.targetMinutes ?? null,
              deadline: null,
              warningAt: null,
              breachedAt: null,
              cycle: 0,
            };
          }
          const c = out.clock;
          return {
            taskId: task?.id ?? null,
            health: health(c.state, c.warningAt, c.deadline, now),
            targetMinutes: out.policy.targetMinutes,
            deadline: iso(c.deadline),
            warningAt: iso(c.warningAt),
            breachedAt: iso(c.breachedAt),
            cycle: out.cycle,
          };
        }
        return {
          taskId: task?.id ?? null,
          health: health(r?.state ?? null, r?.warningAt ?? null, r?.deadline ?? null, now),
          targetMinutes: r?.targetMinutes ?? null,
          deadline: iso(r?.deadline),
          warningAt: iso(r?.warningAt),
          breachedAt: iso(r?.breachedAt),
          cycle: r?.cycle ?? 0,
        };
      };
      return { project: view(null), tasks: tasks.map(view) };
    });
  },
);
