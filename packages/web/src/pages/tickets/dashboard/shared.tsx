import type { InferResponseType } from "hono/client";
import { client, send } from "../../../api";
import { intlLocale } from "../../../i18n";

export type StatsClient = typeof client.api.v1.tickets.stats;
export type TicketStats = InferResponseType<StatsClient["$get"], 200>;
export type Compliance = InferResponseType<StatsClient["compliance"]["$get"], 200>;

export const REFRESH_MS = 60_000;
export const DAYS = 30;

import { t } from "../../../i18n";

/** A clock's name in the reader's language. */
export const clockLabel = (clock: "first_response" | "resolution"): string =>
  clock === "first_response" ? t("slaClock.firstResponse") : t("slaClock.resolution");

/** "3 Dec" for a UTC day, in the viewer's language. */
export const shortDay = (date: string) =>
  new Intl.DateTimeFormat(intlLocale(), { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
export const percent = (met: number, breached: number) =>
  met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10;

export async function load(): Promise<{ stats: TicketStats; compliance: Compliance }> {
  const [stats, compliance] = await Promise.all([
    send(client.api.v1.tickets.stats.$get()).then((r) => r.json()),
    send(client.api.v1.tickets.stats.compliance.$get({ query: { days: String(DAYS), recent: "8" } })).then((r) =>
      r.json(),
    ),
  ]);
  return { stats, compliance };
}
