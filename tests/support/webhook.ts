import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { TEST_WEBHOOK_SECRET } from "./db";

/** Signs like a real sender would, with the reference Standard Webhooks library (not our own code). */
export function signedHeaders(body: string, options: { secret?: string; id?: string; at?: Date } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? TEST_WEBHOOK_SECRET).sign(id, at, body);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

export function subscriberPayload(
  overrides: Partial<Record<string, unknown>> = {},
  data: Record<string, unknown> = {},
) {
  return JSON.stringify({
    type: "subscriber.upserted",
    ...overrides,
    data: {
      external_id: "bill-42",
      subscriber_number: "SUB-000042",
      account_number: "ACC-000042",
      status: "active",
      plan: { name: "Fibre 100", speed: "100 Mbps" },
      service_address: { line1: "12 Marina Road", city: "Lagos", country: "NG" },
      updated_at: "2026-11-01T10:00:00Z",
      ...data,
    },
  });
}
