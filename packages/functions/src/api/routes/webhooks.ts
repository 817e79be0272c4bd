import { useConfig } from "@dotmac/core/platform/config";
import * as Webhook from "@dotmac/core/webhook";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../base";
import { problem } from "../problem";

/**
 * Inbound webhooks. The body is read as raw bytes and verified before anything parses it; a valid
 * call is queued and answered 202 at once. The consumer applies it later, idempotently.
 */
export const webhooks = new Hono<AppEnv>().post(
  "/billing/subscribers",
  (c, next) => {
    const maxSize = useConfig().WEBHOOK_MAX_BYTES;
    const tooLarge = () => problem(c, "payload_too_large", `Body must be at most ${maxSize} bytes`);
    return bodyLimit({ maxSize, onError: tooLarge })(c, next);
  },
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
