import { and, eq, inArray, isNotNull, lt, notExists, or, sql } from "drizzle-orm";
import { authTokenTable, sessionTable } from "../auth/auth.sql";
import { inboundEventTable } from "../inbound/inbound.sql";
import { emailDeliveryTable } from "../notification/notification.sql";
import { useConfig } from "../platform/config";
import { deadLetterTable, eventDeliveryTable, outboxTable } from "../platform/platform.sql";
import { type BatchLimits, deleteInBatches } from "../platform/prune";
import * as RateLimit from "../platform/rate-limit";
import { ticketConfirmationTable } from "../ticket/ticket.sql";

/*
 * What the database forgets. Each kind of row goes once it can no longer matter and RETENTION_DAYS have
 * passed since, so an investigation still finds last month's sessions, links and deliveries. Live work
 * (an unexpired session or link, an unpublished event, a failed inbound message, a dead letter not yet
 * replayed) is never touched.
 */

export interface PruneResult {
  /** Rows deleted per kind. */
  deleted: Record<string, number>;
  /** False when the time budget ran out first: the next run carries on. */
  complete: boolean;
}

/** Each kind of row and when it is past keeping (`cutoff` = now − RETENTION_DAYS). */
const kinds = (cutoff: Date) => ({
  // Ended (expired or revoked) before the cutoff.
  sessions: {
    table: sessionTable,
    where: or(lt(sessionTable.expiresAt, cutoff), lt(sessionTable.revokedAt, cutoff)),
  },
  // Expired, used or replaced (a replaced link is expired at once) before the cutoff.
  tokens: {
    table: authTokenTable,
    where: or(lt(authTokenTable.expiresAt, cutoff), lt(authTokenTable.usedAt, cutoff)),
  },
  // Published before the cutoff; an unpublished event waits for the sweep however old it is.
  outbox: { table: outboxTable, where: and(isNotNull(outboxTable.publishedAt), lt(outboxTable.publishedAt, cutoff)) },
  // The subscribers' dedupe marks, once no redelivery of their event can still arrive.
  eventDeliveries: { table: eventDeliveryTable, where: lt(eventDeliveryTable.deliveredAt, cutoff) },
  // Processed before the cutoff; failed ones stay for whoever investigates.
  inbound: {
    table: inboundEventTable,
    where: and(eq(inboundEventTable.status, "processed"), lt(inboundEventTable.processedAt, cutoff)),
  },
  // Mail sent, given up or cancelled before the cutoff (its address and data go with it); mail still
  // pending or failing stays for the retry job and the status page. A confirmation whose mail never
  // left keeps that record: without it, the auto-confirm job would read "no mail" as "nothing to wait
  // for" and close the ticket on a link nobody received.
  emailDeliveries: {
    table: emailDeliveryTable,
    where: or(
      and(eq(emailDeliveryTable.status, "sent"), lt(emailDeliveryTable.sentAt, cutoff)),
      and(
        inArray(emailDeliveryTable.status, ["dead", "cancelled"]),
        lt(emailDeliveryTable.createdAt, cutoff),
        notExists(
          sql`(select 1 from ${ticketConfirmationTable} where ${ticketConfirmationTable.deliveryId} = ${emailDeliveryTable.id})`,
        ),
      ),
    ),
  },
  // Dead letters that were replayed before the cutoff; pending ones stay until someone acts.
  replayedDeadLetters: {
    table: deadLetterTable,
    where: and(isNotNull(deadLetterTable.replayedAt), lt(deadLetterTable.replayedAt, cutoff)),
  },
});

/**
 * Job `retention.prune`: deletes, in batches of RETENTION_BATCH_SIZE rows per statement, everything
 * past keeping, and rate-limit windows no estimate reads; stops starting batches after
 * RETENTION_BUDGET_SECONDS (the next run carries on). `now` and `override` are for tests.
 */
export async function prune(now: Date = new Date(), override: Partial<BatchLimits> = {}): Promise<PruneResult> {
  const config = useConfig();
  const cutoff = new Date(now.getTime() - config.RETENTION_DAYS * 86_400_000);
  const limits: BatchLimits = {
    batchSize: config.RETENTION_BATCH_SIZE,
    deadline: Date.now() + config.RETENTION_BUDGET_SECONDS * 1000,
    ...override,
  };
  const deleted: Record<string, number> = {};
  let complete = true;
  for (const [name, kind] of Object.entries(kinds(cutoff))) {
    const result = await deleteInBatches(kind.table, kind.where as NonNullable<typeof kind.where>, limits);
    deleted[name] = result.deleted;
    complete &&= result.complete;
  }
  deleted.rateLimits = await RateLimit.prune(undefined, now, limits);
  complete &&= Date.now() < limits.deadline;
  return { deleted, complete };
}
