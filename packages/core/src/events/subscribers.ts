import type { z } from "zod";
import type { EventDefinition } from "../platform/outbox";
import * as Subscriber from "../subscriber";

interface SubscriberDef<S extends z.ZodType> {
  name: string;
  event: EventDefinition<string, S>;
  handle(eventId: string, payload: z.output<S>): Promise<void>;
}

function on<S extends z.ZodType>(def: SubscriberDef<S>): SubscriberDef<z.ZodType> {
  return def as unknown as SubscriberDef<z.ZodType>;
}

/** Every event subscriber. The `events` Lambda and the local bus both dispatch through this list. */
export const subscribers = [
  on({
    name: "subscriber.status-log",
    event: Subscriber.Events.StatusChanged,
    handle: (eventId, payload) => Subscriber.recordStatusChange(eventId, payload),
  }),
];
