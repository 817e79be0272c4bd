import { createSignal } from "solid-js";
import { ApiError } from "../api";
import { reconnectDelay } from "../lib/backoff";
import { user } from "../session";
import { sendEntry, sendPings } from "./send";
import { allEntries, type Change, type Entry, putEntry, removeEntry, updateEntry } from "./store";

/**
 * The outbox: every change the technician makes is written to IndexedDB first (with its idempotency
 * key, made once, here) and sent from there, oldest first. A change is removed only when the server
 * has answered it (a replay answers "duplicate", which is as good). Sending starts on app start, on
 * `online`, after each new change, and on a backoff timer while the server is unreachable.
 *
 * Order is kept per work order: a change the server refuses for good (a 4xx with its message) holds
 * back the later changes of the same job until the technician retries or discards it; other jobs go on.
 */
const [entries, setEntries] = createSignal<Entry[]>([]);
const [sending, setSending] = createSignal(false);
const [synced, setSynced] = createSignal(0);

export { entries, sending };
/** Bumps each time a drain sends something: screens refetch the server's view then. */
export const syncedVersion = synced;

/** This technician's waiting changes (another account's, on a shared phone, wait for that account). */
export const mine = () => entries().filter((entry) => entry.userId === user()?.id);

async function reload(): Promise<void> {
  setEntries((await allEntries()).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)));
}

/**
 * Records one change for a job; `blobs` carry a photo's or signature's bytes. `ref`, the idempotency
 * key, is made here (or by the caller, who names the bytes after it), once, when the change is made.
 */
export async function record(
  workOrderId: string,
  change: Change,
  blobs: Array<{ id: string; blob: Blob }> = [],
  ref: string = crypto.randomUUID(),
): Promise<Entry> {
  const userId = user()?.id;
  if (!userId) throw new Error("not signed in");
  const entry: Entry = {
    ref,
    userId,
    workOrderId,
    createdAt: new Date().toISOString(),
    change,
    state: "waiting",
    attempts: 0,
  };
  await putEntry(entry, blobs);
  await reload();
  void drain();
  return entry;
}

/** A refusal that no resend can fix: the server read the change and said no. */
function permanent(error: unknown, entry: Entry): boolean {
  if (!(error instanceof ApiError) || error.status === 0) return false;
  if ([401, 408, 425, 429].includes(error.status) || error.status >= 500) return false;
  // The uploaded file is still being checked: attach again shortly.
  if (error.status === 409 && entry.change.kind === "file") return false;
  return error.status >= 400;
}

let running: Promise<void> | undefined;
let again = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;

/** Sends what waits, in order; one drain at a time (a call during a drain runs it once more after). */
export function drain(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    setSending(true);
    try {
      do {
        again = false;
        await drainOnce();
      } while (again);
    } finally {
      setSending(false);
      running = undefined;
    }
  })();
  return running;
}

async function drainOnce(): Promise<void> {
  await reload();
  const userId = user()?.id;
  if (!userId || !navigator.onLine) return;
  const held = new Set<string>();
  const done = new Set<string>();
  let sent = 0;
  for (const entry of entries()) {
    if (entry.userId !== userId || held.has(entry.workOrderId) || done.has(entry.ref)) continue;
    if (entry.state === "failed") {
      held.add(entry.workOrderId);
      continue;
    }
    if (entry.change.kind === "ping") {
      // Every waiting ping in one call (they belong to no job; the server keeps each ref once).
      const batch = entries()
        .filter((other) => other.userId === userId && other.change.kind === "ping")
        .slice(0, 200);
      try {
        await sendPings(batch);
      } catch (error) {
        if (!permanent(error, entry)) {
          if (!(error instanceof ApiError && error.status === 401)) scheduleRetry();
          break;
        }
        // Refused (sharing was turned off meanwhile): the positions are not kept, here either.
      }
      for (const ping of batch) {
        await removeEntry(ping);
        done.add(ping.ref);
      }
      sent++;
      failures = 0;
      continue;
    }
    try {
      await sendEntry(entry, (progress) => updateEntry(progress));
      await removeEntry(entry);
      sent++;
      failures = 0;
    } catch (error) {
      if (permanent(error, entry)) {
        await updateEntry({ ...entry, state: "failed", attempts: entry.attempts + 1, error: (error as Error).message });
        held.add(entry.workOrderId);
        continue;
      }
      // Offline, a server hiccup, or signed out (the app is on its way to sign-in): try again later.
      await updateEntry({ ...entry, attempts: entry.attempts + 1 });
      if (!(error instanceof ApiError && error.status === 401)) scheduleRetry();
      break;
    }
  }
  await reload();
  if (sent > 0) setSynced((n) => n + 1);
}

function scheduleRetry(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void drain(), reconnectDelay(failures++));
}

/** Sends a refused change once more (after the technician fixed what the message said). */
export async function retry(entry: Entry): Promise<void> {
  await updateEntry({ ...entry, state: "waiting", error: undefined });
  await drain();
}

/** Drops a refused change for good (and its photo bytes). */
export async function discard(entry: Entry): Promise<void> {
  await removeEntry(entry);
  await reload();
  await drain();
}

let started = false;

/** Starts sending: now (app start), whenever the browser is back online, and when a tab comes back. */
export function startOutbox(): void {
  if (started) {
    void drain();
    return;
  }
  started = true;
  window.addEventListener("online", () => {
    failures = 0;
    void drain();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void drain();
  });
  void drain();
}
