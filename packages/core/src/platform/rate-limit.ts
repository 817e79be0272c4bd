import { lt, sql } from "drizzle-orm";
import { useTransaction } from "./db";
import { AppError } from "./errors";
import { rateLimitTable } from "./platform.sql";

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests left in this window after this one. */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/**
 * Counts one request against `key` in the current fixed window (aligned to the epoch). One upsert
 * statement, so concurrent Lambda instances never lose a count. `now` lets tests pick the window.
 */
export async function hit(key: string, policy: RateLimitPolicy, now: Date = new Date()): Promise<RateLimitResult> {
  const windowMs = policy.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const [row] = await useTransaction((tx) =>
    tx
      .insert(rateLimitTable)
      .values({ key, windowStart: new Date(start), count: 1 })
      .onConflictDoUpdate({
        target: [rateLimitTable.key, rateLimitTable.windowStart],
        set: { count: sql`${rateLimitTable.count} + 1` },
      })
      .returning({ count: rateLimitTable.count }),
  );
  const count = row?.count ?? 1;
  return {
    allowed: count <= policy.limit,
    limit: policy.limit,
    remaining: Math.max(0, policy.limit - count),
    resetSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}

/** Like `hit`, but throws `rate_limited` (with when to retry) once the window's limit is passed. */
export async function enforce(key: string, policy: RateLimitPolicy, message: string): Promise<RateLimitResult> {
  const result = await hit(key, policy);
  if (!result.allowed) {
    throw new AppError("rate_limited", `${message}; try again in ${result.resetSeconds} s`, [], {
      retryAfterSeconds: result.resetSeconds,
    });
  }
  return result;
}

/** The `rate_limits.prune` job: deletes windows that started more than `olderThanSeconds` ago. */
export async function prune(olderThanSeconds = 3600, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanSeconds * 1000);
  const rows = await useTransaction((tx) =>
    tx.delete(rateLimitTable).where(lt(rateLimitTable.windowStart, cutoff)).returning({ key: rateLimitTable.key }),
  );
  return rows.length;
}
