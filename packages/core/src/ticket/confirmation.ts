import { and, eq, isNull, lte, or } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { hashToken } from "../auth/token";
import { emailDeliveryTable } from "../notification/notification.sql";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError, errorMessage } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { insertCustomerReply } from "./comment";
import {
  type ConfirmationRow,
  type ConfirmationState,
  confirmationStates,
  latestConfirmation,
  type Outcome,
  stateFor,
  stateOf,
} from "./confirmation-request";
import { ownTickets } from "./customer-scope";
import { Events } from "./events";
import { appendEvent, liveTicket } from "./shared";
import { moveStatus } from "./status";
import { ticketConfirmationTable, ticketTable } from "./ticket.sql";

/*
 * The customer's answer to a confirmation request (by the emailed link, or signed in), the grace job
 * that closes unanswered ones, and what staff see of them.
 */

/** 32 random bytes in base64url are 43 characters; anything far off cannot be one of ours. */
const Token = text(200, { min: 20 });
const Reason = text(5_000);

const invalidLink = () =>
  new AppError("not_found", "This confirmation link is invalid; use the newest link we emailed you", [
    { path: "token", message: "is not a confirmation link" },
  ]);

const stateWords: Record<ConfirmationState, string> = {
  open: "This confirmation is waiting for your answer",
  expired: "This confirmation has expired: the ticket is closed as resolved; if the problem is back, contact us again",
  confirmed: "Already answered: you confirmed the problem is fixed and the ticket is closed",
  disputed: "Already answered: you told us the problem is not fixed and the ticket was reopened",
  auto_confirmed:
    "This confirmation has expired: the ticket was closed as resolved; if the problem is back, contact us again",
  superseded: "This confirmation is no longer valid: the ticket changed since we asked; use the newest link we sent",
};

/** An answered, expired or superseded confirmation cannot be answered again: 409 naming its state. */
function alreadyDecided(state: ConfirmationState): AppError {
  return new AppError("conflict", stateWords[state], [{ path: "state", message: state }]);
}

/**
 * Records an answer: confirm closes the ticket, dispute reopens it with the reason as the customer's
 * public comment, the grace job closes it. The customer's answer is authoritative (the transition table
 * does not apply: the customer has the last word on whether it is fixed); all log, emit and audit like
 * staff changes. Locks the ticket before the confirmation, as status changes do, so they never deadlock.
 * Whether it changed anything (a person's refused answer throws; the job's is just not counted).
 */
async function decide(
  tx: Transaction,
  found: ConfirmationRow,
  outcome: Extract<Outcome, "confirmed" | "disputed" | "auto_confirmed">,
  reason: string | null,
): Promise<boolean> {
  const [ticket] = await tx.select().from(ticketTable).where(eq(ticketTable.id, found.ticketId)).for("update");
  const [confirmation = found] = await tx
    .select()
    .from(ticketConfirmationTable)
    .where(eq(ticketConfirmationTable.id, found.id))
    .for("update");
  const byJob = outcome === "auto_confirmed";
  // The grace job closes expired ones; a person may answer only an open one.
  if (confirmation.outcome) {
    if (byJob) return false;
    throw alreadyDecided(confirmation.outcome);
  }
  if (!byJob && stateOf(confirmation) === "expired") throw alreadyDecided("expired");
  if (!ticket || ticket.deletedAt || ticket.status !== "pending_confirmation") {
    if (!byJob) throw alreadyDecided("superseded");
    await tx
      .update(ticketConfirmationTable)
      .set({ outcome: "superseded", decidedAt: new Date() })
      .where(eq(ticketConfirmationTable.id, confirmation.id));
    return false;
  }
  await tx
    .update(ticketConfirmationTable)
    .set({ outcome, decidedAt: new Date(), reason })
    .where(eq(ticketConfirmationTable.id, confirmation.id));
  if (outcome === "disputed" && reason) await insertCustomerReply(tx, ticket.id, reason);
  await appendEvent(tx, ticket.id, outcome === "disputed" ? "disputed" : "confirmed", null, {
    confirmationId: confirmation.id,
    outcome,
    ...(reason ? { reason } : {}),
  });
  await moveStatus(tx, ticket, outcome === "disputed" ? "open" : "closed", { authoritative: true });
  await emit(Events.ConfirmationDecided, { ticketId: ticket.id, confirmationId: confirmation.id, outcome, reason });
  const actor = Audit.currentActor();
  await Audit.record({
    action: auditAction[outcome],
    entityType: "ticket",
    entityId: ticket.id,
    changes: {
      confirmationId: { to: confirmation.id },
      outcome: { to: outcome },
      ...(reason ? { reason: { to: reason } } : {}),
    },
    // Whoever holds the emailed link is anonymous: label the row with the address it went to.
    actor: actor.type === "public" ? { ...actor, label: confirmation.email } : actor,
  });
  return true;
}

const auditAction = {
  confirmed: "ticket.confirmed",
  disputed: "ticket.disputed",
  auto_confirmed: "ticket.auto_confirmed",
} as const;

async function byToken(tx: Transaction, token: string): Promise<ConfirmationRow> {
  const [row] = await tx
    .select()
    .from(ticketConfirmationTable)
    .where(eq(ticketConfirmationTable.tokenHash, hashToken(token)));
  if (!row) throw invalidLink();
  return row;
}

