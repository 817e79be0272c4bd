import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with every conversation event it writes saying why (e.g. "macro Close as spam"). */
export function withReason<T>(reason: string, work: () => Promise<T>): Promise<T> {
  return scope.run(reason, work);
}

/** The event's reason: the surrounding `withReason` first, then the verb's own detail after a colon. */
export function reasonFor(own: string | null | undefined): string | null {
  const outer = scope.getStore();
  if (!outer) return own ?? null;
  return own ? `${outer}: ${own}` : outer;
}
