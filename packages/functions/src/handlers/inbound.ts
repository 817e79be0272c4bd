import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import * as Inbound from "@dotmac/core/inbound";
import type { SQSEvent, SQSRecord } from "aws-lambda";

const processor = new BatchProcessor(EventType.SQS);

/** SQS → consumer. A thrown record is reported as a batch item failure and retried by SQS alone. */
async function record(r: SQSRecord) {
  await Inbound.consume({ id: r.messageId, body: r.body, receiveCount: Number(r.attributes.ApproximateReceiveCount) });
}

export const handler = (event: SQSEvent) => processPartialResponse(event, record, processor);
