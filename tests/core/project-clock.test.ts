import { ClockLog, projectStatuses, taskStatuses } from "@dotmac/core/project";
import { type Calendar, computeClock, computeSla } from "@dotmac/core/sla";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const { clockEvents, PAUSED, STOPPED } = ClockLog;
const MIN = 60_000;
const T0 = Date.parse("2026-03-02T08:00:00Z");
const always: Calendar = { timeZone: "UTC", alwaysOpen: true };
const at = (minutes: number) => new Date(T0 + minutes * MIN);

type Row = { at: Date; to: string };
const clockOf = (rows: Row[], kind: "project" | "task", target: number, now: number, startAt: number | null = null) => {
  const events = clockEvents(rows, kind, startAt, T0 + now * MIN);
  if (!events) return null;
  return computeClock({
    events,
    calendar: always,
    policy: { resolutionMinutes: target, warnAtPercent: 80 },
    pauseStatuses: PAUSED[kind],
    now: at(now),
  });
};

/** Minute-by-minute reference on a 24/7 calendar: what counts, and how many times the clock reopened. */
function reference(rows: Row[], kind: "project" | "task", now: number, opensAt = 0) {
  let consumed = 0;
  let reopens = 0;
  let started = false;
  let status = rows[0]?.to ?? "";
  let i = 0;
  const paused = new Set<string>(PAUSED[kind]);
  for (let m = 0; m < now; m++) {
    while (i < rows.length && +(rows[i] as Row).at <= T0 + m * MIN) {
      const next = (rows[i] as Row).to;
      if (started && STOPPED[kind].has(status) && !STOPPED[kind].has(next)) reopens++;
      status = next;
      if (kind === "task" && next === "in_progress") started = true;
      i++;
    }
    if (kind === "project" && m >= opensAt) started = true;
    if (started && !STOPPED[kind].has(status) && !paused.has(status)) consumed++;
  }
  return { consumed, started, status, reopens };
}

const walk = (statuses: readonly string[]) =>
  fc.array(fc.record({ gap: fc.integer({ min: 0, max: 90 }), to: fc.constantFrom(...statuses) }), {
    maxLength: 14,
  });
const rowsOf = (first: string, steps: Array<{ gap: number; to: string }>) => {
  const rows = [{ at: at(0), to: first }];
  let t = 0;
  for (const s of steps) {
    t += s.gap;
    rows.push({ at: at(t), to: s.to });
  }
  return rows;
};

describe("project and task clocks on the SLA engine", () => {
  it("a task's clock counts from its first in_progress, not while blocked, never after done or canceled", () => {
    fc.assert(
      fc.property(
        walk(taskStatuses),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 300 }),
        (steps, target, extra) => {
          const rows = rowsOf("todo", steps);
          const now = Math.round((+(rows.at(-1) as Row).at - T0) / MIN) + extra + 1;
          const ref = reference(rows, "task", now);
          const out = clockOf(rows, "task", target, now);
          if (!rows.some((r) => r.to === "in_progress")) {
            expect(out).toBeNull();
            return;
          }
          expect(out).not.toBeNull();
          const { clock, cycle } = out as NonNullable<typeof out>;
          expect(clock.consumedMinutes).toBe(ref.consumed);
          expect(cycle).toBe(ref.reopens);
          if (ref.consumed > target) expect(clock.state).toBe("breached");
          if (ref.consumed < target) {
            const expected = STOPPED.task.has(ref.status) ? "met" : ref.status === "blocked" ? "paused" : "running";
            expect(clock.state).toBe(expected);
          }
          // A running clock's deadline is exactly what is left of the target from now.
          if (clock.state === "running")
            expect(+(clock.deadline as Date)).toBe(T0 + (now + target - ref.consumed) * MIN);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a project's clock opens at its start date, pauses on hold, stops when completed or canceled", () => {
    fc.assert(
      fc.property(
        walk(projectStatuses),
        fc.integer({ min: 0, max: 240 }),
        fc.integer({ min: 1, max: 900 }),
        (steps, opensAt, target) => {
          const rows = rowsOf("open", steps);
          const now = Math.max(opensAt, Math.round((+(rows.at(-1) as Row).at - T0) / MIN)) + 5;
          const ref = reference(rows, "project", now, opensAt);
          const out = clockOf(rows, "project", target, now, +at(opensAt)) as NonNullable<ReturnType<typeof clockOf>>;
          expect(out.clock.consumedMinutes).toBe(ref.consumed);
          if (ref.consumed > target) expect(out.clock.state).toBe("breached");
          if (ref.consumed < target && ref.status === "on_hold") expect(out.clock.state).toBe("paused");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a project whose start date is still ahead has no clock yet", () => {
    expect(clockEvents([{ at: at(0), to: "planned" }], "project", +at(600), +at(30))).toBeNull();
  });

  it("the one-clock fold is the ticket engine's resolution clock, with or without a first-response target", () => {
    fc.assert(
      fc.property(walk(taskStatuses), fc.integer({ min: 1, max: 600 }), (steps, target) => {
        const rows = rowsOf("in_progress", steps);
        const now = T0 + 24 * 60 * MIN;
        const events = clockEvents(rows, "task", null, now) ?? [];
        const common = { events, calendar: always, pauseStatuses: PAUSED.task, now: new Date(now) };
        const alone = computeClock({ ...common, policy: { resolutionMinutes: target } });
        const both = computeSla({
          ...common,
          policyFor: () => ({ firstResponseMinutes: 5, resolutionMinutes: target }),
        });
        expect(alone.clock).toEqual(both.resolution);
        expect(alone.cycle).toBe(both.cycle);
      }),
      { numRuns: 200 },
    );
  });
});
