import { inArray } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError, errorCodes, isAppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { assign } from "./assign";
import { changeStatus } from "./status";
import { ticketStatuses, ticketTable } from "./ticket.sql";
import { update } from "./update";

export const BulkInput = z.object({
  ids: z.array(id()).min(1).max(200),
  status: z.enum(ticketStatuses).exclude(["merged"]).optional(),
  /** For status changes that need one; stored on each ticket as an internal note. */
  note: text(20_000).optional(),
  /** `null` clears the primary assignee; one's own id takes unassigned tickets (support:ticket:take). */
  primaryAssigneeId: id().nullable().optional(),
  /** `null` clears the team. */
  teamId: id().nullable().optional(),
});

/** The parts of a bulk change, applied to each ticket in this order. */
export const bulkFields = ["teamId", "primaryAssigneeId", "status"] as const;
export type BulkField = (typeof bulkFields)[number];

/**
 * Why a part was refused, for a client to say in its own words: the key the single-ticket verb gave
 * its refusal. A refusal with none of these (a ticket that no longer exists, a restricted session) has
 * `reason: null`, and its `code` says what kind of refusal it was.
 */
export const bulkReasons = [
  "transition_not_allowed",
  "note_required",
  "merged",
  "permission",
  "take_only_unassigned",
  "already_assigned",
  "not_staff",
  "team_unavailable",
] as const;
export type BulkReason = (typeof bulkReasons)[number];
const isBulkReason = (key: string | undefined): key is BulkReason => bulkReasons.includes(key as BulkReason);

/** One part of the change a ticket did not take, with the reason as the single-ticket route would say it. */
export const BulkRefusal = z.object({
  field: z.enum(bulkFields),
  /** The error code the single-ticket verb answered (forbidden, conflict, validation…). */
  code: z.enum(errorCodes),
  /** The reason's key, or null when only the code describes it. */
  reason: z.enum(bulkReasons).nullable(),
  /**
   * The reason's values: `from`, `to` and `allowed` (comma-separated statuses) for transitions, `from` and
   * `to` for a missing note, `name` of the current assignee, `permission` for a missing permission.
   */
  params: z.record(z.string(), z.string()),
  /** The reason in English, as the single-ticket route answers it. */
  detail: z.string(),
});

export const BulkResult = z.object({
  /** Tickets that took every part of the change. */
  updated: z.array(z.uuid()),
  /** Tickets that refused at least one part: what they took, and what they refused and why. */
  failed: z.array(
    z.object({
      id: z.uuid(),
      number: z.string().nullable(),
      /** Every reason, joined, for a one-line summary. */
      detail: z.string(),
      applied: z.array(z.enum(bulkFields)),
      refused: z.array(BulkRefusal),
    }),
  ),
});
export type BulkResult = z.infer<typeof BulkResult>;

/**
 * Applies the same team, primary assignee and/or status to up to 200 tickets. Each part of each ticket
 * goes through the ordinary verb (same permissions, rules, log and audit rows) in its own transaction,
 * so what the actor may do is applied and what they may not is listed per ticket and part, with the
 * reason: a refused assignment never loses the status change. One summary audit row records the request.
 */
export const bulk = fn(BulkInput, async (input): Promise<BulkResult> => {
  requirePermission("support:ticket:update");
  const { status, note, primaryAssigneeId, teamId } = input;
  if (status === undefined && primaryAssigneeId === undefined && teamId === undefined) {
    throw new AppError("validation", "Choose a change: status, primaryAssigneeId or teamId", [
      { path: "status", message: "status, primaryAssigneeId or teamId is required" },
    ]);
  }
  const parts: Record<BulkField, ((id: string) => Promise<unknown>) | undefined> = {
    teamId: teamId === undefined ? undefined : (id) => update({ id, teamId }),
    primaryAssigneeId: primaryAssigneeId === undefined ? undefined : (id) => assign({ id, primaryAssigneeId }),
    status: status === undefined ? undefined : (id) => changeStatus({ id, status, ...(note ? { note } : {}) }),
  };
  const ids = [...new Set(input.ids)];
  const updated: string[] = [];
  const partial: { id: string; applied: BulkField[]; refused: z.infer<typeof BulkRefusal>[] }[] = [];
  for (const id of ids) {
    const applied: BulkField[] = [];
    const refused: z.infer<typeof BulkRefusal>[] = [];
    for (const field of bulkFields) {
      const apply = parts[field];
      if (!apply) continue;
      try {
        await createTransaction(() => apply(id));
        applied.push(field);
      } catch (error) {
        // Anything but a refusal (a lost database) is not this ticket's fault: stop and report it.
        if (!isAppError(error) || error.code === "internal" || error.code === "unavailable") throw error;
        const reason = isBulkReason(error.reason?.key) ? error.reason.key : null;
        const params = reason ? (error.reason?.params ?? {}) : {};
        refused.push({ field, code: error.code, reason, params, detail: error.message });
        // A ticket that does not exist refuses every part for the same reason: say it once.
        if (error.code === "not_found") break;
      }
    }
    if (refused.length === 0) updated.push(id);
    else partial.push({ id, applied, refused });
  }
  const numbers = new Map<string, string>();
  if (partial.length > 0) {
    const rows = await useTransaction((tx) =>
      tx
        .select({ id: ticketTable.id, number: ticketTable.number })
        .from(ticketTable)
        .where(
          inArray(
            ticketTable.id,
            partial.map((f) => f.id),
          ),
        ),
    );
    for (const r of rows) numbers.set(r.id, r.number);
  }
  const failed = partial.map((f) => ({
    id: f.id,
    number: numbers.get(f.id) ?? null,
    detail: f.refused.map((r) => r.detail).join("; "),
    applied: f.applied,
    refused: f.refused,
  }));
  await createTransaction(() =>
    Audit.record({
      action: "ticket.bulk_updated",
      entityType: "ticket",
      changes: {
        ...(status !== undefined ? { status: { to: status } } : {}),
        ...(primaryAssigneeId !== undefined ? { primaryAssigneeId: { to: primaryAssigneeId } } : {}),
        ...(teamId !== undefined ? { teamId: { to: teamId } } : {}),
        updated: { to: updated },
        failed: { to: failed.map((f) => f.id) },
      },
    }),
  );
  return { updated, failed };
});
