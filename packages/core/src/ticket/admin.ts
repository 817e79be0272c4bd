import { and, asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { configureNumbering, formatNumber, renderPrefix } from "./numbering";
import { ticketNumberSequenceTable, ticketStatuses, ticketStatusTransitionTable, ticketTypeTable } from "./ticket.sql";

export const TypeInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  requiresSubscriber: z.boolean(),
  /** Offered to customers opening a ticket in the portal. */
  customerVisible: z.boolean(),
  active: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type TypeInfo = z.infer<typeof TypeInfo>;

const toType = (r: typeof ticketTypeTable.$inferSelect): TypeInfo => ({
  id: r.id,
  name: r.name,
  requiresSubscriber: r.requiresSubscriber,
  customerVisible: r.customerVisible,
  active: r.active,
  updatedAt: r.updatedAt.toISOString(),
});

/** Every ticket type, inactive ones included, by name (system:settings:read). */
export const types = fn(z.object({}).default({}), async (): Promise<TypeInfo[]> => {
  requirePermission("system:settings:read");
  const rows = await useTransaction((tx) => tx.select().from(ticketTypeTable).orderBy(asc(ticketTypeTable.name)));
  return rows.map(toType);
});

/**
 * Creates or changes a ticket type by name. Types are never deleted (tickets point at them);
 * an inactive one is no longer offered for new tickets.
 */
export const saveType = fn(
  z.object({
    name: text(100),
    requiresSubscriber: z.boolean().default(false),
    /** Omitted: false for a new type, unchanged for an existing one. */
    customerVisible: z.boolean().optional(),
    active: z.boolean().default(true),
  }),
  async (input): Promise<TypeInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      const [before] = await tx.select().from(ticketTypeTable).where(eq(ticketTypeTable.name, input.name));
      const [row] = await tx
        .insert(ticketTypeTable)
        .values({ ...input, customerVisible: input.customerVisible ?? false })
        .onConflictDoUpdate({
          target: ticketTypeTable.name,
          set: {
            requiresSubscriber: input.requiresSubscriber,
            ...(input.customerVisible === undefined ? {} : { customerVisible: input.customerVisible }),
            active: input.active,
          },
        })
        .returning();
      const saved = row as typeof ticketTypeTable.$inferSelect;
      const changes = Audit.diff(before ?? null, saved, ["name", "requiresSubscriber", "customerVisible", "active"]);
      if (Object.keys(changes).length > 0) {
        await Audit.record({ action: "ticket.type.saved", entityType: "ticket_type", entityId: saved.id, changes });
      }
      return toType(saved);
    });
  },
);

export const TransitionInfo = z.object({
  id: z.uuid(),
  from: z.enum(ticketStatuses),
  to: z.enum(ticketStatuses),
  requiresNote: z.boolean(),
  active: z.boolean(),
});
export type TransitionInfo = z.infer<typeof TransitionInfo>;

const toTransition = (r: typeof ticketStatusTransitionTable.$inferSelect): TransitionInfo => ({
  id: r.id,
  from: r.fromStatus,
  to: r.toStatus,
  requiresNote: r.requiresNote,
  active: r.active,
});

/** Every status transition, inactive ones included, by from and to (system:settings:read). */
export const transitions = fn(z.object({}).default({}), async (): Promise<TransitionInfo[]> => {
  requirePermission("system:settings:read");
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(ticketStatusTransitionTable)
      .orderBy(asc(ticketStatusTransitionTable.fromStatus), asc(ticketStatusTransitionTable.toStatus)),
  );
  return rows.map(toTransition);
});

/**
 * Allows `from → to` (or changes whether it needs a note, or switches it off). `merged` is reached
 * only by merging, so it is never a target. With no active rows at all, every change is allowed.
 */
