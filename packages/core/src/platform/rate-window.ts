import { useTransaction } from "./db";
import { executePrepared } from "./db/prepared";

/**
 * The sliding-window counter every API request hits (the request chain's rate limit), without the
 * table definitions or drizzle's query builder, so the api's entry loads neither; the rest of the rate
 * limits (enforce, release, clear, prune) is in rate-limit.ts, which re-exports this.
 */

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
export function windowOf(policy: RateLimitPolicy, now: Date) {
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
 * One hit as one statement: $1 key, $2 this window's start, $3 the previous window's start, $4 the ms of
 * this window still to come, $5 the window in ms, $6 the limit. The hit fits when previous × unelapsed +
 * (count + 1) × window ≤ limit × window (all in ms). A constant text, so it is planned once per connection.
 */
const HIT = `with previous as (
    select coalesce(max(count), 0)::int as n from rate_limit where key = $1::text and window_start = $3::timestamptz
  ), counted as (
    insert into rate_limit (key, window_start, count)
    select $1::text, $2::timestamptz, 1
     where (select n from previous) * $4::bigint + 1::bigint * $5::bigint <= $6::bigint * $5::bigint
    on conflict (key, window_start) do update set count = rate_limit.count + 1
     where (select n from previous) * $4::bigint + (rate_limit.count + 1)::bigint * $5::bigint <= $6::bigint * $5::bigint
    returning count
  )
  select (select count from counted) as counted, (select n from previous) as previous,
    coalesce((select count from rate_limit where key = $1::text and window_start = $2::timestamptz), 0) as current`;

/**
 * Counts one hit against `key` with a sliding-window counter: allowed while the previous window's
 * count, weighted by how much of it still overlaps the last `windowSeconds`, plus this window's
 * count stays within the limit, so a burst straddling a boundary is not let through twice. A refused
 * hit is not counted. One statement, so concurrent Lambda instances never lose or overrun a count.
 * `now` lets tests pick the moment.
 */
export async function hit(key: string, policy: RateLimitPolicy, now: Date = new Date()): Promise<RateLimitResult> {
  const { windowMs, start, previous, elapsed } = windowOf(policy, now);
  const [row] = await useTransaction((tx) =>
    executePrepared<{ counted: number | null; previous: number; current: number }>(tx, HIT, [
      key,
      new Date(start).toISOString(),
      new Date(previous).toISOString(),
      windowMs - elapsed,
      windowMs,
      policy.limit,
    ]),
  );
  const counted = row?.counted ?? null;
  return outcome(policy, now, row?.previous ?? 0, counted ?? row?.current ?? 0, counted !== null);
}
