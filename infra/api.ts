import { CfnRoute, type CfnStage } from "aws-cdk-lib/aws-apigatewayv2";
import type { EventBus } from "aws-cdk-lib/aws-events";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { Api, type Stack } from "sst/constructs";
import { allowSendEmail, lambda } from "./functions";
import type { InboundQueues } from "./inbound";
import { allowChannelSecrets, type Secrets } from "./secrets";
import { prefixes } from "./storage";

export const WEBHOOK_ROUTE = "ANY /webhooks/{proxy+}";
/** Requests per second (and burst) the webhook route takes from all callers together. */
export const WEBHOOK_ROUTE_THROTTLE = { rate: 100, burst: 200 };

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
  // Checks the origin-verify header before trusting CloudFront-Viewer-Address (client-ip.ts).
  secrets.originVerify.grantRead(apiFn);
  // Settings › Inbox › Channels writes channel tokens; a reply sent from a request reads them.
  allowChannelSecrets(stack, apiFn, "write");
  allowChannelSecrets(stack, apiFn, "read-access-tokens");
  // Presigned POST uploads and GET downloads are signed with this role, so it holds both rights.
  bucket.grantPut(apiFn, `${prefixes.uploads}*`);
  bucket.grantRead(apiFn, `${prefixes.uploads}*`);
  // The inbox's email HTML route embeds the inline images the inbound consumer stored.
  bucket.grantRead(apiFn, "inbox/*");
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
  secrets.originVerify.grantRead(webhookFn);
  // Meta's handshake on a channel's URL compares against that channel's verify-token digest.
  allowChannelSecrets(stack, webhookFn, "read-verify-digests");
  queues.queue.grantSendMessages(webhookFn);
  bucket.grantPut(webhookFn, `${prefixes.inbound}*`);

  const httpApi = new Api(stack, "Api", {
    cors: false,
    defaults: { throttle: { burst: 500, rate: 200 } },
    routes: {
      "ANY /api/{proxy+}": apiFn,
      [WEBHOOK_ROUTE]: webhookFn,
    },
  });
  // The webhook function's per-IP buckets live in each instance's memory and a flood scales out new
  // instances, so the stage also caps the route for all callers together, before any Lambda runs.
  const stage = httpApi.cdk.httpApi.defaultStage?.node.defaultChild as CfnStage;
  stage.routeSettings = {
    [WEBHOOK_ROUTE]: {
      ThrottlingBurstLimit: WEBHOOK_ROUTE_THROTTLE.burst,
      ThrottlingRateLimit: WEBHOOK_ROUTE_THROTTLE.rate,
    },
  };
  // CloudFormation refuses settings for a route it has not created yet.
  for (const route of httpApi.node.findAll()) {
    if (route instanceof CfnRoute && route.routeKey === WEBHOOK_ROUTE) stage.addDependency(route);
  }
  return { httpApi, apiFn, webhookFn };
}
