import { desc, eq } from "drizzle-orm";
import * as Audit from "../audit";
import { withActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError, errorMessage } from "../platform/errors";
import * as Outbox from "../platform/outbox";
import { jobRunTable } from "../platform/platform.sql";
import * as RateLimit from "../platform/rate-limit";
import { isJobName, type JobName, jobNames, jobRegistry } from "./registry";

export { isJobName, type JobName, jobNames, jobRegistry } from "./registry";

// Handlers load their domain lazily, so the status page (which lists jobs) does not pull in S3.
const handlers: Record<JobName, () => Promise<unknown>> = {
  "outbox.sweep": () => Outbox.sweep(),
  "uploads.expire": async () => (await import("../upload")).expireAbandoned(),
  "rate_limits.prune": () => RateLimit.prune(),
  "retention.prune": async () => (await import("../retention")).prune(),
  "sla.scan": async () => {
    const tickets = await (await import("../sla/scan")).scan();
    // Project and task clocks (project/clock.ts) share the job: same engine, same cadence.
    return { ...tickets, projects: await (await import("../project/clock")).scanClocks() };
  },
  "inbox.snooze_wake": async () => (await import("../inbox/actions")).wakeSnoozed(),
  "tickets.auto_confirm": async () => (await import("../ticket/confirmation")).autoConfirm(),
  "inbox.send_due": async () => (await import("../inbox/outbound/send")).due(),
  "inbox.offer-queue": async () => (await import("../inbox/routing")).offerAll(),
  "inbox.reconcile-load": async () => (await import("../inbox/routing")).reconcile(),
  "inbox.reply-reminders": async () => (await import("../inbox/obligation")).remind(),
  "inventory.expire_reservations": async () => (await import("../inventory/materials")).expireReservations(),
  "live.expire": async () => (await import("../live")).expire(),
  "dispatch.positions_prune": async () => (await import("../dispatch/positions")).prune(),
  "campaigns.send_scheduled": async () => (await import("../campaign/send")).runDue(),
  "campaigns.advance_nurture": async () => (await import("../campaign/send")).runNurture(),
  "surveys.expire_invitations": async () => (await import("../survey/invite")).expireInvitations(),
  "quotes.expire": async () => (await import("../quote/expire")).expireDue(),
  "notifications.retry": async () => {
    const [delivery, account, ticket] = await Promise.all([
      import("../notification/delivery"),
      import("../auth/recovery"),
      import("../ticket/confirmation-request"),
    ]);
    // Security mail is retried with a fresh link from the domain that owns it.
    return delivery.retryDue({
      reissue: { ...account.reissueLinkMail, ticket_confirmation: ticket.reissueConfirmationMail },
    });
  },
};

/** Runs a registered job as the system actor and records the run. Unknown names are refused. */
export async function run(name: unknown): Promise<{ name: JobName; result: unknown }> {
  if (!isJobName(name)) {
    throw new AppError("validation", `Unknown job ${JSON.stringify(name)}; registered jobs: ${jobNames.join(", ")}`);
  }
  return withActor({ type: "system", properties: { job: name } }, async () => {
    const [runRow] = await useTransaction((tx) =>
      tx.insert(jobRunTable).values({ name, status: "running" }).returning({ id: jobRunTable.id }),
    );
    const id = runRow?.id as string;
    try {
      const result = await handlers[name]();
      await finish(name, id, "succeeded", null);
      return { name, result };
    } catch (error) {
      await finish(name, id, "failed", errorMessage(error));
      throw error;
    }
  });
}

async function finish(name: JobName, id: string, status: "succeeded" | "failed", error: string | null) {
  await createTransaction(async (tx) => {
    await tx.update(jobRunTable).set({ status, error, finishedAt: new Date() }).where(eq(jobRunTable.id, id));
    await Audit.record({
      action: "job.run",
      entityType: "job",
      entityId: name,
      changes: {
        status: { from: "running", to: status },
        runId: { to: id },
        ...(error ? { error: { to: error } } : {}),
      },
    });
  });
}

/** Each registered job with its schedule and last run, for the status page. */
export async function overview() {
  const last = await useTransaction((tx) =>
    tx.selectDistinctOn([jobRunTable.name]).from(jobRunTable).orderBy(jobRunTable.name, desc(jobRunTable.startedAt)),
  );
  const byName = new Map(last.map((r) => [r.name, r]));
  return jobNames.map((name) => {
    const lastRun = byName.get(name);
    return {
      name,
      schedule: jobRegistry[name].schedule,
      description: jobRegistry[name].description,
      lastRun: lastRun
        ? {
            status: lastRun.status,
            startedAt: lastRun.startedAt.toISOString(),
            finishedAt: lastRun.finishedAt?.toISOString() ?? null,
            error: lastRun.error,
          }
        : null,
    };
  });
}
