import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { createTransaction } from "./db";

export interface BatchLimits {
  /** Rows per DELETE statement. */
  batchSize: number;
  /** No new batch starts after this instant; what is left waits for the next run. */
  deadline: number;
}

/**
 * Deletes the rows of `table` matching `where`, `batchSize` at a time, each batch its own short
 * transaction (locks held briefly, WAL in small steps), until none is left or the deadline passes.
 * Returns how many rows went, in how many statements, and whether it finished.
 */
export async function deleteInBatches(
  table: PgTable,
  where: SQL,
  limits: BatchLimits,
): Promise<{ deleted: number; batches: number; complete: boolean }> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    if (Date.now() >= limits.deadline) return { deleted, batches, complete: false };
    batches += 1;
    const rows = await createTransaction((tx) =>
      tx
        .delete(table)
        .where(
          sql`ctid in (${tx.select({ ctid: sql`ctid` }).from(table).where(where).limit(limits.batchSize).for("update", { skipLocked: true })})`,
        )
        .returning({ one: sql<number>`1` }),
    );
    deleted += rows.length;
    if (rows.length < limits.batchSize) return { deleted, batches, complete: true };
  }
}
