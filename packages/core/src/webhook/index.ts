import * as z from "zod/mini";
import { useConfig } from "../platform/config";
import { AppError } from "../platform/errors";
import { validationError } from "../platform/fn";
import { createId } from "../platform/ids";
import { useInboundQueue } from "../platform/queue";
import { channelSecretNames, useSecretStore } from "../platform/secret-store";
import { resolveSecret } from "../platform/secrets";
import { isStorable, UNSTORABLE_MESSAGE } from "../platform/storable";
import { hubChallenge, hubChallengeHashed, hubVerify } from "./hub";
import { verify, type WebhookHeaders } from "./signature";

export { bodyDigest, hubChallenge, hubSign, hubVerify } from "./hub";
export { sign, verify, type WebhookHeaders } from "./signature";

/**
 * The webhook ingest path: verify, enqueue, answer. It imports no database code, so the `webhook`
 * Lambda stays small; the consumer (`inbound`) applies messages later. Each provider names its
 * signature scheme and the config/secret holding its keys: billing signs with Standard Webhooks,
 * Meta's two apps (WhatsApp; Messenger and Instagram) with X-Hub-Signature-256.
 */
export const providerSchemes = {
  billing: { scheme: "standard", secrets: "BILLING_WEBHOOK_SECRETS" },
  whatsapp: { scheme: "hub", secrets: "META_WHATSAPP_APP_SECRETS", verifyToken: "META_WHATSAPP_VERIFY_TOKEN" },
  meta: { scheme: "hub", secrets: "META_APP_SECRETS", verifyToken: "META_VERIFY_TOKEN" },
} as const;

/** Webhook providers (signed HTTP calls) and the ones that reach the queue another way (email: SES → S3 → SQS, or the local SMTP listener). */
export type WebhookProvider = keyof typeof providerSchemes;
export type Provider = WebhookProvider | "email";
export type HubProvider = {
  [P in WebhookProvider]: (typeof providerSchemes)[P]["scheme"] extends "hub" ? P : never;
}[WebhookProvider];
export const providerNames: [Provider, ...Provider[]] = [
  "email",
  ...(Object.keys(providerSchemes) as WebhookProvider[]),
];

/**
 * What goes on the queue: the verified raw body (or a blob pointer when large), never re-signed. In
 * zod/mini: the consumers read it on every message, and it is the only schema on their cold path.
 */
export const Envelope = z.object({
  v: z.literal(1),
  provider: z.enum(providerNames),
  id: z
    .string()
    .check(
      z.minLength(1, "must not be empty"),
      z.maxLength(256, "must be at most 256 characters"),
      z.refine(isStorable, UNSTORABLE_MESSAGE),
    ),
  receivedAt: z.iso.datetime(),
  body: z.optional(z.string()),
  blobKey: z.optional(z.string()),
});
export type Envelope = z.infer<typeof Envelope>;

type SecretName =
  | (typeof providerSchemes)[WebhookProvider]["secrets"]
  | (typeof providerSchemes)[HubProvider]["verifyToken"];

/** A list-valued secret from the parsed config, else from the secret store (`NAME` / `NAME_SECRET_ARN`). */
async function secretList(name: SecretName): Promise<string[]> {
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
export async function receive(input: { provider: "billing"; headers: WebhookHeaders; body: Uint8Array }) {
  const config = useConfig();
  const result = verify(input.body, input.headers, await secretList(providerSchemes[input.provider].secrets), {
    toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
  });
  if (!result.ok) throw new AppError("unauthenticated", `Webhook rejected: ${reasons[result.reason]()}`);
  return enqueue(input.provider, result.id, input.body);
}

const hubReasons = {
  no_secret: "no app secret is configured for this endpoint",
  missing_signature: "the X-Hub-Signature-256 header is required",
  bad_signature: "X-Hub-Signature-256 must be sha256=<hex> and match a configured app secret",
};

/**
 * Meta's POST: X-Hub-Signature-256 over the raw bytes, failing closed (no app secret configured
 * refuses everything). The envelope id is sha256(body): Meta's retries resend the same bytes.
 */
export async function receiveHub(input: { provider: HubProvider; signature: string | undefined; body: Uint8Array }) {
  const result = hubVerify(input.body, input.signature, await secretList(providerSchemes[input.provider].secrets));
  if (!result.ok) throw new AppError("unauthenticated", `Webhook rejected: ${hubReasons[result.reason]}`);
  return enqueue(input.provider, result.id, input.body);
}

/** Meta's GET handshake: the challenge to echo, or 403 saying why not. */
export async function challenge(input: {
  provider: HubProvider;
  mode: string | undefined;
  token: string | undefined;
  challenge: string | undefined;
}): Promise<string> {
  const result = hubChallenge(input, await secretList(providerSchemes[input.provider].verifyToken));
  if (!result.ok) throw new AppError("forbidden", `Verification refused: ${result.reason}`);
  return result.challenge;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The GET handshake on a channel's own URL (`/webhooks/{provider}/{channelId}`): the verify token must
 * be the one generated when the channel was connected. The ingest has no database, so it compares
 * against the token's SHA-256 the inbox wrote to the secret store, in constant time.
 */
export async function channelChallenge(input: {
  provider: HubProvider;
  channelId: string;
  mode: string | undefined;
  token: string | undefined;
  challenge: string | undefined;
}): Promise<string> {
  const refuse = (reason: string) => new AppError("forbidden", `Verification refused: ${reason}`);
  if (!UUID.test(input.channelId)) throw refuse("no such channel");
  const stored = await useSecretStore()
    .get(channelSecretNames(input.channelId).verifyTokenHash)
    .catch(() => undefined);
  const [provider, hash] = stored?.split(":") ?? [];
  if (provider !== input.provider || !hash || !/^[0-9a-f]{64}$/.test(hash)) {
    throw refuse("this channel has no verify token on this endpoint");
  }
  const result = hubChallengeHashed(input, hash);
  if (!result.ok) throw refuse(result.reason);
  return result.challenge;
}

async function enqueue(provider: Provider, id: string, raw: Uint8Array) {
  const config = useConfig();
  const body = bodyText(raw);
  const parsed = Envelope.safeParse({ v: 1, provider, id, receivedAt: new Date().toISOString() });
  if (!parsed.success) throw validationError(parsed.error, "Webhook rejected");
  const envelope = parsed.data;
  if (raw.byteLength > config.QUEUE_INLINE_MAX_BYTES) {
    envelope.blobKey = `inbound/${provider}/${createId()}`;
    // Loaded only for the rare large body, so the S3 client is not on the webhook's cold-start path.
    const { useBlobStore } = await import("../platform/blob");
    await useBlobStore().put(envelope.blobKey, raw, "application/octet-stream");
  } else {
    envelope.body = body;
  }
  await useInboundQueue().send({ body: encodeEnvelope(envelope) });
  return { id };
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
