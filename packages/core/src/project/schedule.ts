/**
 * Task scheduling through dependencies, as pure functions over whole days (no database, no dates):
 * a task occupies [start, start + duration). Every task starts as early as its predecessors, the
 * project start and its own "not before" pin allow; the backward pass gives slack and the critical path.
 */
import type { DependencyType } from "./values";

export interface ScheduleTask {
  id: string;
  /** Whole days, ≥ 0 (0 is a milestone). */
  duration: number;
  /** The day the task may not start before (a planner's drag), if any. */
  pinnedStart?: number | null | undefined;
}

export interface ScheduleDependency {
  predecessorId: string;
  successorId: string;
  type: DependencyType;
  /** Days after the predecessor's start/finish (negative is a lead). */
  lag: number;
}

export interface ScheduledTask {
  start: number;
  /** Exclusive: start + duration. */
  end: number;
  /** Days the task can slip without moving the project's end. */
  slack: number;
  critical: boolean;
}

export interface Schedule {
  tasks: Map<string, ScheduledTask>;
  /** The project's end (exclusive), the latest task end. */
  end: number;
  /** Critical tasks in topological order. */
  criticalPath: string[];
}

/** The dependencies close a loop: `cycle` lists its task ids, the first repeated at the end. */
export class CycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`Dependency cycle: ${cycle.join(" → ")}`);
  }
}

/**
 * The earliest start `dep` allows its successor (of duration `duration`), given the predecessor's
 * start and end. FF and SF bind the successor's finish, so they subtract its duration.
 */
export function earliestStart(dep: ScheduleDependency, pred: { start: number; end: number }, duration: number) {
  switch (dep.type) {
    case "fs":
      return pred.end + dep.lag;
    case "ss":
      return pred.start + dep.lag;
    case "ff":
      return pred.end + dep.lag - duration;
    case "sf":
      return pred.start + dep.lag - duration;
  }
}

/** The latest end `dep` allows its predecessor, given the successor's latest start and end. */
function latestEnd(dep: ScheduleDependency, succ: { start: number; end: number }, duration: number) {
  switch (dep.type) {
    case "fs":
      return succ.start - dep.lag;
    case "ss":
      return succ.start - dep.lag + duration;
    case "ff":
      return succ.end - dep.lag;
    case "sf":
      return succ.end - dep.lag + duration;
  }
}

interface Graph {
  incoming: Map<string, ScheduleDependency[]>;
  outgoing: Map<string, ScheduleDependency[]>;
}

function graphOf(ids: Iterable<string>, deps: readonly ScheduleDependency[]): Graph {
  const incoming = new Map<string, ScheduleDependency[]>();
  const outgoing = new Map<string, ScheduleDependency[]>();
  for (const id of ids) {
    incoming.set(id, []);
    outgoing.set(id, []);
  }
  for (const d of deps) {
    const into = incoming.get(d.successorId);
    const out = outgoing.get(d.predecessorId);
    // A dependency on a task outside the set (removed, another project) does not bind.
    if (!into || !out) continue;
    into.push(d);
    out.push(d);
  }
  return { incoming, outgoing };
}

/** A cycle among `ids` (iterative DFS, so long chains cannot overflow the stack), or undefined. */
export function findCycle(ids: Iterable<string>, deps: readonly ScheduleDependency[]): string[] | undefined {
  const { outgoing } = graphOf(ids, deps);
  const state = new Map<string, 1 | 2>(); // 1 on the path, 2 finished
  for (const root of outgoing.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 1);
    path.push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const edges = outgoing.get(top.id) ?? [];
      if (top.next < edges.length) {
        const to = (edges[top.next++] as ScheduleDependency).successorId;
        const seen = state.get(to);
        if (seen === 1) return [...path.slice(path.indexOf(to)), to];
        if (seen === undefined) {
          state.set(to, 1);
          path.push(to);
          stack.push({ id: to, next: 0 });
        }
      } else {
        state.set(top.id, 2);
        path.pop();
        stack.pop();
      }
    }
  }
  return undefined;
}

/** `ids` in an order where every predecessor comes first (Kahn); a cycle throws CycleError. */
export function topologicalOrder(ids: readonly string[], deps: readonly ScheduleDependency[]): string[] {
  const { incoming, outgoing } = graphOf(ids, deps);
  const indegree = new Map<string, number>();
  for (const [id, into] of incoming) indegree.set(id, into.length);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    order.push(id);
    for (const d of outgoing.get(id) ?? []) {
      const left = (indegree.get(d.successorId) ?? 0) - 1;
      indegree.set(d.successorId, left);
      if (left === 0) queue.push(d.successorId);
    }
  }
  if (order.length < indegree.size) throw new CycleError(findCycle(ids, deps) ?? []);
  return order;
}

