import { AsyncLocalStorage } from "node:async_hooks";
import { useConfig } from "../config";
import { AppError } from "../errors";
import type { EventBus, EventEnvelope } from "./port";

export type { EventBus, EventEnvelope } from "./port";

let bus: EventBus | undefined;

/**
 * The configured bus. EventBridge is built from config; the in-process bus is installed by whoever
 * runs the subscribers in this process (the local runtime, the test harness), as the table queue is.
 */
export function useEventBus(): EventBus {
  if (bus) return bus;
  const config = useConfig();
  if (config.EVENT_BUS_DRIVER === "local") return missingLocalBus;
  bus = lazyEventBridge({
    busName: config.EVENT_BUS_NAME ?? "",
    region: config.AWS_REGION,
    endpoint: config.EVENTBRIDGE_ENDPOINT,
  });
  return bus;
}

export function setEventBus(next: EventBus | undefined): void {
  bus = next;
}

/** Without an installed bus a publish fails, so the outbox keeps the event for the sweep. */
const missingLocalBus: EventBus = {
  name: "local",
  publish: async () => {
    throw new AppError("internal", "EVENT_BUS_DRIVER=local but no in-process bus is installed (setEventBus)");
  },
};

/** In-process bus that delivers inside the publish (the test harness: effects are done when a call returns). */
export function localBus(deliver: (events: EventEnvelope[]) => Promise<void>): EventBus {
  return { name: "local", publish: deliver };
}

export interface DeferredBus extends EventBus {
  /** Runs one request: what it publishes is delivered only after it has answered. */
  request<T>(handle: () => Promise<T>): Promise<T>;
  /** Resolves once everything published so far has been delivered (or failed): tests and shutdown. */
  settled(): Promise<void>;
}

/**
 * In-process bus that delivers as EventBridge does, asynchronously: a publish only queues the events,
 * and one worker delivers them in order on a later turn of the event loop, after the publishing
 * request (see `request`) has answered, so no subscriber's work shows in a response's timing.
 * `failed` gets the events whose delivery threw (the runtime hands them back to the outbox).
 */
export function deferredBus(
  deliver: (events: EventEnvelope[]) => Promise<void>,
  failed: (events: EventEnvelope[], error: unknown) => Promise<void>,
): DeferredBus {
  const queue: EventEnvelope[][] = [];
  const scope = new AsyncLocalStorage<{ held: EventEnvelope[][]; open: boolean }>();
  let wake: (() => void) | undefined;
  const waiters: (() => void)[] = [];
  let busy = false;
  const enqueue = (batches: EventEnvelope[][]) => {
    if (batches.length === 0) return;
    queue.push(...batches);
    busy = true;
    wake?.();
  };
  // Started here, not on the first publish, so deliveries never inherit a publisher's context
  // (its actor, or a transaction that has already ended).
  const worker = async () => {
    for (;;) {
      const events = queue.shift();
      if (!events) {
        busy = false;
        for (const done of waiters.splice(0)) done();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      await deliver(events)
        .catch((error) => failed(events, error))
        .catch((error) => console.error(`event delivery failed and was not requeued: ${String(error)}`));
    }
  };
  void worker();
  return {
    name: "local",
    async publish(events) {
      const current = scope.getStore();
      if (current?.open) current.held.push(events);
      else enqueue([events]);
    },
    async request(handle) {
      const current = { held: [] as EventEnvelope[][], open: true };
      try {
        return await scope.run(current, handle);
      } finally {
        current.open = false;
        enqueue(current.held);
      }
    },
    settled() {
      return busy ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve();
    },
  };
}

/**
 * The EventBridge adapter, loaded on the first publish: most requests commit no event, so the SDK
 * client stays off every function's cold-start path.
 */
function lazyEventBridge(options: { busName: string; region: string; endpoint?: string | undefined }): EventBus {
  let real: Promise<EventBus> | undefined;
  return {
    name: "eventbridge",
    async publish(events) {
      real ??= import("./eventbridge").then((m) => m.eventBridgeBus(options));
      return (await real).publish(events);
    },
  };
}
