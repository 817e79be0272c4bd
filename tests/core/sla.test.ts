import {
  addBusinessMinutes,
  businessMinutesBetween,
  type Calendar,
  computeSla,
  type Policy,
  type SlaEvent,
} from "@dotmac/core/sla";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const MIN = 60_000;
const DAY = 86_400_000;
const utc = (iso: string) => new Date(iso);
const weekdays = (ranges: Array<{ from: string; to: string }>) =>
  Object.fromEntries(["1", "2", "3", "4", "5"].map((d) => [d, ranges]));

const lagos247: Calendar = { timeZone: "Africa/Lagos", alwaysOpen: true };
const londonOffice: Calendar = { timeZone: "Europe/London", weekly: weekdays([{ from: "09:00", to: "17:00" }]) };

const policies: Record<string, Policy> = {
  urgent: { firstResponseMinutes: 15, resolutionMinutes: 240, warnAtPercent: 80 },
  normal: { firstResponseMinutes: 60, resolutionMinutes: 1440, warnAtPercent: 80 },
};
const policyFor = (_type: string, priority: string): Policy => policies[priority] ?? fail();
function fail(): never {
  throw new Error("missing fixture");
}

describe("business calendars", () => {
  it("Lagos 24/7: every minute counts", () => {
    const from = utc("2026-01-05T08:00:00Z");
    expect(businessMinutesBetween(lagos247, from, utc("2026-01-06T08:00:00Z"))).toBe(1440);
    expect(addBusinessMinutes(lagos247, from, 90)).toEqual(utc("2026-01-05T09:30:00Z"));
  });

  it("London office hours across the March switch: Friday afternoon rolls to Monday 09:00 BST", () => {
    // Fri 27 Mar 16:00 GMT; clocks go forward on Sun 29 Mar; Mon 09:00 BST is 08:00Z.
    const from = utc("2026-03-27T16:00:00Z");
    expect(addBusinessMinutes(londonOffice, from, 120)).toEqual(utc("2026-03-30T09:00:00Z"));
    expect(businessMinutesBetween(londonOffice, from, utc("2026-03-30T09:00:00Z"))).toBe(120);
  });

  it("London office hours across the October switch: Monday 09:00 GMT is 09:00Z", () => {
    const from = utc("2026-10-23T15:30:00Z"); // Fri 16:30 BST
    expect(addBusinessMinutes(londonOffice, from, 60)).toEqual(utc("2026-10-26T09:30:00Z"));
  });

  it("a wall time that does not exist is never counted; one that happens twice counts twice", () => {
    const night: Calendar = { timeZone: "Europe/London", weekly: { "0": [{ from: "01:00", to: "03:00" }] } };
    // 29 Mar: 01:00–02:00 does not exist, so only 02:00–03:00 BST (01:00–02:00Z) counts.
    expect(businessMinutesBetween(night, utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z"))).toBe(60);
    // 25 Oct: 01:00–02:00 happens twice (00:00–01:00Z BST and 01:00–02:00Z GMT), then 02:00–03:00 GMT.
    expect(businessMinutesBetween(night, utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z"))).toBe(180);
    const london247: Calendar = { timeZone: "Europe/London", alwaysOpen: true };
    expect(businessMinutesBetween(london247, utc("2026-03-28T23:00:00Z"), utc("2026-03-29T03:00:00Z"))).toBe(240);
  });

  it("a split day skips the lunch break", () => {
    const split: Calendar = {
      timeZone: "Africa/Lagos",
      weekly: weekdays([
        { from: "08:00", to: "12:00" },
        { from: "13:00", to: "17:00" },
      ]),
    };
    // Mon 11:30 Lagos (10:30Z) + 60 → 30 before lunch, 30 after: 13:30 Lagos = 12:30Z.
    expect(addBusinessMinutes(split, utc("2026-01-05T10:30:00Z"), 60)).toEqual(utc("2026-01-05T12:30:00Z"));
    expect(businessMinutesBetween(split, utc("2026-01-05T00:00:00Z"), utc("2026-01-06T00:00:00Z"))).toBe(480);
  });

  it("holidays close the whole local day", () => {
    const cal: Calendar = { ...londonOffice, holidays: ["2026-12-25", "2026-12-28"] };
    // Thu 24 Dec 16:00 + 120: one hour Thursday, then Fri (holiday), weekend, Mon (holiday), Tue 09:00 + 60.
    expect(addBusinessMinutes(cal, utc("2026-12-24T16:00:00Z"), 120)).toEqual(utc("2026-12-29T10:00:00Z"));
  });

  it("refuses an unknown zone and a calendar that is never open", () => {
    expect(() =>
      businessMinutesBetween({ timeZone: "Mars/Olympus", alwaysOpen: true }, new Date(0), new Date(1)),
    ).toThrow(/IANA/);
    expect(() => businessMinutesBetween({ timeZone: "UTC" }, new Date(0), new Date(1))).toThrow(/opening hours/);
  });
});

describe("computeSla", () => {
  const created = (at: string, priority = "normal", status = "open"): SlaEvent => ({
    kind: "created",
    at: utc(at),
    status,
    priority,
    type: "fault",
  });

  it("Lagos 24/7: first response met, resolution running with a deadline and a warning", () => {
    const sla = computeSla({
      events: [created("2026-01-05T08:00:00Z"), { kind: "first_response", at: utc("2026-01-05T08:30:00Z") }],
      calendar: lagos247,
      policyFor,
      now: utc("2026-01-05T10:00:00Z"),
    });
    expect(sla.firstResponse).toMatchObject({ state: "met", consumedMinutes: 30, deadline: null });
    expect(sla.resolution).toMatchObject({
      state: "running",
      consumedMinutes: 120,
      remainingMinutes: 1320,
      deadline: utc("2026-01-06T08:00:00Z"),
      warningAt: utc("2026-01-06T03:12:00Z"), // 80 % of 1440 = 1152 minutes = 19 h 12
    });
  });

  it("a pause over a weekend keeps the time already consumed and explains itself", () => {
    const events: SlaEvent[] = [
      created("2026-06-05T08:00:00Z"), // Fri 09:00 BST
      { kind: "status_changed", at: utc("2026-06-05T12:00:00Z"), to: "waiting_on_customer" },
      { kind: "status_changed", at: utc("2026-06-08T10:00:00Z"), to: "open" }, // Mon 11:00 BST
    ];
    const policy = () => ({ firstResponseMinutes: 600, resolutionMinutes: 480 });
    const during = computeSla({ events, calendar: londonOffice, policyFor: policy, now: utc("2026-06-06T12:00:00Z") });
    expect(during.resolution).toMatchObject({ state: "paused", consumedMinutes: 240, deadline: null });

    const after = computeSla({ events, calendar: londonOffice, policyFor: policy, now: utc("2026-06-08T10:00:00Z") });
    expect(after.resolution.deadline).toEqual(utc("2026-06-08T14:00:00Z"));
    expect(after.resolution.intervals.map((i) => [i.from.toISOString(), i.reason, i.counted])).toEqual([
      ["2026-06-05T08:00:00.000Z", "business hours", true],
      ["2026-06-05T12:00:00.000Z", "paused: waiting_on_customer", false],
    ]);
  });

  it("a priority upgrade mid-flight swaps the target but keeps the consumed time", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T00:00:00Z"),
      { kind: "priority_changed", at: utc("2026-01-05T01:00:00Z"), to: "urgent" },
    ];
    const sla = computeSla({ events, calendar: lagos247, policyFor, now: utc("2026-01-05T02:00:00Z") });
    expect(sla.resolution).toMatchObject({
      targetMinutes: 240,
      consumedMinutes: 120,
      deadline: utc("2026-01-05T04:00:00Z"),
      state: "running",
    });
    // First response (60 → 15) was already over the new target at the upgrade: breached then.
    expect(sla.firstResponse).toMatchObject({ state: "breached", breachedAt: utc("2026-01-05T01:00:00Z") });
  });

  it("an upgrade after the new target is used up breaches at the change, and a downgrade does not undo it", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T00:00:00Z"),
      { kind: "first_response", at: utc("2026-01-05T00:05:00Z") },
      { kind: "priority_changed", at: utc("2026-01-05T05:00:00Z"), to: "urgent" },
      { kind: "priority_changed", at: utc("2026-01-05T06:00:00Z"), to: "normal" },
    ];
    const sla = computeSla({ events, calendar: lagos247, policyFor, now: utc("2026-01-05T07:00:00Z") });
    expect(sla.resolution).toMatchObject({ state: "breached", breachedAt: utc("2026-01-05T05:00:00Z") });
    expect(sla.resolution.remainingMinutes).toBe(1440 - 420);
    expect(sla.firstResponse.state).toBe("met");
  });

  it("resolving exactly at the deadline is met; a minute later is breached", () => {
    const at = (iso: string): SlaEvent[] => [
      created("2026-01-05T00:00:00Z", "urgent"),
      { kind: "first_response", at: utc("2026-01-05T00:10:00Z") },
      { kind: "resolved", at: utc(iso) },
    ];
    const now = utc("2026-01-06T00:00:00Z");
    expect(
      computeSla({ events: at("2026-01-05T04:00:00Z"), calendar: lagos247, policyFor, now }).resolution.state,
    ).toBe("met");
    const late = computeSla({ events: at("2026-01-05T04:01:00Z"), calendar: lagos247, policyFor, now }).resolution;
    expect(late).toMatchObject({ state: "breached", breachedAt: utc("2026-01-05T04:00:00Z"), remainingMinutes: -1 });
    expect(late.intervals.at(-1)).toMatchObject({ reason: "stopped: resolved", counted: false, to: now });
  });

  it("stays fast for a long-lived ticket with hundreds of events", () => {
    const start = Date.parse("2026-01-05T08:00:00Z");
    const events: SlaEvent[] = [created("2026-01-05T08:00:00Z")];
    for (let i = 1; i <= 600; i++) {
      const at = new Date(start + i * 3 * 3_600_000 + 7 * MIN);
      events.push({ kind: "status_changed", at, to: i % 3 === 0 ? "on_hold" : "in_progress" });
    }
    const cal: Calendar = { ...londonOffice, holidays: ["2026-01-19", "2026-02-16"] };
    const t0 = performance.now();
    const sla = computeSla({ events, calendar: cal, policyFor, now: utc("2026-04-01T00:00:00Z") });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(sla.resolution.state).toBe("breached");
    expect(sla.resolution.intervals.length).toBeGreaterThan(100);
  });

  it("a reopen resumes the resolution clock with the consumed time kept and starts a new cycle", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T00:00:00Z"),
      { kind: "first_response", at: utc("2026-01-05T00:10:00Z") },
      { kind: "resolved", at: utc("2026-01-05T02:00:00Z") },
      { kind: "reopened", at: utc("2026-01-05T10:00:00Z") },
    ];
    const sla = computeSla({ events, calendar: lagos247, policyFor, now: utc("2026-01-05T11:00:00Z") });
    expect(sla.cycle).toBe(1);
    expect(sla.resolution).toMatchObject({
      state: "running",
      consumedMinutes: 180,
      deadline: utc("2026-01-06T08:00:00Z"), // 1440 − 180 = 1260 minutes (21 h) after 11:00
      stoppedAt: null,
    });
    expect(sla.resolution.intervals.map((i) => [i.reason, i.counted])).toEqual([
      ["business hours", true],
      ["stopped: resolved", false],
      ["business hours", true],
    ]);
    // The first response happened: its clock stays stopped.
    expect(sla.firstResponse).toMatchObject({ state: "met", consumedMinutes: 10 });
  });

  it("a reopen without a first response resumes both clocks; one over its target breaches at the reopen", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T00:00:00Z", "urgent"),
      { kind: "resolved", at: utc("2026-01-05T00:15:00Z") }, // exactly on the 15-minute first-response target
      { kind: "reopened", at: utc("2026-01-05T01:00:00Z") },
    ];
    const sla = computeSla({ events, calendar: lagos247, policyFor, now: utc("2026-01-05T01:30:00Z") });
    expect(sla.firstResponse).toMatchObject({ state: "breached", breachedAt: utc("2026-01-05T01:00:00Z") });
    expect(sla.resolution).toMatchObject({ state: "running", consumedMinutes: 45 });
  });

  it("a breach stays after the reopen, and a reply while resolved keeps the first-response clock stopped", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T00:00:00Z", "urgent"),
      { kind: "resolved", at: utc("2026-01-05T05:00:00Z") }, // 300 > 240: breached at 04:00
      { kind: "first_response", at: utc("2026-01-05T06:00:00Z") },
      { kind: "reopened", at: utc("2026-01-05T07:00:00Z") },
      { kind: "priority_changed", at: utc("2026-01-05T07:30:00Z"), to: "normal" },
    ];
    const sla = computeSla({ events, calendar: lagos247, policyFor, now: utc("2026-01-05T08:00:00Z") });
    expect(sla.resolution).toMatchObject({
      state: "breached",
      breachedAt: utc("2026-01-05T04:00:00Z"),
      targetMinutes: 1440,
      consumedMinutes: 360,
    });
    expect(sla.firstResponse).toMatchObject({ stoppedAt: utc("2026-01-05T05:00:00Z"), consumedMinutes: 300 });
    expect(sla.firstResponse.intervals.at(-1)?.reason).toBe("stopped: first response");
  });

  it("configurable pause statuses: only the listed statuses pause", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T00:00:00Z"),
      { kind: "status_changed", at: utc("2026-01-05T01:00:00Z"), to: "lastmile_rerun" },
    ];
    const now = utc("2026-01-05T03:00:00Z");
    const standard = computeSla({ events, calendar: lagos247, policyFor, now });
    expect(standard.resolution).toMatchObject({ state: "running", consumedMinutes: 180 });
    const custom = computeSla({ events, calendar: lagos247, policyFor, now, pauseStatuses: ["lastmile_rerun"] });
    expect(custom.resolution).toMatchObject({ state: "paused", consumedMinutes: 60, deadline: null });
  });

  it("a calendar change applies from its event on", () => {
    const events: SlaEvent[] = [
      created("2026-01-05T16:00:00Z"), // Mon 16:00 London
      { kind: "calendar_changed", at: utc("2026-01-05T17:00:00Z"), calendar: lagos247 },
    ];
    const sla = computeSla({ events, calendar: londonOffice, policyFor, now: utc("2026-01-05T19:00:00Z") });
    expect(sla.resolution.consumedMinutes).toBe(60 + 120);
  });
});

