import { Schedule } from "@dotmac/core/project";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const { CycleError, findCycle, reschedule, schedule } = Schedule;
type ScheduleTask = Schedule.ScheduleTask;
type ScheduleDependency = Schedule.ScheduleDependency;
type CycleError = Schedule.CycleError;

const START = 20_000;

/**
 * A random plan: tasks t0…tn-1 with edges only from lower to higher index (so index order is a
 * topological order), handed to the scheduler shuffled.
 */
const plan = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    tasks: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          id: fc.constant(`t${i}`),
          duration: fc.integer({ min: 0, max: 6 }),
          pinnedStart: fc.option(fc.integer({ min: START - 3, max: START + 20 }), { nil: null }),
        }),
      ),
    ),
    // Edges only from a lower to a higher index (a, a + 1 + gap): no filter to starve on.
    deps:
      n < 2
        ? fc.constant([] as ScheduleDependency[])
        : fc.uniqueArray(
            fc
              .tuple(
                fc.integer({ min: 0, max: n - 2 }),
                fc.nat(),
                fc.constantFrom("fs", "ss", "ff", "sf" as const),
                fc.integer({ min: -3, max: 5 }),
              )
              .map(([a, gap, type, lag]) => ({
                predecessorId: `t${a}`,
                successorId: `t${a + 1 + (gap % (n - 1 - a))}`,
                type,
                lag,
              })),
            { maxLength: n * 2, selector: (d) => `${d.predecessorId}>${d.successorId}` },
          ),
    order: fc.array(fc.nat(), { minLength: n, maxLength: n }),
  }),
);

type Plan = { tasks: ScheduleTask[]; deps: ScheduleDependency[]; order: number[] };

const shuffled = <T>(items: T[], keys: number[]) =>
  items
    .map((x, i) => [keys[i] ?? 0, i, x] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, , x]) => x);

/** The plain reference: walk tasks in index order (topological) and take the latest start anything allows. */
function reference(p: Plan): Map<string, number> {
  const start = new Map<string, number>();
  const end = (id: string) => (start.get(id) as number) + (p.tasks.find((t) => t.id === id) as ScheduleTask).duration;
  for (const t of p.tasks) {
    let s = Math.max(START, t.pinnedStart ?? START);
    for (const d of p.deps.filter((x) => x.successorId === t.id)) {
      const ps = start.get(d.predecessorId) as number;
      const pe = end(d.predecessorId);
      const bound = {
        fs: pe + d.lag,
        ss: ps + d.lag,
        ff: pe + d.lag - t.duration,
        sf: ps + d.lag - t.duration,
      }[d.type];
      s = Math.max(s, bound);
    }
    start.set(t.id, s);
  }
  return start;
}

describe("dependency scheduling (property)", () => {
  it("matches the topological reference: no task starts before its predecessors, lags and pins allow", () => {
    fc.assert(
      fc.property(plan, (p: Plan) => {
        const result = schedule(shuffled(p.tasks, p.order), shuffled(p.deps, p.order), START);
        const expected = reference(p);
        for (const t of p.tasks) {
          const got = result.tasks.get(t.id);
          expect(got?.start).toBe(expected.get(t.id));
          expect(got?.end).toBe((got?.start ?? 0) + t.duration);
        }
        for (const d of p.deps) {
          const a = result.tasks.get(d.predecessorId) as { start: number; end: number };
          const b = result.tasks.get(d.successorId) as { start: number; end: number };
          if (d.type === "fs") expect(b.start).toBeGreaterThanOrEqual(a.end + d.lag);
          if (d.type === "ss") expect(b.start).toBeGreaterThanOrEqual(a.start + d.lag);
          if (d.type === "ff") expect(b.end).toBeGreaterThanOrEqual(a.end + d.lag);
          if (d.type === "sf") expect(b.end).toBeGreaterThanOrEqual(a.start + d.lag);
        }
        expect(
          findCycle(
            p.tasks.map((t) => t.id),
            p.deps,
          ),
        ).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("slack is real: delaying a task by its slack never moves the end; the last task to end is critical", () => {
    fc.assert(
      fc.property(plan, fc.nat(), (p: Plan, pick) => {
        const result = schedule(p.tasks, p.deps, START);
        const last = [...result.tasks.entries()].find(([, s]) => s.end === result.end);
        if (last && p.tasks.some((t) => t.duration > 0)) expect(last[1].critical).toBe(true);
        const victim = p.tasks[pick % p.tasks.length] as ScheduleTask;
        const s = result.tasks.get(victim.id) as { start: number; slack: number };
        const delayed = p.tasks.map((t) => (t.id === victim.id ? { ...t, pinnedStart: s.start + s.slack } : t));
        expect(schedule(delayed, p.deps, START).end).toBe(result.end);
      }),
      { numRuns: 300 },
    );
  });

  it("a single task update rescheduled incrementally equals a full recompute", () => {
    fc.assert(
      fc.property(
        plan,
        fc.nat(),
        fc.integer({ min: START - 2, max: START + 30 }),
        fc.integer({ min: 0, max: 9 }),
        (p: Plan, pick, pin, duration) => {
          const before = schedule(p.tasks, p.deps, START);
          const victim = p.tasks[pick % p.tasks.length] as ScheduleTask;
          const changed = p.tasks.map((t) => (t.id === victim.id ? { ...t, pinnedStart: pin, duration } : t));
          const current = new Map([...before.tasks].map(([id, s]) => [id, { start: s.start, end: s.end }]));
          const moved = reschedule(changed, p.deps, START, current, [victim.id]);
          const full = schedule(changed, p.deps, START);
          for (const [id, s] of full.tasks) {
            const now = moved.get(id) ?? current.get(id);
            expect(now).toEqual({ start: s.start, end: s.end });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a cycle is refused, and the cycle it names is made of real dependencies", () => {
    fc.assert(
      fc.property(plan, fc.nat(), fc.nat(), (p: Plan, x, y) => {
        const n = p.tasks.length;
        if (n < 2) return;
        // Close a loop: a chain i → … → j plus the back edge j → i.
        const i = x % (n - 1);
        const j = i + 1 + (y % (n - 1 - i));
        const chain: ScheduleDependency[] = [];
        for (let k = i; k < j; k++)
          chain.push({ predecessorId: `t${k}`, successorId: `t${k + 1}`, type: "fs", lag: 0 });
        const deps = [
          ...p.deps,
          ...chain,
          { predecessorId: `t${j}`, successorId: `t${i}`, type: "ss" as const, lag: 0 },
        ];
        let error: unknown;
        try {
          schedule(p.tasks, deps, START);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CycleError);
        const cycle = (error as CycleError).cycle;
        expect(cycle.length).toBeGreaterThanOrEqual(3);
        expect(cycle[0]).toBe(cycle.at(-1));
        for (let k = 0; k + 1 < cycle.length; k++) {
          expect(deps.some((d) => d.predecessorId === cycle[k] && d.successorId === cycle[k + 1])).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a 500-task chain schedules without recursion limits", () => {
    const tasks = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, duration: 1 }));
    const deps = tasks
      .slice(1)
      .map((t, i) => ({ predecessorId: `t${i}`, successorId: t.id, type: "fs" as const, lag: 0 }));
    const result = schedule(tasks, deps, START);
    expect(result.end).toBe(START + 500);
    expect(result.criticalPath).toHaveLength(500);
    expect(() =>
      schedule(tasks, [...deps, { predecessorId: "t499", successorId: "t0", type: "fs", lag: 0 }], START),
    ).toThrow(CycleError);
  });
});
