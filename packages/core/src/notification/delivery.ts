import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import * as Audit from "../audit";
import { afterCommit, createTransaction, useTransaction } from "../platform/db";
import { errorMessage } from "../platform/errors";
import { deliverMail } from "../platform/mail";
import { emailDeliveryTable, type NotificationKind, notificationKinds } from "./notification.sql";
import { render, type TemplateData } from "./templates";

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure gives up (`dead`). */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120] as const;
export const MAX_ATTEMPTS = 5;

const isKind = (template: string): template is NotificationKind =>
  (notificationKinds as readonly string[]).includes(template);

export interface QueuedEmail {
  to: string;
  kind: NotificationKind;
  data: TemplateData;
  dedupeKey: string;
}

/**
 * Records emails in the caller's transaction and sends them once it commits. A dedupe key already
 * recorded is skipped, so a redelivered event queues nothing twice. Returns the ids it queued.
 */
export async function queueEmails(emails: QueuedEmail[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await useTransaction((tx) =>
    tx
      .insert(emailDeliveryTable)
      .values(
        emails.map((e) => ({
          to: e.to,
          template: e.kind,
          subject: render(e.kind, e.data).subject,
          data: e.data as Record<string, unknown>,
          dedupeKey: e.dedupeKey,
          status: "pending" as const,
          nextAttemptAt: sql`now()`,
        })),
      )
      .onConflictDoNothing({ target: emailDeliveryTable.dedupeKey })
      .returning({ id: emailDeliveryTable.id }),
  );
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    // The send is not the event's work: a failure is recorded on the row and retried by the job.
    await afterCommit(async () => {
      for (const id of ids) await attempt(id).catch((error) => console.error(`email ${id}: ${errorMessage(error)}`));
    });
  }
  return ids;
}

export type AttemptOutcome = "sent" | "failed" | "dead" | "skipped";

/**
 * Sends one due delivery under a row lock (`FOR UPDATE SKIP LOCKED`): a row another run holds, or one
 * that is no longer due, is skipped, so concurrent runs never send a message twice. The lock is held
 * across the send, so the outcome is written by the run that sent.
 */
export async function attempt(id: string): Promise<AttemptOutcome> {
  return createTransaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(emailDeliveryTable)
      .where(
        and(
          eq(emailDeliveryTable.id, id),
          inArray(emailDeliveryTable.status, ["pending", "failed"]),
          lte(emailDeliveryTable.nextAttemptAt, sql`now()`),
        ),
      )
      .for("update", { skipLocked: true });
    if (!row) return "skipped";
    const attempts = row.attempts + 1;
    try {
      if (!isKind(row.template)) throw new Error(`unknown template ${row.template}`);
      const message = render(row.template, row.data as TemplateData);
      await deliverMail({ to: row.to, subject: message.subject, text: message.text, html: message.html });
    } catch (error) {
      const lastError = errorMessage(error);
      if (attempts >= MAX_ATTEMPTS) {
        await tx
          .update(emailDeliveryTable)
          .set({ status: "dead", attempts, lastError, nextAttemptAt: null })
          .where(eq(emailDeliveryTable.id, id));
        await Audit.record({
          action: "email.dead",
          entityType: "email_delivery",
          entityId: id,
          changes: {
            status: { from: row.status, to: "dead" },
            template: { to: row.template },
            attempts: { to: attempts },
            lastError: { to: lastError },
          },
        });
        return "dead";
      }
      const delay = RETRY_DELAYS_MINUTES[Math.min(attempts, RETRY_DELAYS_MINUTES.length) - 1] ?? 1;
      await tx
        .update(emailDeliveryTable)
        .set({
          status: "failed",
          attempts,
          lastError,
          nextAttemptAt: sql`now() + make_interval(mins => ${delay})`,
        })
        .where(eq(emailDeliveryTable.id, id));
      return "failed";
    }
    await tx
      .update(emailDeliveryTable)
      .set({ status: "sent", attempts, lastError: null, nextAttemptAt: null, sentAt: sql`now()` })
      .where(eq(emailDeliveryTable.id, id));
    return "sent";
  });
}

/**
 * Job `notifications.retry`: sends every due pending or failed delivery, oldest due first. Safe to run
 * concurrently: each row is sent by whichever run locks it first.
 */
export async function retryDue(options: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const due = await useTransaction((tx) =>
    tx
      .select({ id: emailDeliveryTable.id })
      .from(emailDeliveryTable)
      .where(
        and(
          inArray(emailDeliveryTable.status, ["pending", "failed"]),
          lte(emailDeliveryTable.nextAttemptAt, sql`now()`),
        ),
      )
      .orderBy(asc(emailDeliveryTable.nextAttemptAt))
      .limit(options.limit ?? 200),
  );
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const outcome = await attempt(id);
    if (outcome === "sent") sent++;
    else if (outcome === "failed" || outcome === "dead") failed++;
  }
  return { sent, failed };
}
