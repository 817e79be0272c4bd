import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { OutgoingMessage, Queue, QueueStats } from "./port";

export interface SqsOptions {
  queueUrl: string;
  dlqUrl?: string | undefined;
  region: string;
  endpoint?: string | undefined;
}

export function sqsQueue(options: SqsOptions): Queue & { redriveDeadLetters(): Promise<number> } {
  const client = new SQSClient({ region: options.region, endpoint: options.endpoint });
  const depth = async (url: string) => {
    const out = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return {
      ready: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  };
  const sendBatch = async (messages: OutgoingMessage[]) => {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const out = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: m.body })),
        }),
      );
      if (out.Failed?.length)
        throw new Error(`SQS rejected ${out.Failed.length} message(s): ${out.Failed[0]?.Message}`);
    }
  };
  return {
    name: "sqs",
    async send(message) {
      await client.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: message.body }));
    },
    sendBatch,
    async stats(): Promise<QueueStats> {
      const main = await depth(options.queueUrl);
      const dlq = options.dlqUrl ? await depth(options.dlqUrl) : { ready: 0, inFlight: 0 };
      return { ...main, deadLetters: dlq.ready + dlq.inFlight };
    },
    /** Moves every message on the SQS dead-letter queue back to the source queue. */
    async redriveDeadLetters() {
      if (!options.dlqUrl) return 0;
      let moved = 0;
      for (;;) {
        // A short poll samples only some SQS hosts and can come back empty while messages remain;
        // a long poll asks them all, so an empty answer really means the DLQ is drained.
        const out = await client.send(
          new ReceiveMessageCommand({ QueueUrl: options.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) return moved;
        await sendBatch(messages.map((m) => ({ body: m.Body ?? "" })));
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.dlqUrl,
            Entries: messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? "" })),
          }),
        );
        moved += messages.length;
      }
    },
  };
}
