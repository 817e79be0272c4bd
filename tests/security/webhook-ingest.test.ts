import { createHmac, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setConfig } from "@dotmac/core/platform/config";
import { useTransaction } from "@dotmac/core/platform/db";
import { queueMessageTable } from "@dotmac/core/platform/platform.sql";
import { tokenBuckets } from "@dotmac/functions/api/ip-throttle";
import { handler as webhookHandler } from "@dotmac/functions/handlers/webhook";
import type { Context } from "aws-lambda";
import { sql } from "drizzle-orm";
import type { APIGatewayProxyResult, LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testApp } from "../support/api";
import { setupTestDatabase, TEST_WEBHOOK_SECRET, type TestDatabase } from "../support/db";
import { signedHeaders, subscriberPayload } from "../support/webhook";

// Issue 9, also noticed: the webhook route had no request limit (each bad signature costs an HMAC
// over up to 1 MiB), and a verified body was queued whatever its bytes were.

const PATH = "/webhooks/billing/subscribers";
let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase({ QUEUE_INLINE_MAX_BYTES: "2048" });
});
afterAll(() => t.close());
beforeEach(async () => {
  setConfig(t.env);
  await useTransaction((tx) => tx.execute(sql`truncate queue_message`));
});

const queued = async () => useTransaction((tx) => tx.select().from(queueMessageTable));

/** Standard Webhooks over raw bytes (the reference library signs strings only). */
function signBytes(body: Uint8Array) {
  const id = `msg_${randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(TEST_WEBHOOK_SECRET.slice("whsec_".length), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${mac}`,
  };
}

async function expectRefusedBeforeTheQueue(res: Response, detail: RegExp) {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect((await res.json()).detail).toMatch(detail);
  expect(await queued()).toEqual([]);
}

