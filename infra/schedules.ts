import { Duration } from "aws-cdk-lib";
import type { EventBus } from "aws-cdk-lib/aws-events";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { Schedule, ScheduleExpression, ScheduleTargetInput } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { App, Stack } from "sst/constructs";
import { jobNames, jobRegistry } from "../packages/core/src/jobs/registry";
import { allowSendEmail, lambda } from "./functions";
import { allowChannelSecrets, type Secrets } from "./secrets";
import { prefixes } from "./storage";

/**
 * One EventBridge Scheduler schedule per registered job, each invoking the `job` function with
 * `{"job": name}`. The scheduler's role (created by LambdaInvoke, scoped to this account's default
 * schedule group) may only invoke that function and write to the schedules' DLQ.
 */
export function schedules(stack: Stack, deps: { bucket: Bucket; bus: EventBus; secrets: Secrets }) {
  const { bucket, bus, secrets } = deps;
  const app = stack.node.root as App;
  const fn = lambda(stack, "JobFunction", "job", {
    description: "Runs one registered job",
    timeout: 300,
    // The next tick is the retry; an async retry would only overlap it.
    retryAttempts: 0,
  });
  secrets.databaseUrl.grantRead(fn);
  // The outbox retry job resends replies with the channel's token.
  allowChannelSecrets(stack, fn, "read-access-tokens");
  bus.grantPutEventsTo(fn);
  bucket.grantDelete(fn, `${prefixes.uploads}*`);
  // notifications.retry resends failed emails.
  allowSendEmail(stack, fn);

  const dlq = new Queue(stack, "SchedulerDlq", {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  for (const name of jobNames) {
    const job = jobRegistry[name];
    new Schedule(stack, `Schedule-${name}`, {
      scheduleName: app.logicalPrefixedName(`job-${name}`),
      description: job.description,
      schedule: ScheduleExpression.expression(job.schedule),
      target: new LambdaInvoke(fn, {
        input: ScheduleTargetInput.fromObject({ job: name }),
        deadLetterQueue: dlq,
        retryAttempts: 3,
        maxEventAge: Duration.minutes(15),
      }),
    });
  }
  return { fn, dlq };
}