// ——— Brute-force reference: walks minute by minute, reading wall clocks through Intl, not luxon. ———

const zones = ["Europe/London", "America/New_York", "Africa/Lagos", "Australia/Sydney", "Asia/Kolkata"] as const;
const wallCache = new Map<string, { date: string; weekday: number; minute: number }>();
const formatters = new Map<string, Intl.DateTimeFormat>();
const dayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Wall clock of a minute; every offset in `zones` is a multiple of 15 minutes, so quarter-hour blocks are safe. */
function wall(zone: string, t: number) {
  const block = Math.floor(t / (15 * MIN)) * 15 * MIN;
  const key = `${zone}|${block}`;
  let w = wallCache.get(key);
  if (!w) {
    let f = formatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        weekday: "short",
      });
      formatters.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(block)).map((x) => [x.type, x.value]));
    w = {
      date: `${p.year}-${p.month}-${p.day}`,
      weekday: dayIndex[p.weekday ?? ""] ?? -1,
      minute: Number(p.hour) * 60 + Number(p.minute),
    };
    wallCache.set(key, w);
  }
  return { ...w, minute: w.minute + (t - block) / MIN };
}

const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
function bruteOpen(cal: Calendar, t: number): boolean {
  const w = wall(cal.timeZone, t);
  if (cal.holidays?.includes(w.date)) return false;
  if (cal.alwaysOpen) return true;
  const ranges = [
    ...(cal.weekly?.[String(w.weekday) as "0"] ?? []),
    ...(w.weekday === 0 ? (cal.weekly?.["7"] ?? []) : []),
  ];
  return ranges.some((r) => toMinute(r.from) <= w.minute && w.minute < toMinute(r.to));
}
function bruteBetween(cal: Calendar, from: number, to: number) {
  let n = 0;
  for (let t = from; t < to; t += MIN) if (bruteOpen(cal, t)) n++;
  return n;
}
function bruteAdd(cal: Calendar, from: number, minutes: number) {
  let t = from;
  for (let n = 0; n < minutes; t += MIN) if (bruteOpen(cal, t)) n++;
  return t;
}

