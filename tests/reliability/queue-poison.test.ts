import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import * as Inbound from "@dotmac/core/inbound";
import { Billing } from "@dotmac/core/inbound/payloads";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { s3BlobStore } from "@dotmac/core/platform/blob/s3";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { queueMessageTable } from "@dotmac/core/platform/platform.sql";
import { setInboundQueue } from "@dotmac/core/platform/queue";
import { sqsQueue } from "@dotmac/core/platform/queue/sqs";
import { isStorable } from "@dotmac/core/platform/storable";
import * as Subscriber from "@dotmac/core/subscriber";
import { handler as inboundHandler } from "@dotmac/functions/handlers/inbound";
import { startPoller } from "@dotmac/functions/local/poller";
import type { SQSEvent } from "aws-lambda";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testApp } from "../support/api";
import { type Emulator, REGION, S3RVER_CREDENTIALS, startSqs, stubAwsCredentials } from "../support/aws/emulators";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { signedHeaders, subscriberPayload } from "../support/webhook";

/**
 * One poll batch (a table-queue receive, an SQS event) holding valid records, a poison record (NUL
 * in a string), a `null` body, a conflict and a transient failure: each message succeeds or fails
 * on its own. The transient failure is real: a body over QUEUE_INLINE_MAX_BYTES is kept in blob
 * storage (s3rver) and the blob store is stopped while the consumer runs, as an S3 outage would be,
 * then started again on the same port and data. Nothing of ours is mocked.
 */

const BUCKET = "inbound-poison";
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let s3: RestartableS3;

