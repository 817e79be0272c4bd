import { desc, sql } from "drizzle-orm";
import { withActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError, errorMessage, isTransient } from "../platform/errors";
import { validationError } from "../platform/fn";
import { deadLetterTable } from "../platform/platform.sql";
import { INBOUND_QUEUE, useInboundQueue } from "../platform/queue";
import { deadLetter } from "../platform/queue/table";
import { Envelope, type Provider } from "../webhook";
import { inboundEventTable } from "./inbound.sql";
import type { Item } from "./meta";

/**
 * Meta's payloads: read before the transaction (a shape error dead-letters with its path), applied
 * item by item in the consumer's transaction. The inbox is loaded only by a Meta delivery.
 */
function meta(type: string, read: () => Item[]) {
  let items: Item[];
  try {
    items = read();
  } catch (error) {
    throw new AppError("validation", `Meta payload is invalid: ${errorMessage(error)}`);
  }
  return { type, apply: async () => (await import("./meta-apply")).apply(items) };
}

/**
 * How each provider's verified payloads are read and applied. The payload is parsed with its zod
 * schema before anything reads a field, so `null`, an array or a string is a validation failure.
 */
/**
 * `apply` may answer `{ unapplied: why }`: part of the delivery could not be applied yet; the rest is,
 * and the delivery is dead-lettered with that reason.
 */
type Delivery = { type: string; apply(): Promise<unknown> };
const unappliedOf = (result: unknown): string | undefined => {
  const why = (result as { unapplied?: unknown } | null | undefined)?.unapplied;
  return typeof why === "string" ? why : undefined;
};
// Each provider's code (its payload schemas, and what applies them) loads with its first delivery: an
// SQS batch of WhatsApp messages never loads the billing sync, nor a billing batch Meta's schemas.
const providers: Record<Provider, (json: unknown) => Promise<Delivery>> = {
  async billing(json) {
    const Billing = await import("./billing");
    const parsed = Billing.Payload.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, "Billing subscriber payload is invalid");
    const payload = parsed.data;
    return {
      type: payload.type,
      apply: async () => (await import("../subscriber")).sync(Billing.toSync(payload, "billing")),
    };
  },
  async whatsapp(json) {
    const MetaWhatsApp = await import("./meta-whatsapp");
    const parsed = MetaWhatsApp.Payload.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, "WhatsApp payload is invalid");
    return meta(parsed.data.object, () => MetaWhatsApp.items(parsed.data));
  },
  async meta(json) {
    const MetaMessaging = await import("./meta-messaging");
    const parsed = MetaMessaging.Payload.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, "Messenger/Instagram payload is invalid");
    return meta(parsed.data.object, () => MetaMessaging.items(parsed.data));
  },
  // Parsing, sanitising and attachment checks run here, before the consumer's transaction opens.
  email: async (json) => (await import("./email")).read(json),
};

/** Large bodies only: the S3 client stays off the cold-start path of the functions that import this. */
async function readBlob(key: string): Promise<string> {
  const { useBlobStore } = await import("../platform/blob");
  return Buffer.from(await useBlobStore().get(key)).toString("utf8");
}

/** The provider's JSON, from the envelope or blob storage; a blob store that is down is transient. */
async function readJson(envelope: Envelope): Promise<unknown> {
  const raw = envelope.blobKey ? await readBlob(envelope.blobKey) : (envelope.body ?? "");
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError("validation", "Webhook body is not valid JSON");
  }
}

function readEnvelope(body: string): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AppError("validation", "Queue message is not JSON");
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error, "Queue message is not an inbound envelope");
  return parsed.data;
}

export type ConsumeOutcome = "processed" | "duplicate" | "dead";

/**
 * The consumer: applies one queued message exactly once per (provider, webhook id). A transient
 * failure (`isTransient`) is recorded and thrown, so the queue retries it; anything else can never
 * succeed as is and goes to the dead-letter store at once with its reason, and the message is
 * acknowledged. Only a failure to record that (the database gone) is thrown for a permanent one.
 */
