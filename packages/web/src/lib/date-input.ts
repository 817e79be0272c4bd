/*
 * Dates typed the way the reader writes them. A native `<input type="date">` shows the browser's own
 * format (its UI language, not the page's: an en-GB reader in an en-US Chrome sees mm/dd/yyyy), so the
 * kit's DateInput is a text box in the order and separators `Intl` gives for the portal's locale
 * (26/11/2026 in en-GB, 11/26/2026 in en-US, 26.11.2026 in de). Pure functions: no DOM, no i18n.
 */

export type DateKind = "date" | "datetime";
type Segment = "day" | "month" | "year" | "hour" | "minute" | "dayPeriod";
const segments: readonly string[] = ["day", "month", "year", "hour", "minute", "dayPeriod"];

export interface DatePattern {
  kind: DateKind;
  /** The locale's parts in order: a segment, or the literal text between segments. */
  parts: { type: Segment | "literal"; value: string }[];
  /** Whether the hour is 1–12 with a day period (en-US), not 0–23. */
  hour12: boolean;
  /** The day period words as the locale writes them ("AM", "PM"). */
  periods: { am: string; pm: string };
  format: Intl.DateTimeFormat;
}

const SAMPLE = new Date(2026, 10, 26, 9, 5);

/** How `tag` writes a numeric date (and time): two-digit day and month, four-digit year, Latin digits. */
export function datePattern(tag: string, kind: DateKind): DatePattern {
  const format = new Intl.DateTimeFormat(tag, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(kind === "datetime" ? { hour: "2-digit", minute: "2-digit" } : {}),
    numberingSystem: "latn",
  });
  const parts = format
    .formatToParts(SAMPLE)
    .map((p) => ({ type: segments.includes(p.type) ? (p.type as Segment) : ("literal" as const), value: p.value }));
  const cycle = format.resolvedOptions().hourCycle;
  const hour12 = kind === "datetime" && (cycle === "h11" || cycle === "h12");
  const period = (hour: number) =>
    format.formatToParts(new Date(2026, 0, 1, hour)).find((p) => p.type === "dayPeriod")?.value ?? "";
  return { kind, parts, hour12, periods: { am: period(9) || "AM", pm: period(21) || "PM" }, format };
}

/** A date as the locale writes it in the input ("26/11/2026, 09:05"), in the browser's time zone. */
export const formatDateInput = (date: Date, pattern: DatePattern): string => pattern.format.format(date);

/**
 * The pattern as a hint: each segment by the letters the reader knows (`{ day: "dd", … }`), the
 * separators as the locale writes them: "dd/mm/yyyy, hh:mm".
 */
export function patternHint(pattern: DatePattern, letters: Record<Exclude<Segment, "dayPeriod">, string>): string {
  return pattern.parts
    .map((p) =>
      p.type === "literal"
        ? p.value
        : p.type === "dayPeriod"
          ? `${pattern.periods.am}/${pattern.periods.pm}`
          : letters[p.type],
    )
    .join("")
    .replace(/\s/g, " ");
}

/**
 * The date a reader typed, read in the pattern's order: the numbers in the text, whatever separates
 * them ("26/11/2026 9:05", "26-11-2026, 09.05"), and AM/PM where the locale uses them. Undefined for
 * empty text; "invalid" for anything else that is not a real date (31/02, month 13, a two-digit year).
 */
export function parseDateInput(text: string, pattern: DatePattern): Date | undefined | "invalid" {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const order: Segment[] = pattern.parts.flatMap((p) =>
    p.type === "literal" || p.type === "dayPeriod" ? [] : [p.type],
  );
  const numbers = trimmed.match(/\d+/g) ?? [];
  if (numbers.length !== order.length) return "invalid";
  const value = (segment: Segment) => Number(numbers[order.indexOf(segment)] ?? Number.NaN);
  const yearText = numbers[order.indexOf("year")] ?? "";
  const year = value("year");
  const month = value("month");
  const day = value("day");
  let hour = pattern.kind === "datetime" ? value("hour") : 0;
  const minute = pattern.kind === "datetime" ? value("minute") : 0;
  if (yearText.length !== 4) return "invalid";
  if (pattern.hour12) {
    const lower = trimmed.toLowerCase();
    const pm = [pattern.periods.pm, "pm"].some((w) => lower.includes(w.toLowerCase()));
    const am = [pattern.periods.am, "am"].some((w) => lower.includes(w.toLowerCase()));
    if (pm === am || hour < 1 || hour > 12) return "invalid";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return "invalid";
  const date = new Date(year, month - 1, day, hour, minute);
  const real = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
  return real ? date : "invalid";
}

/** `2026-11-26` for a date in the browser's time zone (what date-only values travel as). */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A `2026-11-26` day as a local date (midnight in the browser's time zone); undefined if it is not one. */
export function fromIsoDay(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoDay(date) === day ? date : undefined;
}