interface BruteClock {
  target: number;
  consumed: number;
  stoppedAt: number | null;
  stopReason: string;
  breachedAt: number | null;
}
function bruteSla(events: SlaEvent[], calendar: Calendar, now: number, pause: readonly string[]) {
  const sorted = [...events].sort((a, b) => +a.at - +b.at);
  const c = sorted[0];
  if (c?.kind !== "created") throw new Error("fixture must start with created");
  let { status, priority, type } = c;
  let cal = calendar;
  let policy = propertyPolicyFor(type, priority);
  let cycle = 0;
  let responded = false;
  const clock = (target: number): BruteClock => ({
    target,
    consumed: 0,
    stoppedAt: null,
    stopReason: "",
    breachedAt: null,
  });
  const fr = clock(policy.firstResponseMinutes);
  const rs = clock(policy.resolutionMinutes);
  const retarget = () => {
    if (fr.stoppedAt === null) fr.target = policy.firstResponseMinutes;
    if (rs.stoppedAt === null) rs.target = policy.resolutionMinutes;
  };
  const stop = (k: BruteClock, t: number, reason: string) => {
    if (k.stoppedAt !== null) return;
    k.stoppedAt = t;
    k.stopReason = reason;
  };
  let i = 1;
  for (let t = +c.at; t <= now; t += MIN) {
    for (; i < sorted.length && +(sorted[i]?.at ?? 0) <= t; i++) {
      const e = sorted[i];
      if (!e) break;
      if (e.kind === "status_changed") status = e.to;
      if (e.kind === "priority_changed") {
        priority = e.to;
        policy = propertyPolicyFor(type, priority);
        retarget();
      }
      if (e.kind === "type_changed") {
        type = e.to;
        policy = propertyPolicyFor(type, priority);
        retarget();
      }
      if (e.kind === "policy_changed") {
        // A ticket's policies (all this generator makes) have a first-response target.
        policy = e.policy as Policy;
        retarget();
      }
      if (e.kind === "calendar_changed") cal = e.calendar;
      if (e.kind === "first_response") {
        responded = true;
        stop(fr, t, "first response");
      }
      if (e.kind === "resolved" || e.kind === "closed") {
        stop(fr, t, e.kind);
        stop(rs, t, e.kind);
      }
      if (e.kind === "reopened") {
        cycle++;
        for (const k of responded ? [rs] : [fr, rs]) {
          if (k.stopReason === "resolved" || k.stopReason === "closed") {
            k.stoppedAt = null;
            k.stopReason = "";
          }
        }
        retarget();
      }
    }
    const open = t < now && !pause.includes(status) && bruteOpen(cal, t);
    for (const k of [fr, rs]) {
      const going = k.stoppedAt === null;
      if ((going && k.consumed >= k.target) || (k.stoppedAt === t && k.consumed > k.target)) k.breachedAt ??= t;
      if (going && open) k.consumed++;
    }
  }
  return { fr, rs, cal, cycle, paused: pause.includes(status) };
}

