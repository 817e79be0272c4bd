import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { EventBus, EventEnvelope } from "./port";

export const EVENT_SOURCE = "dotmac.crm";

/** Publishes envelopes to an EventBridge bus, 10 per PutEvents call; any failed entry fails the batch. */
export function eventBridgeBus(options: { busName: string; region: string; endpoint?: string | undefined }): EventBus {
  const client = new EventBridgeClient({ region: options.region, endpoint: options.endpoint });
  return {
    name: "eventbridge",
    async publish(events: EventEnvelope[]) {
      for (let i = 0; i < events.length; i += 10) {
        const batch = events.slice(i, i + 10);
        const out = await client.send(
          new PutEventsCommand({
            Entries: batch.map((e) => ({
              EventBusName: options.busName,
              Source: EVENT_SOURCE,
              DetailType: e.type,
              Detail: JSON.stringify(e),
              Time: new Date(e.occurredAt),
            })),
          }),
        );
        if (out.FailedEntryCount) {
          const reason = out.Entries?.find((x) => x.ErrorCode)?.ErrorMessage ?? "unknown";
          throw new Error(`EventBridge rejected ${out.FailedEntryCount} event(s): ${reason}`);
        }
      }
    },
  };
}
