import { useConfig } from "../config";
import type { EventBus, EventEnvelope } from "./port";

export type { EventBus, EventEnvelope } from "./port";

let bus: EventBus | undefined;

/** The configured bus. The local bus hands envelopes to the dispatcher installed by the runtime. */
export function useEventBus(): EventBus {
  if (bus) return bus;
  const config = useConfig();
  bus =
    config.EVENT_BUS_DRIVER === "eventbridge"
      ? lazyEventBridge({
          busName: config.EVENT_BUS_NAME ?? "",
          region: config.AWS_REGION,
          endpoint: config.EVENTBRIDGE_ENDPOINT,
        })
      : localBus(async (events) => {
          // Loaded lazily: the dispatcher imports every subscriber, which the AWS path never needs here.
          const { dispatch } = await import("../../events/dispatch");
          for (const event of events) await dispatch(event);
        });
  return bus;
}

export function setEventBus(next: EventBus | undefined): void {
  bus = next;
}

/** In-process bus: delivers to the same subscribers the `events` Lambda runs on AWS. */
export function localBus(deliver: (events: EventEnvelope[]) => Promise<void>): EventBus {
  return { name: "local", publish: deliver };
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
