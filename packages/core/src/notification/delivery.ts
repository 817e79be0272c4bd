import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import * as Audit from "../audit";
import { afterCommit, createTransaction, type Transaction, useTransaction } from "../platform/db";
import { errorMessage } from "../platform/errors";
import { createId } from "../platform/ids";
import { deliverMail, type MailMessage } from "../platform/mail";
import { emailDeliveryTable, type SecureTemplate, secureTemplates } from "./notification.sql";
import {
  isRenderedKind,
  type LazyKind,
  type Rendered,
  type RenderedKind,
  render,
  type TemplateData,
} from "./templates";

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure gives up (`dead`). */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120] as const;
export const MAX_ATTEMPTS = 5;

export interface QueuedEmail {
  to: string;
  kind: RenderedKind | LazyKind;
  data: TemplateData;
  dedupeKey: string;
}

/**
 * Records emails in the caller's transaction and sends them once it commits. A dedupe key already
 * recorded is skipped, so a redelivered event queues nothing twice. Returns the ids it queued.
 */
export async function queueEmails(emails: QueuedEmail[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const subjects = await Promise.all(emails.map(async (e) => (await renderAny(e.kind, e.data)).subject));
  const rows = await useTransaction((tx) =>
    tx
      .insert(emailDeliveryTable)
      .values(
        emails.map((e, i) => ({
          to: e.to,
          template: e.kind,
          subject: subjects[i] as string,
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

/**
 * Builds a security mail again with a fresh single-use link, invalidating the one the failed send
 * carried (its token was never stored), in the attempt's transaction. Undefined when the mail is no
 * longer wanted: the invitation was accepted, the account deactivated, the ticket moved on.
 */
export type Reissue = (
  tx: Transaction,
  ref: Record<string, unknown>,
  to: string,
) => Promise<Omit<MailMessage, "to"> | undefined>;
/** The owners of each kind of link; the job passes them in (core's lower floors never import auth or tickets). */
export type Reissuers = Record<SecureTemplate, Reissue>;

const isSecure = (template: string): template is SecureTemplate =>
  (secureTemplates as readonly string[]).includes(template);

export interface SecureEmail {
  template: SecureTemplate;
  /** Which link the mail carries; a newer mail for the same link cancels this one if it is still waiting. */
  linkKey: string;
  /** What a re-issue needs to find the account or confirmation again. Never the token. */
  ref: Record<string, unknown>;
  /** The first send's message, with the token that exists only in memory. */
  message: MailMessage;
}

/**
 * Records a security mail (reset, sign-in, invitation, confirmation link) in the caller's transaction
 * and sends it once that commits, like notification mail: a failed send is on the status page and the
 * retry job re-issues its link. Older waiting mail for the same link is cancelled. Returns the row id.
 */
export async function queueSecureEmail(email: SecureEmail): Promise<string> {
  const id = await useTransaction(async (tx) => {
    await tx
      .update(emailDeliveryTable)
      .set({ status: "cancelled", nextAttemptAt: null, lastError: "replaced by a newer link" })
      .where(
        and(eq(emailDeliveryTable.linkKey, email.linkKey), inArray(emailDeliveryTable.status, ["pending", "failed"])),
      );
    const [row] = await tx
      .insert(emailDeliveryTable)
      .values({
        to: email.message.to,
        template: email.template,
        subject: email.message.subject,
        data: email.ref,
        dedupeKey: `${email.template}:${createId()}`,
        linkKey: email.linkKey,
        status: "pending",
        nextAttemptAt: sql`now()`,
      })
      .returning({ id: emailDeliveryTable.id });
    return row?.id as string;
  });
  await afterCommit(async () => {
    await attempt(id, { message: email.message }).catch((error) =>
      console.error(`email ${id}: ${errorMessage(error)}`),
    );
  });
  return id;
}

export type AttemptOutcome = "sent" | "failed" | "dead" | "skipped" | "cancelled";

export interface AttemptOptions {
  /** A security mail's first send: the message with its in-memory token. */
  message?: MailMessage;
  /** How a security mail's retry re-issues its link; without them security mail is left for a run that has them. */
  reissue?: Reissuers;
}

/**
 * Sends one due delivery under a row lock (`FOR UPDATE SKIP LOCKED`): a row another run holds, or one
 * that is no longer due, is skipped, so concurrent runs never send a message twice. The lock is held
 * across the send, so the outcome is written by the run that sent.
 */
export async function attempt(id: string, options: AttemptOptions = {}): Promise<AttemptOutcome> {
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
    let message: MailMessage | undefined;
    if (row.linkKey !== null) {
      if (options.message && row.attempts === 0) message = options.message;
      else if (!options.reissue) return "skipped";
      else if (isSecure(row.template)) {
        const fresh = await options.reissue[row.template](tx, row.data, row.to);
        if (!fresh) {
          await tx
            .update(emailDeliveryTable)
            .set({ status: "cancelled", nextAttemptAt: null, lastError: "no longer needed" })
            .where(eq(emailDeliveryTable.id, id));
          return "cancelled";
        }
        message = { ...fresh, to: row.to };
        // Who can act on the account changed hands: a new link replaced one that may never have left.
        // The row names the mail and its template, never the link or its token.
        await Audit.record({
          action: "email.link_reissued",
          entityType: "email_delivery",
          entityId: id,
          changes: { template: { to: row.template }, attempt: { to: row.attempts + 1 } },
        });
      }
    }
    const attempts = row.attempts + 1;
    try {
      if (!message) {
        const rendered = await renderAny(row.template, row.data as TemplateData);
        message = { to: row.to, subject: rendered.subject, text: rendered.text, html: rendered.html };
      }
      await deliverMail(message);
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
 * Job `notifications.retry`: sends every due pending or failed delivery, oldest due first; security
 * mail (only when `reissue` is given) with a freshly issued link. Safe to run concurrently: each row
 * is sent by whichever run locks it first.
 */
export async function retryDue(
  options: { limit?: number; reissue?: Reissuers } = {},
): Promise<{ sent: number; failed: number }> {
  const due = await useTransaction((tx) =>
    tx
      .select({ id: emailDeliveryTable.id })
      .from(emailDeliveryTable)
      .where(
        and(
          inArray(emailDeliveryTable.status, ["pending", "failed"]),
          lte(emailDeliveryTable.nextAttemptAt, sql`now()`),
          options.reissue ? undefined : isNull(emailDeliveryTable.linkKey),
        ),
      )
      .orderBy(asc(emailDeliveryTable.nextAttemptAt))
      .limit(options.limit ?? 200),
  );
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const outcome = await attempt(id, options.reissue ? { reissue: options.reissue } : {});
    if (outcome === "sent") sent++;
    else if (outcome === "failed" || outcome === "dead") failed++;
  }
  return { sent, failed };
}

/** A kind's mail: its own template, or a lazily loaded kind's words (imported with the first such mail). */
async function renderAny(kind: string, data: TemplateData): Promise<Rendered> {
  if (isRenderedKind(kind)) return render(kind, data);
  const lazy = await import("./lazy-templates");
  if (lazy.isLazyKind(kind)) return lazy.renderLazy(kind, data);
  throw new Error(`unknown template ${kind}`);
}