describe("issue 9: webhook ingest", () => {
  it("issue 9: a webhook body with raw control characters is refused before the queue", async () => {
    const { request } = testApp();
    const record = subscriberPayload();
    // NUL, SOH, ESC, FS and the rest of C0 but TAB/LF/CR: only escaped in JSON text.
    for (const code of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f]) {
      const raw = String.fromCharCode(code);
      const body = record.replace("Fibre 100", `Fibre${raw}100`);
      const res = await request(PATH, { method: "POST", body, headers: signedHeaders(body) });
      await expectRefusedBeforeTheQueue(
        res,
        new RegExp(`raw control character U\\+00${code.toString(16).toUpperCase().padStart(2, "0")}`),
      );
    }
    // The same over the size that goes to blob storage: refused before anything is stored.
    const large = subscriberPayload({ padding: "x".repeat(4000) }).replace("xx", "x\u0000");
    const res = await request(PATH, { method: "POST", body: large, headers: signedHeaders(large) });
    await expectRefusedBeforeTheQueue(res, /raw control character U\+0000/);
    expect(existsSync(join(t.dataDir, "blobs", "inbound"))).toBe(false);

    // TAB, LF and CR are JSON whitespace: a pretty-printed record is fine, and so is an escaped NUL,
    // which the consumer refuses as a field value instead.
    const pretty = JSON.stringify(JSON.parse(record), null, "\t").replaceAll("\n", "\r\n");
    const escaped = subscriberPayload({}, { external_id: "bill-\u0000" });
    for (const body of [pretty, escaped]) {
      expect((await request(PATH, { method: "POST", body, headers: signedHeaders(body) })).status).toBe(202);
    }
    expect(await queued()).toHaveLength(2);
  });

  it("issue 9: a webhook body that is not valid UTF-8 is refused before the queue", async () => {
    const { request } = testApp();
    const text = new TextEncoder().encode(subscriberPayload());
    const invalid = {
      "a lone continuation byte": [0x80],
      "a truncated sequence": [0xc3],
      "an overlong slash": [0xc0, 0xaf],
      "an encoded surrogate": [0xed, 0xa0, 0x80],
      "a byte never used in UTF-8": [0xff],
    };
    for (const [name, bytes] of Object.entries(invalid)) {
      const body = new Uint8Array([...text.slice(0, 40), ...bytes, ...text.slice(40)]);
      const res = await request(PATH, { method: "POST", body, headers: signBytes(body) });
      expect(res.status, name).toBe(400);
      await expectRefusedBeforeTheQueue(res, /not valid UTF-8/);
    }
    // The signature is checked first: an unsigned body learns nothing about its bytes.
    const body = new Uint8Array([0xff]);
    expect(
      (await request(PATH, { method: "POST", body, headers: { "content-type": "application/json" } })).status,
    ).toBe(401);
  });

  it("issue 9: the webhook route rate-limits per IP before computing the HMAC", async () => {
    setConfig({ ...t.env, WEBHOOK_RATE_LIMIT_BURST: "3", WEBHOOK_RATE_LIMIT_PER_SECOND: "10" });
    const { app } = testApp();
    // API Gateway's source IP, as the Lambda adapter passes it; locally the socket's address.
    const from = (ip: string) => ({ requestContext: { http: { sourceIp: ip } } });
    const send = (ip: string, init: RequestInit) =>
      app.request(`http://localhost${PATH}`, { method: "POST", ...init }, from(ip));
    const body = subscriberPayload();
    const forged = { ...signedHeaders(body), "webhook-signature": "v1,AAAA" };

    for (let i = 0; i < 3; i++) expect((await send("203.0.113.7", { body, headers: forged })).status).toBe(401);
    // A body that fails the moment it is read: a 429 for it shows the limit ran before the route
    // read the bytes, so before any HMAC was computed over them.
    const unreadable = new ReadableStream({
      pull() {
        throw new Error("the body was read");
      },
    });
    const limited = await send("203.0.113.7", { body: unreadable, headers: forged, duplex: "half" } as RequestInit);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await limited.json()).code).toBe("rate_limited");
    // A correct signature does not help, nor does a forwarded-for header: the bucket is the platform's IP.
    expect((await send("203.0.113.7", { body, headers: signedHeaders(body) })).status).toBe(429);
    const spoofed = { ...signedHeaders(body), "x-forwarded-for": "198.51.100.9" };
    expect((await send("203.0.113.7", { body, headers: spoofed })).status).toBe(429);
    expect(await queued()).toEqual([]);

    // Another address has its own bucket; the first gets a token back after a tenth of a second.
    expect((await send("203.0.113.8", { body, headers: signedHeaders(body) })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 150));
    expect((await send("203.0.113.7", { body, headers: signedHeaders(body) })).status).toBe(202);

    // IPv6 counts by /64: one line cannot rotate through its own addresses.
    for (let i = 0; i < 3; i++)
      expect((await send(`2001:db8:1:2::${i + 1}`, { body, headers: forged })).status).toBe(401);
    expect((await send("2001:db8:1:2:ffff::9", { body, headers: forged })).status).toBe(429);
    expect((await send("2001:db8:1:3::1", { body, headers: forged })).status).toBe(401);
  });

  it("issue 9: the per-IP buckets take bounded memory, the least recently used evicted first", () => {
    const now = 0;
    const buckets = tokenBuckets(2, () => now);
    const limits = { burst: 1, perSecond: 1 };
    expect(buckets.take("a", limits).allowed).toBe(true);
    expect(buckets.take("a", limits).allowed).toBe(false);
    buckets.take("b", limits);
    buckets.take("c", limits); // a third address: a, the least recently used, is dropped
    expect(buckets.take("a", limits).allowed).toBe(true);
    expect(buckets.take("c", limits)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("issue 9: the webhook Lambda limits by API Gateway's source IP, per warm instance", async () => {
    setConfig({ ...t.env, WEBHOOK_RATE_LIMIT_BURST: "2", WEBHOOK_RATE_LIMIT_PER_SECOND: "0.1" });
    const body = subscriberPayload();
    const invoke = async (sourceIp: string, headers: Record<string, string>) =>
      (await webhookHandler(apiGatewayEvent(sourceIp, body, headers), {} as Context)) as APIGatewayProxyResult;
    const forged = { ...signedHeaders(body), "webhook-signature": "v1,AAAA", "x-forwarded-for": "192.0.2.1" };

    expect((await invoke("198.51.100.20", forged)).statusCode).toBe(401);
    expect((await invoke("198.51.100.20", forged)).statusCode).toBe(401);
    const limited = await invoke("198.51.100.20", signedHeaders(body));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers?.["retry-after"]).toBe("10");
    expect((await invoke("198.51.100.21", signedHeaders(body))).statusCode).toBe(202);
  });
});

/** An HTTP API (payload v2) event for the webhook route, as API Gateway sends it. */
function apiGatewayEvent(sourceIp: string, body: string, headers: Record<string, string>): LambdaEvent {
  return {
    version: "2.0",
    routeKey: "ANY /webhooks/{proxy+}",
    rawPath: PATH,
    rawQueryString: "",
    headers: { ...headers, host: "api.example.com" },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      authentication: null,
      authorizer: {},
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method: "POST", path: PATH, protocol: "HTTP/1.1", sourceIp, userAgent: "billing" },
      requestId: randomUUID(),
      routeKey: "ANY /webhooks/{proxy+}",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}
