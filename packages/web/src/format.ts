import { createMemo, createRoot, createSignal, onCleanup } from "solid-js";
import { intlLocale, t } from "./i18n";

const [now, setNow] = createSignal(Date.now());
let clockUsers = 0;
let clock: ReturnType<typeof setInterval> | undefined;

/** A shared one-second clock for "x ago" labels; it only ticks while something on screen uses it. */
export function useNow(): () => number {
  clockUsers++;
  if (!clock) {
    setNow(Date.now());
    clock = setInterval(() => setNow(Date.now()), 1000);
  }
  onCleanup(() => {
    clockUsers--;
    if (clockUsers === 0 && clock) {
      clearInterval(clock);
      clock = undefined;
    }
  });
  return now;
}

/** The `Intl` formatters of the active language, rebuilt only when it changes. */
const formatters = createRoot(() =>
  createMemo(() => {
    const tag = intlLocale();
    return {
      dateTime: new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "medium" }),
      dateTimeShort: new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" }),
      date: new Intl.DateTimeFormat(tag, { dateStyle: "medium" }),
      shortDate: new Intl.DateTimeFormat(tag, { month: "short", day: "numeric" }),
      time: new Intl.DateTimeFormat(tag, { timeStyle: "medium" }),
      number: new Intl.NumberFormat(tag),
      percent: new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 }),
      weekdayLong: new Intl.DateTimeFormat(tag, { weekday: "long", timeZone: "UTC" }),
      weekdayShort: new Intl.DateTimeFormat(tag, { weekday: "short", timeZone: "UTC" }),
      orList: new Intl.ListFormat(tag, { type: "disjunction" }),
    };
  }),
);

/** "3 Dec 2026, 09:14:02" in the viewer's language and time zone. */
export const absoluteTime = (iso: string | number | Date): string => formatters().dateTime.format(new Date(iso));
/** "3 Dec 2026, 09:14" */
export const dateTimeShort = (iso: string | number | Date): string => formatters().dateTimeShort.format(new Date(iso));
/** "3 Dec 2026" */
export const formatDate = (iso: string | number | Date): string => formatters().date.format(new Date(iso));
/** "3 Dec" */
export const shortDate = (iso: string | number | Date): string => formatters().shortDate.format(new Date(iso));
/** "09:14:02" */
export const timeOfDay = (iso: string | number | Date): string => formatters().time.format(new Date(iso));
/** "12,345" / "12 345" */
export const formatNumber = (n: number): string => formatters().number.format(n);
/** 0.953 → "95.3%" / "95,3 %" */
export const formatPercent = (ratio: number): string => formatters().percent.format(ratio);

/** "Open, Pending or Closed" / "Ouvert, En cours ou Fermé". */
export const orList = (items: string[]): string => formatters().orList.format(items);

/** A weekday's name by its number (0 is Sunday … 6 Saturday): "Monday"/"lundi", or "Mon"/"lun.". */
export const weekdayName = (day: number, style: "long" | "short" = "long"): string =>
  (style === "long" ? formatters().weekdayLong : formatters().weekdayShort).format(Date.UTC(2024, 0, 7 + day));

/** "just now", "12s ago", "4 min ago", "3 h ago", "2 d ago", then a date. */
export function relativeTime(iso: string | number, at: number): string {
  const then = new Date(iso).getTime();
  const seconds = Math.max(0, Math.round((at - then) / 1000));
  if (seconds < 5) return t("time.justNow");
  if (seconds < 60) return t("time.secondsAgo", { n: formatNumber(seconds) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t("time.minutesAgo", { n: formatNumber(minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("time.hoursAgo", { n: formatNumber(hours) });
  const days = Math.floor(hours / 24);
  if (days < 7) return t("time.daysAgo", { n: formatNumber(days) });
  return shortDate(then);
}

/** "in 12 min", "in 3 h", or "on <date>" for an instant ahead; "any moment now" once it is due. */
export function timeUntil(iso: string | number, at: number): string {
  const ms = new Date(iso).getTime() - at;
  if (ms <= 0) return t("time.anyMoment");
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return t("time.inMinutes", { n: formatNumber(minutes) });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t("time.inHours", { n: formatNumber(hours) });
  return t("time.onDate", { date: absoluteTime(iso) });
}

/** "2.4 MB" */
export function fileSize(bytes: number): string {
  const one = (n: number) => new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return t("units.bytes", { n: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return t("units.kilobytes", { n: one(bytes / 1024) });
  return t("units.megabytes", { n: one(bytes / (1024 * 1024)) });
}

/** Sets the document title for the page that calls it. */
export function useTitle(title: string): void {
  document.title = `${title} · DotMac CRM`;
}
