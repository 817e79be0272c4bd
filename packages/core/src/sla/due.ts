import { sql } from "drizzle-orm";
import type { Database, Transaction } from "../platform/db";
import { ticketSlaTable, ticketTable } from "../ticket/ticket.sql";

/**
 * Marks every ticket still being worked due for an SLA recompute, in the caller's transaction: a
 * policy, calendar or pause-status change moves their deadlines. Finished tickets keep their result.
 */
export async function markOpenDue(tx: Transaction | Database): Promise<void> {
  await tx.execute(sql`
    update ${ticketSlaTable} set next_check_at = now()
    from ${ticketTable}
    where ${ticketTable.id} = ${ticketSlaTable.ticketId}
      and ${ticketTable.deletedAt} is null
      and ${ticketTable.status} not in ('closed', 'canceled', 'merged')`);
}
