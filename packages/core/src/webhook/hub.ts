import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Meta's webhook scheme (WhatsApp Cloud API, Messenger, Instagram): `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256(app secret, raw body)>`, no timestamp and no delivery id, plus the GET
 * verification handshake. Kept apart from Standard Webhooks (signature.ts), which billing uses.
 */
export type HubVerifyResult =
  | { ok: true; id: string }
  | { ok: false; reason: "no_secret" | "missing_signature" | "bad_signature" };

export function hubSign(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The envelope id of a Meta delivery: its retries resend the same bytes, so they get the same id. */
export function bodyDigest(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

const HEX_SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** Verifies over the raw bytes, failing closed; any of several secrets (rotation) may match. */
export function hubVerify(
  body: Uint8Array,
  signature: string | undefined,
  secrets: readonly string[],
): HubVerifyResult {
  if (secrets.length === 0) return { ok: false, reason: "no_secret" };
  if (!signature) return { ok: false, reason: "missing_signature" };
  const hex = HEX_SIGNATURE.exec(signature.trim())?.[1];
  if (!hex) return { ok: false, reason: "bad_signature" };
  const given = Buffer.from(hex, "hex");
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(body).digest();
    if (timingSafeEqual(given, expected)) return { ok: true, id: bodyDigest(body) };
  }
  return { ok: false, reason: "bad_signature" };
}

/** A challenge we echo: short and printable, so nothing a caller sends is reflected as markup. */
const CHALLENGE = /^[\w.~-]{1,128}$/;

export type HubChallengeResult = { ok: true; challenge: string } | { ok: false; reason: string };

/**
 * The GET handshake: `hub.mode=subscribe`, `hub.verify_token` equal to a configured token (compared
 * as SHA-256 digests in constant time, so neither length nor content leaks), and a plain challenge.
 * No token configured refuses every handshake.
 */
export function hubChallenge(
  query: { mode: string | undefined; token: string | undefined; challenge: string | undefined },
  tokens: readonly string[],
): HubChallengeResult {
  if (tokens.length === 0) return { ok: false, reason: "no verify token is configured for this endpoint" };
  return hubChallengeHashed(
    query,
    tokens.map((t) => createHash("sha256").update(t).digest("hex")),
  );
}

/** The handshake against tokens known only by their SHA-256 (hex), as channel verify tokens are stored. */
export function hubChallengeHashed(
  query: { mode: string | undefined; token: string | undefined; challenge: string | undefined },
  hashes: string | readonly string[],
): HubChallengeResult {
  const digests = (typeof hashes === "string" ? [hashes] : hashes).map((h) => Buffer.from(h, "hex"));
  if (digests.length === 0) return { ok: false, reason: "no verify token is configured for this endpoint" };
  if (query.mode !== "subscribe") return { ok: false, reason: "hub.mode must be subscribe" };
  if (!query.token) return { ok: false, reason: "hub.verify_token is required" };
  const given = createHash("sha256").update(query.token).digest();
  let match = false;
  for (const digest of digests) {
    // Every configured token is compared, so timing does not say which one matched.
    if (digest.length === given.length && timingSafeEqual(given, digest)) match = true;
  }
  if (!match) return { ok: false, reason: "hub.verify_token does not match" };
  if (!query.challenge || !CHALLENGE.test(query.challenge)) {
    return { ok: false, reason: "hub.challenge must be 1 to 128 letters, digits or -_.~" };
  }
  return { ok: true, challenge: query.challenge };
}
