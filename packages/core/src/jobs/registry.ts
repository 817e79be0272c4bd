/**
 * The only list of scheduled jobs: name → EventBridge Scheduler expression. infra/schedules.ts creates
 * one schedule per entry; the local cron runs the same entries. Handlers live in ./index.ts and the
 * type there makes a registered name without a handler a compile error.
 */
export const jobRegistry = {
  "outbox.sweep": {
    schedule: "rate(1 minute)",
    description: "Republishes domain events whose after-commit relay did not go out",
  },
  "uploads.expire": {
    schedule: "rate(1 hour)",
    description: "Rejects upload slots that were never used within a day and removes their objects",
  },
  "rate_limits.prune": {
    schedule: "rate(15 minutes)",
    description: "Deletes rate-limit windows that no sliding-window estimate reads any more",
  },
  "retention.prune": {
    schedule: "rate(1 hour)",
    description:
      "Deletes expired sessions and links, published events, processed inbound messages and finished mail after RETENTION_DAYS, in batches",
  },
  "sla.scan": {
    schedule: "rate(1 minute)",
    description:
      "Recomputes due SLA clocks (tickets, projects and their tasks) and raises each warning and breach once",
  },
  "tickets.auto_confirm": {
    schedule: "rate(5 minutes)",
    description: "Closes resolved tickets whose customer did not answer within the confirmation grace",
  },
  "notifications.retry": {
    schedule: "rate(5 minutes)",
    description:
      "Resends emails whose delivery failed, with backoff, until they go out or are given up; a security link is re-issued",
  },
  "inbox.snooze_wake": {
    schedule: "rate(1 minute)",
    description: "Reopens snoozed conversations whose snooze time has come",
  },
  "inbox.send_due": {
    schedule: "rate(1 minute)",
    description:
      "Sends inbox replies that are due: retries whose backoff has passed, replies whose immediate send never ran, and sends stuck without the provider's answer",
  },
  "inbox.offer-queue": {
    schedule: "rate(1 minute)",
    description: "Offers every team's waiting conversations to its online agents with free capacity",
  },
  "inbox.reconcile-load": {
    schedule: "rate(15 minutes)",
    description: "Recomputes each agent's open-conversation count from live assignments",
  },
  "inbox.reply-reminders": {
    schedule: "rate(1 minute)",
    description: "Reminds assignees before a customer's reply is due and escalates breaches to the team lead",
  },
  "inventory.expire_reservations": {
    schedule: "rate(15 minutes)",
    description:
      "Gives back work-order reservations past their expiry and those of completed or canceled jobs, with a ledger row each",
  },
  "dispatch.positions_prune": {
    schedule: "rate(1 hour)",
    description: "Deletes technicians' location pings older than 48 hours, in batches",
  },
  "live.expire": {
    schedule: "rate(5 minutes)",
    description: "Drops live connections silent for over 11 minutes (their disconnect never came) and expired tickets",
  },
  "campaigns.send_scheduled": {
    schedule: "rate(1 minute)",
    description:
      "Starts campaigns whose scheduled time came, sends their due messages in batches, and completes finished ones",
  },
  "campaigns.advance_nurture": {
    schedule: "rate(5 minutes)",
    description:
      "Adds each nurture sequence's next step after its delay, sends those due, and completes finished campaigns",
  },
  "surveys.expire_invitations": {
    schedule: "rate(1 hour)",
    description: "Marks unanswered survey invitations past their expiry as expired",
  },
  "quotes.expire": {
    schedule: "rate(15 minutes)",
    description: "Marks sent quotes past their expiry as expired; their links stop working",
  },
} as const satisfies Record<string, { schedule: string; description: string }>;

export type JobName = keyof typeof jobRegistry;
export const jobNames = Object.keys(jobRegistry) as JobName[];

export function isJobName(name: unknown): name is JobName {
  return typeof name === "string" && Object.hasOwn(jobRegistry, name);
}
