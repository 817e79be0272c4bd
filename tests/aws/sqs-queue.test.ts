import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { sqsQueue } from "@dotmac/core/platform/queue/sqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Emulator, REGION, startSqs, stubAwsCredentials } from "../support/aws/emulators";

const MAX_RECEIVE_COUNT = 2;

let emulator: Emulator;
let sqs: SQSClient;
let queueCount = 0;

beforeAll(async () => {
  stubAwsCredentials();
  emulator = await startSqs();
  sqs = new SQSClient({ region: REGION, endpoint: emulator.endpoint });
});

afterAll(async () => {
  sqs?.destroy();
  await emulator?.close();
  vi.unstubAllEnvs();
});

/** A fresh inbound queue and its DLQ, wired as infra/inbound does: a redrive after 2 receives. */
async function inboundQueues() {
  const name = `inbound-${++queueCount}`;
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl ?? "";
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] })))
    .Attributes?.QueueArn;
  const redrivePolicy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVE_COUNT });
  const queueUrl =
    (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: { RedrivePolicy: redrivePolicy, VisibilityTimeout: "30" },
        }),
      )
    ).QueueUrl ?? "";
  const queue = sqsQueue({ queueUrl, dlqUrl, region: REGION, endpoint: emulator.endpoint });
  return { queue, queueUrl, dlqUrl };
}

const webhook = (n: number) => JSON.stringify({ provider: "whatsapp", dedupeKey: `wamid.${n}`, text: `hello ${n}` });

/** Everything currently visible on a queue, left in flight for `visibilitySeconds`. */
async function receiveAll(queueUrl: string, visibilitySeconds = 30): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: visibilitySeconds,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
    );
    if (!out.Messages?.length) return all;
    all.push(...out.Messages);
  }
}

async function inBatches(messages: Message[], run: (batch: Message[]) => Promise<unknown>) {
  for (let i = 0; i < messages.length; i += 10) await run(messages.slice(i, i + 10));
}

/** The consumer's happy ending: every message acknowledged. */
async function consume(queueUrl: string): Promise<string[]> {
  const messages = await receiveAll(queueUrl);
  await inBatches(messages, (batch) =>
    sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? "" })),
      }),
    ),
  );
  return messages.map((m) => m.Body ?? "");
}

/** A consumer that throws on every message: nothing is deleted, and each comes back to be received again. */
async function failToConsume(queueUrl: string): Promise<number> {
  const messages = await receiveAll(queueUrl);
  // Visibility 0 puts them back at once, as an expired visibility timeout would after a failed Lambda.
  await inBatches(messages, (batch) =>
    sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? "", VisibilityTimeout: 0 })),
      }),
    ),
  );
  return messages.length;
}

