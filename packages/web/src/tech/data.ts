import type { inventoryMaterials } from "@dotmac/functions/api/routes/inventory-materials";
import type { InferResponseType } from "hono/client";
import { client, read, subClient } from "../api";
import { intlLocale } from "../i18n";
import type { Entry, FieldEvent } from "./store";
import { techZone, zonedDay } from "./zone";

const workOrders = client.api.v1["work-orders"];
/** A job's materials (the inventory group's sub-app, typed on its own). */
export const jobMaterials = subClient<typeof inventoryMaterials>("/api/v1/inventory/work-orders");

export type JobSummary = InferResponseType<typeof workOrders.$get, 200>["items"][number];
export type Job = InferResponseType<(typeof workOrders)[":id"]["$get"], 200>;
export type MaterialLine = InferResponseType<(typeof jobMaterials)[":id"]["materials"]["$get"], 200>["items"][number];
export type Worklog = InferResponseType<
  (typeof client.api.v1.timecost)["work-orders"][":id"]["worklogs"]["$get"],
  200
>["items"][number];
export type Status = Job["status"];

/** "14:05": hours and minutes in the technician's zone (their profile's, else the phone's). */
export const clock = (iso: string): string =>
  new Intl.DateTimeFormat(intlLocale(), { hour: "2-digit", minute: "2-digit", timeZone: techZone() }).format(
    new Date(iso),
  );

/** A job's address on one line ("12 Admiralty Way, Lekki, Lagos"), or undefined. */
export function addressText(address: Job["address"]): string | undefined {
  if (!address) return undefined;
  return [address.line1, address.line2, address.city, address.region, address.postalCode].filter(Boolean).join(", ");
}

/**
 * Midnight to midnight of the day `at` falls on in the technician's zone: their dispatch profile's when
 * they have one (a phone left on another zone still shows the day dispatch planned), else the phone's.
 */
export function dayRange(at = new Date(), zone = techZone()): { from: string; to: string } {
  const { from, to } = zonedDay(at, zone);
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * The reads of the app. Each goes through the service worker, which keeps the last answer for
 * offline use; `warm` reads a job's details ahead, so today's jobs open in a basement too.
 */
export const techApi = {
  async today(zone = techZone()): Promise<JobSummary[]> {
    const { from, to } = dayRange(new Date(), zone);
    const query = { assignee: "me", from, to, limit: "100" };
    return (await read(workOrders.$get({ query }))).items;
  },
  job: (id: string): Promise<Job> => read(workOrders[":id"].$get({ param: { id } })),
  async materials(id: string): Promise<MaterialLine[]> {
    return (await read(jobMaterials[":id"].materials.$get({ param: { id } }))).items;
  },
  async worklogs(id: string): Promise<Worklog[]> {
    return (await read(client.api.v1.timecost["work-orders"][":id"].worklogs.$get({ param: { id } }))).items;
  },
  async warm(ids: string[]): Promise<void> {
    const reads = ids.flatMap((id) => [techApi.job(id), techApi.materials(id), techApi.worklogs(id)]);
    await Promise.allSettled(reads);
  },
};

/** v1's field-event rules: the status each event needs and the one it leads to (`undefined`: recorded only). */
const rules: Record<FieldEvent, { from: Status[]; to?: Status }> = {
  accept: { from: ["scheduled", "dispatched"] },
  en_route: { from: ["scheduled", "dispatched", "paused"], to: "dispatched" },
  arrived: { from: ["scheduled", "dispatched"] },
  start: { from: ["scheduled", "dispatched"], to: "in_progress" },
  pause: { from: ["in_progress"], to: "paused" },
  hold: { from: ["in_progress"], to: "paused" },
  resume: { from: ["paused"], to: "in_progress" },
  complete: { from: ["in_progress"], to: "completed" },
  unable_to_complete: { from: ["draft", "scheduled", "dispatched", "in_progress", "paused"], to: "canceled" },
};

/** The job's status once the changes still on the phone have arrived (what the technician already did). */
export function statusAfter(status: Status, pending: Entry[]): Status {
  let current = status;
  for (const entry of pending) {
    if (entry.change.kind !== "event") continue;
    const rule = rules[entry.change.event];
    if (rule.to && rule.from.includes(current)) current = rule.to;
  }
  return current;
}

/** The order a visit usually goes in: the first of these not done yet is the big button. */
const journey: FieldEvent[] = ["accept", "en_route", "arrived", "start", "complete"];

/**
 * The buttons to show now: the events valid in `status`, the next step of the visit first.
 * `done` is what the job's event log (and the phone's queue) already holds.
 */
export function actionsFor(status: Status, done: Set<string>): { next?: FieldEvent; others: FieldEvent[] } {
  // The furthest step of the visit already done: tapping "start" makes "accept" and "arrived" moot.
  const reached = Math.max(...journey.map((event, index) => (done.has(event) ? index : -1)));
  const behind = (event: FieldEvent) => journey.indexOf(event) !== -1 && journey.indexOf(event) <= reached;
  const valid = (Object.keys(rules) as FieldEvent[]).filter(
    (event) => rules[event].from.includes(status) && !behind(event),
  );
  const next = status === "paused" ? "resume" : journey.find((event) => valid.includes(event));
  return { next, others: valid.filter((event) => event !== next) };
}
