import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { createTransaction, inTransaction, syncCommitted, useTransaction } from "../db";
import { deadLetterTable, queueMessageTable } from "../platform.sql";
import { toStorable } from "../storable";
import type { OutgoingMessage, Queue, QueueStats } from "./port";
import type { Spool, SpooledMessage } from "./spool";

export interface ReceivedMessage {
  id: string;
  body: string;
  receiveCount: number;
}

export interface TableQueueOptions {
  queue: string;
  visibilitySeconds: number;
  maxReceives: number;
  /**
   * The local runtime's write-ahead spool (spool.ts): a send outside a transaction is acknowledged
   * once it is durable there, and `moveSpooled` brings it into the table, many rows per statement.
   */
  spool?: Spool;
}

/**
 * The durable queue of the one-machine runtime, in the same database. Receive hides messages for the
 * visibility timeout (a crashed consumer's message comes back); after `maxReceives` failures a message
 * moves to the dead-letter table with its last error.
 */
export function tableQueue(options: TableQueueOptions) {
  const { queue } = options;
  const sendBatch = async (messages: OutgoingMessage[]) => {
    if (messages.length === 0) return;
    await useTransaction((tx) => tx.insert(queueMessageTable).values(messages.map((m) => ({ queue, body: m.body }))));
  };

  // Group commit: sends outside a transaction that arrive while an insert (and its sync) is in flight
  // are written together by the next insert. Each caller resolves only once its row is committed and
  // on stable storage, so a 202 means the message survives a crash of the process or of the machine.
  let waiting: { body: string; done: (error?: unknown) => void }[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await sendBatch(batch);
        await syncCommitted();
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.done(error);
      }
    }
    flushing = false;
  };
  // Spooled rows keep the id the spool gave them, so storing a file twice (a crash between the insert
  // and the file's deletion) inserts nothing twice.
  const storeSpooled = async (messages: SpooledMessage[]) => {
    for (let at = 0; at < messages.length; at += 1000) {
      const rows = messages.slice(at, at + 1000).map((m) => ({ id: m.id, queue, body: m.body }));
      await useTransaction((tx) => tx.insert(queueMessageTable).values(rows).onConflictDoNothing());
    }
    await syncCommitted();
  };
  let lastSendAt = 0;
  const send = (message: OutgoingMessage) => {
    lastSendAt = Date.now();
    if (inTransaction()) return sendBatch([message]);
    if (options.spool) return options.spool.append(message.body);
    return new Promise<void>((resolve, reject) => {
      waiting.push({ body: message.body, done: (error) => (error ? reject(error) : resolve()) });
      if (!flushing) void flush();
    });
  };
  return {
    name: "table" as const,
    options,
    send,
    sendBatch,
    /** When a message was last sent; the local poller yields to ingest while sends are arriving. */
    lastSendAt: () => lastSendAt,
    /** Brings what the spool holds into the table (the local poller calls this before it receives). */
    moveSpooled: (): Promise<number> => options.spool?.drain(storeSpooled) ?? Promise.resolve(0),
    /** Stores what a previous run left in the spool; the runtime calls this once, before polling. */
    recoverSpooled: (): Promise<number> => options.spool?.recover(storeSpooled) ?? Promise.resolve(0),

    /**
     * Takes up to `max` visible messages and hides them for the visibility timeout, in one statement
     * (its own transaction): on the embedded database every statement runs on the thread that answers
     * webhooks, so the consumer spends as few as it can.
     */
    async receive(max = 10): Promise<ReceivedMessage[]> {
      const rows = await useTransaction((tx) => {
        const ready = tx
          .select({ id: queueMessageTable.id })
          .from(queueMessageTable)
          .where(and(eq(queueMessageTable.queue, queue), lte(queueMessageTable.visibleAt, sql`now()`)))
          .orderBy(asc(queueMessageTable.visibleAt))
          .limit(max)
          .for("update", { skipLocked: true });
        return tx
          .update(queueMessageTable)
          .set({
            receiveCount: sql`${queueMessageTable.receiveCount} + 1`,
            visibleAt: sql`now() + make_interval(secs => ${options.visibilitySeconds})`,
          })
          .where(inArray(queueMessageTable.id, ready))
          .returning({
            id: queueMessageTable.id,
            body: queueMessageTable.body,
            receiveCount: queueMessageTable.receiveCount,
            enqueuedAt: queueMessageTable.enqueuedAt,
          });
      });
      // RETURNING has no order: hand the batch out in arrival order, so a consumer that applies it in
      // sequence sees a subscriber's versions as they came (the status log keeps every step).
      return rows
        .sort((a, b) => a.enqueuedAt.getTime() - b.enqueuedAt.getTime() || a.id.localeCompare(b.id))
        .map(({ enqueuedAt: _, ...message }) => message);
    },

    async ack(id: string): Promise<void> {
      await useTransaction((tx) => tx.delete(queueMessageTable).where(eq(queueMessageTable.id, id)));
    },

    /** Acknowledges a batch in one statement (the local poller acks what it processed together). */
    async ackBatch(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await useTransaction((tx) => tx.delete(queueMessageTable).where(inArray(queueMessageTable.id, ids)));
    },

    /**
     * Records a failure: retried with backoff, or dead-lettered once it has been received maxReceives
     * times. The reason is stored as `toStorable` makes it, so recording never fails on its text.
     */
    async fail(message: ReceivedMessage, reason: string): Promise<"retry" | "dead"> {
      if (message.receiveCount < options.maxReceives) {
        const backoff = Math.min(2 ** message.receiveCount, 300);
        await useTransaction((tx) =>
          tx
            .update(queueMessageTable)
            .set({ lastError: toStorable(reason), visibleAt: sql`now() + make_interval(secs => ${backoff})` })
            .where(eq(queueMessageTable.id, message.id)),
        );
        return "retry";
      }
      await deadLetter(queue, message, reason);
      return "dead";
    },

    async stats(): Promise<QueueStats> {
      const [row] = await useTransaction((tx) =>
        tx
          .select({
            ready: sql<number>`count(*) filter (where ${queueMessageTable.visibleAt} <= now())::int`,
            inFlight: sql<number>`count(*) filter (where ${queueMessageTable.visibleAt} > now())::int`,
          })
          .from(queueMessageTable)
          .where(eq(queueMessageTable.queue, queue)),
      );
      // Spooled messages are acknowledged and waiting, like ready ones: an operator counts them too.
      const spooled = (await options.spool?.pending()) ?? 0;
      return {
        ready: (row?.ready ?? 0) + spooled,
        inFlight: row?.inFlight ?? 0,
        deadLetters: await countDeadLetters(queue),
      };
    },
  } satisfies Queue & Record<string, unknown>;
}

export type TableQueue = ReturnType<typeof tableQueue>;

/**
 * Moves a message to the dead-letter store (same table in both modes), replacing an older entry of
 * it. The reason is made storable here too: a reason that cannot be written would block the queue.
 */
export async function deadLetter(queue: string, message: ReceivedMessage, why: string): Promise<void> {
  const reason = toStorable(why);
  await createTransaction(async (tx) => {
    await tx
      .insert(deadLetterTable)
      .values({ queue, messageId: message.id, body: message.body, reason, receiveCount: message.receiveCount })
      .onConflictDoUpdate({
        target: [deadLetterTable.queue, deadLetterTable.messageId],
        set: { body: message.body, reason, receiveCount: message.receiveCount, failedAt: new Date(), replayedAt: null },
      });
    await tx.delete(queueMessageTable).where(eq(queueMessageTable.id, message.id));
  });
}

export async function countDeadLetters(queue: string): Promise<number> {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(deadLetterTable)
      .where(and(eq(deadLetterTable.queue, queue), isNull(deadLetterTable.replayedAt))),
  );
  return row?.n ?? 0;
}
