/**
 * How long to wait before reconnect attempt `attempt` (0 for the first): 1 s doubling to 30 s, with up
 * to 25 % jitter (`random` in [0, 1)) so a server restart is not met by every tab at the same instant.
 */
export function reconnectDelay(attempt: number, random: number = Math.random()): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (1 + 0.25 * random));
}
