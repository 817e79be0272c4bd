import { safeParse } from "zod/mini";
import type { EventEnvelope } from "../platform/bus";
import { withActor } from "../platform/context";
import { createTransaction } from "../platform/db";
import { validationError } from "../platform/fn";
import { eventDeliveryTable } from "../platform/platform.sql";
import { subscribers } from "./subscribers";

/**
 * Delivers one event to each subscriber of its type, each in its own transaction with a delivery
 * row keyed by (event id, subscriber): a redelivered event changes nothing twice.
 */
export async function dispatch(event: EventEnvelope): Promise<{ delivered: string[] }> {
  const delivered: string[] = [];
  for (const sub of subscribers) {
    if (sub.event.type !== event.type) continue;
    const parsed = safeParse(sub.event.schema, event.payload);
    if (!parsed.success) throw validationError(parsed.error, `Event ${event.id} (${event.type}) is invalid`);
    await withActor({ type: "system", properties: { job: `event:${sub.name}` } }, () =>
      createTransaction(async (tx) => {
        const claimed = await tx
          .insert(eventDeliveryTable)
          .values({ eventId: event.id, subscriber: sub.name })
          .onConflictDoNothing()
          .returning({ eventId: eventDeliveryTable.eventId });
        if (claimed.length === 0) return;
        await sub.handle(event.id, parsed.data);
        delivered.push(sub.name);
      }),
    );
  }
  return { delivered };
}