/** Schedules every task from `projectStart` (forward pass), then slack and the critical path (backward pass). */
export function schedule(
  tasks: readonly ScheduleTask[],
  deps: readonly ScheduleDependency[],
  projectStart: number,
): Schedule {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const order = topologicalOrder(
    tasks.map((t) => t.id),
    deps,
  );
  const { incoming, outgoing } = graphOf(byId.keys(), deps);
  const early = new Map<string, { start: number; end: number }>();
  let end = projectStart;
  for (const id of order) {
    const task = byId.get(id) as ScheduleTask;
    const start = startOf(task, incoming.get(id) ?? [], early, projectStart);
    early.set(id, { start, end: start + task.duration });
    end = Math.max(end, start + task.duration);
  }
  const late = new Map<string, { start: number; end: number }>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i] as string;
    const task = byId.get(id) as ScheduleTask;
    let lateEnd = end;
    for (const d of outgoing.get(id) ?? []) {
      lateEnd = Math.min(
        lateEnd,
        latestEnd(d, late.get(d.successorId) as { start: number; end: number }, task.duration),
      );
    }
    late.set(id, { start: lateEnd - task.duration, end: lateEnd });
  }
  const out = new Map<string, ScheduledTask>();
  const criticalPath: string[] = [];
  for (const id of order) {
    const e = early.get(id) as { start: number; end: number };
    const slack = (late.get(id) as { start: number }).start - e.start;
    const critical = slack <= 0;
    if (critical) criticalPath.push(id);
    out.set(id, { start: e.start, end: e.end, slack: Math.max(0, slack), critical });
  }
  return { tasks: out, end, criticalPath };
}

function startOf(
  task: ScheduleTask,
  into: readonly ScheduleDependency[],
  starts: { get(id: string): { start: number; end: number } | undefined },
  projectStart: number,
): number {
  let start = Math.max(projectStart, task.pinnedStart ?? projectStart);
  for (const d of into) {
    const pred = starts.get(d.predecessorId);
    if (pred) start = Math.max(start, earliestStart(d, pred, task.duration));
  }
  return start;
}

/**
 * Reschedules only what a change can move: the tasks in `changed` and everything downstream of them,
 * from the current starts of the rest. Returns the new start/end of each task that moved. The caller
 * has refused cycles already (the graph was acyclic and a date change adds no edge).
 */
export function reschedule(
  tasks: readonly ScheduleTask[],
  deps: readonly ScheduleDependency[],
  projectStart: number,
  current: ReadonlyMap<string, { start: number; end: number }>,
  changed: readonly string[],
): Map<string, { start: number; end: number }> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const { incoming, outgoing } = graphOf(byId.keys(), deps);
  const affected = new Set<string>();
  const stack = changed.filter((id) => byId.has(id));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (affected.has(id)) continue;
    affected.add(id);
    for (const d of outgoing.get(id) ?? []) stack.push(d.successorId);
  }
  // Kahn over the affected set alone: edges from outside are already settled.
  const indegree = new Map<string, number>();
  for (const id of affected) {
    indegree.set(id, (incoming.get(id) ?? []).filter((d) => affected.has(d.predecessorId)).length);
  }
  const queue = [...affected].filter((id) => indegree.get(id) === 0);
  // New dates overlay the current ones (no copy of the whole plan for a one-task change).
  const moved = new Map<string, { start: number; end: number }>();
  const fresh = new Map<string, { start: number; end: number }>();
  const dates = { get: (id: string) => fresh.get(id) ?? current.get(id) };
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const task = byId.get(id) as ScheduleTask;
    const start = startOf(task, incoming.get(id) ?? [], dates, projectStart);
    const next = { start, end: start + task.duration };
    const before = current.get(id);
    fresh.set(id, next);
    if (!before || before.start !== next.start || before.end !== next.end) moved.set(id, next);
    for (const d of outgoing.get(id) ?? []) {
      const left = (indegree.get(d.successorId) ?? 0) - 1;
      indegree.set(d.successorId, left);
      if (left === 0) queue.push(d.successorId);
    }
  }
  if (queue.length < affected.size) throw new CycleError(findCycle(affected, deps) ?? []);
  return moved;
}

const DAY = 86_400_000;
/** `YYYY-MM-DD` as whole days since 1970-01-01 (UTC). */
export const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
/** Whole days since 1970-01-01 as `YYYY-MM-DD`. */
export const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