describe("verified webhooks on the inbound SQS queue", () => {
  it("one webhook sent alone and a burst of 25 sent as a batch all arrive, and stats count them", async () => {
    const { queue, queueUrl } = await inboundQueues();
    const burst = Array.from({ length: 25 }, (_, i) => ({ body: webhook(i + 2) }));

    await queue.send({ body: webhook(1) });
    // 25 only gets through because it is chunked: SQS refuses a batch of more than 10 entries.
    await queue.sendBatch(burst);

    expect(await queue.stats()).toEqual({ ready: 26, inFlight: 0, deadLetters: 0 });
    const bodies = await consume(queueUrl);
    expect(bodies.sort()).toEqual([webhook(1), ...burst.map((m) => m.body)].sort());
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, deadLetters: 0 });
  });

  it("messages a consumer is working on count as in flight, not ready", async () => {
    const { queue, queueUrl } = await inboundQueues();
    await queue.sendBatch(Array.from({ length: 5 }, (_, i) => ({ body: webhook(i) })));

    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 2 }));

    expect(out.Messages).toHaveLength(2);
    expect(await queue.stats()).toEqual({ ready: 3, inFlight: 2, deadLetters: 0 });
  });

  it("an empty batch sends nothing", async () => {
    const { queue } = await inboundQueues();

    await queue.sendBatch([]);

    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, deadLetters: 0 });
  });

  it("poison messages received more than maxReceiveCount times land on the DLQ, and stats count them", async () => {
    const { queue, queueUrl } = await inboundQueues();
    await queue.sendBatch(Array.from({ length: 12 }, (_, i) => ({ body: webhook(100 + i) })));

    expect(await failToConsume(queueUrl)).toBe(12);
    expect(await failToConsume(queueUrl)).toBe(12);
    // The third receive exceeds maxReceiveCount: SQS moves the messages instead of delivering them.
    expect(await failToConsume(queueUrl)).toBe(0);

    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, deadLetters: 12 });
  });

  it("after the consumer is fixed, redriving puts every dead letter back on the inbound queue, body intact", async () => {
    const { queue, queueUrl } = await inboundQueues();
    const poison = Array.from({ length: 12 }, (_, i) => ({ body: webhook(200 + i) }));
    await queue.sendBatch(poison);
    for (let receive = 0; receive <= MAX_RECEIVE_COUNT; receive++) await failToConsume(queueUrl);
    expect((await queue.stats()).deadLetters).toBe(12);

    // 12 also exercises the loop: the DLQ hands out at most 10 per receive.
    expect(await queue.redriveDeadLetters()).toBe(12);

    expect(await queue.stats()).toEqual({ ready: 12, inFlight: 0, deadLetters: 0 });
    const replayed = await receiveAll(queueUrl);
    expect(replayed.map((m) => m.Body).sort()).toEqual(poison.map((m) => m.body).sort());
    // They come back as new messages, so the fixed consumer gets its full maxReceiveCount again.
    expect(replayed.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(replayed.map(() => "1"));
  });

  it("redriving an empty DLQ moves nothing", async () => {
    const { queue } = await inboundQueues();

    expect(await queue.redriveDeadLetters()).toBe(0);
    expect(await queue.stats()).toEqual({ ready: 0, inFlight: 0, deadLetters: 0 });
  });
});

describe("when SQS says no", () => {
  it("a batch with a message SQS rejects fails with SQS's reason; the valid ones are already queued", async () => {
    const { queue } = await inboundQueues();
    const messages = Array.from({ length: 12 }, (_, i) => ({ body: webhook(i) }));
    messages[11] = { body: `control character ${String.fromCharCode(0)} is not allowed in SQS` };

    await expect(queue.sendBatch(messages)).rejects.toThrow(/^SQS rejected 1 message\(s\): Invalid characters found/);

    // At-least-once: a retry of the whole batch re-sends 11, and the consumer's dedupe key absorbs them.
    expect(await queue.stats()).toMatchObject({ ready: 11 });
  });

  it("sending to a queue that does not exist fails with QueueDoesNotExist", async () => {
    const missing = sqsQueue({
      queueUrl: `${emulator.endpoint}/000000000000/no-such-queue`,
      region: REGION,
      endpoint: emulator.endpoint,
    });

    await expect(missing.send({ body: webhook(1) })).rejects.toMatchObject({ name: "QueueDoesNotExist" });
    await expect(missing.sendBatch([{ body: webhook(1) }])).rejects.toMatchObject({ name: "QueueDoesNotExist" });
    await expect(missing.stats()).rejects.toMatchObject({ name: "QueueDoesNotExist" });
  });

  it("a queue configured without a DLQ reports no dead letters and has nothing to redrive", async () => {
    const { queueUrl } = await inboundQueues();
    const withoutDlq = sqsQueue({ queueUrl, region: REGION, endpoint: emulator.endpoint });

    expect(await withoutDlq.stats()).toEqual({ ready: 0, inFlight: 0, deadLetters: 0 });
    expect(await withoutDlq.redriveDeadLetters()).toBe(0);
  });
});
