import { and, desc, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { hashToken, newToken } from "../auth/token";
import { queueSecureEmail, type Reissue } from "../notification/delivery";
import type { Transaction, Tx } from "../platform/db";
import type { MailMessage } from "../platform/mail";
import { emit } from "../platform/outbox";
import { publicUrl } from "../platform/public-url";
import { Events } from "./events";
import { readSettings } from "./settings";
import { appendEvent, type TicketRow } from "./shared";
import { confirmationOutcomes, ticketConfirmationTable, ticketTable } from "./ticket.sql";

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
 * caller's transaction: only the token's hash is stored, and the link is mailed to `email` after commit.
 * A ticket with nobody to ask never gets here: resolving it closes it (`moveStatus`).
 */
export async function issueConfirmation(tx: Transaction, ticket: TicketRow, email: string): Promise<{ id: string }> {
  await supersedeConfirmations(tx, ticket.id);
  const { confirmationGraceHours } = await readSettings(tx);
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
  const deliveryId = await queueSecureEmail({
    template: "ticket_confirmation",
    linkKey: `ticket:${ticket.id}:confirmation`,
    ref: { confirmationId: confirmation.id },
    message: confirmationMail({
      to: email,
      number: ticket.number,
      title: ticket.title,
      link: confirmationLink(token),
      graceHours: confirmationGraceHours,
    }),
  });
  await tx.update(ticketConfirmationTable).set({ deliveryId }).where(eq(ticketConfirmationTable.id, confirmation.id));
  return { id: confirmation.id };
}

const ReissueRef = z.object({ confirmationId: z.uuid() });

/**
 * The retry job's re-issue of a confirmation mail that failed: a fresh token replaces the stored hash
 * (the old link may never have left) and the grace restarts now, so the customer gets the whole grace
 * from the mail that reaches them. Nothing is sent once the request is answered or the ticket moved on.
 */
export const reissueConfirmationMail: Reissue = async (tx, ref) => {
  const parsed = ReissueRef.safeParse(ref);
  if (!parsed.success) return undefined;
  const [found] = await tx
    .select({ ticketId: ticketConfirmationTable.ticketId })
    .from(ticketConfirmationTable)
    .where(eq(ticketConfirmationTable.id, parsed.data.confirmationId));
  if (!found) return undefined;
  // Ticket before confirmation, the order every status change locks them in.
  const [ticket] = await tx.select().from(ticketTable).where(eq(ticketTable.id, found.ticketId)).for("update");
  const [row] = await tx
    .select()
    .from(ticketConfirmationTable)
    .where(eq(ticketConfirmationTable.id, parsed.data.confirmationId))
    .for("update");
  if (!ticket || !row) return undefined;
  const state = stateFor(row, ticket);
  if (state !== "open" && state !== "expired") return undefined;
  const { confirmationGraceHours } = await readSettings(tx);
  const token = newToken();
  const expiresAt = new Date(Date.now() + confirmationGraceHours * 3_600_000);
  await tx
    .update(ticketConfirmationTable)
    .set({ tokenHash: hashToken(token), expiresAt })
    .where(eq(ticketConfirmationTable.id, row.id));
  const { to: _to, ...mail } = confirmationMail({
    to: row.email ?? "",
    number: ticket.number,
    title: ticket.title,
    link: confirmationLink(token),
    graceHours: confirmationGraceHours,
  });
  return mail;
};
