import * as z from "zod";
import { useConfig } from "../platform/config";
import { AppError } from "../platform/errors";
import { validationError } from "../platform/fn";
import { createId } from "../platform/ids";
import { text } from "../platform/input";
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

/** Webhook providers (signed HTTP calls) and the ones that reach the queue another way (email: SES → S3 → SQS, or the local SMTP listener). */
export type WebhookProvider = keyof typeof providerSecrets;
export type Provider = WebhookProvider | "email";
export const providerNames: [Provider, ...Provider[]] = [
  "email",
  ...(Object.keys(providerSecrets) as WebhookProvider[]),
];

/** What goes on the queue: the verified raw body (or a blob pointer when large), never re-signed. */
export const Envelope = z.object({
  v: z.literal(1),
  provider: z.enum(providerNames),
  id: text(256, { trim: false }),
  receivedAt: z.iso.datetime(),
  body: z.string().optional(),
  blobKey: z.string().optional(),
});
export type Envelope = z.infer<typeof Envelope>;

async function secretsFor(provider: WebhookProvider): Promise<string[]> {
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
export async function receive(input: { provider: WebhookProvider; headers: WebhookHeaders; body: Uint8Array }) {
  const config = useConfig();
  const result = verify(input.body, input.headers, await secretsFor(input.provider), {
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
  });
  if (!result.ok) throw new AppError("unauthenticated", `Webhook rejected: ${reasons[result.reason]()}`);
  const body = bodyText(input.body);
  const parsed = Envelope.safeParse({
    v: 1,
    provider: input.provider,
    id: result.id,
    receivedAt: new Date().toISOString(),
  });
  if (!parsed.success) throw validationError(parsed.error, "Webhook rejected");
  const envelope = parsed.data;
  if (input.body.byteLength > config.QUEUE_INLINE_MAX_BYTES) {
    envelope.blobKey = `inbound/${input.provider}/${createId()}`;
    // Loaded only for the rare large body, so the S3 client is not on the webhook's cold-start path.
    const { useBlobStore } = await import("../platform/blob");
    await useBlobStore().put(envelope.blobKey, input.body, "application/octet-stream");
  } else {
    envelope.body = body;
  }
  await useInboundQueue().send({ body: encodeEnvelope(envelope) });
  return { id: result.id };
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// C0 controls but TAB, LF and CR: JSON text has them only escaped, and neither a Postgres text column
// (NUL) nor an SQS message (any of them) can carry them raw.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * The verified body as text, refused (400) unless it is valid UTF-8 without raw control characters:
 * no JSON text is otherwise, and the sender learns it now instead of from a dead letter.
 */
function bodyText(body: Uint8Array): string {
  let decoded: string;
  try {
    decoded = utf8.decode(body);
  } catch {
    throw new AppError("validation", "Webhook body is not valid UTF-8");
  }
  const at = decoded.search(RAW_CONTROL);
  if (at >= 0) {
    const code = decoded.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
    throw new AppError(
      "validation",
      `Webhook body holds a raw control character U+${code} at character ${at}; JSON text escapes them`,
    );
  }
  return decoded;
}

/**
 * The envelope as a queue message. JSON, with U+FFFE and U+FFFF escaped as well: SQS refuses those
 * two characters, JSON.parse restores them, so a body holding one still reaches the consumer intact.
 */
export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
