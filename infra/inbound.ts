import { Duration } from "aws-cdk-lib";
import type { EventBus } from "aws-cdk-lib/aws-events";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { type Bucket, EventType } from "aws-cdk-lib/aws-s3";
import { SqsDestination } from "aws-cdk-lib/aws-s3-notifications";
import { ReceiptRuleSet, TlsPolicy } from "aws-cdk-lib/aws-ses";
import { S3 as S3Action } from "aws-cdk-lib/aws-ses-actions";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Stack } from "sst/constructs";
import { lambda } from "./functions";
import { allowChannelSecrets, type Secrets } from "./secrets";
import { prefixes } from "./storage";

/** The consumer's timeout; SQS hides a received message for six times that, as AWS advises. */
export const CONSUMER_TIMEOUT_SECONDS = 30;
export const VISIBILITY_TIMEOUT_SECONDS = 6 * CONSUMER_TIMEOUT_SECONDS;
export const MAX_RECEIVES = 5;
/** Where SES receiving writes each email's raw MIME (under the 30-day `inbound/` expiry). */
export const EMAIL_PREFIX = `${prefixes.inbound}email/`;
/** Where the consumer keeps the attachments it accepted (no expiry). */
export const INBOX_ATTACHMENTS_PREFIX = "inbox/";

export type InboundQueues = ReturnType<typeof inboundQueues>;

/** Verified webhooks wait here; after MAX_RECEIVES failed attempts a message moves to the DLQ for replay. */
export function inboundQueues(stack: Stack) {
  const dlq = new Queue(stack, "InboundDlq", {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(stack, "Inbound", {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_SECONDS),
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVES },
  });
  return { queue, dlq };
}

/**
 * The idempotent consumer. A failed record is reported alone (ReportBatchItemFailures), so the rest
 * of the batch is not redelivered. Concurrency is capped to keep Neon connections bounded.
 */
export function inboundConsumer(
  stack: Stack,
  deps: { queues: InboundQueues; bucket: Bucket; bus: EventBus; secrets: Secrets },
) {
  const { queues, bucket, bus, secrets } = deps;
  const fn = lambda(stack, "InboundFunction", "inbound", {
    description: "Applies verified webhook messages from the inbound queue",
    timeout: CONSUMER_TIMEOUT_SECONDS,
  });
  fn.addEventSource(
    new SqsEventSource(queues.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 10 }),
  );
  secrets.databaseUrl.grantRead(fn);
  // Provider media is fetched with the channel's token.
  allowChannelSecrets(stack, fn, "read-access-tokens");
  bucket.grantRead(fn, `${prefixes.inbound}*`);
  // Domain events are relayed after commit by whichever function committed them.
  bus.grantPutEventsTo(fn);
  return fn;
}

/**
 * The inbox's email channels on AWS: an SES receipt rule (spam and virus scan on, TLS required) writes
 * each message's raw MIME to the attachments bucket under EMAIL_PREFIX, and the bucket notifies the
 * inbound queue, so email takes the same consumer, DLQ and replay path as webhooks (no public endpoint).
 * DOTMAC_INBOX_RECIPIENTS (comma separated addresses or domains) limits the rule; the rule set must be
 * made the region's active one once (`aws ses set-active-receipt-rule-set`), which CloudFormation cannot.
 */
export function emailReceiving(
  stack: Stack,
  deps: { bucket: Bucket; queues: InboundQueues; consumer: ReturnType<typeof inboundConsumer> },
) {
  const recipients = (process.env.DOTMAC_INBOX_RECIPIENTS ?? "").split(/[\s,]+/).filter(Boolean);
  const rules = new ReceiptRuleSet(stack, "InboundEmail", {
    rules: [
      {
        ...(recipients.length ? { recipients } : {}),
        scanEnabled: true,
        tlsPolicy: TlsPolicy.REQUIRE,
        actions: [new S3Action({ bucket: deps.bucket, objectKeyPrefix: EMAIL_PREFIX })],
      },
    ],
  });
  deps.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(deps.queues.queue), {
    prefix: EMAIL_PREFIX,
  });
  // The consumer reads the raw mail (inbound/*, granted already) and stores accepted attachments.
  deps.bucket.grantPut(deps.consumer, `${INBOX_ATTACHMENTS_PREFIX}*`);
  return rules;
}
