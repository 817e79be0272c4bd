import type { EventBus } from "aws-cdk-lib/aws-events";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { Api, type Stack } from "sst/constructs";
import { allowSendEmail, lambda } from "./functions";
import type { InboundQueues } from "./inbound";
import type { Secrets } from "./secrets";
import { prefixes } from "./storage";

/**
 * The HTTP API (payload v2): `/api/*` to the Hono API and `/webhooks/*` to a separate, small ingest
 * function that only verifies, spills large bodies to S3 and enqueues. Browsers reach both through
 * CloudFront (web.ts), so no CORS is configured here.
 */
export function api(stack: Stack, deps: { queues: InboundQueues; bucket: Bucket; bus: EventBus; secrets: Secrets }) {
  const { queues, bucket, bus, secrets } = deps;

  const apiFn = lambda(stack, "ApiFunction", "api", {
    description: "Hono API behind /api/*",
    // API Gateway gives up after 30 s.
    timeout: 25,
  });
  secrets.databaseUrl.grantRead(apiFn);
  secrets.sessionSecret.grantRead(apiFn);
  // Presigned POST uploads and GET downloads are signed with this role, so it holds both rights.
  bucket.grantPut(apiFn, `${prefixes.uploads}*`);
  bucket.grantRead(apiFn, `${prefixes.uploads}*`);
  // The status page shows queue and DLQ depth.
  queues.queue.grant(apiFn, "sqs:GetQueueAttributes");
  queues.dlq.grant(apiFn, "sqs:GetQueueAttributes");
  // Domain events are relayed after commit by whichever function committed them.
  bus.grantPutEventsTo(apiFn);
  // Invitation, password-reset and sign-in-link emails go out through SES (sender identities only).
  allowSendEmail(stack, apiFn);

  const webhookFn = lambda(stack, "WebhookFunction", "webhook", {
    description: "Webhook ingest behind /webhooks/*: verify, enqueue, answer",
    memorySize: 512,
    timeout: 10,
  });
  secrets.billingWebhookSecrets.grantRead(webhookFn);
  queues.queue.grantSendMessages(webhookFn);
  bucket.grantPut(webhookFn, `${prefixes.inbound}*`);

  const httpApi = new Api(stack, "Api", {
    cors: false,
    defaults: { throttle: { burst: 500, rate: 200 } },
    routes: {
      "ANY /api/{proxy+}": apiFn,
      "ANY /webhooks/{proxy+}": webhookFn,
    },
  });
  return { httpApi, apiFn, webhookFn };
}
