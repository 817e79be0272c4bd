import * as z from "zod";
import { AppError } from "../platform/errors";
import { day, text } from "../platform/input";

/*
 * Business-calendar maths. Semantics, chosen so they can be checked minute by minute:
 * an instant is business time iff its wall-clock reading in the calendar's zone falls on a
 * non-holiday date inside one of that weekday's ranges. So a wall time that does not exist
 * (02:30 on a spring-forward night) is never counted, and one that happens twice (01:30 on a
 * fall-back night) is counted twice. Everything is exact to the millisecond; the public API
 * speaks minutes, which are fractional only when the inputs are not minute-aligned.
 */

const MINUTE = 60_000;

/**
 * An IANA zone's UTC offset at an instant, read from the runtime's time zone data through
 * `Intl.DateTimeFormat` (as luxon's IANAZone does, which this replaced: 73 KB for these two functions).
 * The formatter is made once per zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      hourCycle: "h23",
      timeZone: zone,
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

export function isValidZone(zone: string): boolean {
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `at`, in ms (whole seconds: the wall clock read to the second). */
export function offsetOf(zone: string, at: number): number {
  const part: Record<string, number> = {};
  let bc = false;
  for (const { type, value } of formatterOf(zone).formatToParts(at)) {
    if (type === "era") bc = value === "BC" || value === "B";
    else if (type !== "literal") part[type] = Number(value);
  }
  const year = bc ? 1 - (part.year ?? 0) : (part.year ?? 0);
  const wall = new Date(0);
  wall.setUTCFullYear(year, (part.month ?? 1) - 1, part.day ?? 1);
  wall.setUTCHours((part.hour ?? 0) % 24, part.minute ?? 0, part.second ?? 0, 0);
  const whole = at - (((at % 1000) + 1000) % 1000);
  return wall.getTime() - whole;
}
const DAY = 86_400_000;
/** How far `addBusinessMinutes` looks before giving up (a calendar whose holidays block everything). */
const SEARCH_LIMIT = 5 * 366 * DAY;

const hhmm = z
  .string()
  .max(5)
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use "HH:mm" (00:00–24:00)');

/** One opening range in wall-clock time; `to` may be "24:00". Overnight ranges are two ranges on two days. */
export const TimeRange = z
  .object({ from: hhmm, to: hhmm })
  .refine((r) => toMinuteOfDay(r.from) < toMinuteOfDay(r.to), "`from` must be before `to`");
export type TimeRange = z.infer<typeof TimeRange>;

const weekday = z.enum(["0", "1", "2", "3", "4", "5", "6", "7"]);

/**
 * A business calendar. `weekly` is keyed by weekday, 0 or 7 = Sunday, 1 = Monday … 6 = Saturday;
 * a day may have several ranges (split days). `holidays` are ISO dates in the calendar's zone and
 * close the whole day, also for `alwaysOpen` (24/7) calendars.
 */
export const Calendar = z
  .object({
    timeZone: text(64).refine(isValidZone, "Unknown IANA time zone"),
    alwaysOpen: z.boolean().default(false),
    weekly: z.partialRecord(weekday, z.array(TimeRange).max(24)).default({}),
    holidays: z.array(day()).max(2_000).default([]),
  })
  .refine(
    (c) => c.alwaysOpen || Object.values(c.weekly).some((ranges) => (ranges?.length ?? 0) > 0),
    "A calendar needs opening hours or `alwaysOpen: true`",
  );
export type Calendar = z.input<typeof Calendar>;

/** Why a stretch of calendar time does or does not count. */
export type CalendarReason = "business hours" | "outside business hours" | "holiday";

export interface CalendarSpan {
  from: number;
  to: number;
  open: boolean;
  reason: CalendarReason;
}

interface Compiled {
  zone: string;
  /** Per JS weekday (0 = Sunday), sorted, merged [startMinute, endMinute) ranges. */
  days: Array<Array<[number, number]>>;
  holidays: Set<string>;
}

// Compiled per calendar object: callers treat calendars as immutable values.
const compiledCache = new WeakMap<object, Compiled>();

