/** v1's outbox numbers (research §5 Slice 2): 5 s × 2ⁿ, capped at 300 s, plus up to 25 % jitter. */
export const BASE_SECONDS = 5;
export const CAP_SECONDS = 300;
export const JITTER = 0.25;

/**
 * Seconds to wait after the `attempt`-th failed attempt (1-based). `random` is in [0, 1) (injected in
 * tests). A provider's own delay (Retry-After, a rate-limit hint) is a floor, never shortened.
 */
export function backoffSeconds(attempt: number, random: number = Math.random(), floorSeconds = 0): number {
  const n = Math.max(0, attempt - 1);
  const base = Math.min(CAP_SECONDS, BASE_SECONDS * 2 ** Math.min(n, 30));
  const jittered = base + base * JITTER * Math.min(Math.max(random, 0), 0.999_999);
  return Math.max(jittered, floorSeconds);
}
