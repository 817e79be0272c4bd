import * as z from "zod";
import { text } from "../platform/input";
import type * as Subscriber from "../subscriber";
import { subscriberStatuses } from "../subscriber/subscriber.sql";

/**
 * The billing system's wire format: its subscriber record as it arrives on the sync webhook, in its
 * own snake_case. Only this adapter knows it; the subscriber domain takes `Subscriber.sync`'s input.
 */
export const Payload = z.object({
  type: z.literal("subscriber.upserted"),
  data: z.object({
    external_id: text(128),
    subscriber_number: text(64),
    account_number: text(64).nullish(),
    status: z.enum(subscriberStatuses),
    plan: z.object({ name: text(200), speed: text(64).nullish() }).nullish(),
    service_address: z
      .object({
        line1: text(200),
        line2: text(200).nullish(),
        city: text(100),
        region: text(100).nullish(),
        postal_code: text(32).nullish(),
        country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as NG"),
      })
      .nullish(),
    updated_at: z.iso.datetime({ offset: true }),
  }),
});
export type Payload = z.output<typeof Payload>;

/** One billing record as the subscriber domain's sync input. */
export function toSync(payload: Payload, externalSystem = "billing"): Subscriber.SyncInput {
  const d = payload.data;
  const address = d.service_address;
  return {
    externalSystem,
    externalId: d.external_id,
    subscriberNumber: d.subscriber_number,
    accountNumber: d.account_number ?? null,
    status: d.status,
    planName: d.plan?.name ?? null,
    planSpeed: d.plan?.speed ?? null,
    serviceAddress: address
      ? {
          line1: address.line1,
          line2: address.line2 ?? undefined,
          city: address.city,
          region: address.region ?? undefined,
          postalCode: address.postal_code ?? undefined,
          country: address.country,
        }
      : null,
    sourceUpdatedAt: new Date(d.updated_at),
  };
}
