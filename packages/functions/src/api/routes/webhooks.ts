import { useConfig } from "@dotmac/core/platform/config";
import { AppError } from "@dotmac/core/platform/errors";
import * as Webhook from "@dotmac/core/webhook";
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../base";

const tooLarge = (max: number) => new AppError("payload_too_large", `Body must be at most ${max} bytes`);

/**
 * Reads the raw body with a hard cap. A declared Content-Length over the cap is refused before
 * reading; a chunked body is read as a stream and refused as soon as it passes the cap.
 */
async function rawBody(c: Context<AppEnv>, max: number): Promise<Uint8Array> {
  const declared = c.req.header("content-length");
  if (declared !== undefined) {
    if (Number(declared) > max) throw tooLarge(max);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > max) throw tooLarge(max);
    return body;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = c.req.raw.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      throw tooLarge(max);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/**
 * Inbound webhooks. The body is read as raw bytes and verified before anything parses it; a valid
 * call is queued and answered 202 at once. The consumer applies it later, idempotently.
 */
export const webhooks = new Hono<AppEnv>().post("/billing/subscribers", async (c) => {
  const { id } = await Webhook.receive({
    provider: "billing",
    headers: {
      id: c.req.header("webhook-id"),
      timestamp: c.req.header("webhook-timestamp"),
      signature: c.req.header("webhook-signature"),
    },
    body: await rawBody(c, useConfig().WEBHOOK_MAX_BYTES),
  });
  return c.json({ status: "queued" as const, id }, 202);
});
