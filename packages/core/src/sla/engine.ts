import * as z from "zod";
import { AppError } from "../platform/errors";
import { addBusinessMs, type Calendar, type CalendarReason, spans } from "./calendar";

/*
 * The SLA engine: a pure fold over a ticket's event log. Decisions:
 * - Two clocks, first response and resolution, both start at `created`, run on the calendar in force
 *   and pause while the status is one of `pauseStatuses` (configurable in the support settings; the
 *   caller passes them). `first_response` stops the first; `resolved` or `closed` stops both.
 * - `reopened` starts a new cycle: a clock stopped by `resolved`/`closed` resumes from the reopen with
 *   its consumed time kept and the policy now in force as target (the first-response clock only if no
 *   first response happened; a first response while stopped makes that stop final). The stopped stretch
 *   never counts. A clock already over its target when it resumes is breached at the reopen. Breaches
 *   survive reopens; `cycle` counts them, and the registry (./registry.ts) alerts once per cycle.
 * - A priority / type change re-derives the policy via `policyFor`; `policy_changed` replaces it until
 *   the next such change. Either way only the target moves: consumed time is kept.
 * - A calendar change applies from its event on; time already counted stays counted.
 * - Breach: consumed >= target at an instant where the clock is still going, after applying every
 *   event at that instant; a clock stopping then breaches only if consumed > target, so resolving
 *   exactly at the deadline is "met". A breach is sticky, even if a downgrade raises the target again.
 *   A stopped clock is frozen until a reopen resumes it: policy changes meanwhile do not retarget it.
 * - Deadline: while running, the instant the remaining time runs out on the current calendar if
 *   nothing changes (after a breach: when the current target was reached). Null while paused or
 *   stopped, because it depends on when the pause ends. Since a pause only stops consumption, adding
 *   one can never move a deadline, warning or breach earlier.
 * - `warningAt`: when consumed reached warnAtPercent of the target (past), or will if nothing changes
 *   (future, only while running). Events are applied in log order, ties kept stable; events before
 *   `created` or after `now` are ignored. Precision is the millisecond (see ./calendar.ts).
 * - The first-response clock exists only when the policy in force at `created` has a target for it:
 *   `computeClock` folds a log with the resolution clock alone (project and task clocks).
 */

const MINUTE = 60_000;

export const defaultPauseStatuses = ["pending", "waiting_on_customer", "on_hold"] as const;

export const Policy = z.object({
  firstResponseMinutes: z.number().positive(),
  resolutionMinutes: z.number().positive(),
  /** Share of the target after which the clock is "at risk". */
  warnAtPercent: z.number().min(0).max(100).default(80),
});
export type Policy = z.input<typeof Policy>;

/** A policy whose first-response target is optional: without one, the fold runs one clock. */
export const ClockPolicy = Policy.extend({ firstResponseMinutes: z.number().positive().optional() });
export type ClockPolicy = z.input<typeof ClockPolicy>;

export type SlaEvent = { at: Date } & (
  | { kind: "created"; status: string; priority: string; type: string }
  | { kind: "status_changed"; to: string }
  | { kind: "priority_changed"; to: string }
  | { kind: "type_changed"; to: string }
  | { kind: "first_response" }
  | { kind: "calendar_changed"; calendar: Calendar }
  | { kind: "policy_changed"; policy: ClockPolicy }
  | { kind: "resolved" }
  | { kind: "closed" }
  | { kind: "reopened" }
);

export type IntervalReason = CalendarReason | `paused: ${string}` | `stopped: ${string}`;

/** One stretch of a clock's life for the explain panel. */
export interface SlaInterval {
  from: Date;
  to: Date;
  counted: boolean;
  reason: IntervalReason;
}

export type ClockState = "running" | "paused" | "met" | "breached";

export interface ClockResult {
  targetMinutes: number;
  consumedMinutes: number;
  /** target − consumed; negative only once breached. */
  remainingMinutes: number;
  deadline: Date | null;
  warningAt: Date | null;
  state: ClockState;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  intervals: SlaInterval[];
}

export interface ComputeInput {
  events: SlaEvent[];
  /** The calendar in force at creation; `calendar_changed` events replace it. */
  calendar: Calendar;
  policyFor: (type: string, priority: string) => Policy;
  pauseStatuses?: readonly string[];
  now: Date;
}

export interface SlaResult {
  firstResponse: ClockResult;
  resolution: ClockResult;
  /** How many times the ticket was reopened: alerts are raised once per clock, kind and cycle. */
  cycle: number;
}

interface Clock {
  target: number;
  warnPercent: number;
  consumed: number;
  /** When consumed reached the current target / warning threshold, if it has. */
  reachedAt: number | null;
  warnedAt: number | null;
  breachedAt: number | null;
  stoppedAt: number | null;
  stopReason: string;
  intervals: Array<{ from: number; to: number; counted: boolean; reason: IntervalReason }>;
}

