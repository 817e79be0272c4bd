import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import * as Inbound from "@dotmac/core/inbound";
import type { SQSEvent, SQSRecord } from "aws-lambda";

const processor = new BatchProcessor(EventType.SQS);

/**
 * SQS → consumer, one record at a time. `consume` dead-letters (and so acknowledges) what can never
 * succeed, so only a transient failure throws and becomes a batch item failure that SQS retries alone.
 */
async function record(r: SQSRecord) {
  const receiveCount = Number(r.attributes.ApproximateReceiveCount) || 1;
  await Inbound.consume({ id: r.messageId, body: r.body, receiveCount });
}

export const handler = (event: SQSEvent) => processPartialResponse(event, record, processor);
