import { createSignal, onCleanup } from "solid-js";
import { typing, useLiveRefresh } from "../../lib/live";
import { POLL_MS } from "./types";

/** How long "X is replying" stays without a fresh typing hint (the sender repeats it every few seconds). */
const REPLYING_MS = 8_000;
/** A typing hint goes out at most this often while the agent keeps writing. */
const TYPING_EVERY_MS = 3_000;

/**
 * The open conversation on the live socket: every message, status or change on its topic (and every
 * reconnect, and a poll while the socket is down) refreshes the thread; others' typing becomes
 * `replying()` (the collision warning); `typed()`/`stopped()` tell the others about this agent.
 */
export function useConversationLive(id: () => string, refresh: () => void) {
  const [replying, setReplying] = createSignal<string[]>([]);
  const who = new Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>();
  const publish = () => setReplying([...who.values()].map((w) => w.name));
  const forget = (userId: string) => {
    clearTimeout(who.get(userId)?.timer);
    who.delete(userId);
    publish();
  };
  // Frames are hints (ids, versions): the thread is read again through the API, except on typing hints.
  useLiveRefresh(
    () => `conversation:${id()}`,
    (event) => {
      if (event?.event !== "user_typing") return refresh();
      const data = event.data as { userId: string; name: string; state: "start" | "stop" };
      forget(data.userId);
      if (data.state === "start") {
        who.set(data.userId, { name: data.name, timer: setTimeout(() => forget(data.userId), REPLYING_MS) });
        publish();
      }
    },
    POLL_MS,
  );

  let lastSent = 0;
  const typed = () => {
    if (Date.now() - lastSent < TYPING_EVERY_MS) return;
    lastSent = Date.now();
    typing(id(), "start");
  };
  const stopped = () => {
    if (lastSent === 0) return;
    lastSent = 0;
    typing(id(), "stop");
  };
  onCleanup(() => {
    stopped();
    for (const w of who.values()) clearTimeout(w.timer);
  });
  return { replying, typed, stopped };
}
