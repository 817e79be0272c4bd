import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./base";
import { clientIp } from "./client-ip";
import { problem } from "./problem";

export interface BucketLimits {
  /** Requests a quiet client may send at once. */
  burst: number;
  /** Requests per second the bucket refills with. */
  perSecond: number;
}

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * In-memory token buckets, one per key, for a limit that must hold before any I/O (no database on
 * the webhook Lambda). At most `maxKeys` buckets are kept, least recently used evicted first, so a
 * flood of addresses costs bounded memory; the API Gateway route throttle bounds them all together.
 */
export function tokenBuckets(maxKeys = 10_000, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string, limits: BucketLimits): Take {
      const at = now();
      const bucket = buckets.get(key);
      let tokens = limits.burst;
      if (bucket) {
        tokens = Math.min(limits.burst, bucket.tokens + ((at - bucket.at) / 1000) * limits.perSecond);
        buckets.delete(key); // re-inserted below: Map order is recency order
      } else if (buckets.size >= maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      const allowed = tokens >= 1;
      buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at });
      return allowed ? { allowed } : { allowed, retryAfterSeconds: Math.ceil((1 - tokens) / limits.perSecond) };
    },
  };
}

/**
 * The bucket an address counts against: an IPv4 address (IPv4-mapped IPv6 included) as is, an IPv6
 * address by its /64, since one subscriber line is usually given a whole /64.
 */
export function ipBucketKey(ip: string | undefined): string {
  if (!ip) return "unknown";
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4?.[1]) return v4[1];
  if (!ip.includes(":")) return ip;
  const address = ip.split("%")[0] ?? ip;
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  const prefix = groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
  return `${prefix.join(":")}::/64`;
}

/**
 * A per-client-IP request limit that runs before the route reads the body: a 429 problem+json with
 * `Retry-After` once the address's bucket is empty. The IP is clientIp's: never X-Forwarded-For.
 */
export const throttlePerIp =
  (limits: () => BucketLimits, buckets = tokenBuckets()): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const taken = buckets.take(ipBucketKey(await clientIp(c)), limits());
    if (taken.allowed) return next();
    c.header("Retry-After", String(taken.retryAfterSeconds));
    return problem(c, "rate_limited", `Too many webhook requests; try again in ${taken.retryAfterSeconds} s`);
  };
