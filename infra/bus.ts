import { Duration } from "aws-cdk-lib";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { App, Stack } from "sst/constructs";
import { EVENT_SOURCE } from "../packages/core/src/platform/bus/eventbridge";
import { allowSendEmail, lambda } from "./functions";
import { allowChannelSecrets, type Secrets } from "./secrets";

/** The bus the outbox relay publishes domain events to. */
export function eventBus(stack: Stack) {
  const app = stack.node.root as App;
  return new EventBus(stack, "Bus", { eventBusName: app.logicalPrefixedName("bus") });
}

/**
 * Every `dotmac.crm` event → the `events` function (subscribers dedupe by event id). An event that
 * cannot be delivered, or whose subscribers still fail after Lambda's async retries, lands on a DLQ
 * instead of being dropped: once the outbox marks it published, nothing else would retry it.
 */
export function eventsConsumer(stack: Stack, deps: { bus: EventBus; secrets: Secrets }) {
  const { bus, secrets } = deps;
  const dlq = new Queue(stack, "EventsDlq", {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const fn = lambda(stack, "EventsFunction", "events", {
    description: "Runs domain event subscribers",
    timeout: 60,
    retryAttempts: 2,
    deadLetterQueue: dlq,
  });
  secrets.databaseUrl.grantRead(fn);
  // Replies queued by a request are sent here, with the channel's token.
  allowChannelSecrets(stack, fn, "read-access-tokens");
  bus.grantPutEventsTo(fn);
  // Notification subscribers email assignees, mentioned staff and customers.
  allowSendEmail(stack, fn);
  new Rule(stack, "EventsRule", {
    eventBus: bus,
    description: "Domain events to the events function",
    eventPattern: { source: [EVENT_SOURCE] },
    targets: [new LambdaFunction(fn, { deadLetterQueue: dlq, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
  });
  return { fn, dlq };
}
