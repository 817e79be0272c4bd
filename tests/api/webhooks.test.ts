import { randomBytes } from "node:crypto";
import { setConfig } from "@dotmac/core/platform/config";
import { useTransaction } from "@dotmac/core/platform/db";
import { queueMessageTable } from "@dotmac/core/platform/platform.sql";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testApp } from "../support/api";
import { setupTestDatabase, TEST_WEBHOOK_SECRET, type TestDatabase } from "../support/db";
import { signedHeaders, subscriberPayload } from "../support/webhook";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase({ QUEUE_INLINE_MAX_BYTES: "2048" });
  api = testApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  setConfig(t.env);
  await useTransaction((tx) => tx.execute(sql`truncate queue_message`));
});

const queued = async () => useTransaction((tx) => tx.select().from(queueMessageTable));
const post = (body: string, headers: Record<string, string>) =>
  api.request("/webhooks/billing/subscribers", { method: "POST", body, headers });

describe("POST /webhooks/billing/subscribers", () => {
  it("a correctly signed call is queued with its raw body and answered 202", async () => {
    const body = subscriberPayload();
    const res = await post(body, signedHeaders(body, { id: "msg_1" }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "queued", id: "msg_1" });
    const [message] = await queued();
    expect(JSON.parse(message?.body ?? "{}")).toMatchObject({ v: 1, provider: "billing", id: "msg_1", body });
  });

  it("accepts either secret while one is being rotated out", async () => {
    const next = `whsec_${randomBytes(32).toString("base64")}`;
    setConfig({ ...t.env, BILLING_WEBHOOK_SECRETS: `${next} ${TEST_WEBHOOK_SECRET}` });
    const body = subscriberPayload();
    expect((await post(body, signedHeaders(body, { secret: next }))).status).toBe(202);
    expect((await post(body, signedHeaders(body))).status).toBe(202);
    expect(await queued()).toHaveLength(2);
  });

  it("puts a body too large for a queue message in blob storage and queues a pointer", async () => {
    const body = subscriberPayload({ padding: "x".repeat(4000) });
    expect((await post(body, signedHeaders(body))).status).toBe(202);
    const [message] = await queued();
    const envelope = JSON.parse(message?.body ?? "{}");
    expect(envelope.body).toBeUndefined();
    expect(envelope.blobKey).toMatch(/^inbound\/billing\//);
  });

  describe("fails closed: 401 problem+json and nothing queued", () => {
    const body = subscriberPayload();
    const cases: [string, () => Record<string, string>, RegExp][] = [
      ["no headers", () => ({ "content-type": "application/json" }), /headers are required/],
      [
        "a signature made with another secret",
        () => signedHeaders(body, { secret: `whsec_${randomBytes(32).toString("base64")}` }),
        /does not match/,
      ],
      [
        "a timestamp older than five minutes",
        () => signedHeaders(body, { at: new Date(Date.now() - 6 * 60_000) }),
        /more than 300s from now/,
      ],
      [
        "a timestamp from the future",
        () => signedHeaders(body, { at: new Date(Date.now() + 6 * 60_000) }),
        /more than 300s from now/,
      ],
      [
        "a body changed after signing",
        () => signedHeaders(subscriberPayload({}, { status: "terminated" })),
        /does not match/,
      ],
      [
        "an unsupported signature scheme",
        () => ({
          ...signedHeaders(body),
          "webhook-signature": signedHeaders(body)["webhook-signature"].replace("v1,", "v1a,"),
        }),
        /does not match/,
      ],
    ];
    for (const [name, headers, detail] of cases) {
      it(name, async () => {
        const res = await post(body, headers());
        expect(res.status).toBe(401);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect((await res.json()).detail).toMatch(detail);
        expect(await queued()).toHaveLength(0);
      });
    }

    it("no secret configured at all", async () => {
      const { BILLING_WEBHOOK_SECRETS: _, ...rest } = t.env;
      setConfig(rest);
      const res = await post(body, signedHeaders(body));
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toMatch(/no signing secret/);
      expect(await queued()).toHaveLength(0);
    });
  });

  it("refuses a body over the size limit with 413 before verifying it", async () => {
    const body = "x".repeat(1024 * 1024 + 1);
    const res = await post(body, signedHeaders(body));
    expect(res.status).toBe(413);
    expect(await queued()).toHaveLength(0);
  });

  it("a replayed signed request is queued again but applied once (the consumer dedupes by webhook-id)", async () => {
    const body = subscriberPayload();
    const headers = signedHeaders(body, { id: "msg_replay" });
    expect((await post(body, headers)).status).toBe(202);
    expect((await post(body, headers)).status).toBe(202);
    expect(await queued()).toHaveLength(2);
  });
});
