import type { InferResponseType } from "hono/client";
import { client, read } from "../../api";

/** The dispatch API (the dispatch helper's routes) and the board's own (tracking links, map settings). */
export const dispatchApi = client.api.v1.dispatch;
const workOrder = (id: string) => ({ param: { id } });

export type Board = InferResponseType<typeof dispatchApi.board.$get, 200>;
export type Tech = Board["technicians"][number];
export type Job = Tech["jobs"][number];
export type QueueJob = Board["unscheduled"][number];
export type CheckResult = InferResponseType<(typeof dispatchApi)["work-orders"][":id"]["check"]["$post"], 200>;
export type Conflict = CheckResult["conflicts"][number];
export type AutoAssign = InferResponseType<(typeof dispatchApi)["work-orders"][":id"]["auto-assign"]["$post"], 200>;

/** A job being moved: what the board shows of it while it is picked up. */
export interface Picked {
  id: string;
  number: string;
  title: string;
  /** Its current start, to keep the time of day when dropped on a day of the week view. */
  start: string | null;
}

/** Where a job would land: a technician and a start instant. */
export interface Target {
  techId: string;
  techName: string;
  start: string;
}

export const targetKey = (jobId: string, t: Target) => `${jobId}|${t.techId}|${t.start}`;

/** The day view's hours (board time zone): 06:00 to 20:00, one slot an hour. */
export const DAY_START_HOUR = 6;
export const DAY_HOURS = 14;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The slots of one technician's row: hourly from the board's midnight (day view), or one per day
 * (week view) at the picked job's own time of day, else 09:00. Midnight + n hours: a day on which the
 * clocks change shows its later hours one off (said in the decisions).
 */
export function slotsOf(from: string, days: 1 | 7, picked: Picked | undefined): string[] {
  const midnight = new Date(from).getTime();
  if (days === 1) {
    return Array.from({ length: DAY_HOURS }, (_, i) => new Date(midnight + (DAY_START_HOUR + i) * HOUR).toISOString());
  }
  const timeOfDay = picked?.start ? (new Date(picked.start).getTime() - midnight) % DAY : 9 * HOUR;
  const offset = timeOfDay < 0 ? timeOfDay + DAY : timeOfDay;
  return Array.from({ length: 7 }, (_, d) => new Date(midnight + d * DAY + offset).toISOString());
}

/** Which slot column (1-based) a job starts in and how many it spans, clamped to the visible hours. */
export function placement(from: string, days: 1 | 7, job: { start: string; end: string }) {
  const midnight = new Date(from).getTime();
  const start = new Date(job.start).getTime();
  const end = new Date(job.end).getTime();
  if (days === 7) {
    const col = Math.min(7, Math.max(1, Math.floor((start - midnight) / DAY) + 1));
    return { col, span: 1 };
  }
  const first = midnight + DAY_START_HOUR * HOUR;
  const col = Math.min(DAY_HOURS, Math.max(1, Math.floor((start - first) / HOUR) + 1));
  const last = Math.min(DAY_HOURS, Math.max(col, Math.ceil((end - first) / HOUR)));
  return { col, span: Math.max(1, last - col + 1) };
}

/** Whether a slot lies inside one of the technician's shifts. */
export const onShift = (tech: Tech, start: string) => tech.shifts.some((s) => s.startsAt <= start && start < s.endsAt);

export const loadBoard = (date: string, days: 1 | 7, timeZone: string, region: string) =>
  read(
    dispatchApi.board.$get({
      query: { date, days: String(days) as "1" | "7", timeZone, ...(region ? { region } : {}) },
    }),
  );

export const checkDrop = (jobId: string, target: Target) =>
  read(
    dispatchApi["work-orders"][":id"].check.$post({
      ...workOrder(jobId),
      json: { technicianUserId: target.techId, start: target.start },
    }),
  );

export const appoint = (jobId: string, target: Target, override?: { reason: string }) =>
  read(
    dispatchApi["work-orders"][":id"].appointment.$put({
      ...workOrder(jobId),
      json: {
        technicianUserId: target.techId,
        start: target.start,
        ...(override ? { override: true, reason: override.reason } : {}),
      },
    }),
  );

export const autoAssign = (jobId: string, dryRun: boolean) =>
  read(dispatchApi["work-orders"][":id"]["auto-assign"].$post({ ...workOrder(jobId), json: { dryRun } }));

export const boardApi = {
  requests: () => read(client.api.v1["track-links"].requests.$get()),
  handled: (linkId: string) => read(client.api.v1["track-links"][":id"].handled.$post({ param: { id: linkId } })),
  link: (workOrderId: string) => read(client.api.v1["track-links"].$post({ json: { workOrderId } })),
  map: () => read(client.api.v1["dispatch-board"].map.$get()),
};
export type Requests = Awaited<ReturnType<typeof boardApi.requests>>["items"];

/** The board runs in the browser's time zone (its days and hours). */
export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
export const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
export const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const localInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
