import { and, eq, gt, lt, type SQL, sql } from "drizzle-orm";
import { useConfig } from "./config";
import { useTransaction } from "./db";
import { AppError } from "./errors";
import { rateLimitTable } from "./platform.sql";
import { type BatchLimits, deleteInBatches } from "./prune";

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Hits left right now after this one. */
  remaining: number;
  /** Refused: seconds until one more hit is allowed (Retry-After). Allowed: until the whole limit is free again. */
  resetSeconds: number;
}

/** Where `now` falls: its window's start, the previous window's start, and how far into its window (ms). */
function windowOf(policy: RateLimitPolicy, now: Date) {
  const windowMs = policy.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { windowMs, start, previous: start - windowMs, elapsed: now.getTime() - start };
}

/**
 * The sliding-window estimate of hits in the last window is `previous × (unelapsed share) + current`.
 * Everything below is integer arithmetic scaled by the window in ms, so the boundary cases are exact.
 */
function outcome(policy: RateLimitPolicy, now: Date, previous: number, current: number, allowed: boolean) {
  const { windowMs, elapsed } = windowOf(policy, now);
  const w = BigInt(windowMs);
  const left = w - BigInt(elapsed);
  const capacity = BigInt(policy.limit) * w;
  const used = BigInt(previous) * left + BigInt(current) * w;
  const remaining = used >= capacity ? 0 : Number((capacity - used) / w);
  let waitMs: bigint;
  if (allowed) {
    // Everything counted so far has slid out at the end of the next window (or this one, if nothing is current).
    waitMs = current > 0 ? left + w : previous > 0 ? left : 0n;
  } else if (current + 1 <= policy.limit) {
    // This window still has room once enough of the previous one has slid out.
    const room = BigInt(policy.limit - current - 1) * w;
    const until = previous > 0 ? w - room / BigInt(previous) : 0n;
    waitMs = until > BigInt(elapsed) ? until - BigInt(elapsed) : 1n;
  } else {
    // This window alone is full: in the next one it becomes the previous window and slides out.
    const room = BigInt(policy.limit - 1) * w;
    waitMs = left + (w - room / BigInt(Math.max(current, 1)));
  }
  return {
    allowed,
    limit: policy.limit,
    remaining,
    resetSeconds: Math.max(1, Math.ceil(Number(waitMs) / 1000)),
  };
}

/**
 * Counts one hit against `key` with a sliding-window counter: allowed while the previous window's
 * count, weighted by how much of it still overlaps the last `windowSeconds`, plus this window's
 * count stays within the limit, so a burst straddling a boundary is not let through twice. A refused
 * hit is not counted. One statement, so concurrent Lambda instances never lose or overrun a count.
 * `now` lets tests pick the moment.
 */
export async function hit(key: string, policy: RateLimitPolicy, now: Date = new Date()): Promise<RateLimitResult> {
  const { windowMs, start, previous, elapsed } = windowOf(policy, now);
  const t = rateLimitTable;
  const current = sql`${new Date(start).toISOString()}::timestamptz`;
  // The hit fits when previous × unelapsed + (count + 1) × window ≤ limit × window (all in ms).
  const fits = (count: SQL) =>
    sql`(select n from previous) * ${windowMs - elapsed}::bigint + (${count} + 1)::bigint * ${windowMs}::bigint
      <= ${policy.limit}::bigint * ${windowMs}::bigint`;
  const result = await useTransaction((tx) =>
    tx.execute(sql`
      with previous as (
        select coalesce(max(${t.count}), 0)::int as n from ${t}
        where ${t.key} = ${key} and ${t.windowStart} = ${new Date(previous).toISOString()}::timestamptz
      ), counted as (
        insert into ${t} (key, window_start, count)
        select ${key}::text, ${current}, 1 where ${fits(sql`0`)}
        on conflict (key, window_start) do update set count = ${t.count} + 1 where ${fits(sql`${t.count}`)}
        returning count
      )
      select (select count from counted) as counted, (select n from previous) as previous,
        coalesce((select ${t.count} from ${t} where ${t.key} = ${key} and ${t.windowStart} = ${current}), 0) as current`),
  );
  const [row] = (result as unknown as { rows: { counted: number | null; previous: number; current: number }[] }).rows;
  const counted = row?.counted ?? null;
  return outcome(policy, now, row?.previous ?? 0, counted ?? row?.current ?? 0, counted !== null);
}

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
