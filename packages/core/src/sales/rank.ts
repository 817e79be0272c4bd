/**
 * Fractional ranks for the kanban: a card's place in its column is a string between its neighbours',
 * so a move writes one row. Alphabet 0-9a-z (same order in ASCII and in Postgres' collations); a rank
 * never ends in "0", so there is always room between two different ranks.
 */
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? "0") === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const low = a ? DIGITS.indexOf(a[0] as string) : 0;
  const high = b !== null ? DIGITS.indexOf(b[0] as string) : DIGITS.length;
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)] as string;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return (DIGITS[low] as string) + midpoint(a.slice(1), null);
}

/** A rank strictly between `before` and `after` (null: the column's start or end). */
export function rankBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) return `${before}i`;
  return midpoint(before ?? "", after);
}

/**
 * A new card's rank: the bottom of its column, in creation order ("t" + the time in base 36 + a random
 * tail), above every rank a drag produces near the end ("t…" grows only after the last card).
 */
export function freshRank(at = new Date()): string {
  const tail = Math.floor(Math.random() * 36 * 36)
    .toString(36)
    .padStart(2, "0");
  return `t${at.getTime().toString(36).padStart(9, "0")}${tail}i`;
}
