import { inArray } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError, errorMessage, isAppError } from "../platform/errors";
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
  /** `null` clears the primary assignee. */
  primaryAssigneeId: id().nullable().optional(),
  /** `null` clears the service team. */
  serviceTeam: text(100).nullable().optional(),
});

export const BulkResult = z.object({
  updated: z.array(z.uuid()),
  failed: z.array(z.object({ id: z.uuid(), number: z.string().nullable(), detail: z.string() })),
});
export type BulkResult = z.infer<typeof BulkResult>;

/**
 * Applies the same status, primary assignee and/or service team to up to 200 tickets. Each ticket
 * goes through the ordinary verbs (same rules, log and audit rows) in its own transaction, so one
 * refusal fails that ticket alone and says why; one summary audit row records the whole request.
 */
export const bulk = fn(BulkInput, async (input): Promise<BulkResult> => {
  requirePermission("support:ticket:update");
  const { status, note, primaryAssigneeId, serviceTeam } = input;
  if (status === undefined && primaryAssigneeId === undefined && serviceTeam === undefined) {
    throw new AppError("validation", "Choose a change: status, primaryAssigneeId or serviceTeam", [
      { path: "status", message: "status, primaryAssigneeId or serviceTeam is required" },
    ]);
  }
  const ids = [...new Set(input.ids)];
  const updated: string[] = [];
  const failures: { id: string; detail: string }[] = [];
  for (const id of ids) {
    try {
      await createTransaction(async () => {
        if (serviceTeam !== undefined) await update({ id, serviceTeam });
        if (primaryAssigneeId !== undefined) await assign({ id, primaryAssigneeId });
        if (status !== undefined) await changeStatus({ id, status, ...(note ? { note } : {}) });
      });
      updated.push(id);
    } catch (error) {
      // Anything but a refusal (a lost database) is not this ticket's fault: stop and report it.
      if (!isAppError(error) || error.code === "internal" || error.code === "unavailable") throw error;
      failures.push({ id, detail: errorMessage(error) });
    }
  }
  const numbers = new Map<string, string>();
  if (failures.length > 0) {
    const rows = await useTransaction((tx) =>
      tx
        .select({ id: ticketTable.id, number: ticketTable.number })
        .from(ticketTable)
        .where(
          inArray(
            ticketTable.id,
            failures.map((f) => f.id),
          ),
        ),
    );
    for (const r of rows) numbers.set(r.id, r.number);
  }
  const failed = failures.map((f) => ({ ...f, number: numbers.get(f.id) ?? null }));
  await createTransaction(() =>
    Audit.record({
      action: "ticket.bulk_updated",
      entityType: "ticket",
      changes: {
        ...(status !== undefined ? { status: { to: status } } : {}),
        ...(primaryAssigneeId !== undefined ? { primaryAssigneeId: { to: primaryAssigneeId } } : {}),
        ...(serviceTeam !== undefined ? { serviceTeam: { to: serviceTeam } } : {}),
        updated: { to: updated },
        failed: { to: failed.map((f) => f.id) },
      },
    }),
  );
  return { updated, failed };
});