export const saveTransition = fn(
  z
    .object({
      from: z.enum(ticketStatuses),
      to: z.enum(ticketStatuses).exclude(["merged"], { error: "merged is reached only by merging tickets" }),
      requiresNote: z.boolean().default(false),
      active: z.boolean().default(true),
    })
    .refine((t) => t.from !== t.to, { path: ["to"], message: "must differ from `from`" }),
  async (input): Promise<TransitionInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      const pair = and(
        eq(ticketStatusTransitionTable.fromStatus, input.from),
        eq(ticketStatusTransitionTable.toStatus, input.to),
      );
      const [before] = await tx.select().from(ticketStatusTransitionTable).where(pair);
      const values = {
        fromStatus: input.from,
        toStatus: input.to,
        requiresNote: input.requiresNote,
        active: input.active,
      };
      const [row] = await tx
        .insert(ticketStatusTransitionTable)
        .values(values)
        .onConflictDoUpdate({
          target: [ticketStatusTransitionTable.fromStatus, ticketStatusTransitionTable.toStatus],
          set: { requiresNote: input.requiresNote, active: input.active },
        })
        .returning();
      const saved = row as typeof ticketStatusTransitionTable.$inferSelect;
      const changes = Audit.diff(before ?? null, saved, ["fromStatus", "toStatus", "requiresNote", "active"]);
      if (Object.keys(changes).length > 0) {
        await Audit.record({
          action: "ticket.transition.saved",
          entityType: "ticket_status_transition",
          entityId: saved.id,
          changes,
        });
      }
      return toTransition(saved);
    });
  },
);

/** Removes a transition; removing the last active one allows every change again (v1's rule). */
export const removeTransition = fn(id(), async (id): Promise<void> => {
  requirePermission("system:settings:write");
  await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(ticketStatusTransitionTable)
      .where(eq(ticketStatusTransitionTable.id, id))
      .returning();
    if (!row) throw new AppError("not_found", `Transition ${id} does not exist`);
    await Audit.record({
      action: "ticket.transition.removed",
      entityType: "ticket_status_transition",
      entityId: id,
      changes: {
        fromStatus: { from: row.fromStatus },
        toStatus: { from: row.toStatus },
        requiresNote: { from: row.requiresNote },
        active: { from: row.active },
      },
    });
  });
});

export const NumberingSettings = z.object({
  pattern: z.string(),
  padding: z.number().int(),
  start: z.number().int(),
  nextValue: z.number().int(),
  /** What the next ticket created now would be numbered. */
  preview: z.string(),
});
export type NumberingSettings = z.infer<typeof NumberingSettings>;

const DEFAULTS = { pattern: "TCK-{YYYY}-", padding: 6, start: 1, nextValue: 1, prefix: "" };

/** The next number a sequence would hand out now: a new rendered prefix restarts at `start`. */
function previewOf(seq: { pattern: string; padding: number; start: number; nextValue: number; prefix: string }) {
  const prefix = renderPrefix(seq.pattern, new Date());
  const value = prefix === seq.prefix ? Math.max(seq.nextValue, seq.start) : seq.start;
  return formatNumber(prefix, value, seq.padding);
}

async function currentSequence() {
  const [row] = await useTransaction((tx) =>
    tx.select().from(ticketNumberSequenceTable).where(eq(ticketNumberSequenceTable.scope, "ticket")),
  );
  return row ?? DEFAULTS;
}

/** The ticket number format and the number the next ticket would get (system:settings:read). */
export const numbering = fn(z.object({}).default({}), async (): Promise<NumberingSettings> => {
  requirePermission("system:settings:read");
  const seq = await currentSequence();
  return {
    pattern: seq.pattern,
    padding: seq.padding,
    start: seq.start,
    nextValue: seq.nextValue,
    preview: previewOf(seq),
  };
});

/**
 * What the next number would be with a format not saved yet (the settings page's live preview);
 * the input is checked exactly as saving would check it.
 */
export const previewNumbering = fn(configureNumbering.schema, async (input): Promise<{ preview: string }> => {
  requirePermission("system:settings:read");
  const seq = await currentSequence();
  return { preview: previewOf({ ...seq, ...input }) };
});

/** Changes the format (configureNumbering: audited, the counter never goes back). */
export const saveNumbering = fn(configureNumbering.schema, async (input): Promise<NumberingSettings> => {
  const saved = await configureNumbering(input);
  return {
    pattern: saved.pattern,
    padding: saved.padding,
    start: saved.start,
    nextValue: saved.nextValue,
    preview: saved.preview,
  };
});
