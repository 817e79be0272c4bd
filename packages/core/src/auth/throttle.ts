import { createHash } from "node:crypto";
import { useConfig } from "../platform/config";
import { useRequestMeta } from "../platform/context";
import * as RateLimit from "../platform/rate-limit";
import { signedNonce } from "../platform/signed-nonce";
import type { Portal } from "./auth.sql";

/** How long a browser stays a trusted device of its account after a successful sign-in. */
export const DEVICE_TTL_SECONDS = 180 * 24 * 3600;

const device = signedNonce("device.v1");
const accountOf = (portal: Portal, email: string) => `${portal}:${email}`;

/** A device token for a client that has just proven the password of (portal, email): bound to both, naming neither. */
export const trustDevice = (portal: Portal, email: string): Promise<string> => device.issue(accountOf(portal, email));

export type BucketKind = "device" | "source" | "account";
export interface Bucket {
  kind: BucketKind;
  key: string;
  policy: RateLimit.RateLimitPolicy;
}

/**
 * The failure budgets a sign-in attempt spends (OWASP device cookies; ASVS 5.0 V6.3). A client with a
 * valid device token for this account spends only that device's budget, so guesses from elsewhere never
 * lock it out; any other client spends its IP's budget for the account and the account's budget shared
 * by every such client. Keys hold a hash of portal and email, the same whether or not an account exists.
 */
export async function budgetOf(portal: Portal, email: string, deviceToken: string | undefined): Promise<Bucket[]> {
  const config = useConfig();
  const windowSeconds = config.RATE_LIMIT_LOGIN_WINDOW_SECONDS;
  const perSource = { limit: config.RATE_LIMIT_LOGIN_EMAIL, windowSeconds };
  const nonce = await device.verify(deviceToken, accountOf(portal, email));
  if (nonce) return [{ kind: "device", key: `signin:device:${nonce}`, policy: perSource }];
  return [
    { kind: "source", key: sourceKey(portal, email), policy: perSource },
    {
      kind: "account",
      key: `signin:account:${accountHash(portal, email)}`,
      policy: { limit: config.RATE_LIMIT_LOGIN_ACCOUNT, windowSeconds },
    },
  ];
}

const accountHash = (portal: Portal, email: string) =>
  createHash("sha256").update(accountOf(portal, email)).digest("base64url").slice(0, 32);

/** An untrusted client's budget for one account: keyed by its IP, the platform's, never a header's. */
function sourceKey(portal: Portal, email: string) {
  // Without connection info (an in-process call) every caller shares one source, as in the API's limiter.
  const ip = useRequestMeta().ip ?? "unknown";
  return `signin:source:${accountHash(portal, email)}:${ip}`;
}

/** A password reset proves the mailbox: the resetting client's own failures for the account are forgotten. */
export async function forgiveSource(portal: Portal, email: string): Promise<void> {
  await RateLimit.clear(sourceKey(portal, email));
}

/**
 * Takes one failure slot from every bucket before the password is checked, or from none: the first
 * bucket that refuses is returned and the slots already taken are given back. Taking before the hash
 * (rather than counting after it) means concurrent guesses cannot overrun a budget.
 */
export async function spend(
  buckets: Bucket[],
  now: Date,
): Promise<{ bucket: Bucket; result: RateLimit.RateLimitResult } | undefined> {
  const taken: Bucket[] = [];
  for (const bucket of buckets) {
    const result = await RateLimit.hit(bucket.key, bucket.policy, now);
    if (!result.allowed) {
      for (const t of taken) await RateLimit.release(t.key, t.policy, now);
      return { bucket, result };
    }
    taken.push(bucket);
  }
  return undefined;
}

/**
 * The password was right, so the slot taken was not a failure: the attempt's own source (its device,
 * or its IP for this account) starts afresh, and the account-wide slot is given back without clearing
 * the rest of that budget, which a success elsewhere must not hand back to an attacker.
 */
export async function succeeded(buckets: Bucket[], now: Date): Promise<void> {
  for (const bucket of buckets) {
    if (bucket.kind === "account") await RateLimit.release(bucket.key, bucket.policy, now);
    else await RateLimit.clear(bucket.key);
  }
}
