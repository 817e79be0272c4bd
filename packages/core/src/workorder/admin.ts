import { asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import {
  type WorkOrderStatus,
  workOrderSettingTable,
  workOrderStatuses,
  workOrderStatusTransitionTable,
} from "./workorder.sql";

export const TransitionInfo = z.object({
  from: z.enum(workOrderStatuses),
  to: z.enum(workOrderStatuses),
  requiresNote: z.boolean(),
});
export type TransitionInfo = z.infer<typeof TransitionInfo>;

export const SettingsInfo = z.object({
  /** Completing needs ≥1 photo and a customer signature, or a stated reason. */
  completionRequiresEvidence: z.boolean(),
  /** Completing resolves the ticket the job came from. */
  completionResolvesTicket: z.boolean(),
});
export type SettingsInfo = z.infer<typeof SettingsInfo>;

const defaults: SettingsInfo = { completionRequiresEvidence: true, completionResolvesTicket: false };

async function activeTransitions(tx: Tx): Promise<TransitionInfo[]> {
  const rows = await tx
    .select()
    .from(workOrderStatusTransitionTable)
    .where(eq(workOrderStatusTransitionTable.active, true))
    .orderBy(asc(workOrderStatusTransitionTable.fromStatus), asc(workOrderStatusTransitionTable.toStatus));
  return rows.map((r) => ({ from: r.fromStatus, to: r.toStatus, requiresNote: r.requiresNote }));
}

/** The active staff transitions (the migration seeds v1's); none at all allows every change. */
export const transitions = fn(z.object({}).default({}), async (): Promise<TransitionInfo[]> => {
  requirePermission("operations:work_order:read");
  return useTransaction(activeTransitions);
});

/**
 * Whether staff may move a job `from → to` and whether that needs a note; a refused pair is a
 * validation error naming `status` and where `from` may go.
 */
export async function checkTransition(
  tx: Tx,
  from: WorkOrderStatus,
  to: WorkOrderStatus,
): Promise<{ requiresNote: boolean }> {
  const rows = await activeTransitions(tx);
  if (rows.length === 0) return { requiresNote: false };
  const pair = rows.find((r) => r.from === from && r.to === to);
  if (pair) return { requiresNote: pair.requiresNote };
  const targets = rows.filter((r) => r.from === from).map((r) => r.to);
  const hint = targets.length > 0 ? `; from ${from} it can go to ${targets.join(", ")}` : "";
  throw new AppError(
    "validation",
    `status: a ${from} work order cannot become ${to}${hint}`,
    [{ path: "status", message: `${from} → ${to} is not an allowed transition` }],
    { reason: { key: "transition_not_allowed", params: { from, to, allowed: targets.join(",") } } },
  );
}

/** Replaces every staff transition at once (what the settings panel saves); audited with the before and after. */
export const saveTransitions = fn(
  z.object({ transitions: z.array(TransitionInfo).max(workOrderStatuses.length ** 2) }),
  async (input): Promise<TransitionInfo[]> => {
    requirePermission("system:settings:write");
    const seen = new Set<string>();
    for (const [i, t] of input.transitions.entries()) {
      const key = `${t.from}>${t.to}`;
      if (t.from === t.to || seen.has(key)) {
        throw new AppError("validation", `transitions.${i}: ${t.from} → ${t.to} is listed twice or goes nowhere`, [
          { path: `transitions.${i}`, message: "is a duplicate or a move to the same status" },
        ]);
      }
      seen.add(key);
    }
    return createTransaction(async (tx) => {
      const before = await activeTransitions(tx);
      await tx.delete(workOrderStatusTransitionTable);
      if (input.transitions.length > 0) {
        await tx
          .insert(workOrderStatusTransitionTable)
          .values(input.transitions.map((t) => ({ fromStatus: t.from, toStatus: t.to, requiresNote: t.requiresNote })));
      }
      const after = await activeTransitions(tx);
      await Audit.record({
        action: "work_order.transitions.saved",
        entityType: "work_order_status_transition",
        entityId: null,
        changes: { transitions: { from: before, to: after } },
      });
      return after;
    });
  },
);

/** The settings in the caller's transaction (defaults when the row is missing). */
export async function readSettings(tx: Tx): Promise<SettingsInfo> {
  const [row] = await tx.select().from(workOrderSettingTable).where(eq(workOrderSettingTable.id, "default"));
  if (!row) return defaults;
  return {
    completionRequiresEvidence: row.completionRequiresEvidence,
    completionResolvesTicket: row.completionResolvesTicket,
  };
}

export const settings = fn(z.object({}).default({}), async (): Promise<SettingsInfo> => {
  requirePermission("operations:work_order:read");
  return useTransaction(readSettings);
});

export const saveSettings = fn(SettingsInfo.partial(), async (input): Promise<SettingsInfo> => {
  requirePermission("system:settings:write");
  return createTransaction(async (tx) => {
    const before = await readSettings(tx);
    const after: SettingsInfo = {
      completionRequiresEvidence: input.completionRequiresEvidence ?? before.completionRequiresEvidence,
      completionResolvesTicket: input.completionResolvesTicket ?? before.completionResolvesTicket,
    };
    await tx
      .insert(workOrderSettingTable)
      .values({ id: "default", ...after })
      .onConflictDoUpdate({ target: workOrderSettingTable.id, set: after });
    const changes = Audit.diff(before, after);
    if (Object.keys(changes).length > 0) {
      await Audit.record({
        action: "work_order.settings.saved",
        entityType: "work_order_setting",
        entityId: "default",
        changes,
      });
    }
    return after;
  });
});