// ——— Generators: small windows around DST switches in the listed zones. ———

const bases = [
  "2026-03-06T00:00:00Z", // US spring forward 8 Mar
  "2026-03-27T00:00:00Z", // EU spring forward 29 Mar
  "2026-04-02T00:00:00Z", // Sydney falls back 5 Apr
  "2026-10-02T00:00:00Z", // Sydney springs forward 4 Oct
  "2026-10-23T00:00:00Z", // EU falls back 25 Oct
  "2026-10-30T00:00:00Z", // US falls back 1 Nov
].map((iso) => Date.parse(iso));

const halfHour = (h: number) => `${String(Math.floor(h / 2)).padStart(2, "0")}:${h % 2 ? "30" : "00"}`;
const rangeArb = fc
  .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 16 }))
  .map(([start, len]) => ({ from: halfHour(start), to: halfHour(Math.min(48, start + len)) }));
const calendarArb = (base: number): fc.Arbitrary<Calendar> =>
  fc
    .record({
      timeZone: fc.constantFrom(...zones),
      alwaysOpen: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      weekly: fc.dictionary(
        fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7"),
        fc.array(rangeArb, { maxLength: 2 }),
        {
          maxKeys: 6,
        },
      ),
      holidays: fc.array(
        fc.integer({ min: -1, max: 10 }).map((d) => new Date(base + d * DAY).toISOString().slice(0, 10)),
        { maxLength: 2 },
      ),
    })
    .filter((c) => c.alwaysOpen || Object.values(c.weekly).some((r) => r.length > 0));

