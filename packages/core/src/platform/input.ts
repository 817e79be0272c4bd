import * as z from "zod";
import { AppError } from "./errors";
import { findUnstorable, isStorable, UNSTORABLE_MESSAGE } from "./storable";

/**
 * The input vocabulary: every value that enters from outside (route params, query strings, bodies,
 * queue messages) is one of these, so it is bounded and storable before it reaches SQL. Output
 * schemas (`Info`) may stay plain; what a caller sends may not.
 */

export interface TextOptions {
  /** Shortest accepted length after trimming; 1 by default (use `.optional()` for "may be absent"). */
  min?: number;
  /** Trim surrounding whitespace first (default true; a password or a body with leading spaces is false). */
  trim?: boolean;
}

/** Bounded, storable text. `max` is required: nothing unbounded enters. */
export function text(max: number, options: TextOptions = {}) {
  const min = options.min ?? 1;
  const base = options.trim === false ? z.string() : z.string().trim();
  return base
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine(isStorable, UNSTORABLE_MESSAGE);
}

/** A short machine-readable key (role names, status names, slugs): letters, digits, `_ . : -`. */
export function key(max = 100) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits and _ . : -");
}

/** A UUID (every primary key). */
export const id = () => z.uuid();
/** A position in degrees (WGS 84). */
export const latitude = () => z.number().min(-90).max(90);
export const longitude = () => z.number().min(-180).max(180);

/** An email address as we store it: lower-cased, at most 320 characters. */
export const email = () =>
  z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase());

const CURSOR_MESSAGE = "is invalid: pass back the nextCursor of the previous page";

/** The keyset cursor a list returned as `nextCursor` (base64url); `decodeCursor` validates its content. */
export const cursor = () =>
  z
    .string()
    .max(400, CURSOR_MESSAGE)
    .regex(/^[A-Za-z0-9_-]+$/, CURSOR_MESSAGE);

/** A list's keyset position (its sort values) as the opaque `nextCursor`. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/**
 * The keyset position a caller passed back. Its content is input too, so it is parsed with `schema`
 * (built from this vocabulary) before any of it reaches SQL; anything else is a 400 naming `cursor`.
 */
export function decodeCursor<T extends z.ZodType>(value: string, schema: T): z.output<T> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = findUnstorable(decoded) === undefined ? schema.safeParse(decoded) : undefined;
  if (parsed?.success) return parsed.data;
  throw new AppError("validation", `cursor ${CURSOR_MESSAGE}`, [{ path: "cursor", message: "is invalid" }]);
}

/**
 * A whole number in `[min, max]`. Query strings arrive as text, so a string of digits is read as its
 * number; nothing else is coerced (`true`, `""`, `"1e3"`, `"0x10"` and `[5]` are refused, not 1, 0, 1000…).
 */
export function int(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === "string" && /^-?\d{1,16}$/.test(v) ? Number(v) : v),
    z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );
}

/** A page size: 1..`max`, `fallback` when absent. */
export const pageLimit = (max = 200, fallback = 50) => int(1, max).default(fallback);

/** The instants an instant filter or field may take; Postgres and JS Date share this range comfortably. */
export const EARLIEST = new Date("1900-01-01T00:00:00Z");
export const LATEST = new Date("9999-12-31T23:59:59.999Z");
const RANGE_MESSAGE = "must be a real instant between 1900-01-01 and 9999-12-31";
const inRange = (date: Date) => !Number.isNaN(date.getTime()) && date >= EARLIEST && date <= LATEST;

/**
 * An instant: an ISO 8601 date-time with `Z` or an offset, or a date (`2026-11-01`, midnight UTC),
 * between 1900 and 9999. Never the lax `Date` parser, which takes "5" or "1e15". A valid `Date` is read
 * as its ISO text, so a value parsed by a route parses again unchanged in the verb.
 */
export function instant() {
  return z.preprocess(
    (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : v),
    z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: "must be an ISO 8601 date-time with Z or an offset (2026-11-01T09:00:00Z), or a date (2026-11-01)",
      })
      .transform((value, ctx) => {
        const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
        if (!inRange(date)) {
          ctx.addIssue({ code: "custom", message: RANGE_MESSAGE });
          return z.NEVER;
        }
        return date;
      }),
  );
}

/** An instant kept as its ISO text (keyset cursors carry microseconds, which a Date would drop). */
export const instantText = () => z.iso.datetime().refine((value) => inRange(new Date(value)), RANGE_MESSAGE);

/** A calendar date `YYYY-MM-DD` (holidays, birthdays), between 1900 and 9999, kept as text. */
export function day() {
  return z.iso
    .date()
    .refine((d) => d >= "1900-01-01" && d <= "9999-12-31", "must be between 1900-01-01 and 9999-12-31");
}

/** A list of short labels (tags): each bounded text, at most `max` of them, duplicates removed. */
export function labels(max = 50, each = 50) {
  return z
    .array(text(each))
    .max(max)
    .transform((items) => [...new Set(items)]);
}
