import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import * as Inbound from "@dotmac/core/inbound";
import { encodeEnvelope } from "@dotmac/core/webhook";
import type { SQSEvent, SQSRecord } from "aws-lambda";

const processor = new BatchProcessor(EventType.SQS);

interface S3Record {
  eventSource?: string;
  eventTime?: string;
  s3?: { object?: { key?: string } };
}

/**
 * SES receiving writes each email's raw MIME to S3 and S3 notifies this queue: such a record becomes
 * one `email` envelope per object, keyed by the object key (SES's message id), so a redelivery is a
 * duplicate. S3's setup `s3:TestEvent` carries no records and is acknowledged.
 */
export function s3Envelopes(body: string): string[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== "object") return undefined;
  if ((json as { Event?: unknown }).Event === "s3:TestEvent") return [];
  const records = (json as { Records?: unknown }).Records;
  if (!Array.isArray(records) || !records.every((r: S3Record) => r?.eventSource === "aws:s3")) return undefined;
  return (records as S3Record[]).flatMap((r) => {
    const raw = r.s3?.object?.key;
    if (!raw) return [];
    // S3 event keys are URL-encoded, with spaces as "+".
    const key = decodeURIComponent(raw.replace(/\+/g, " "));
    return [
      encodeEnvelope({
        v: 1,
        provider: "email",
        id: key,
        receivedAt:
          r.eventTime && !Number.isNaN(Date.parse(r.eventTime))
            ? new Date(r.eventTime).toISOString()
            : new Date().toISOString(),
        body: JSON.stringify({ key, source: "ses" }),
      }),
    ];
  });
}

/**
 * SQS → consumer, one record at a time. `consume` dead-letters (and so acknowledges) what can never
 * succeed, so only a transient failure throws and becomes a batch item failure that SQS retries alone.
 */
async function record(r: SQSRecord) {
  const receiveCount = Number(r.attributes.ApproximateReceiveCount) || 1;
  const emails = s3Envelopes(r.body);
  if (!emails) {
    await Inbound.consume({ id: r.messageId, body: r.body, receiveCount });
    return;
  }
  for (const body of emails) await Inbound.consume({ id: r.messageId, body, receiveCount });
}

export const handler = (event: SQSEvent) => processPartialResponse(event, record, processor);