/** s3rver that can be stopped and brought back on the same port with the same objects. */
interface RestartableS3 {
  endpoint: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function restartableS3(bucket: string): Promise<RestartableS3> {
  const directory = await mkdtemp(join(tmpdir(), "dotmac-s3rver-"));
  let port = 0;
  let server: S3rver | undefined;
  const start = async () => {
    server = new S3rver({
      address: "127.0.0.1",
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    port = (await server.run()).port;
  };
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    start,
    async stop() {
      await server?.close();
      server = undefined;
    },
    async close() {
      await server?.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

beforeAll(async () => {
  t = await setupTestDatabase({ QUEUE_INLINE_MAX_BYTES: "2048" });
  s3 = await restartableS3(BUCKET);
  setBlobStore(s3BlobStore({ bucket: BUCKET, region: REGION, endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS }));
  api = testApp();
});
afterAll(async () => {
  await s3?.close();
  await t?.close();
});

/** The queue once nothing is ready or in flight: the poller acks a message after its transaction commits. */
const settledQueue = () =>
  until(async () => {
    const stats = await t.queue.stats();
    return stats.ready === 0 && stats.inFlight === 0 ? stats : undefined;
  }, "the queue's acks");

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the billing system does: sign and post, through the real webhook route. */
async function post(id: string, body: string) {
  const res = await api.request("/webhooks/billing/subscribers", {
    method: "POST",
    body,
    headers: signedHeaders(body, { id }),
  });
  expect(res.status, `${id}: ${await res.clone().text()}`).toBe(202);
}

const record = (externalId: string, subscriberNumber: string, data: Record<string, unknown> = {}) =>
  subscriberPayload({}, { external_id: externalId, subscriber_number: subscriberNumber, ...data });

/** A subscriber number already owned by another billing id, synced through the verb beforehand. */
async function own(externalId: string, subscriberNumber: string, updatedAt = "2026-11-01T10:00:00Z") {
  const payload = Billing.Payload.parse(JSON.parse(record(externalId, subscriberNumber, { updated_at: updatedAt })));
  await withActor({ type: "webhook", properties: { provider: "billing" } }, () =>
    Subscriber.sync(Billing.toSync(payload)),
  );
}

/** The mixed batch, one message per case, under webhook ids `<prefix>-<case>`. */
async function sendMixedBatch(prefix: string) {
  const up = prefix.toUpperCase();
  await own(`${prefix}-owner`, `SUB-${up}-OWNED`);
  // The poison and the null body go first: once, they aborted the batch and stranded what followed.
  await post(`${prefix}-nul`, record(`${prefix}-nul\u0000`, `SUB-${up}-NUL`));
  await post(`${prefix}-null`, "null");
  // U+FFFF is valid JSON and storable, but SQS refuses it in a message body: the envelope escapes it.
  await post(`${prefix}-a`, record(`${prefix}-a`, `SUB-${up}-A`, { plan: { name: "Fibre \uFFFF 100" } }));
  await post(`${prefix}-conflict`, record(`${prefix}-claimer`, `SUB-${up}-OWNED`));
  await post(
    `${prefix}-large`,
    subscriberPayload(
      { padding: "x".repeat(4000) },
      { external_id: `${prefix}-large`, subscriber_number: `SUB-${up}-L` },
    ),
  );
  await post(`${prefix}-b`, record(`${prefix}-b`, `SUB-${up}-B`));
}

const envelopeId = (body: string) => (JSON.parse(body) as { id: string }).id;
const deadLettersById = async () => new Map((await Inbound.deadLetters()).map((d) => [envelopeId(d.body), d]));
const eventsById = async () => new Map((await Inbound.recent(100)).map((e) => [e.messageId, e]));

/** Valid ones applied exactly once; poison, null and conflict dead-lettered at once, storably. */
async function expectSettledOnTheirOwn(prefix: string) {
  const events = await eventsById();
  for (const name of ["a", "b"]) {
    expect(await Subscriber.fromExternal("billing", `${prefix}-${name}`), name).toBeTruthy();
    expect(events.get(`${prefix}-${name}`)).toMatchObject({ status: "processed", attempts: 1 });
  }
  expect((await Subscriber.fromExternal("billing", `${prefix}-a`))?.planName).toBe("Fibre \uFFFF 100");
  const dead = await deadLettersById();
  for (const name of ["nul", "null", "conflict"]) {
    const letter = dead.get(`${prefix}-${name}`);
    expect(letter, name).toMatchObject({ receiveCount: 1 });
    expect(isStorable(letter?.reason ?? "\u0000")).toBe(true);
    expect(events.get(`${prefix}-${name}`)).toMatchObject({ status: "failed", attempts: 1 });
  }
  expect(dead.get(`${prefix}-nul`)?.reason).toMatch(/data\.external_id: must not contain NUL/);
  expect(dead.get(`${prefix}-null`)?.reason).toMatch(
    /Billing subscriber payload is invalid: \(root\): .*received null/,
  );
  expect(dead.get(`${prefix}-conflict`)?.reason).toContain(`SUB-${prefix.toUpperCase()}-OWNED already belongs`);
  // The transient one is neither applied nor dead: it waits for its retry.
  expect(dead.has(`${prefix}-large`)).toBe(false);
  expect(await Subscriber.fromExternal("billing", `${prefix}-large`)).toBeUndefined();
  expect(events.get(`${prefix}-large`)).toMatchObject({ status: "failed" });
  expect(events.get(`${prefix}-large`)?.error).toMatch(/ECONNREFUSED/);
}

/** The billing system renumbers the owner; the claimer's record can now be applied. */
async function fixConflictCause(prefix: string) {
  await own(`${prefix}-owner`, `SUB-${prefix.toUpperCase()}-OWNED-2`, "2026-11-02T10:00:00Z");
}

describe("the table queue (local runtime poller)", () => {
  let poller: ReturnType<typeof startPoller> | undefined;
  const log: string[] = [];
  afterAll(async () => {
    await poller?.stop();
  });

  it("valid records are applied once, poison ones dead-lettered at once, the transient one retried and applied", async () => {
    await sendMixedBatch("t");
    await s3.stop();
    // Started after the sends, so its first receive holds the whole batch.
    poller = startPoller(t.queue, { log: (line) => log.push(line) });

    // The transient one's failure is recorded on the message last (after its inbound event): wait for it.
    const lastError = async () =>
      (await useTransaction((tx) => tx.select().from(queueMessageTable)))[0]?.lastError ?? undefined;
    await until(
      async () =>
        (await Inbound.deadLetters()).length === 3 &&
        (await eventsById()).size === 6 &&
        (await lastError()) !== undefined,
      "batch",
    );
    await expectSettledOnTheirOwn("t");
    const [waiting] = await useTransaction((tx) => tx.select().from(queueMessageTable));
    expect(waiting).toMatchObject({ receiveCount: 1 });
    expect(waiting?.lastError).toMatch(/ECONNREFUSED/);
    expect(log.filter((line) => line.includes("(retry)"))).toHaveLength(1);

    await s3.start();
    const large = await until(() => Subscriber.fromExternal("billing", "t-large"), "the retry after backoff");
    expect(large.subscriberNumber).toBe("SUB-T-L");
    expect((await eventsById()).get("t-large")).toMatchObject({ status: "processed", attempts: 2, error: null });
    expect(await settledQueue()).toEqual({ ready: 0, inFlight: 0, deadLetters: 3 });
  });

  it("replaying after the cause is fixed applies the dead letter once; a still-poisoned one is dead again at once", async () => {
    await fixConflictCause("t");
    const dead = await deadLettersById();
    const ids = ["t-conflict", "t-nul"].map((id) => dead.get(id)?.id ?? "");
    expect(await Inbound.replayDeadLetters({ ids })).toBe(2);
    expect(await Inbound.replayDeadLetters({ ids })).toBe(0);

    const claimer = await until(() => Subscriber.fromExternal("billing", "t-claimer"), "the replayed conflict");
    expect(claimer.subscriberNumber).toBe("SUB-T-OWNED");
    await until(async () => (await deadLettersById()).get("t-nul")?.replayedAt === null, "the poison dead again");
    const events = await eventsById();
    expect(events.get("t-conflict")).toMatchObject({ status: "processed", attempts: 2 });
    expect(events.get("t-nul")).toMatchObject({ status: "failed", attempts: 2 });
    expect((await deadLettersById()).get("t-nul")).toMatchObject({ receiveCount: 1 });
    expect(await settledQueue()).toEqual({ ready: 0, inFlight: 0, deadLetters: 2 });
  });
});

describe("SQS (fauxqs) and the real inbound Lambda handler", () => {
  let sqs: Emulator;
  let client: SQSClient;
  let queueUrl: string;
  let queueArn: string;

  beforeAll(async () => {
    stubAwsCredentials();
    sqs = await startSqs();
    client = new SQSClient({ region: REGION, endpoint: sqs.endpoint });
    const dlqUrl = (await client.send(new CreateQueueCommand({ QueueName: "inbound-dlq" }))).QueueUrl ?? "";
    const dlqArn = await arnOf(dlqUrl);
    queueUrl =
      (
        await client.send(
          new CreateQueueCommand({
            QueueName: "inbound",
            // As infra/inbound.ts: SQS moves a message to its DLQ after 5 receives.
            Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) },
          }),
        )
      ).QueueUrl ?? "";
    queueArn = await arnOf(queueUrl);
    setInboundQueue(sqsQueue({ queueUrl, dlqUrl, region: REGION, endpoint: sqs.endpoint }));
  });
  afterAll(async () => {
    setInboundQueue(t.queue);
    client?.destroy();
    await sqs?.close();
    vi.unstubAllEnvs();
  });

  async function arnOf(url: string) {
    const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }));
    return out.Attributes?.QueueArn ?? "";
  }

  /**
   * What the Lambda event source mapping does: receive a batch, invoke the handler, delete what it did
   * not report as failed, and leave the failures to come back after their visibility timeout (here at
   * once, so the test need not wait 30 s).
   */
  async function invokeWithBatch() {
    const out = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ["All"] }),
    );
    const messages = out.Messages ?? [];
    const event: SQSEvent = { Records: messages.map(toRecord) };
    const response = await inboundHandler(event);
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ""));
    const retry = messages.filter((m) => failed.has(m.MessageId ?? ""));
    if (done.length) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
        }),
      );
    }
    if (retry.length) {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: retry.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "", VisibilityTimeout: 0 })),
        }),
      );
    }
    const idOf = (m: Message) => envelopeId(m.Body ?? "{}");
    return { received: messages.map(idOf), failed: retry.map(idOf), messages };
  }

  function toRecord(m: Message): SQSEvent["Records"][number] {
    const attributes = m.Attributes ?? {};
    return {
      messageId: m.MessageId ?? "",
      receiptHandle: m.ReceiptHandle ?? "",
      body: m.Body ?? "",
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? "AIDLOCAL",
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? "",
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: REGION,
    };
  }

  it("the partial batch response names only the transient failure; the poison ones are dead letters, acknowledged", async () => {
    await sendMixedBatch("s");
    await s3.stop();

    const first = await invokeWithBatch();
    expect(first.received.sort()).toEqual(["s-a", "s-b", "s-conflict", "s-large", "s-nul", "s-null"]);
    expect(first.failed).toEqual(["s-large"]);
    await expectSettledOnTheirOwn("s");

    await s3.start();
    const second = await invokeWithBatch();
    expect(second.received).toEqual(["s-large"]);
    expect(second.messages[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    expect(second.failed).toEqual([]);
    expect((await Subscriber.fromExternal("billing", "s-large"))?.subscriberNumber).toBe("SUB-S-L");
    expect((await eventsById()).get("s-large")).toMatchObject({ status: "processed", attempts: 2 });
    // Nothing left on the queue, nothing on SQS's own DLQ: the poison messages never went round again.
    const stats = await sqsQueue({ queueUrl, region: REGION, endpoint: sqs.endpoint }).stats();
    expect(stats).toEqual({ ready: 0, inFlight: 0, deadLetters: 0 });
  });

  it("replaying after the cause is fixed applies the dead letter once, through SQS and the handler", async () => {
    await fixConflictCause("s");
    const conflict = (await deadLettersById()).get("s-conflict");
    expect(await Inbound.replayDeadLetters({ ids: [conflict?.id ?? ""] })).toBe(1);

    const replayed = await invokeWithBatch();
    expect(replayed).toMatchObject({ received: ["s-conflict"], failed: [] });
    expect((await Subscriber.fromExternal("billing", "s-claimer"))?.subscriberNumber).toBe("SUB-S-OWNED");
    expect((await eventsById()).get("s-conflict")).toMatchObject({ status: "processed", attempts: 2 });
    expect((await deadLettersById()).has("s-conflict")).toBe(false);

    // Delivered again (an SQS duplicate, a second replay): a no-op.
    expect(await Inbound.replayDeadLetters({ ids: [conflict?.id ?? ""] })).toBe(0);
  });
});
