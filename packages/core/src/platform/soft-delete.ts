import { and, eq, isNull, type SQL } from "drizzle-orm";
import { type PgColumn, type PgTable, type PgUpdateSetSource, timestamp } from "drizzle-orm/pg-core";
import type { Transaction, Tx } from "./db";
import { AppError } from "./errors";

/**
 * Soft delete for business records (tickets, comments, people, organisations…): one column, one
 * filter, one lookup and one remove, so every domain means the same by "live".
 */

/** The one soft-delete column. */
export const softDelete = {
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
};

type SoftDeletable = PgTable & { id: PgColumn; deletedAt: PgColumn };

/** Rows of `table` that are not soft-deleted. */
export const live = (table: { deletedAt: PgColumn }): SQL => isNull(table.deletedAt);

/**
 * The live row of `table` with this id (locked `FOR UPDATE` when `lock`); a missing or removed one is
 * not_found, named as `what` ("Ticket 0190… does not exist").
 */
export async function liveRow<T extends SoftDeletable>(
  tx: Tx,
  table: T,
  what: string,
  id: string,
  lock = false,
): Promise<T["$inferSelect"]> {
  const query = tx
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, id), live(table)));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new AppError("not_found", `${what} ${id} does not exist`);
  return row as T["$inferSelect"];
}

/**
 * Soft-deletes the live rows of `table` that `where` names, at `at`, in the caller's transaction, and
 * sets `also` on them (a merge records where the row went). Returns how many it removed.
 */
export async function softRemove<T extends SoftDeletable>(
  tx: Transaction,
  table: T,
  where: SQL,
  options: { at?: Date; also?: PgUpdateSetSource<T> } = {},
): Promise<number> {
  const set = { ...options.also, deletedAt: options.at ?? new Date() } as PgUpdateSetSource<T>;
  const rows = await tx
    .update(table)
    .set(set)
    .where(and(where, live(table)))
    .returning({ id: table.id });
  return rows.length;
}
