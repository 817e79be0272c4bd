import { and, desc, eq, isNull } from "drizzle-orm";
import * as Audit from "../audit";
import { hashToken, newToken } from "../auth/token";
import type { Transaction, Tx } from "../platform/db";
import { type MailMessage, useMailer } from "../platform/mail";
import { emit } from "../platform/outbox";
import { publicUrl } from "../platform/public-url";
import { customerContact } from "./customer-scope";
import { Events } from "./events";
import { readSettings } from "./settings";
import { appendEvent, type TicketRow } from "./shared";
import { confirmationOutcomes, ticketConfirmationTable } from "./ticket.sql";

/*
 * Asking the customer whether a resolved ticket is fixed: the single-use token, the mail, and ending an
 * unanswered request. Status changes call these; the answers (confirmation.ts) change the status.
 */

export type ConfirmationRow = typeof ticketConfirmationTable.$inferSelect;
export type Outcome = (typeof confirmationOutcomes)[number];

/** `open` waits for the customer; `expired` ran out of grace and waits for the auto-confirm job. */
export const confirmationStates = ["open", "expired", ...confirmationOutcomes] as const;
export type ConfirmationState = (typeof confirmationStates)[number];

export const stateOf = (row: ConfirmationRow, now = new Date()): ConfirmationState =>
  row.outcome ?? (row.expiresAt <= now ? "expired" : "open");

/** A request's state as its ticket now stands: unanswered on a ticket that moved on (or went) is superseded. */
export const stateFor = (
  row: ConfirmationRow,
  ticket: Pick<TicketRow, "status" | "deletedAt">,
  now = new Date(),
): ConfirmationState =>
  row.outcome === null && (ticket.deletedAt !== null || ticket.status !== "pending_confirmation")
    ? "superseded"
    : stateOf(row, now);

/** The link in the email. The token rides in the fragment, which browsers never send to a server or a Referer. */
export const confirmationLink = (token: string) => `${publicUrl()}/customer/confirm#token=${token}`;

/** The email that asks the customer whether a resolved ticket is fixed. */
export function confirmationMail(input: {
  to: string;
  number: string;
  title: string;
  link: string;
  graceHours: number;
}): MailMessage {
  return {
    to: input.to,
    subject: `Is your issue resolved? Ticket ${input.number}`,
    text: [
      `Our support team has marked your ticket ${input.number} "${input.title}" as resolved.`,
      "",
      "Please tell us whether the problem is fixed. Open this link to confirm, or to tell us it is still a problem:",
      "",
      input.link,
      "",
      `If we do not hear from you within ${input.graceHours} hours, we will close the ticket as resolved.`,
      "The link works once. If you did not contact our support, ignore this email.",
    ].join("\n"),
  };
}

/** The ticket's newest confirmation request, or undefined when it was never resolved to the customer. */
export async function latestConfirmation(tx: Tx, ticketId: string): Promise<ConfirmationRow | undefined> {
  const [row] = await tx
    .select()
    .from(ticketConfirmationTable)
    .where(eq(ticketConfirmationTable.ticketId, ticketId))
    .orderBy(desc(ticketConfirmationTable.createdAt), desc(ticketConfirmationTable.id))
    .limit(1);
  return row;
}

/** Ends every unanswered confirmation of a ticket (it left `pending_confirmation`, was re-resolved or merged). */
export async function supersedeConfirmations(tx: Transaction, ticketId: string): Promise<number> {
  const rows = await tx
    .update(ticketConfirmationTable)
    .set({ outcome: "superseded", decidedAt: new Date() })
    .where(and(eq(ticketConfirmationTable.ticketId, ticketId), isNull(ticketConfirmationTable.outcome)))
    .returning({ id: ticketConfirmationTable.id });
  return rows.length;
}

/**
 * Issues the single-use confirmation of a ticket that just became `pending_confirmation`, in the
 * caller's transaction: only the token's hash is stored, and the link is mailed after commit (a
 * ticket without a customer email still gets a row, so the grace job closes it).
 */
export async function issueConfirmation(tx: Transaction, ticket: TicketRow): Promise<{ id: string }> {
  await supersedeConfirmations(tx, ticket.id);
  const { confirmationGraceHours } = await readSettings(tx);
  const email = (await customerContact(tx, ticket))?.email ?? null;
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + confirmationGraceHours * 3_600_000);
  const [row] = await tx
    .insert(ticketConfirmationTable)
    .values({ ticketId: ticket.id, tokenHash: hashToken(token), email, expiresAt, createdAt: now })
    .returning();
  const confirmation = row as ConfirmationRow;
  await appendEvent(tx, ticket.id, "confirmation_sent", null, {
    confirmationId: confirmation.id,
    email,
    expiresAt: expiresAt.toISOString(),
  });
  await emit(Events.ConfirmationRequested, {
    ticketId: ticket.id,
    confirmationId: confirmation.id,
    email,
    expiresAt: expiresAt.toISOString(),
  });
  await Audit.record({
    action: "ticket.confirmation_sent",
    entityType: "ticket",
    entityId: ticket.id,
    changes: { confirmationId: { to: confirmation.id }, email: { to: email }, expiresAt: { to: expiresAt } },
  });
  if (email) {
    const link = confirmationLink(token);
    await useMailer().send(
      confirmationMail({
        to: email,
        number: ticket.number,
        title: ticket.title,
        link,
        graceHours: confirmationGraceHours,
      }),
    );
  }
  return { id: confirmation.id };
}
