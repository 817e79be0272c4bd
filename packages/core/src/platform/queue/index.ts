import { useConfig } from "../config";
import { AppError } from "../errors";
import type { Queue } from "./port";
import type { SqsOptions } from "./sqs";

export type { OutgoingMessage, Queue, QueueStats } from "./port";

export const INBOUND_QUEUE = "inbound";

let inbound: Queue | undefined;

/**
 * The queue verified webhooks go to. SQS is built from config here; the table queue lives in the
 * database, so the local runtime (or a test) installs it with `setInboundQueue` and this module
 * stays free of database code for the small webhook Lambda.
 */
export function useInboundQueue(): Queue {
  if (inbound) return inbound;
  const config = useConfig();
  if (config.QUEUE_DRIVER !== "sqs") {
    throw new AppError("unavailable", "QUEUE_DRIVER=table needs the local runtime to install the table queue");
  }
  inbound = lazySqs({
    queueUrl: config.INBOUND_QUEUE_URL ?? "",
    dlqUrl: config.INBOUND_DLQ_URL,
    region: config.AWS_REGION,
    endpoint: config.SQS_ENDPOINT,
  });
  return inbound;
}

export function setInboundQueue(next: Queue | undefined): void {
  inbound = next;
}

/**
 * The SQS adapter, loaded on first use so functions that only read queue stats or never enqueue do
 * not parse the SDK at cold start.
 */
function lazySqs(options: SqsOptions): Queue & { redriveDeadLetters(): Promise<number> } {
  let real: Promise<ReturnType<typeof import("./sqs").sqsQueue>> | undefined;
  const load = () => {
    real ??= import("./sqs").then((m) => m.sqsQueue(options));
    return real;
  };
  return {
    name: "sqs",
    send: async (message) => (await load()).send(message),
    sendBatch: async (messages) => (await load()).sendBatch(messages),
    stats: async () => (await load()).stats(),
    redriveDeadLetters: async () => (await load()).redriveDeadLetters(),
  };
}
