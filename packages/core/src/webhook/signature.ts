import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks (standardwebhooks.com) verification: HMAC-SHA256 over `id.timestamp.body`
 * with a `whsec_`-prefixed base64 key, space-separated `v1,<sig>` signatures, timestamp tolerance.
 * Several secrets may be configured while one is rotated out; any of them may match.
 */
export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: "no_secret" | "missing_headers" | "stale_timestamp" | "bad_signature" };

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
}

export function sign(secret: string, id: string, timestamp: number, body: Uint8Array | string): string {
  const mac = createHmac("sha256", secretBytes(secret));
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return `v1,${mac.digest("base64")}`;
}

export function verify(
  body: Uint8Array,
  headers: WebhookHeaders,
  secrets: readonly string[],
  options: { toleranceSeconds: number; nowSeconds?: number },
): VerifyResult {
  if (secrets.length === 0) return { ok: false, reason: "no_secret" };
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing_headers" };
  const ts = Number(timestamp);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > options.toleranceSeconds) return { ok: false, reason: "stale_timestamp" };
  const given = signature
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => Buffer.from(part.slice(3), "base64"));
  for (const secret of secrets) {
    const expected = Buffer.from(sign(secret, id, ts, body).slice(3), "base64");
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) {
      return { ok: true, id, timestamp: ts };
    }
  }
  return { ok: false, reason: "bad_signature" };
}
