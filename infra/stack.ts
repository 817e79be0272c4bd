import type { StackContext } from "sst/constructs";
import { alarms } from "./alarms";
import { api } from "./api";
import { eventBus, eventsConsumer } from "./bus";
import { functionDefaults } from "./functions";
import { emailReceiving, inboundConsumer, inboundQueues, MAX_RECEIVES, VISIBILITY_TIMEOUT_SECONDS } from "./inbound";
import { live as liveUpdates } from "./live";
import { schedules } from "./schedules";
import { secrets as createSecrets, secretsPrefix } from "./secrets";
import { allowUploadsFrom, attachmentsBucket, uploadScanner } from "./storage";
import { web } from "./web";

/**
 * The whole app in one stack, composed from one function per concern. Resources every function
 * names come first, so the runtime configuration (config.ts) can be the stack's function default;
 * each concern then grants its function exactly what it uses.
 */
export function Crm({ stack }: StackContext) {
  const secrets = createSecrets(stack);
  const bucket = attachmentsBucket(stack);
  const queues = inboundQueues(stack);
  const bus = eventBus(stack);

  stack.setDefaultFunctionProps(
    functionDefaults({
      NODE_ENV: "production",
      DATA_DIR: "/tmp",
      DATABASE_DRIVER: "neon",
      DATABASE_URL_SECRET_ARN: secrets.databaseUrl.secretArn,
      SESSION_SECRET_SECRET_ARN: secrets.sessionSecret.secretArn,
      ORIGIN_VERIFY_SECRET_SECRET_ARN: secrets.originVerify.secretArn,
      BILLING_WEBHOOK_SECRETS_SECRET_ARN: secrets.billingWebhookSecrets.secretArn,
      SECRETS_DRIVER: "aws",
      SECRETS_PREFIX: secretsPrefix(stack),
      BLOB_DRIVER: "s3",
      BLOB_BUCKET: bucket.bucketName,
      QUEUE_DRIVER: "sqs",
      INBOUND_QUEUE_URL: queues.queue.queueUrl,
      INBOUND_DLQ_URL: queues.dlq.queueUrl,
      QUEUE_VISIBILITY_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS),
      QUEUE_MAX_RECEIVES: String(MAX_RECEIVES),
      EVENT_BUS_DRIVER: "eventbridge",
      EVENT_BUS_NAME: bus.eventBusName,
      MAIL_DRIVER: "ses",
      // A verified SES identity of the stage; set DOTMAC_MAIL_FROM when deploying.
      MAIL_FROM: process.env.DOTMAC_MAIL_FROM ?? "DotMac CRM <no-reply@dotmac-crm.example>",
      // The dispatch board's map tiles; the edge CSP (web.ts) allows the same origin.
      ...(process.env.MAP_TILE_URL ? { MAP_TILE_URL: process.env.MAP_TILE_URL } : {}),
    }),
  );

  const http = api(stack, { queues, bucket, bus, secrets });
  const inbound = inboundConsumer(stack, { queues, bucket, bus, secrets });
  emailReceiving(stack, { bucket, queues, consumer: inbound });
  const events = eventsConsumer(stack, { bus, secrets });
  const scan = uploadScanner(stack, { bucket, secrets });
  const jobs = schedules(stack, { bucket, bus, secrets });
  // Fan-out runs in the events function; the live.expire job closes silent connections.
  const live = liveUpdates(stack, { secrets, posters: [events.fn, jobs.fn] });
  const site = web(stack, { api: http.httpApi, originVerify: secrets.originVerify, live: live.domain });

  const functions = {
    Api: http.apiFn,
    Webhook: http.webhookFn,
    Inbound: inbound,
    Job: jobs.fn,
    Events: events.fn,
    Scan: scan,
  };

  // `sst dev` deploys no site; the API then derives its origin from each request.
  if (site.url) {
    for (const fn of Object.values(functions)) {
      fn.addEnvironment("PUBLIC_URL", site.url);
      // Presigned downloads go through the distribution's download behaviour (nosniff, disposition).
      fn.addEnvironment("BLOB_DOWNLOAD_URL", site.url);
    }
    allowUploadsFrom(bucket, site.url);
  } else {
    // Without the distribution the portal opens the socket on the WebSocket API itself.
    http.apiFn.addEnvironment("LIVE_URL", live.socketApi.url);
  }
  alarms(stack, {
    deadLetterQueues: { Inbound: queues.dlq, Scheduler: jobs.dlq, Events: events.dlq },
    functions: { ...functions, ...live.routes },
  });

  stack.addOutputs({
    ...(site.url ? { Url: site.url } : {}),
    ApiUrl: http.httpApi.url,
    LiveUrl: live.socketApi.url,
    AttachmentsBucket: bucket.bucketName,
    InboundDlqUrl: queues.dlq.queueUrl,
  });
  return { site, bucket, queues, bus, secrets, functions };
}
