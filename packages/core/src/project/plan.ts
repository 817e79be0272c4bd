import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction, Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { live } from "../platform/soft-delete";
import { projectTaskDependencyTable, projectTaskTable } from "./project.sql";
import {
  CycleError,
  dateOf,
  dayOf,
  reschedule,
  type Schedule,
  type ScheduleDependency,
  type ScheduleTask,
  schedule,
} from "./schedule";
import type { TaskRow } from "./shared";

export interface Graph {
  rows: TaskRow[];
  tasks: ScheduleTask[];
  deps: (ScheduleDependency & { id: string })[];
}

/** A project's live tasks and dependencies, as the scheduler reads them. */
export async function loadGraph(tx: Tx, projectId: string): Promise<Graph> {
  const [rows, deps] = await Promise.all([
    tx
      .select()
      .from(projectTaskTable)
      .where(and(eq(projectTaskTable.projectId, projectId), live(projectTaskTable))),
    tx.select().from(projectTaskDependencyTable).where(eq(projectTaskDependencyTable.projectId, projectId)),
  ]);
  return {
    rows,
    tasks: rows.map(scheduleTask),
    deps: deps.map((d) => ({
      id: d.id,
      predecessorId: d.predecessorId,
      successorId: d.successorId,
      type: d.type,
      lag: d.lagDays,
    })),
  };
}

export const scheduleTask = (r: Pick<TaskRow, "id" | "durationDays" | "pinnedStart">): ScheduleTask => ({
  id: r.id,
  duration: r.durationDays,
  pinnedStart: r.pinnedStart ? dayOf(r.pinnedStart) : null,
});

/** A cycle as the 409 a planner reads: the loop by task title. */
export function cycleConflict(error: CycleError, titles: Map<string, string>): AppError {
  const named = error.cycle.map((id) => titles.get(id) ?? id);
  return new AppError("conflict", `These dependencies form a cycle: ${named.join(" → ")}. Remove one of them.`, [
    { path: "dependencies", message: `cycle: ${named.join(" → ")}` },
  ]);
}

/** Runs the scheduler, turning a cycle into the conflict that names it. */
export function scheduleOrRefuse(graph: Pick<Graph, "tasks" | "deps">, start: string, titles: Map<string, string>) {
  try {
    return schedule(graph.tasks, graph.deps, dayOf(start));
  } catch (error) {
    if (error instanceof CycleError) throw cycleConflict(error, titles);
    throw error;
  }
}

/** Writes the new dates of the tasks that moved, in one statement. Returns their ids. */
export async function writeDates(
  tx: Transaction,
  moved: Map<string, { start: number; end: number }>,
): Promise<string[]> {
  if (moved.size === 0) return [];
  const ids = [...moved.keys()];
  const starts = sql.join(
    ids.map((id) => sql`when ${id}::uuid then ${dateOf((moved.get(id) as { start: number }).start)}::date`),
    sql` `,
  );
  const ends = sql.join(
    ids.map((id) => sql`when ${id}::uuid then ${dateOf((moved.get(id) as { end: number }).end)}::date`),
    sql` `,
  );
  await tx
    .update(projectTaskTable)
    .set({
      startAt: sql`case ${projectTaskTable.id} ${starts} end`,
      endAt: sql`case ${projectTaskTable.id} ${ends} end`,
    })
    .where(inArray(projectTaskTable.id, ids));
  return ids;
}

/** The whole project rescheduled from its start: every task whose dates differ is written. */
export async function replan(
  tx: Transaction,
  projectId: string,
  start: string,
): Promise<{ plan: Schedule; moved: string[] }> {
  const graph = await loadGraph(tx, projectId);
  const plan = scheduleOrRefuse(graph, start, new Map(graph.rows.map((r) => [r.id, r.title])));
  const moved = new Map<string, { start: number; end: number }>();
  for (const r of graph.rows) {
    const s = plan.tasks.get(r.id);
    if (s && (dateOf(s.start) !== r.startAt || dateOf(s.end) !== r.endAt)) moved.set(r.id, s);
  }
  return { plan, moved: await writeDates(tx, moved) };
}

/** Reschedules only `changed` and what depends on them (a drag, a duration change). Returns the moved ids. */
export async function replanFrom(
  tx: Transaction,
  projectId: string,
  start: string,
  changed: string[],
): Promise<string[]> {
  const graph = await loadGraph(tx, projectId);
  const current = new Map(graph.rows.map((r) => [r.id, { start: dayOf(r.startAt), end: dayOf(r.endAt) }]));
  const moved = reschedule(graph.tasks, graph.deps, dayOf(start), current, changed);
  return writeDates(tx, moved);
}
