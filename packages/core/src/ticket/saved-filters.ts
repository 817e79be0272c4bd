import { and, asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { assertActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { ListFilters } from "./list";
import { savedFilterTable } from "./ticket.sql";

/** What a saved filter may hold: the list's filters, without the page position. Unknown keys are refused. */
export const SavedFilterFields = ListFilters.omit({ cursor: true, limit: true }).strict();

export const SavedFilterInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SavedFilterInfo = z.infer<typeof SavedFilterInfo>;

const FilterName = text(100);

type Row = typeof savedFilterTable.$inferSelect;
const toInfo = (r: Row): SavedFilterInfo => ({
  id: r.id,
  name: r.name,
  filters: r.filters,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Saved filters belong to the signed-in staff user who saved them; nobody else sees or changes them. */
function owner(): string {
  requirePermission("support:ticket:read");
  return assertActor("user").properties.userId;
}

/** The caller's saved ticket-list filters, by name. */
export const listSavedFilters = fn(z.object({}).default({}), async (): Promise<SavedFilterInfo[]> => {
  const userId = owner();
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(savedFilterTable)
      .where(and(eq(savedFilterTable.userId, userId), eq(savedFilterTable.kind, "ticket")))
      .orderBy(asc(savedFilterTable.name)),
  );
  return rows.map(toInfo);
});

/** Saves a filter under a name, replacing the caller's filter of that name. */
export const saveFilter = fn(
  z.object({ name: FilterName, filters: SavedFilterFields }),
  async ({ name, filters }): Promise<SavedFilterInfo> => {
    const userId = owner();
    // Stored as JSON the list's query accepts back (dates as ISO strings).
    const stored = JSON.parse(JSON.stringify(filters)) as Record<string, unknown>;
    return createTransaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(savedFilterTable)
        .where(
          and(
            eq(savedFilterTable.userId, userId),
            eq(savedFilterTable.kind, "ticket"),
            eq(savedFilterTable.name, name),
          ),
        );
      const [row] = await tx
        .insert(savedFilterTable)
        .values({ userId, name, filters: stored })
        .onConflictDoUpdate({
          target: [savedFilterTable.userId, savedFilterTable.kind, savedFilterTable.name],
          set: { filters: stored, updatedAt: new Date() },
        })
        .returning();
      const saved = row as Row;
      await Audit.record({
        action: "saved_filter.saved",
        entityType: "saved_filter",
        entityId: saved.id,
        changes: Audit.diff(before ? { name, filters: before.filters } : null, { name, filters: stored }),
      });
      return toInfo(saved);
    });
  },
);

/** Deletes one of the caller's saved filters; another user's id is a 404, as if it did not exist. */
export const removeSavedFilter = fn(id(), async (id): Promise<void> => {
  const userId = owner();
  await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(savedFilterTable)
      .where(and(eq(savedFilterTable.id, id), eq(savedFilterTable.userId, userId), eq(savedFilterTable.kind, "ticket")))
      .returning();
    if (!row) throw new AppError("not_found", `Saved filter ${id} does not exist`);
    await Audit.record({
      action: "saved_filter.deleted",
      entityType: "saved_filter",
      entityId: id,
      changes: { name: { from: row.name }, filters: { from: row.filters } },
    });
  });
});
