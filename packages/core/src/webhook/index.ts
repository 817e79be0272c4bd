import * as z from "zod";
import { useConfig } from "../platform/config";
import { AppError } from "../platform/errors";
import { createId } from "../platform/ids";
import { useInboundQueue } from "../platform/queue";
import { resolveSecret } from "../platform/secrets";
import { verify, type WebhookHeaders } from "./signature";

export { sign, verify, type WebhookHeaders } from "./signature";

/**
 * The webhook ingest path: verify, enqueue, answer. It imports no database code, so the `webhook`
 * Lambda stays small; the consumer (`inbound`) applies messages later.
 */
export const providerSecrets = {
  billing: "BILLING_WEBHOOK_SECRETS",
} as const;

export type Provider = keyof typeof providerSecrets;
export const providerNames = Object.keys(providerSecrets) as [Provider, ...Provider[]];

/** What goes on the queue: the verified raw body (or a blob pointer when large), never re-signed. */
export const Envelope = z.object({
  v: z.literal(1),
  provider: z.enum(providerNames),
  id: z.string().min(1).max(256),
  receivedAt: z.iso.datetime(),
  body: z.string().optional(),
  blobKey: z.string().optional(),
});
export type Envelope = z.infer<typeof Envelope>;

async function secretsFor(provider: Provider): Promise<string[]> {
  const name = providerSecrets[provider];
  const configured = useConfig()[name];
  if (configured?.length) return configured;
  const fromStore = await resolveSecret(name).catch(() => "");
  return fromStore.split(/[\s,]+/).filter(Boolean);
}

const reasons = {
  no_secret: () => "no signing secret is configured for this provider",
  missing_headers: () => "webhook-id, webhook-timestamp and webhook-signature headers are required",
  stale_timestamp: () => `webhook-timestamp is more than ${useConfig().WEBHOOK_TOLERANCE_SECONDS}s from now`,
  bad_signature: () => "webhook-signature does not match any configured secret",
};

/**
 * Verifies the signature over the raw bytes, failing closed, then enqueues. Nothing is parsed
 * before the signature holds, and nothing is enqueued unless it does.
 */
export async function receive(input: { provider: Provider; headers: WebhookHeaders; body: Uint8Array }) {
  const config = useConfig();
  const result = verify(input.body, input.headers, await secretsFor(input.provider), {
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
  });
  if (!result.ok) throw new AppError("unauthenticated", `Webhook rejected: ${reasons[result.reason]()}`);
  const envelope: Envelope = { v: 1, provider: input.provider, id: result.id, receivedAt: new Date().toISOString() };
  if (input.body.byteLength > config.QUEUE_INLINE_MAX_BYTES) {
    envelope.blobKey = `inbound/${input.provider}/${createId()}`;
    // Loaded only for the rare large body, so the S3 client is not on the webhook's cold-start path.
    const { useBlobStore } = await import("../platform/blob");
    await useBlobStore().put(envelope.blobKey, input.body, "application/octet-stream");
  } else {
    envelope.body = Buffer.from(input.body).toString("utf8");
  }
  await useInboundQueue().send({ body: JSON.stringify(envelope) });
  return { id: result.id };
}
