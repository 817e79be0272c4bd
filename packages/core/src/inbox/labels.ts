import { asc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { inboxConversationTable } from "./inbox.sql";
import { inboxCannedResponseTable, inboxLabelTable } from "./workspace.sql";

/**
 * The portal draws labels from this fixed palette of CSS classes (`label-c-red`...): its CSP forbids
 * `style=`, so a free `#rrggbb` cannot be painted. A stored colour shows as the nearest tone.
 */
export const labelTones = {
  red: "#dc2626",
  orange: "#ea580c",
  amber: "#d97706",
  green: "#16a34a",
  teal: "#0d9488",
  blue: "#2563eb",
  indigo: "#4f46e5",
  purple: "#9333ea",
  pink: "#db2777",
  slate: "#64748b",
} as const;
export type LabelTone = keyof typeof labelTones;
const toneNames = Object.keys(labelTones) as [LabelTone, ...LabelTone[]];

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** The palette tone nearest to a `#rrggbb` (plain RGB distance; a stored palette colour maps to itself). */
export function toneOf(colour: string): LabelTone {
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) return "slate";
  const [r, g, b] = rgb(colour);
  let best: LabelTone = "slate";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const tone of toneNames) {
    const [tr, tg, tb] = rgb(labelTones[tone]);
    const distance = (r - tr) ** 2 + (g - tg) ** 2 + (b - tb) ** 2;
    if (distance < bestDistance) {
      best = tone;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * A label colour as given: a palette tone (`green`) or a `#rrggbb`, stored as the palette colour nearest
 * to it, so every stored colour is one the portal can draw. Rows from before the palette map on read.
 */
const colour = () =>
  z
    .string()
    .refine((v) => v in labelTones || /^#[0-9a-fA-F]{6}$/.test(v), {
      error: `a palette tone (${toneNames.join(", ")}) or a colour like #0ea5e9`,
    })
    .transform((v): string => labelTones[v in labelTones ? (v as LabelTone) : toneOf(v)]);

export const LabelInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  colour: z.string(),
  /** The palette tone the portal draws (`label-c-<tone>`), nearest to `colour`. */
  tone: z.enum(toneNames),
  description: z.string().nullable(),
});
export type LabelInfo = z.infer<typeof LabelInfo>;

const toLabel = (r: typeof inboxLabelTable.$inferSelect): LabelInfo => ({
  id: r.id,
  name: r.name,
  colour: r.colour,
  tone: toneOf(r.colour),
  description: r.description,
});

/** The label catalogue, by name (every agent reads it to show colours). */
export const labels = fn(z.object({}).default({}), async (): Promise<LabelInfo[]> => {
  requirePermission("crm:inbox:read");
  const rows = await useTransaction((tx) => tx.select().from(inboxLabelTable).orderBy(asc(inboxLabelTable.name)));
  return rows.map(toLabel);
});

const LabelFields = z.object({
  name: text(50).refine((n) => !n.includes(","), "a label name cannot contain a comma"),
  colour: colour().default("#64748b"),
  description: text(300).nullish(),
});

export const createLabel = fn(LabelFields, async (input): Promise<LabelInfo> => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const [row] = await tx
      .insert(inboxLabelTable)
      .values({ ...input, description: input.description ?? null })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new AppError("conflict", `A label named ${input.name} exists already`, [
        { path: "name", message: "already used" },
      ]);
    }
    await Audit.record({ action: "inbox.label_created", entityType: "inbox_label", entityId: row.id });
    return toLabel(row);
  });
});

/** Renames or recolours a label; a rename follows into every conversation that carries it. */
export const updateLabel = fn(LabelFields.partial().extend({ id: id() }), async ({ id, ...changes }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const [before] = await tx.select().from(inboxLabelTable).where(eq(inboxLabelTable.id, id)).for("update");
    if (!before) throw new AppError("not_found", `No label ${id}`);
    const [row] = await tx.update(inboxLabelTable).set(changes).where(eq(inboxLabelTable.id, id)).returning();
    if (changes.name && changes.name !== before.name) {
      const c = inboxConversationTable;
      await tx
        .update(c)
        .set({ labels: sql`array_replace(${c.labels}, ${before.name}, ${changes.name})` })
        .where(sql`${before.name} = any(${c.labels})`);
    }
    await Audit.record({
      action: "inbox.label_updated",
      entityType: "inbox_label",
      entityId: id,
      changes: Audit.diff(before, row ?? before, ["name", "colour", "description"]),
    });
    return toLabel(row as typeof inboxLabelTable.$inferSelect);
  });
});

/** Removes a label from the catalogue and from every conversation. */
export const removeLabel = fn(id(), async (labelId): Promise<void> => {
  requirePermission("crm:inbox:settings:write");
  await createTransaction(async (tx) => {
    const [row] = await tx.delete(inboxLabelTable).where(eq(inboxLabelTable.id, labelId)).returning();
    if (!row) throw new AppError("not_found", `No label ${labelId}`);
    const c = inboxConversationTable;
    await tx
      .update(c)
      .set({ labels: sql`array_remove(${c.labels}, ${row.name})` })
      .where(sql`${row.name} = any(${c.labels})`);
    await Audit.record({ action: "inbox.label_removed", entityType: "inbox_label", entityId: labelId });
  });
});

export const CannedInfo = z.object({
  id: z.uuid(),
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
});
export type CannedInfo = z.infer<typeof CannedInfo>;

const toCanned = (r: typeof inboxCannedResponseTable.$inferSelect): CannedInfo => ({
  id: r.id,
  shortcut: r.shortcut,
  title: r.title,
  body: r.body,
});

export const cannedResponses = fn(z.object({}).default({}), async (): Promise<CannedInfo[]> => {
  requirePermission("crm:inbox:read");
  const rows = await useTransaction((tx) =>
    tx.select().from(inboxCannedResponseTable).orderBy(asc(inboxCannedResponseTable.shortcut)),
  );
  return rows.map(toCanned);
});

const CannedFields = z.object({
  shortcut: z.string().regex(/^[a-z0-9_-]{1,30}$/, "lower-case letters, digits, - and _, at most 30"),
  title: text(100),
  body: text(4_000),
});

export const createCanned = fn(CannedFields, async (input): Promise<CannedInfo> => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const [row] = await tx.insert(inboxCannedResponseTable).values(input).onConflictDoNothing().returning();
    if (!row) {
      throw new AppError("conflict", `The shortcut /${input.shortcut} is taken`, [
        { path: "shortcut", message: "already used" },
      ]);
    }
    await Audit.record({ action: "inbox.canned_created", entityType: "inbox_canned_response", entityId: row.id });
    return toCanned(row);
  });
});

export const removeCanned = fn(id(), async (cannedId): Promise<void> => {
  requirePermission("crm:inbox:settings:write");
  await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(inboxCannedResponseTable)
      .where(eq(inboxCannedResponseTable.id, cannedId))
      .returning();
    if (!row) throw new AppError("not_found", `No canned response ${cannedId}`);
    await Audit.record({ action: "inbox.canned_removed", entityType: "inbox_canned_response", entityId: cannedId });
  });
});
