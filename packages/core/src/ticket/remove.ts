import { eq } from "drizzle-orm";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { softRemove } from "../platform/soft-delete";
import { supersedeConfirmations } from "./confirmation-request";
import { appendEvent, liveTicket } from "./shared";
import { ticketTable } from "./ticket.sql";

/** Soft-deletes a ticket; its number stays taken. */
export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("support:ticket:delete");
  await createTransaction(async (tx) => {
    const current = await liveTicket(tx, id, true);
    const at = new Date();
    await softRemove(tx, ticketTable, eq(ticketTable.id, id), { at });
    await supersedeConfirmations(tx, id);
    await appendEvent(tx, id, "deleted", current.status, null);
    await Audit.record({
      action: "ticket.deleted",
      entityType: "ticket",
      entityId: id,
      changes: { number: { from: current.number }, deletedAt: { to: at.toISOString() } },
    });
  });
});