export const LookupInfo = z.object({
  ticket: z.object({ number: z.string(), title: z.string(), resolvedAt: z.iso.datetime().nullable() }),
  state: z.enum(confirmationStates),
  expiresAt: z.iso.datetime(),
});
export type LookupInfo = z.infer<typeof LookupInfo>;

/** What a confirmation link is about, for the public page: the ticket's number, title and resolution time. */
export const lookupConfirmation = fn(z.object({ token: Token }), async ({ token }): Promise<LookupInfo> => {
  return createTransaction(async (tx) => {
    const row = await byToken(tx, token);
    const [ticket] = await tx.select().from(ticketTable).where(eq(ticketTable.id, row.ticketId));
    if (!ticket) throw invalidLink();
    return {
      ticket: { number: ticket.number, title: ticket.title, resolvedAt: ticket.resolvedAt?.toISOString() ?? null },
      state: stateFor(row, ticket),
      expiresAt: row.expiresAt.toISOString(),
    };
  });
});

/** The customer's "yes, it's fixed" from the emailed link: closes the ticket. Single use. */
export const confirm = fn(z.object({ token: Token }), async ({ token }): Promise<{ state: ConfirmationState }> => {
  await createTransaction(async (tx) => decide(tx, await byToken(tx, token), "confirmed", null));
  return { state: "confirmed" };
});

/** The customer's "no, still a problem" from the emailed link: reopens the ticket with their reason. Single use. */
export const dispute = fn(
  z.object({ token: Token, reason: Reason }),
  async ({ token, reason }): Promise<{ state: ConfirmationState }> => {
    await createTransaction(async (tx) => decide(tx, await byToken(tx, token), "disputed", reason));
    return { state: "disputed" };
  },
);

/** A signed-in customer's own ticket's newest confirmation; other subscribers' tickets are 404. */
async function customerConfirmation(tx: Transaction, ticketId: string): Promise<ConfirmationRow> {
  // The same ownership rule as the portal's ticket pages: the account's subscriber, its person's
  // subscribers, or tickets opened for its person.
  const [ticket] = await tx
    .select()
    .from(ticketTable)
    .where(and(eq(ticketTable.id, ticketId), await ownTickets(tx)));
  if (!ticket) {
    throw new AppError("not_found", `Ticket ${ticketId} does not exist`);
  }
  const row = await latestConfirmation(tx, ticketId);
  if (!row || ticket.status !== "pending_confirmation") {
    throw new AppError("conflict", `Ticket ${ticket.number} is not waiting for your confirmation`, [
      { path: "state", message: row ? stateOf(row) : "none" },
    ]);
  }
  return row;
}

/** The signed-in customer portal's "yes, it's fixed" on one of the customer's own tickets. */
export const confirmForCustomer = fn(id(), async (ticketId): Promise<{ state: ConfirmationState }> => {
  await createTransaction(async (tx) => decide(tx, await customerConfirmation(tx, ticketId), "confirmed", null));
  return { state: "confirmed" };
});

/** The signed-in customer portal's "no, still a problem", with the reason as the customer's public reply. */
export const disputeForCustomer = fn(
  z.object({ ticketId: id(), reason: Reason }),
  async ({ ticketId, reason }): Promise<{ state: ConfirmationState }> => {
    await createTransaction(async (tx) => decide(tx, await customerConfirmation(tx, ticketId), "disputed", reason));
    return { state: "disputed" };
  },
);

export const ConfirmationInfo = z.object({
  id: z.uuid(),
  state: z.enum(confirmationStates),
  email: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
});
export type ConfirmationInfo = z.infer<typeof ConfirmationInfo>;

/** The ticket's newest confirmation for staff, or undefined when it was never resolved to the customer. */
export const confirmationOf = fn(id(), async (ticketId): Promise<ConfirmationInfo | undefined> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    await liveTicket(tx, ticketId);
    const row = await latestConfirmation(tx, ticketId);
    if (!row) return undefined;
    return {
      id: row.id,
      state: stateOf(row),
      email: row.email,
      expiresAt: row.expiresAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      reason: row.reason,
    };
  });
});

/**
 * Job `tickets.auto_confirm`: closes each ticket whose confirmation ran out of grace unanswered after its
 * mail was sent (or, issued before resolving a ticket with nobody to ask closed it at once, had no email
 * to send to), one transaction each (a failure leaves the others done and fails the run). A row another
 * run decided first is left as it is, so overlapping runs never close a ticket twice. Returns how many
 * it closed.
 */
export async function autoConfirm(now: Date = new Date()): Promise<number> {
  const c = ticketConfirmationTable;
  const due = await useTransaction((tx) =>
    tx
      .select({ row: c })
      .from(c)
      .leftJoin(emailDeliveryTable, eq(emailDeliveryTable.id, c.deliveryId))
      .where(
        and(
          isNull(c.outcome),
          lte(c.expiresAt, now),
          // Silence counts only once the link has reached the mail service: a mail still retrying (or
          // given up, for staff to follow on the status page) leaves the ticket waiting.
          or(isNull(c.deliveryId), eq(emailDeliveryTable.status, "sent")),
        ),
      )
      .orderBy(c.expiresAt)
      .limit(500),
  );
  let closed = 0;
  const failures: string[] = [];
  for (const { row } of due) {
    try {
      if (await createTransaction((tx) => decide(tx, row, "auto_confirmed", null))) closed += 1;
    } catch (error) {
      failures.push(`${row.ticketId}: ${errorMessage(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new AppError("internal", `Auto-confirmed ${closed}; ${failures.length} failed: ${failures.join("; ")}`);
  }
  return closed;
}
