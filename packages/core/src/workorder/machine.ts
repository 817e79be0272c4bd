import type { FieldEvent, WorkOrderStatus } from "./workorder.sql";

/**
 * The work-order state machine as a pure fold. A job's status, its started/paused/resumed/completed/
 * canceled instants and its active seconds are never written by an event directly: every field event
 * and staff transition is stored, and the state is this fold of the whole log sorted by
 * (occurred_at, client_event_id) from the status the job was created with. So an offline phone's
 * events arriving twice, late or out of order give the same end state as in-order delivery.
 */

/** One row of the log, as the fold reads it. */
export interface LogEntry {
  clientEventId: string;
  source: "field" | "staff";
  event: FieldEvent | "transition";
  /** Staff transitions: the status the job had when the change was made, and the one chosen. */
  fromStatus?: WorkOrderStatus | null | undefined;
  toStatus?: WorkOrderStatus | null | undefined;
  occurredAt: Date;
  reason?: string | null | undefined;
}

/** What completing may rest on: the gate's setting and the evidence attached (whenever it arrived). */
export interface Evidence {
  gate: boolean;
  hasPhoto: boolean;
  hasSignature: boolean;
}

export interface FoldedState {
  status: WorkOrderStatus;
  startedAt: Date | null;
  pausedAt: Date | null;
  resumedAt: Date | null;
  completedAt: Date | null;
  canceledAt: Date | null;
  totalActiveSeconds: number;
  /** The reason given by the entry that completed the job (the gate's "stated reason"). */
  completionReason: string | null;
  /** The reason given by the entry that canceled the job (unable to complete, or staff's note). */
  cancelReason: string | null;
  /** Per entry (by client event id): applied, or ignored with why. Every entry has one. */
  outcomes: Map<string, { applied: boolean; reason: string | null }>;
}

const open: readonly WorkOrderStatus[] = ["draft", "scheduled", "dispatched", "in_progress", "paused"];
const terminal: readonly WorkOrderStatus[] = ["completed", "canceled"];

/** v1 §5.2: where each field event may happen, and the status it leads to (null: recorded only). */
export const fieldRules: Record<FieldEvent, { from: readonly WorkOrderStatus[]; to: WorkOrderStatus | null }> = {
  accept: { from: ["scheduled", "dispatched"], to: null },
  en_route: { from: ["scheduled", "dispatched", "paused"], to: "dispatched" },
  arrived: { from: ["scheduled", "dispatched"], to: null },
  start: { from: ["scheduled", "dispatched"], to: "in_progress" },
  pause: { from: ["in_progress"], to: "paused" },
  hold: { from: ["in_progress"], to: "paused" },
  resume: { from: ["paused"], to: "in_progress" },
  complete: { from: ["in_progress"], to: "completed" },
  unable_to_complete: { from: open, to: "canceled" },
};

/**
 * Sorts the log as the fold reads it: by occurrence; at the same instant a staff entry comes first (it
 * is stamped with the server's now when it is made, so a phone event dated that same millisecond was
 * pressed on top of it), then by client event id (byte order, not locale).
 */
export function ordered<T extends Pick<LogEntry, "occurredAt" | "clientEventId" | "source">>(
  entries: readonly T[],
): T[] {
  return [...entries].sort((a, b) => {
    const t = a.occurredAt.getTime() - b.occurredAt.getTime();
    if (t !== 0) return t;
    if (a.source !== b.source) return a.source === "staff" ? -1 : 1;
    return a.clientEventId < b.clientEventId ? -1 : a.clientEventId > b.clientEventId ? 1 : 0;
  });
}

/** Whether the gate lets `entry` complete the job: evidence attached, a stated reason, or the gate off. */
export function gatePasses(evidence: Evidence, reason: string | null | undefined): boolean {
  return !evidence.gate || (evidence.hasPhoto && evidence.hasSignature) || Boolean(reason?.trim());
}

/**
 * Folds the log from `base`. A field event illegal where it falls is ignored with its reason. A staff
 * transition applies when the job is, at that point, in the status the dispatcher saw (its `from`);
 * a staff cancel also applies to any open job. Otherwise a late field event has overtaken it and it is
 * ignored as superseded (the dispatcher sees it in the timeline and may decide again).
 */
export function fold(base: WorkOrderStatus, entries: readonly LogEntry[], evidence: Evidence): FoldedState {
  const s: FoldedState = {
    status: base,
    startedAt: null,
    pausedAt: null,
    resumedAt: null,
    completedAt: null,
    canceledAt: null,
    totalActiveSeconds: 0,
    completionReason: null,
    cancelReason: null,
    outcomes: new Map(),
  };
  let activeSince: Date | null = null;
  const move = (to: WorkOrderStatus, at: Date, reason: string | null | undefined) => {
    const from = s.status;
    if (from === "in_progress" && activeSince) {
      s.totalActiveSeconds += Math.max(0, Math.floor((at.getTime() - activeSince.getTime()) / 1000));
      activeSince = null;
    }
    if (to === "in_progress") {
      activeSince = at;
      if (from === "paused") s.resumedAt = at;
      else s.startedAt ??= at;
    }
    if (to === "paused") s.pausedAt = at;
    if (to === "completed") {
      s.completedAt = at;
      s.completionReason = reason?.trim() || null;
    }
    if (to === "canceled") {
      s.canceledAt = at;
      s.cancelReason = reason?.trim() || null;
    }
    // A dispatcher reopening a finished job clears the finish it undoes.
    if (from === "completed" && to !== "completed") {
      s.completedAt = null;
      s.completionReason = null;
    }
    if (from === "canceled" && to !== "canceled") {
      s.canceledAt = null;
      s.cancelReason = null;
    }
    s.status = to;
  };
  for (const entry of ordered(entries)) {
    const ignore = (reason: string) => s.outcomes.set(entry.clientEventId, { applied: false, reason });
    if (entry.source === "staff") {
      const to = entry.toStatus;
      if (!to) {
        ignore("a staff transition without a target status");
        continue;
      }
      const cancelOpen = to === "canceled" && !terminal.includes(s.status);
      if (s.status !== entry.fromStatus && !cancelOpen) {
        ignore(`superseded: the job was ${s.status} at that time, not ${entry.fromStatus}`);
        continue;
      }
      if (s.status !== to) move(to, entry.occurredAt, entry.reason);
      s.outcomes.set(entry.clientEventId, { applied: true, reason: null });
      continue;
    }
    const rule = fieldRules[entry.event as FieldEvent];
    if (!rule) {
      ignore(`unknown event ${entry.event}`);
      continue;
    }
    if (!rule.from.includes(s.status)) {
      ignore(`${entry.event} is not possible while the job is ${s.status} (only from ${rule.from.join(", ")})`);
      continue;
    }
    if (entry.event === "complete" && !gatePasses(evidence, entry.reason)) {
      ignore("completion needs a photo and a customer signature, or a stated reason");
      continue;
    }
    if (rule.to && rule.to !== s.status) move(rule.to, entry.occurredAt, entry.reason);
    s.outcomes.set(entry.clientEventId, { applied: true, reason: null });
  }
  return s;
}
