import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { safeParse } from "zod/mini";
import type { $ZodType, input } from "zod/v4/core";
import { type EventEnvelope, useEventBus } from "./bus";
import { afterCommit, useTransaction } from "./db";
import { errorMessage } from "./errors";
import { validationError } from "./fn";
import { outboxTable } from "./platform.sql";

export interface EventDefinition<Type extends string, Schema extends $ZodType> {
  type: Type;
  schema: Schema;
}

/** Declares a domain event next to its domain. */
export function defineEvent<Type extends string, Schema extends $ZodType>(
  type: Type,
  schema: Schema,
): EventDefinition<Type, Schema> {
  return { type, schema };
}

/** Writes the event in the caller's transaction and relays it after commit. */
export async function emit<Type extends string, Schema extends $ZodType>(
  event: EventDefinition<Type, Schema>,
  payload: input<Schema>,
): Promise<string> {
  const parsed = safeParse(event.schema, payload);
  if (!parsed.success) throw validationError(parsed.error, `Event ${event.type} is invalid`);
  const [row] = await useTransaction((tx) =>
    tx.insert(outboxTable).values({ type: event.type, payload: parsed.data }).returning({ id: outboxTable.id }),
  );
  const id = row?.id as string;
  await afterCommit(async () => {
    // A failed relay is not the caller's failure: the row stays unpublished and the sweep retries it.
    await relay([id]).catch(() => undefined);
  });
  return id;
}

function toEnvelope(row: typeof outboxTable.$inferSelect): EventEnvelope {
  return { id: row.id, type: row.type, occurredAt: row.occurredAt.toISOString(), payload: row.payload };
}

/**
 * Publishes the given rows if still unpublished. Delivery is at-least-once: no transaction is held
 * across the network call, so a sweep racing a relay may publish twice, and consumers dedupe by event id.
 */
export async function relay(ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(outboxTable)
      .where(and(inArray(outboxTable.id, ids), isNull(outboxTable.publishedAt)))
      .orderBy(asc(outboxTable.id)),
  );
  if (rows.length === 0) return 0;
  const claimed = rows.map((r) => r.id);
  try {
    await useEventBus().publish(rows.map(toEnvelope));
  } catch (error) {
    await useTransaction((tx) =>
      tx
        .update(outboxTable)
        .set({ attempts: sql`${outboxTable.attempts} + 1`, lastError: errorMessage(error) })
        .where(inArray(outboxTable.id, claimed)),
    );
    return 0;
  }
  await useTransaction((tx) =>
    tx
      .update(outboxTable)
      .set({ publishedAt: new Date(), attempts: sql`${outboxTable.attempts} + 1`, lastError: null })
      .where(and(inArray(outboxTable.id, claimed), isNull(outboxTable.publishedAt))),
  );
  return rows.length;
}

/**
 * Puts published events back for the sweep, with the error: for a bus that accepted them but whose
 * delivery failed afterwards (the local runtime's deferred bus), so a failure is retried, not lost.
 */
export async function retryLater(ids: string[], error: unknown): Promise<void> {
  if (ids.length === 0) return;
  await useTransaction((tx) =>
    tx
      .update(outboxTable)
      .set({ publishedAt: null, lastError: errorMessage(error) })
      .where(inArray(outboxTable.id, ids)),
  );
}

/** The scheduled sweep: republishes anything still unpublished after `olderThanMs`. */
export async function sweep(options: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
  const cutoff = new Date(Date.now() - (options.olderThanMs ?? 30_000));
  const pending = await useTransaction((tx) =>
    tx
      .select({ id: outboxTable.id })
      .from(outboxTable)
      .where(and(isNull(outboxTable.publishedAt), lt(outboxTable.occurredAt, cutoff)))
      .orderBy(asc(outboxTable.occurredAt))
      .limit(options.limit ?? 500),
  );
  let published = 0;
  for (let i = 0; i < pending.length; i += 50) {
    published += await relay(pending.slice(i, i + 50).map((r) => r.id));
  }
  return published;
}

export async function pendingCount(): Promise<number> {
  const [row] = await useTransaction((tx) =>
    tx.select({ n: sql<number>`count(*)::int` }).from(outboxTable).where(isNull(outboxTable.publishedAt)),
  );
  return row?.n ?? 0;
}

export async function fromID(id: string) {
  const [row] = await useTransaction((tx) => tx.select().from(outboxTable).where(eq(outboxTable.id, id)));
  return row;
}
