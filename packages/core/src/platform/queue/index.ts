import { useConfig } from "../config";
import type { Queue } from "./port";
import { sqsQueue } from "./sqs";
import { type TableQueue, tableQueue } from "./table";

export type { OutgoingMessage, Queue, QueueStats } from "./port";
export { countDeadLetters, deadLetter, type ReceivedMessage, type TableQueue, tableQueue } from "./table";

export const INBOUND_QUEUE = "inbound";

let inbound: Queue | undefined;

/** The queue verified webhooks go to, chosen by QUEUE_DRIVER. */
export function useInboundQueue(): Queue {
  if (inbound) return inbound;
  const config = useConfig();
  inbound =
    config.QUEUE_DRIVER === "sqs"
      ? sqsQueue({
          queueUrl: config.INBOUND_QUEUE_URL ?? "",
          dlqUrl: config.INBOUND_DLQ_URL,
          region: config.AWS_REGION,
          endpoint: config.SQS_ENDPOINT,
        })
      : tableQueue({
          queue: INBOUND_QUEUE,
          visibilitySeconds: config.QUEUE_VISIBILITY_SECONDS,
          maxReceives: config.QUEUE_MAX_RECEIVES,
        });
  return inbound;
}

/** The table queue when the runtime polls one itself; undefined on SQS, where Lambda polls. */
export function useTableQueue(): TableQueue | undefined {
  const queue = useInboundQueue();
  return queue.name === "table" ? (queue as TableQueue) : undefined;
}

export function setInboundQueue(next: Queue | undefined): void {
  inbound = next;
}
