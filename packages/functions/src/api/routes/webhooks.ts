import { useConfig } from "@dotmac/core/platform/config";
import * as Subscriber from "@dotmac/core/subscriber";
import * as Webhook from "@dotmac/core/webhook";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../base";
import { problemResponses } from "../openapi";
import { problem } from "../problem";

/**
 * Inbound webhooks. The body is read as raw bytes and verified before anything parses it; a valid
 * call is queued and answered 202 at once. The consumer applies it later, idempotently.
 */
export const webhooks = new OpenAPIHono<AppEnv>();

webhooks.post(
  "/billing/subscribers",
  bodyLimit({
    maxSize: useConfig().WEBHOOK_MAX_BYTES,
    onError: (c) => problem(c, "payload_too_large", `Body must be at most ${useConfig().WEBHOOK_MAX_BYTES} bytes`),
  }),
  async (c) => {
    const { id } = await Webhook.receive({
      provider: "billing",
      headers: {
        id: c.req.header("webhook-id"),
        timestamp: c.req.header("webhook-timestamp"),
        signature: c.req.header("webhook-signature"),
      },
      body: new Uint8Array(await c.req.arrayBuffer()),
    });
    return c.json({ status: "queued" as const, id }, 202);
  },
);

webhooks.openAPIRegistry.registerPath({
  method: "post",
  path: "/billing/subscribers",
  summary: "Billing system subscriber sync (Standard Webhooks signature)",
  description:
    "Signed with HMAC-SHA256 over `webhook-id.webhook-timestamp.body` (Standard Webhooks). Bodies are " +
    "`{ type: 'subscriber.upserted', data: { external_id, subscriber_number, status, plan, service_address, updated_at } }`.",
  request: {
    headers: z.object({ "webhook-id": z.string(), "webhook-timestamp": z.string(), "webhook-signature": z.string() }),
    body: { content: { "application/json": { schema: Subscriber.SyncPayload } } },
  },
  responses: {
    202: {
      description: "Verified and queued",
      content: { "application/json": { schema: z.object({ status: z.literal("queued"), id: z.string() }) } },
    },
    ...problemResponses(401, 413),
  },
});
