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
 * Meta's GET handshake: the challenge echoed as plain text, or 403. Its POST: signed deliveries. Each
 * also at `/{channelId}`, the URL a channel shows, whose handshake checks that channel's verify token.
 */
function metaRoutes(provider: Webhook.HubProvider) {
  return (
    new Hono<AppEnv>()
      .get("/", async (c) => {
        const challenge = await Webhook.challenge({
          provider,
          mode: c.req.query("hub.mode"),
          token: c.req.query("hub.verify_token"),
          challenge: c.req.query("hub.challenge"),
        });
        return c.text(challenge, 200, { "cache-control": "no-store" });
      })
      .post("/", receive)
      .get("/:channelId", async (c) => {
        const challenge = await Webhook.channelChallenge({
          provider,
          channelId: c.req.param("channelId"),
          mode: c.req.query("hub.mode"),
          token: c.req.query("hub.verify_token"),
          challenge: c.req.query("hub.challenge"),
        });
        return c.text(challenge, 200, { "cache-control": "no-store" });
      })
      // A channel's own URL: the same signed deliveries (the payload names the account it is for).
      .post("/:channelId", receive)
  );

  async function receive(c: Context<AppEnv>) {
    const { id } = await Webhook.receiveHub({
      provider,
      signature: c.req.header("x-hub-signature-256"),
      body: await rawBody(c, useConfig().META_WEBHOOK_MAX_BYTES),
    });
    // Meta treats a 200 as delivered (anything else is retried for days).
    return c.json({ status: "queued" as const, id }, 200);
  }
}

/**
 * Inbound webhooks. The body is read as raw bytes and verified before anything parses it; a valid
 * call is queued and answered at once. The consumer applies it later, idempotently.
 */
export const webhooks = new Hono<AppEnv>()
  .post("/billing/subscribers", async (c) => {
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
  })
  .route("/whatsapp", metaRoutes("whatsapp"))
  .route("/meta", metaRoutes("meta"));