export async function consume(message: { id: string; body: string; receiveCount: number }): Promise<ConsumeOutcome> {
  let envelope: Envelope;
  try {
    envelope = readEnvelope(message.body);
  } catch (error) {
    await deadLetter(INBOUND_QUEUE, message, `Unreadable message: ${errorMessage(error)}`);
    return "dead";
  }
  const read = providers[envelope.provider];
  return withActor(
    { type: "webhook", properties: { provider: envelope.provider } },
    async () => {
      const key = { provider: envelope.provider, messageId: envelope.id };
      const [seen] = await useTransaction((tx) =>
        tx
          .select({ status: inboundEventTable.status })
          .from(inboundEventTable)
          .where(
            sql`${inboundEventTable.provider} = ${key.provider} and ${inboundEventTable.messageId} = ${key.messageId}`,
          ),
      );
      if (seen?.status === "processed") return "duplicate";
      let type: string | null = null;
      try {
        const delivery = await read(await readJson(envelope));
        type = delivery.type;
        return await createTransaction(async (tx) => {
          // The unique (provider, message id) row is written in the same transaction as the change.
          const [claimed] = await tx
            .insert(inboundEventTable)
            .values({ ...key, type, status: "processed", receivedAt: new Date(envelope.receivedAt) })
            .onConflictDoUpdate({
              target: [inboundEventTable.provider, inboundEventTable.messageId],
              set: {
                status: "processed",
                error: null,
                processedAt: new Date(),
                attempts: sql`${inboundEventTable.attempts} + 1`,
              },
              setWhere: sql`${inboundEventTable.status} <> 'processed'`,
            })
            .returning({ id: inboundEventTable.id });
          if (!claimed) return "duplicate" as const;
          const unapplied = unappliedOf(await delivery.apply());
          if (unapplied) {
            // What could be applied is kept; the delivery waits as a dead letter for the rest, and stays
            // `failed` so a replay runs it again (the applied part is then deduped).
            await tx
              .update(inboundEventTable)
              .set({ status: "failed", error: unapplied })
              .where(sql`${inboundEventTable.id} = ${claimed.id}`);
            await deadLetter(INBOUND_QUEUE, message, unapplied);
            return "dead" as const;
          }
          return "processed" as const;
        });
      } catch (error) {
        const reason = errorMessage(error);
        if (isTransient(error)) {
          await recordFailure(key, type, envelope.receivedAt, reason);
          throw error;
        }
        // One transaction: the failed event and the dead letter (which acknowledges a table-queue message).
        await createTransaction(async () => {
          await recordFailure(key, type, envelope.receivedAt, reason);
          await deadLetter(INBOUND_QUEUE, message, reason);
        });
        return "dead";
      }
    },
    // The provider's message id is the request id of whatever this delivery changes (audit rows).
    { requestId: envelope.id },
  );
}

async function recordFailure(
  key: { provider: string; messageId: string },
  type: string | null,
  receivedAt: string,
  error: string,
) {
  await useTransaction((tx) =>
    tx
      .insert(inboundEventTable)
      .values({ ...key, type, status: "failed", error, receivedAt: new Date(receivedAt) })
      .onConflictDoUpdate({
        target: [inboundEventTable.provider, inboundEventTable.messageId],
        set: { status: "failed", error, processedAt: new Date(), attempts: sql`${inboundEventTable.attempts} + 1` },
        setWhere: sql`${inboundEventTable.status} <> 'processed'`,
      }),
  );
}

/** Recent inbound events for the status page, newest first. */
export async function recent(limit = 20) {
  return useTransaction((tx) =>
    tx.select().from(inboundEventTable).orderBy(desc(inboundEventTable.processedAt)).limit(limit),
  );
}

export async function deadLetters(limit = 50) {
  return useTransaction((tx) =>
    tx
      .select()
      .from(deadLetterTable)
      .where(sql`${deadLetterTable.queue} = ${INBOUND_QUEUE} and ${deadLetterTable.replayedAt} is null`)
      .orderBy(desc(deadLetterTable.failedAt))
      .limit(limit),
  );
}

/**
 * The replay command: puts dead letters back on the inbound queue (and, on SQS, redrives its DLQ).
 * Replayed entries are marked, so a second replay does not send them twice.
 */
export async function replayDeadLetters(options: { ids?: string[] } = {}): Promise<number> {
  const queue = useInboundQueue();
  let replayed = 0;
  const pending = await deadLetters(10_000);
  for (const entry of pending) {
    if (options.ids && !options.ids.includes(entry.id)) continue;
    await createTransaction(async (tx) => {
      const [marked] = await tx
        .update(deadLetterTable)
        .set({ replayedAt: new Date() })
        .where(sql`${deadLetterTable.id} = ${entry.id} and ${deadLetterTable.replayedAt} is null`)
        .returning({ id: deadLetterTable.id });
      if (!marked) return;
      await queue.send({ body: entry.body });
      replayed++;
    });
  }
  if ("redriveDeadLetters" in queue && typeof queue.redriveDeadLetters === "function") {
    replayed += await (queue.redriveDeadLetters as () => Promise<number>)();
  }
  return replayed;
}
