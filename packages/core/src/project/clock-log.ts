import type { SlaEvent } from "../sla/engine";

/* Pure: the mapping from project_status_event rows to engine events (property-tested in tests/core). */

export const STOPPED: Record<"project" | "task", ReadonlySet<string>> = {
  project: new Set(["completed", "canceled"]),
  task: new Set(["done", "canceled"]),
};
export const PAUSED = { project: ["on_hold"], task: ["blocked"] } as const;

/**
 * A project's or task's status log (oldest first) as the SLA engine's events, or null while the clock
 * has not started. A project's clock opens at the later of its first log entry (its creation) and
 * `startAt` (ms: its start date); a task's at its first `in_progress`. Entering a stopped status
 * closes the clock; leaving one reopens it (consumed time kept, by the engine).
 */
export function clockEvents(
  rows: ReadonlyArray<{ at: Date; to: string }>,
  kind: "project" | "task",
  startAt: number | null,
  now: number,
): SlaEvent[] | null {
  const stopped = STOPPED[kind];
  const first = rows[0];
  if (!first) return null;
  let opens: number;
  // Rows up to `applied` (exclusive) are folded into the status the clock opens with.
  let applied: number;
  if (kind === "project") {
    opens = Math.max(+first.at, startAt ?? +first.at);
    applied = rows.findIndex((r) => +r.at > opens);
    if (applied < 0) applied = rows.length;
  } else {
    applied = rows.findIndex((r) => r.to === "in_progress") + 1;
    if (applied === 0) return null;
    opens = +(rows[applied - 1] as { at: Date }).at;
  }
  let status = (rows[applied - 1] as { to: string }).to;
  if (opens > now) return null;
  const events: SlaEvent[] = [{ at: new Date(opens), kind: "created", status, priority: "", type: "" }];
  if (stopped.has(status)) events.push({ at: new Date(opens), kind: "closed" });
  for (const r of rows.slice(applied)) {
    const from = status;
    status = r.to;
    events.push({ at: r.at, kind: "status_changed", to: r.to });
    if (stopped.has(r.to) && !stopped.has(from)) events.push({ at: r.at, kind: "closed" });
    if (!stopped.has(r.to) && stopped.has(from)) events.push({ at: r.at, kind: "reopened" });
  }
  return events;
}