const statuses = ["open", "in_progress", "pending", "waiting_on_customer", "on_hold"];
const pauseStatuses = ["pending", "waiting_on_customer", "on_hold"];
const propertyPolicies: Record<string, Policy> = {
  urgent: { firstResponseMinutes: 30, resolutionMinutes: 240, warnAtPercent: 80 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 480, warnAtPercent: 75 },
  normal: { firstResponseMinutes: 120, resolutionMinutes: 1440, warnAtPercent: 80 },
};
const propertyPolicyFor = (_type: string, priority: string): Policy => propertyPolicies[priority] ?? fail();

const scenarioArb = fc.constantFrom(...bases).chain((base) =>
  fc.record({
    base: fc.constant(base),
    calendar: calendarArb(base),
    created: fc.integer({ min: 0, max: 2 * 24 * 4 }).map((q) => base + q * 15 * MIN),
    steps: fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 6 * 24 * 60 }),
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...statuses).map((to) => ({ kind: "status_changed" as const, to })) },
          {
            weight: 2,
            arbitrary: fc
              .constantFrom("urgent", "high", "normal")
              .map((to) => ({ kind: "priority_changed" as const, to })),
          },
          { weight: 1, arbitrary: fc.constant({ kind: "first_response" as const }) },
          { weight: 1, arbitrary: fc.constant({ kind: "resolved" as const }) },
          { weight: 1, arbitrary: fc.constant({ kind: "closed" as const }) },
          { weight: 2, arbitrary: fc.constant({ kind: "reopened" as const }) },
          {
            weight: 1,
            arbitrary: fc
              .record({
                firstResponseMinutes: fc.integer({ min: 1, max: 600 }),
                resolutionMinutes: fc.integer({ min: 1, max: 3000 }),
              })
              .map((policy) => ({ kind: "policy_changed" as const, policy })),
          },
          {
            weight: 1,
            arbitrary: calendarArb(base).map((calendar) => ({ kind: "calendar_changed" as const, calendar })),
          },
        ),
      ),
      { maxLength: 12 },
    ),
    now: fc.integer({ min: 0, max: 7 * 24 * 60 }),
    /** Pause statuses are configurable: any subset of the working statuses. */
    pause: fc.subarray(statuses.filter((x) => x !== "open")),
    initial: fc.record({ status: fc.constantFrom(...statuses), priority: fc.constantFrom("urgent", "high", "normal") }),
  }),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;
