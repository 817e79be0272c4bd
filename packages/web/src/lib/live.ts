import { createEffect, createSignal, onCleanup, onMount } from "solid-js";
import { client, read } from "../api";
import { reconnectDelay } from "./backoff";

/**
 * The live updates socket: one per tab, opened on first use with a one-time ticket from the API and
 * reopened with a fresh one (backoff) when it drops. Frames are hints (ids, versions): pages refetch
 * through the API. After every (re)connect each subscriber is sent `{ event: "resync" }`, so nothing
 * shown is older than the reconnect, and `connected()` tells pages to poll while the socket is down.
 */
export interface LiveEvent {
  event: string;
  topic?: string;
  data?: Record<string, unknown>;
}
type Handler = (event: LiveEvent) => void;

/** API Gateway closes a connection idle for 10 minutes and any after 2 hours; we stay inside both. */
const PING_MS = 4 * 60_000;
const RECYCLE_MS = 110 * 60_000;

const [connected, setConnected] = createSignal(false);

/** Whether the live socket is open now (pages poll while it is not). */
export { connected };

const handlers = new Map<string, Set<Handler>>();
let socket: WebSocket | undefined;
let attempt = 0;
let opening = false;
let timers: ReturnType<typeof setTimeout>[] = [];

const sendFrame = (frame: Record<string, unknown>) => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
};

function schedule(fn: () => void, ms: number, repeat = false) {
  timers.push(repeat ? setInterval(fn, ms) : setTimeout(fn, ms));
}

function clearTimers() {
  for (const t of timers) clearTimeout(t);
  timers = [];
}

async function open() {
  if (opening || socket || handlers.size === 0) return;
  opening = true;
  try {
    const { ticket, url } = await read(client.api.v1.live.tickets.$post(), { on401: "throw" });
    const ws = new WebSocket(`${url}?ticket=${encodeURIComponent(ticket)}`);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setConnected(true);
      for (const topic of handlers.keys()) sendFrame({ action: "subscribe", topic });
      for (const set of handlers.values()) for (const h of set) h({ event: "resync" });
      schedule(() => sendFrame({ action: "ping" }), PING_MS, true);
      schedule(() => ws.close(1000, "recycle"), RECYCLE_MS);
    };
    ws.onmessage = (message) => {
      let frame: LiveEvent;
      try {
        frame = JSON.parse(String(message.data)) as LiveEvent;
      } catch {
        return;
      }
      if (frame.topic) for (const h of handlers.get(frame.topic) ?? []) h(frame);
    };
    ws.onclose = () => {
      if (socket === ws) socket = undefined;
      clearTimers();
      setConnected(false);
      retry();
    };
  } catch {
    retry();
  } finally {
    opening = false;
  }
}

function retry() {
  if (handlers.size === 0) return;
  setTimeout(() => void open(), reconnectDelay(attempt++));
}

/**
 * Listens to a topic (`inbox`, `presence`, `conversation:<id>`) while the calling component lives.
 * `onEvent` gets the topic's frames and `{ event: "resync" }` after each (re)connect: refetch then.
 */
export function useLive(topic: () => string | undefined, onEvent: Handler) {
  createEffect(() => {
    const name = topic();
    if (!name) return;
    let set = handlers.get(name);
    if (!set) {
      set = new Set();
      handlers.set(name, set);
      sendFrame({ action: "subscribe", topic: name });
    }
    set.add(onEvent);
    void open();
    onCleanup(() => {
      set?.delete(onEvent);
      if (set?.size === 0) {
        handlers.delete(name);
        sendFrame({ action: "unsubscribe", topic: name });
      }
      if (handlers.size === 0) socket?.close(1000, "unused");
    });
  });
  return { connected };
}

/**
 * `useLive` with the fallback pages need: `refetch` runs on every frame of the topic (it gets the frame),
 * after every reconnect, and every `pollMs` while the socket is down, so counts are never older than that.
 */
export function useLiveRefresh(topic: () => string | undefined, refetch: (event?: LiveEvent) => void, pollMs = 15_000) {
  useLive(topic, (event) => refetch(event));
  onMount(() => {
    createEffect(() => {
      if (connected()) return;
      const timer = setInterval(() => refetch(), pollMs);
      onCleanup(() => clearInterval(timer));
    });
  });
  return { connected };
}

/** Tells the others on a conversation that you are writing (their "X is replying"), or stopped. */
export function typing(conversationId: string, state: "start" | "stop" = "start") {
  sendFrame({ action: "typing", conversationId, state });
}
