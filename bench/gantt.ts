import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Schedule } from "@dotmac/core/project";
import { round } from "./util";

/**
 * The Gantt's scheduling on a 500-task project (50 phases of 10 tasks, each depending on 1–3 tasks of
 * the phase before, all four dependency types with lags): a full recompute (forward and backward pass,
 * critical path) against a single task update as a drag does it (the task and what depends on it, from
 * the current dates), for a task halfway through the plan. Interleaved, median of each, same process.
 * Standalone: `tsx bench/gantt.ts [--quick]`.
 */

export interface GanttResult {
  tasks: number;
  dependencies: number;
  runs: number;
  medianMs: { recompute: number; update: number };
  /** Tasks the update rescheduled (the dragged one and its dependants). */
  affected: number;
  ratio: number;
  target: { ratio: string; met: boolean };
}

/** A single update must cost at most half a full recompute. */
const TARGET_RATIO = 2;
const types = ["fs", "ss", "ff", "sf"] as const;

function project() {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const tasks = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, duration: 1 + Math.floor(rand() * 5) }));
  const deps: Schedule.ScheduleDependency[] = [];
  for (let i = 10; i < 500; i++) {
    const phase = Math.floor(i / 10);
    const links = 1 + Math.floor(rand() * 3);
    const seen = new Set<number>();
    for (let k = 0; k < links; k++) {
      const from = (phase - 1) * 10 + Math.floor(rand() * 10);
      if (seen.has(from)) continue;
      seen.add(from);
      deps.push({
        predecessorId: `t${from}`,
        successorId: `t${i}`,
        type: types[Math.floor(rand() * 4)] ?? "fs",
        lag: Math.floor(rand() * 3),
      });
    }
  }
  return { tasks, deps };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function runGantt(options: { quick: boolean; log: (line: string) => void }): Promise<GanttResult> {
  const { tasks, deps } = project();
  const START = 20_000;
  const base = Schedule.schedule(tasks, deps, START);
  const current = new Map([...base.tasks].map(([id, s]) => [id, { start: s.start, end: s.end }]));
  const dragged = "t250";
  const moved = tasks.map((t) =>
    t.id === dragged ? { ...t, pinnedStart: (current.get(dragged)?.start ?? 0) + 3 } : t,
  );
  const runs = options.quick ? 50 : 400;
  let affected = 0;
  for (let i = 0; i < 20; i++) {
    Schedule.schedule(tasks, deps, START);
    Schedule.reschedule(moved, deps, START, current, [dragged]);
  }
  const times = { recompute: [] as number[], update: [] as number[] };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    Schedule.schedule(tasks, deps, START);
    times.recompute.push(performance.now() - t);
    t = performance.now();
    affected = Schedule.reschedule(moved, deps, START, current, [dragged]).size;
    times.update.push(performance.now() - t);
  }
  const medianMs = { recompute: round(median(times.recompute), 4), update: round(median(times.update), 4) };
  const ratio = round(median(times.recompute) / median(times.update), 2);
  options.log(
    `    500-task recompute ${medianMs.recompute} ms vs one-task update ${medianMs.update} ms (${affected} moved): ${ratio}×`,
  );
  return {
    tasks: tasks.length,
    dependencies: deps.length,
    runs,
    medianMs,
    affected,
    ratio,
    target: { ratio: `recompute ≥ ${TARGET_RATIO}× update`, met: ratio >= TARGET_RATIO },
  };
}

export function ganttRows(r: GanttResult): [string, string, string, string, string, string][] {
  return [
    [
      `Gantt: full recompute of ${r.tasks} tasks / ${r.dependencies} deps (baseline) vs one-task drag (${r.affected} moved), median of ${r.runs}`,
      `${r.medianMs.recompute} ms`,
      `${r.medianMs.update} ms`,
      `${r.ratio}×`,
      r.target.ratio,
      r.target.met ? "met" : "NOT MET",
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runGantt({ quick: process.argv.includes("--quick"), log: console.log });
  console.log(JSON.stringify(result, null, 2));
}
