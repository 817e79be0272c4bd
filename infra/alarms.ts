import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Stack } from "sst/constructs";

/**
 * Any message on a dead-letter queue and any function error raise an alarm on one SNS topic; the
 * operator subscribes to it (email, chat) after deploy.
 */
export function alarms(
  stack: Stack,
  deps: { deadLetterQueues: Record<string, IQueue>; functions: Record<string, IFunction> },
) {
  const topic = new Topic(stack, "Alarms", { displayName: "DotMac CRM alarms", enforceSSL: true });
  const action = new SnsAction(topic);
  for (const [name, queue] of Object.entries(deps.deadLetterQueues)) {
    new Alarm(stack, `${name}DlqNotEmpty`, {
      alarmDescription: `Messages are waiting on the ${name} dead-letter queue`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }
  for (const [name, fn] of Object.entries(deps.functions)) {
    new Alarm(stack, `${name}Errors`, {
      alarmDescription: `The ${name} function is throwing errors`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }
  return topic;
}
