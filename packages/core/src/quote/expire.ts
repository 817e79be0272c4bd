import { and, eq, inArray, lte } from "drizzle-orm";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { Events } from "./events";
import { quoteTable } from "./quote.sql";

/**
 * The `quotes.expire` job: sent quotes past their expiry become `expired`, 500 at a time, each with its
 * event and audit row. `SKIP LOCKED` leaves a quote being answered right now to its answer, which
 * checks the expiry itself.
 */
export async function expireDue(now = new Date()): Promise<{ expired: number }> {
  let expired = 0;
  for (;;) {
    const batch = await createTransaction(async (tx) => {
      const due = await tx
        .select({ id: quoteTable.id })
        .from(quoteTable)
        .where(and(eq(quoteTable.status, "sent"), lte(quoteTable.expiresAt, now), live(quoteTable)))
        .limit(500)
        .for("update", { skipLocked: true });
      if (due.length === 0) return 0;
      const ids = due.map((d) => d.id);
      await tx.update(quoteTable).set({ status: "expired" }).where(inArray(quoteTable.id, ids));
      for (const quoteId of ids) {
        await emit(Events.Expired, { quoteId });
        await Audit.record({
          action: "quote.expired",
          entityType: "quote",
          entityId: quoteId,
          changes: { status: { from: "sent", to: "expired" } },
        });
      }
      return ids.length;
    });
    expired += batch;
    if (batch < 500) return { expired };
  }
}
