import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { localBlobStore } from "@dotmac/core/platform/blob/local";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import * as Outbox from "@dotmac/core/platform/outbox";
import * as Subscriber from "@dotmac/core/subscriber";
import * as Upload from "@dotmac/core/upload";
import { uploadTable } from "@dotmac/core/upload/upload.sql";
import { handler as eventsHandler } from "@dotmac/functions/handlers/events";
import { handler as inboundHandler } from "@dotmac/functions/handlers/inbound";
import { handler as jobHandler } from "@dotmac/functions/handlers/job";
import { handler as scanHandler } from "@dotmac/functions/handlers/scan";
import type { EventBridgeEvent, S3Event, SQSEvent, SQSRecord } from "aws-lambda";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { subscriberPayload } from "../support/webhook";

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());

function sqsRecord(body: string, receiveCount = 1): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: "rh",
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "0",
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:inbound",
    awsRegion: "eu-west-1",
  };
}

const envelope = (id: string, body: string) =>
  JSON.stringify({ v: 1, provider: "billing", id, receivedAt: new Date().toISOString(), body });

describe("inbound Lambda (SQS batch)", () => {
  it("applies good records and dead-letters the ones that can never succeed, reporting none for retry", async () => {
    const good = sqsRecord(envelope("msg_a", subscriberPayload()));
    const malformed = sqsRecord(envelope("msg_b", subscriberPayload({}, { status: "bogus" })));
    // A large-body pointer whose blob does not exist: S3 reads are strongly consistent, so it never
    // will; it is dead-lettered at once (replay once restored). A real transient failure (the blob
    // store unreachable) is retried: tests/reliability/queue-poison.test.ts, on SQS and the table queue.
    const missingBlob = sqsRecord(
      JSON.stringify({
        v: 1,
        provider: "billing",
        id: "msg_c",
        receivedAt: new Date().toISOString(),
        blobKey: "inbound/billing/missing",
      }),
    );
    const result = await inboundHandler({ Records: [good, malformed, missingBlob] } as SQSEvent);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await Subscriber.fromExternal("billing", "bill-42")).toBeTruthy();
    const dead = await import("@dotmac/core/inbound").then((I) => I.deadLetters());
    expect(dead.map((d) => d.messageId).sort()).toEqual([malformed.messageId, missingBlob.messageId].sort());
  });

  it("a redelivered record is a no-op", async () => {
    const again = sqsRecord(envelope("msg_a", subscriberPayload()), 2);
    expect(await inboundHandler({ Records: [again] } as SQSEvent)).toEqual({ batchItemFailures: [] });
  });
});

describe("job Lambda (EventBridge Scheduler)", () => {
  it("runs a registered job", async () => {
    expect(await jobHandler({ job: "outbox.sweep" })).toMatchObject({ name: "outbox.sweep" });
  });

  it("refuses any name not in the registry: no string selects code to run", async () => {
    for (const job of ["constructor", "__proto__", "toString", "../outbox.sweep", "OUTBOX.SWEEP", undefined, 42]) {
      await expect(jobHandler({ job })).rejects.toMatchObject({ code: "validation" });
    }
  });
});

describe("events Lambda (EventBridge rule)", () => {
  it("dispatches an outbox envelope to its subscribers once, however often it is delivered", async () => {
    const subscriber = await Subscriber.fromExternal("billing", "bill-42");
    const id = await createTransaction(() =>
      Outbox.emit(Subscriber.Events.StatusChanged, {
        subscriberId: subscriber?.id as string,
        from: "active",
        to: "suspended",
        changedAt: "2026-11-20T00:00:00.000Z",
      }),
    );
    const row = await Outbox.fromID(id);
    const event = {
      "detail-type": "subscriber.status_changed",
      source: "dotmac.crm",
      detail: { id, type: row?.type, occurredAt: row?.occurredAt.toISOString(), payload: row?.payload },
    } as unknown as EventBridgeEvent<string, unknown>;
    const before = (await Subscriber.statusLog(subscriber?.id as string)).length;
    // the local bus already delivered it after commit; a redelivery from EventBridge changes nothing
    expect(await eventsHandler(event)).toEqual({ delivered: [] });
    expect(await eventsHandler(event)).toEqual({ delivered: [] });
    expect(await Subscriber.statusLog(subscriber?.id as string)).toHaveLength(before);
  });

  it("refuses an event that is not an outbox envelope", async () => {
    await expect(
      eventsHandler({ detail: { nope: true } } as unknown as EventBridgeEvent<string, unknown>),
    ).rejects.toThrow();
  });
});

describe("scan Lambda (S3 ObjectCreated)", () => {
  const PNG = Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
    0, 0, 0,
  ]);
  const store = () =>
    localBlobStore({ root: join(t.dataDir, "blobs"), publicUrl: "http://localhost:3999", secret: "k".repeat(32) });
  const s3Event = (key: string) =>
    ({ Records: [{ s3: { object: { key: encodeURIComponent(key) } } }] }) as unknown as S3Event;

  async function slot(filename: string, contentType: string, size: number) {
    setBlobStore(store());
    return withActor({ type: "system", properties: { job: "test" } }, () =>
      Upload.createSlot({ filename, contentType, size }),
    );
  }

  it("accepts bytes that match the declared, allowed type", async () => {
    const s = await slot("router.png", "image/png", PNG.byteLength);
    await store().put(s.fields.key as string, PNG, "image/png");
    expect(await scanHandler(s3Event(s.fields.key as string))).toEqual([
      { status: "accepted", detectedType: "image/png" },
    ]);
  });

  it("rejects HTML renamed to .png and quarantines it", async () => {
    const html = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");
    const s = await slot("invoice.png", "image/png", html.byteLength);
    const key = s.fields.key as string;
    await store().put(key, html, "image/png");
    const [result] = await scanHandler(s3Event(key));
    expect(result).toMatchObject({ status: "rejected", reason: expect.stringMatching(/could not be identified/) });
    expect(await store().head(key)).toBeUndefined();
    expect(await store().head(`quarantine/${key}`)).toBeTruthy();
    const [row] = await useTransaction((tx) => tx.select().from(uploadTable).where(eq(uploadTable.key, key)));
    expect(row).toMatchObject({ status: "rejected" });
  });

  it("rejects a PDF declared as a PNG, and an object larger than its slot", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");
    const a = await slot("scan.png", "image/png", pdf.byteLength);
    await store().put(a.fields.key as string, pdf, "image/png");
    expect((await scanHandler(s3Event(a.fields.key as string)))[0]).toMatchObject({
      status: "rejected",
      reason: "content is application/pdf but was declared image/png",
    });
    const b = await slot("big.png", "image/png", 8);
    await store().put(b.fields.key as string, PNG, "image/png");
    expect((await scanHandler(s3Event(b.fields.key as string)))[0]).toMatchObject({
      status: "rejected",
      reason: expect.stringMatching(/more than the 8 declared/),
    });
  });

  it("removes an object that no upload slot asked for", async () => {
    await store().put("uploads/2026-11/stray", PNG, "image/png");
    expect((await scanHandler(s3Event("uploads/2026-11/stray")))[0]).toMatchObject({ status: "unknown" });
    expect(await store().head("uploads/2026-11/stray")).toBeUndefined();
  });

  it("refuses an SVG or any type off the allowlist at slot time with a message naming the allowed types", async () => {
    await expect(slot("logo.svg", "image/svg+xml", 100)).rejects.toMatchObject({
      code: "validation",
      message: expect.stringMatching(/must be one of image\/png/),
    });
  });
});
