import { useConfig } from "../platform/config";
import { AppError } from "../platform/errors";
import { isValidZone, offsetOf } from "../sla/calendar";

/*
 * Distances, travel estimates and wall-clock time in a technician's zone. Travel is the straight-line
 * (haversine) distance × DISPATCH_ROAD_FACTOR (1.3) at DISPATCH_SPEED_KMH (40): no routing service.
 */

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km. */
export function haversineKm(a: Point, b: Point): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Estimated road distance (km) and driving minutes between two points, rounded up to the minute. */
export function travel(a: Point, b: Point): { km: number; minutes: number } {
  const { DISPATCH_ROAD_FACTOR, DISPATCH_SPEED_KMH } = useConfig();
  const km = haversineKm(a, b) * DISPATCH_ROAD_FACTOR;
  return { km: Math.round(km * 10) / 10, minutes: Math.ceil((km / DISPATCH_SPEED_KMH) * 60) };
}

export const pointOf = (lat: number | null, lng: number | null): Point | null =>
  lat === null || lng === null ? null : { latitude: lat, longitude: lng };

export { isValidZone };

/** Throws a 400 naming `path` unless `zone` is an IANA zone the runtime knows. */
export function assertZone(zone: string, path = "timeZone"): void {
  if (!isValidZone(zone)) {
    throw new AppError("validation", `Invalid input: ${path}: ${zone} is not an IANA time zone (e.g. Africa/Lagos)`, [
      { path, message: "is not an IANA time zone" },
    ]);
  }
}

/**
 * The instant a wall-clock reading (`2026-03-29`, `02:30`) names in `zone`. DST-safe: the offset is
 * read at the guess and re-read at the result; a time skipped by a spring-forward lands just after the
 * gap (02:30 → 03:30), a time repeated by a fall-back takes the first (summer) reading.
 */
export function localToInstant(zone: string, date: string, time: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const first = wall - offsetOf(zone, wall - 12 * 3_600_000);
  const second = wall - offsetOf(zone, first);
  return new Date(offsetOf(zone, second) === wall - second ? second : Math.max(first, second));
}

/**
 * Readings already made, per zone and instant: `Intl` formatting is most of auto-assign's time, and a
 * day's jobs start at few distinct instants (the same job is read once per proposal judged). Exact: the
 * key is the instant itself; the cache is dropped whole past `WALL_CLOCK_CACHE` entries.
 */
const WALL_CLOCK_CACHE = 20_000;
const readings = new Map<string, Map<number, { date: string; time: string }>>();
let cached = 0;

/** `YYYY-MM-DD` and `HH:mm` of an instant as read on a wall clock in `zone`. */
export function wallClock(zone: string, at: Date): { date: string; time: string } {
  const ms = at.getTime();
  let byInstant = readings.get(zone);
  const hit = byInstant?.get(ms);
  if (hit) return { date: hit.date, time: hit.time };
  const iso = new Date(ms + offsetOf(zone, ms)).toISOString();
  const reading = { date: iso.slice(0, 10), time: iso.slice(11, 16) };
  if (cached >= WALL_CLOCK_CACHE) {
    readings.clear();
    cached = 0;
    byInstant = undefined;
  }
  if (!byInstant) {
    byInstant = new Map();
    readings.set(zone, byInstant);
  }
  byInstant.set(ms, reading);
  cached += 1;
  return { date: reading.date, time: reading.time };
}

/** The next calendar date after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string, days = 1): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Rows by a key (Map.groupBy arrives with Node 21). */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
