import { and, eq, gt, lt, sql } from "drizzle-orm";
import { useConfig } from "./config";
import { useTransaction } from "./db";
import { AppError } from "./errors";
import { rateLimitTable } from "./platform.sql";
import { type BatchLimits, deleteInBatches } from "./prune";
import { hit, type RateLimitPolicy, type RateLimitResult, windowOf } from "./rate-window";

export { hit, type RateLimitPolicy, type RateLimitResult };

/** Like `hit`, but throws `rate_limited` (with when to retry) once the limit is reached. */
export async function enforce(key: string, policy: RateLimitPolicy, message: string): Promise<RateLimitResult> {
  const result = await hit(key, policy);
  if (!result.allowed) throw limited(message, result);
  return result;
}

/** The `rate_limited` error for a refused hit: the message says when, and transport sends Retry-After. */
export function limited(message: string, result: RateLimitResult): AppError {
  return new AppError("rate_limited", `${message}; try again in ${result.resetSeconds} s`, [], {
    retryAfterSeconds: result.resetSeconds,
  });
}

/** Gives back one hit counted at `now` (an attempt another limit refused, or one that must not count after all). */
export async function release(key: string, policy: RateLimitPolicy, now: Date): Promise<void> {
  const { start } = windowOf(policy, now);
  await useTransaction((tx) =>
    tx
      .update(rateLimitTable)
      .set({ count: sql`${rateLimitTable.count} - 1` })
      .where(
        and(eq(rateLimitTable.key, key), eq(rateLimitTable.windowStart, new Date(start)), gt(rateLimitTable.count, 0)),
      ),
  );
}

/** Forgets every hit of `key` (a success clears the failures of its own source). */
export async function clear(key: string): Promise<void> {
  await useTransaction((tx) => tx.delete(rateLimitTable).where(eq(rateLimitTable.key, key)));
}

/** The longest configured window: a sliding counter still reads the window before the current one. */
function longestWindowSeconds(): number {
  const c = useConfig();
  return Math.max(c.RATE_LIMIT_WINDOW_SECONDS, c.RATE_LIMIT_LOGIN_WINDOW_SECONDS, c.RATE_LIMIT_RECOVERY_WINDOW_SECONDS);
}

/**
 * The `rate_limits.prune` job (and part of `retention.prune`): deletes windows that started more than
 * `olderThanSeconds` ago, by default two of the longest configured windows (never less than an hour),
 * which no estimate reads; in batches, until done or the deadline.
 */
export async function prune(
  olderThanSeconds = Math.max(3600, 2 * longestWindowSeconds()),
  now: Date = new Date(),
  limits: BatchLimits = { batchSize: 1_000, deadline: Date.now() + 60_000 },
): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanSeconds * 1000);
  return (await deleteInBatches(rateLimitTable, lt(rateLimitTable.windowStart, cutoff), limits)).deleted;
}