function parsePolicy(policy: ClockPolicy) {
  const parsed = ClockPolicy.safeParse(policy);
  if (!parsed.success) throw new AppError("validation", `Invalid SLA policy: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function pushInterval(clock: Clock, from: number, to: number, counted: boolean, reason: IntervalReason) {
  if (to <= from) return;
  const last = clock.intervals.at(-1);
  if (last && last.reason === reason && last.to === from) last.to = to;
  else clock.intervals.push({ from, to, counted, reason });
}

/** Sets a threshold's target, keeping consumed time; a threshold already passed is reached "now". */
function retarget(clock: Clock, target: number, warnPercent: number, at: number) {
  if (clock.stoppedAt !== null) return; // a stopped clock is judged against the target it stopped with
  clock.target = target;
  clock.warnPercent = warnPercent;
  const warn = (target * warnPercent) / 100;
  if (clock.consumed >= target) clock.reachedAt ??= at;
  else clock.reachedAt = null;
  if (clock.consumed >= warn) clock.warnedAt ??= at;
  else clock.warnedAt = null;
}

/** Advances a running clock over [from, to) on `calendar`, recording threshold crossings. */
function run(clock: Clock, calendar: Calendar, from: number, to: number) {
  const warn = (clock.target * clock.warnPercent) / 100;
  for (const s of spans(calendar, from, to)) {
    pushInterval(clock, s.from, s.to, s.open, s.reason);
    if (!s.open) continue;
    const before = clock.consumed;
    clock.consumed += s.to - s.from;
    if (clock.warnedAt === null && clock.consumed >= warn) clock.warnedAt = s.from + Math.max(0, warn - before);
    if (clock.reachedAt === null && clock.consumed >= clock.target) {
      clock.reachedAt = s.from + Math.max(0, clock.target - before);
      // Reached strictly inside the stretch: nothing at a later instant can stop it in time.
      if (clock.reachedAt < to) clock.breachedAt ??= clock.reachedAt;
    }
  }
}

/** Computes both SLA clocks of one ticket from its event log, as of `now`. */
export function computeSla(input: ComputeInput): SlaResult {
  const out = fold(input);
  if (!out.firstResponse) throw new AppError("validation", "Invalid SLA policy: firstResponseMinutes is required");
  return { firstResponse: out.firstResponse, resolution: out.resolution, cycle: out.cycle };
}

export interface ClockInput {
  /** `created` (its priority and type are ignored), `status_changed`, `policy_changed`, `calendar_changed`,
   * `resolved`/`closed` (stop) and `reopened` (resume, consumed time kept). */
  events: SlaEvent[];
  calendar: Calendar;
  policy: ClockPolicy;
  pauseStatuses: readonly string[];
  now: Date;
}

/** Folds one clock (the engine's resolution clock) over a log: project and task clocks. */
export function computeClock(input: ClockInput): { clock: ClockResult; cycle: number } {
  const { firstResponseMinutes: _none, ...policy } = input.policy;
  const out = fold({ ...input, policyFor: () => policy });
  return { clock: out.resolution, cycle: out.cycle };
}

interface FoldInput extends Omit<ComputeInput, "policyFor"> {
  policyFor: (type: string, priority: string) => ClockPolicy;
}

function fold(input: FoldInput): { firstResponse: ClockResult | null; resolution: ClockResult; cycle: number } {
  const now = +input.now;
  const pause = new Set(input.pauseStatuses ?? defaultPauseStatuses);
  const events = input.events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => +a.e.at - +b.e.at || a.i - b.i)
    .map(({ e }) => e);
  const created = events.find((e) => e.kind === "created");
  if (created?.kind !== "created") throw new AppError("validation", "The event log has no `created` event");

  let status = created.status;
  let priority = created.priority;
  let type = created.type;
  let calendar = input.calendar;
  let policy = parsePolicy(input.policyFor(type, priority));
  let cycle = 0;
  const newClock = (target: number): Clock => ({
    target,
    warnPercent: policy.warnAtPercent,
    consumed: 0,
    reachedAt: null,
    warnedAt: null,
    breachedAt: null,
    stoppedAt: null,
    stopReason: "",
    intervals: [],
  });
  const clocks: { firstResponse: Clock | null; resolution: Clock } = {
    firstResponse: policy.firstResponseMinutes === undefined ? null : newClock(policy.firstResponseMinutes * MINUTE),
    resolution: newClock(policy.resolutionMinutes * MINUTE),
  };
  const all = clocks.firstResponse ? [clocks.firstResponse, clocks.resolution] : [clocks.resolution];

  const advance = (from: number, to: number) => {
    for (const clock of all) {
      if (clock.stoppedAt !== null) pushInterval(clock, from, to, false, `stopped: ${clock.stopReason}`);
      else if (pause.has(status)) pushInterval(clock, from, to, false, `paused: ${status}`);
      else run(clock, calendar, from, to);
    }
  };
  // After all events at an instant: a clock still going that has reached its target is breached; one
  // stopping now is breached only if it is over its target (stopping exactly on it is "met").
  const checkpoint = (at: number) => {
    for (const clock of all) {
      if (clock.reachedAt === null) continue;
      if (clock.stoppedAt === null || (clock.stoppedAt === at && clock.consumed > clock.target)) {
        clock.breachedAt ??= clock.reachedAt;
      }
    }
  };
  const stop = (clock: Clock | null, at: number, reason: string) => {
    if (!clock || clock.stoppedAt !== null) return;
    clock.stoppedAt = at;
    clock.stopReason = reason;
  };
  const applyPolicy = (next: ReturnType<typeof parsePolicy>, at: number) => {
    policy = next;
    if (clocks.firstResponse && next.firstResponseMinutes !== undefined) {
      retarget(clocks.firstResponse, next.firstResponseMinutes * MINUTE, next.warnAtPercent, at);
    }
    retarget(clocks.resolution, next.resolutionMinutes * MINUTE, next.warnAtPercent, at);
  };
  // A reopen resumes what a resolution stopped; the target is the policy in force now.
  const resume = (clock: Clock | null, target: number | undefined, at: number) => {
    if (
      !clock ||
      target === undefined ||
      clock.stoppedAt === null ||
      (clock.stopReason !== "resolved" && clock.stopReason !== "closed")
    )
      return;
    clock.stoppedAt = null;
    clock.stopReason = "";
    // Not breached yet: a clock stopped exactly on its target is breached by resuming, at the reopen.
    if (clock.breachedAt === null) clock.reachedAt = null;
    retarget(clock, target, policy.warnAtPercent, at);
  };

  let cursor = +created.at;
  checkpoint(cursor);
  const later = events.filter((e) => e !== created && +e.at >= cursor && +e.at <= now);
  for (let i = 0; i < later.length; ) {
    const at = +(later[i]?.at ?? 0);
    advance(cursor, at);
    cursor = at;
    // Apply every event at this instant before judging a breach.
    for (; i < later.length && +(later[i]?.at ?? 0) === at; i++) {
      const e = later[i];
      if (!e) break;
      switch (e.kind) {
        case "created":
          break;
        case "status_changed":
          status = e.to;
          break;
        case "priority_changed":
          priority = e.to;
          applyPolicy(parsePolicy(input.policyFor(type, priority)), at);
          break;
        case "type_changed":
          type = e.to;
          applyPolicy(parsePolicy(input.policyFor(type, priority)), at);
          break;
        case "policy_changed":
          applyPolicy(parsePolicy(e.policy), at);
          break;
        case "calendar_changed":
          calendar = e.calendar;
          break;
        case "first_response":
          // Answered while stopped by a resolution: a later reopen must not resume it.
          if (clocks.firstResponse && clocks.firstResponse.stoppedAt !== null) {
            clocks.firstResponse.stopReason = "first response";
          }
          stop(clocks.firstResponse, at, "first response");
          break;
        case "resolved":
        case "closed":
          stop(clocks.firstResponse, at, e.kind);
          stop(clocks.resolution, at, e.kind);
          break;
        case "reopened":
          cycle++;
          resume(
            clocks.firstResponse,
            policy.firstResponseMinutes === undefined ? undefined : policy.firstResponseMinutes * MINUTE,
            at,
          );
          resume(clocks.resolution, policy.resolutionMinutes * MINUTE, at);
          break;
      }
    }
    checkpoint(at);
  }
  if (now > cursor) advance(cursor, now);
  checkpoint(now);

  const result = (clock: Clock): ClockResult => {
    const paused = pause.has(status);
    const stopped = clock.stoppedAt !== null;
    const remaining = clock.target - clock.consumed;
    const warn = (clock.target * clock.warnPercent) / 100;
    let deadline: number | null = null;
    let warningAt: number | null = clock.warnedAt;
    if (!stopped && !paused) {
      deadline = remaining > 0 ? addBusinessMs(calendar, now, remaining) : clock.reachedAt;
      if (warningAt === null) warningAt = addBusinessMs(calendar, now, warn - clock.consumed);
    }
    const state: ClockState = clock.breachedAt !== null ? "breached" : stopped ? "met" : paused ? "paused" : "running";
    const date = (t: number | null) => (t === null ? null : new Date(t));
    return {
      targetMinutes: clock.target / MINUTE,
      consumedMinutes: clock.consumed / MINUTE,
      remainingMinutes: remaining / MINUTE,
      deadline: date(deadline),
      warningAt: date(warningAt),
      state,
      breachedAt: date(clock.breachedAt),
      stoppedAt: date(clock.stoppedAt),
      intervals: clock.intervals.map((iv) => ({ ...iv, from: new Date(iv.from), to: new Date(iv.to) })),
    };
  };
  return {
    firstResponse: clocks.firstResponse ? result(clocks.firstResponse) : null,
    resolution: result(clocks.resolution),
    cycle,
  };
}

/** The earliest future instant at which one of the running `clocks` warns or runs out. */
export function nextCheckOf(clocks: ClockResult[], now: Date): Date | null {
  let next: number | null = null;
  for (const clock of clocks) {
    if (clock.state !== "running") continue;
    for (const at of [clock.warningAt, clock.deadline]) {
      if (at && +at > +now && (next === null || +at < next)) next = +at;
    }
  }
  return next === null ? null : new Date(next);
}