function toMinuteOfDay(value: string): number {
  const [h, m] = value.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function compile(calendar: Calendar): Compiled {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  const parsed = Calendar.safeParse(calendar);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join("; ");
    throw new AppError("validation", `Invalid SLA calendar: ${message}`);
  }
  const c = parsed.data;
  const days: Array<Array<[number, number]>> = [];
  for (let d = 0; d < 7; d++) {
    const ranges: Array<[number, number]> = c.alwaysOpen
      ? [[0, 1440]]
      : [...(c.weekly[String(d) as z.infer<typeof weekday>] ?? []), ...(d === 0 ? (c.weekly["7"] ?? []) : [])].map(
          (r): [number, number] => [toMinuteOfDay(r.from), toMinuteOfDay(r.to)],
        );
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const r of ranges) {
      const last = merged.at(-1);
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    days.push(merged);
  }
  const compiled = { zone: c.timeZone, days, holidays: new Set(c.holidays) };
  compiledCache.set(calendar, compiled);
  return compiled;
}

/** Splits [from, to) into runs of constant UTC offset (ms). Assumes at most one change per 6 hours. */
function offsetRuns(zone: string, from: number, to: number): Array<{ from: number; to: number; offset: number }> {
  const offsetAt = (t: number) => offsetOf(zone, t);
  const runs: Array<{ from: number; to: number; offset: number }> = [];
  const step = 6 * 3_600_000;
  let start = from;
  let offset = offsetAt(from);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + step, to);
    const nextOffset = offsetAt(next);
    if (nextOffset !== offset) {
      let lo = probe;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      runs.push({ from: start, to: hi, offset });
      start = hi;
      offset = nextOffset;
    }
    probe = next;
  }
  if (start < to) runs.push({ from: start, to, offset });
  return runs;
}

/** The calendar's spans covering [from, to), adjacent spans with the same reason merged. */
export function spans(calendar: Calendar, from: Date | number, to: Date | number): CalendarSpan[] {
  const c = compile(calendar);
  const start = +from;
  const end = +to;
  const out: CalendarSpan[] = [];
  const push = (a: number, b: number, reason: CalendarReason) => {
    if (b <= a) return;
    const last = out.at(-1);
    if (last && last.reason === reason && last.to === a) last.to = b;
    else out.push({ from: a, to: b, open: reason === "business hours", reason });
  };
  for (const run of offsetRuns(c.zone, start, end)) {
    // Work in "naive local" ms: the wall-clock reading expressed as if it were UTC.
    const localFrom = run.from + run.offset;
    const localTo = run.to + run.offset;
    for (let day = Math.floor(localFrom / DAY) * DAY; day < localTo; day += DAY) {
      const lo = Math.max(localFrom, day);
      const hi = Math.min(localTo, day + DAY);
      const date = new Date(day);
      if (c.holidays.has(date.toISOString().slice(0, 10))) {
        push(lo - run.offset, hi - run.offset, "holiday");
        continue;
      }
      let cursor = lo;
      for (const [a, b] of c.days[date.getUTCDay()] ?? []) {
        const openFrom = Math.max(day + a * MINUTE, lo);
        const openTo = Math.min(day + b * MINUTE, hi);
        if (openTo <= openFrom) continue;
        push(cursor - run.offset, openFrom - run.offset, "outside business hours");
        push(openFrom - run.offset, openTo - run.offset, "business hours");
        cursor = openTo;
      }
      push(cursor - run.offset, hi - run.offset, "outside business hours");
    }
  }
  return out;
}

/** Business milliseconds in [from, to); 0 when `to` is not after `from`. */
export function businessMsBetween(calendar: Calendar, from: Date | number, to: Date | number): number {
  let total = 0;
  for (const s of spans(calendar, from, to)) if (s.open) total += s.to - s.from;
  return total;
}

/** The earliest instant at which `ms` business milliseconds have elapsed since `from`. */
export function addBusinessMs(calendar: Calendar, from: Date | number, ms: number): number {
  let remaining = ms;
  let cursor = +from;
  if (remaining <= 0) return cursor;
  const limit = cursor + SEARCH_LIMIT;
  while (cursor < limit) {
    const windowEnd = cursor + 7 * DAY;
    for (const s of spans(calendar, cursor, windowEnd)) {
      if (!s.open) continue;
      const length = s.to - s.from;
      if (length >= remaining) return s.from + remaining;
      remaining -= length;
    }
    cursor = windowEnd;
  }
  throw new AppError("validation", "The SLA calendar has no business hours within five years");
}

/** Business minutes in [from, to), exact to the millisecond (fractional for unaligned inputs). */
export function businessMinutesBetween(calendar: Calendar, from: Date, to: Date): number {
  return businessMsBetween(calendar, from, to) / MINUTE;
}

/** The earliest instant at which `minutes` business minutes have elapsed since `from`. */
export function addBusinessMinutes(calendar: Calendar, from: Date, minutes: number): Date {
  return new Date(addBusinessMs(calendar, from, minutes * MINUTE));
}