function toEvents(s: Scenario): SlaEvent[] {
  const start = new Date(s.created);
  return [
    { kind: "created", at: start, status: s.initial.status, priority: s.initial.priority, type: "fault" },
    ...s.steps.map(([offset, e]) => ({ ...e, at: new Date(s.created + offset * MIN) }) as SlaEvent),
  ];
}
// SLA_PROPERTY_RUNS=2000 for a deeper soak; the default keeps the file well under 20 s.
const runs = { numRuns: Number(process.env.SLA_PROPERTY_RUNS ?? 60) };

describe("properties against the minute-by-minute reference", () => {
  it("businessMinutesBetween and addBusinessMinutes match the reference", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...bases).chain((base) =>
          fc.tuple(
            calendarArb(base),
            fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => base + m * MIN),
            fc.integer({ min: 0, max: 6 * 24 * 60 }),
            fc.integer({ min: 0, max: 1500 }),
          ),
        ),
        ([cal, from, span, add]) => {
          expect(businessMinutesBetween(cal, new Date(from), new Date(from + span * MIN))).toBe(
            bruteBetween(cal, from, from + span * MIN),
          );
          const deadline = +addBusinessMinutes(cal, new Date(from), add);
          expect(businessMinutesBetween(cal, new Date(from), new Date(deadline))).toBe(add);
          if (deadline - from < 10 * DAY) expect(deadline).toBe(bruteAdd(cal, from, add));
        },
      ),
      runs,
    );
  });

  it("computeSla matches the reference; remaining is never negative before breach; pauses never count", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const events = toEvents(s);
        const now = s.created + s.now * MIN;
        const sla = computeSla({
          events,
          calendar: s.calendar,
          policyFor: propertyPolicyFor,
          pauseStatuses: s.pause,
          now: new Date(now),
        });
        const ref = bruteSla(events, s.calendar, now, s.pause);
        expect(sla.cycle).toBe(ref.cycle);
        for (const [clock, k] of [
          [sla.firstResponse, ref.fr],
          [sla.resolution, ref.rs],
        ] as const) {
          expect(clock.consumedMinutes).toBe(k.consumed);
          expect(clock.targetMinutes).toBe(k.target);
          expect(clock.breachedAt?.getTime() ?? null).toBe(k.breachedAt);
          const expected =
            k.breachedAt !== null ? "breached" : k.stoppedAt !== null ? "met" : ref.paused ? "paused" : "running";
          expect(clock.state).toBe(expected);
          if (clock.state !== "breached") expect(clock.remainingMinutes).toBeGreaterThanOrEqual(0);
          if (clock.state === "running") {
            expect(clock.deadline?.getTime()).toBe(bruteAdd(ref.cal, now, k.target - k.consumed));
          }
          // Paused time never counts: nothing is consumed while the status is a pause status.
          if (ref.paused && k.stoppedAt === null) {
            const later = computeSla({
              events: events.filter((e) => +e.at <= now),
              calendar: s.calendar,
              policyFor: propertyPolicyFor,
              pauseStatuses: s.pause,
              now: new Date(now + 3 * 60 * MIN),
            });
            const same = clock === sla.firstResponse ? later.firstResponse : later.resolution;
            expect(same.consumedMinutes).toBe(clock.consumedMinutes);
            expect(same.deadline).toBeNull();
          }
          // Explain: a gapless cover of [created, now] whose counted stretches sum to consumed.
          let cursor = s.created;
          let counted = 0;
          for (const iv of clock.intervals) {
            expect(+iv.from).toBe(cursor);
            if (iv.reason.startsWith("paused") || iv.reason.startsWith("stopped")) expect(iv.counted).toBe(false);
            if (iv.counted) counted += (+iv.to - +iv.from) / MIN;
            cursor = +iv.to;
          }
          expect(cursor).toBe(Math.max(now, s.created));
          expect(counted).toBe(k.consumed);
        }
      }),
      runs,
    );
  });

  it("adding a pause never moves a deadline, warning or breach earlier", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 7 * 24 * 60 }),
        fc.integer({ min: 1, max: 2 * 24 * 60 }),
        (s, pauseStart, pauseLength) => {
          const events = toEvents(s);
          const now = new Date(s.created + s.now * MIN);
          const t1 = s.created + (pauseStart % (s.now + 1)) * MIN; // inside [created, now], where it matters
          const t2 = t1 + pauseLength * MIN;
          const statusAt = (t: number) => {
            let st = s.initial.status;
            for (const e of [...events].sort((a, b) => +a.at - +b.at))
              if (+e.at <= t && e.kind === "status_changed") st = e.to;
            return st;
          };
          const paused: SlaEvent[] = [
            ...events.filter((e) => e.kind !== "status_changed" || +e.at < t1 || +e.at > t2),
            { kind: "status_changed", at: new Date(t1), to: "on_hold" },
            { kind: "status_changed", at: new Date(t2), to: statusAt(t2) },
          ];
          const before = computeSla({ events, calendar: s.calendar, policyFor: propertyPolicyFor, pauseStatuses, now });
          const after = computeSla({
            events: paused,
            calendar: s.calendar,
            policyFor: propertyPolicyFor,
            pauseStatuses,
            now,
          });
          for (const name of ["firstResponse", "resolution"] as const) {
            const a = before[name];
            const b = after[name];
            expect(b.consumedMinutes).toBeLessThanOrEqual(a.consumedMinutes);
            if (a.deadline && b.deadline) expect(+b.deadline).toBeGreaterThanOrEqual(+a.deadline);
            if (a.warningAt && b.warningAt) expect(+b.warningAt).toBeGreaterThanOrEqual(+a.warningAt);
            if (b.breachedAt) expect(a.breachedAt && +b.breachedAt >= +a.breachedAt).toBe(true);
          }
        },
      ),
      runs,
    );
  });
});
