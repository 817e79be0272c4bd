import { createSignal } from "solid-js";

/** The zone of the technician's dispatch profile, once read (tech/location.ts sets it). */
const [profileZone, setProfileZone] = createSignal<string>();

export { setProfileZone };

/** The technician's time zone: their dispatch profile's (how dispatch plans their day), else the phone's. */
export const techZone = (): string => profileZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Milliseconds `zone` is ahead of UTC at `at` (from the zone's wall clock, as Intl formats it). */
function offsetMs(zone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of local midnight starting the day `at` falls on in `zone`, and the next one. */
export function zonedDay(at: Date, zone: string): { from: Date; to: Date } {
  const local = new Date(at.getTime() + offsetMs(zone, at));
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const midnight = (day: number) => {
    const guess = Date.UTC(y, m, day);
    // Twice: the offset at midnight may differ from the offset now (a DST change during the day).
    const first = guess - offsetMs(zone, new Date(guess));
    return new Date(guess - offsetMs(zone, new Date(first)));
  };
  return { from: midnight(d), to: midnight(d + 1) };
}
