import { sql } from "drizzle-orm";
import type { Tx } from "../platform/db";
import { live } from "../platform/soft-delete";
import { ticketTable } from "../ticket/ticket.sql";
import { ticketSlaTable } from "./sla.sql";

/**
 * Marks every ticket still being worked due for an SLA recompute, in the caller's transaction: a
 * policy, calendar or pause-status change moves their deadlines. Finished tickets keep their result.
 */
export async function markOpenDue(tx: Tx): Promise<void> {
  await tx.execute(sql`
    update ${ticketSlaTable} set next_check_at = now()
    from ${ticketTable}
    where ${ticketTable.id} = ${ticketSlaTable.ticketId}
      and ${live(ticketTable)}
      and ${ticketTable.status} not in ('closed', 'canceled', 'merged')`);
}

/** Marks one ticket due in the caller's transaction: any change to its log may move a deadline. */
export async function markDue(tx: Tx, ticketId: string): Promise<void> {
  await tx
    .insert(ticketSlaTable)
    .values({ ticketId, nextCheckAt: sql`now()` })
    .onConflictDoUpdate({ target: ticketSlaTable.ticketId, set: { nextCheckAt: sql`now()` } });
}
