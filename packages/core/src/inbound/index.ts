import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import { useBlobStore } from "../platform/blob";
import { useConfig } from "../platform/config";
import { withActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError, errorMessage, isAppError } from "../platform/errors";
import { validationError } from "../platform/fn";
import { createId } from "../platform/ids";
import { deadLetterTable } from "../platform/platform.sql";
import { deadLetter, INBOUND_QUEUE, useInboundQueue } from "../platform/queue";
import { resolveSecret } from "../platform/secrets";
import * as Subscriber from "../subscriber";
import { inboundEventTable } from "./inbound.sql";
import { verify, type WebhookHeaders } from "./webhook";

/** Webhook providers: where their secrets live and how their verified payloads are applied. */
const providers = {
  billing: {
    secret: "BILLING_WEBHOOK_SECRETS",
    type: (payload: unknown) => (payload as { type?: string }).type ?? null,
    async apply(payload: unknown) {
      const parsed = Subscriber.SyncPayload.safeParse(payload);
      if (!parsed.success) throw validationError(parsed.error, "Billing subscriber payload is invalid");
      await Subscriber.sync({ ...parsed.data, externalSystem: "billing" });
    },
  },
} as const;

export type Provider = keyof typeof providers;
export const providerNames = Object.keys(providers) as Provider[];

/** What goes on the queue: the verified raw body (or a blob pointer when large), never re-signed. */
export const Envelope = z.object({
  v: z.literal(1),
  provider: z.enum(providerNames as [Provider, ...Provider[]]),
  id: z.string().min(1).max(256),
  receivedAt: z.iso.datetime(),
  body: z.string().optional(),
  blobKey: z.string().optional(),
});
export type Envelope = z.infer<typeof Envelope>;

async function secretsFor(provider: Provider): Promise<string[]> {
  const name = providers[provider].secret;
  const configured = useConfig()[name];
  if (configured?.length) return configured;
  const fromStore = await resolveSecret(name).catch(() => "");
  return fromStore.split(/[\s,]+/).filter(Boolean);
}

/**
 * The webhook path: verify the signature over the raw bytes, failing closed, then enqueue. Nothing
 * is parsed before the signature holds, and nothing is enqueued unless it does.
 */
export async function receive(input: { provider: Provider; headers: WebhookHeaders; body: Uint8Array }) {
  const config = useConfig();
  const result = verify(input.body, input.headers, await secretsFor(input.provider), {
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
  });
  if (!result.ok) {
    const why = {
      no_secret: "no signing secret is configured for this provider",
      missing_headers: "webhook-id, webhook-timestamp and webhook-signature headers are required",
      stale_timestamp: `webhook-timestamp is more than ${config.WEBHOOK_TOLERANCE_SECONDS}s from now`,
      bad_signature: "webhook-signature does not match any configured secret",
    }[result.reason];
    throw new AppError("unauthenticated", `Webhook rejected: ${why}`);
  }
  const envelope: Envelope = {
    v: 1,
    provider: input.provider,
    id: result.id,
    receivedAt: new Date().toISOString(),
  };
  if (input.body.byteLength > config.QUEUE_INLINE_MAX_BYTES) {
    envelope.blobKey = `inbound/${input.provider}/${createId()}`;
    await useBlobStore().put(envelope.blobKey, input.body, "application/octet-stream");
  } else {
    envelope.body = Buffer.from(input.body).toString("utf8");
  }
  await useInboundQueue().send({ body: JSON.stringify(envelope) });
  return { id: result.id };
}

export type ConsumeOutcome = "processed" | "duplicate" | "dead";

/** Failures no retry can fix: the message goes to the dead-letter store with the reason at once. */
function isPermanent(error: unknown): boolean {
  return isAppError(error) && (error.code === "validation" || error.code === "conflict");
}

/**
 * The consumer: applies one queued message exactly once per (provider, webhook id). Transient
 * failures are thrown so the queue retries; permanent ones are dead-lettered with their reason.
 */
export async function consume(message: { id: string; body: string; receiveCount: number }): Promise<ConsumeOutcome> {
  let envelope: Envelope;
  try {
    const parsed = Envelope.safeParse(JSON.parse(message.body));
    if (!parsed.success) throw validationError(parsed.error, "Queue message is not an inbound envelope");
    envelope = parsed.data;
  } catch (error) {
    await deadLetter(INBOUND_QUEUE, message, `Unreadable message: ${errorMessage(error)}`);
    return "dead";
  }
  const provider = providers[envelope.provider];
  return withActor({ type: "webhook", properties: { provider: envelope.provider } }, async () => {
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
    let payload: unknown;
    let type: string | null = null;
    try {
      const raw = envelope.blobKey
        ? Buffer.from(await useBlobStore().get(envelope.blobKey)).toString("utf8")
        : (envelope.body ?? "");
      try {
        payload = JSON.parse(raw);
      } catch {
        throw new AppError("validation", "Webhook body is not valid JSON");
      }
      type = provider.type(payload);
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
        await provider.apply(payload);
        return "processed" as const;
      });
    } catch (error) {
      await recordFailure(key, type, envelope.receivedAt, errorMessage(error));
      if (!isPermanent(error)) throw error;
      await deadLetter(INBOUND_QUEUE, message, errorMessage(error));
      return "dead";
    }
  });
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
