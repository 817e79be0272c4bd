import { asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { addNote } from "./comment";
import { issueConfirmation, supersedeConfirmations } from "./confirmation-request";
import { customerContact } from "./customer-scope";
import { Events } from "./events";
import { appendEvent, type Info, liveTicket, type TicketRow, withAssignees } from "./shared";
import { type TicketStatus, ticketStatuses, ticketStatusTransitionTable, ticketTable } from "./ticket.sql";

export const TransitionInfo = z.object({
  from: z.enum(ticketStatuses),
  to: z.enum(ticketStatuses),
  requiresNote: z.boolean(),
});
export type TransitionInfo = z.infer<typeof TransitionInfo>;

/** The active status transitions. None at all means every change is allowed (v1's rule). */
export const transitions = fn(z.object({}).default({}), async (): Promise<TransitionInfo[]> => {
  requirePermission("support:ticket:read");
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(ticketStatusTransitionTable)
      .where(eq(ticketStatusTransitionTable.active, true))
      .orderBy(asc(ticketStatusTransitionTable.fromStatus), asc(ticketStatusTransitionTable.toStatus)),
  );
  return rows.map((r) => ({ from: r.fromStatus, to: r.toStatus, requiresNote: r.requiresNote }));
});

/** "an open ticket", "a new ticket". */
const article = (word: string) => (/^[aeiou]/.test(word) ? "an" : "a");

/** The active rule for `from → to`: allowed (and whether it needs a note), or refused with where `from` may go. */
async function transitionRule(
  tx: Transaction,
  from: TicketStatus,
  to: TicketStatus,
): Promise<{ allowed: true; requiresNote: boolean } | { allowed: false; targets: TicketStatus[] }> {
  const rows = await tx.select().from(ticketStatusTransitionTable).where(eq(ticketStatusTransitionTable.active, true));
  if (rows.length === 0) return { allowed: true, requiresNote: false };
  const pair = rows.find((r) => r.fromStatus === from && r.toStatus === to);
  if (pair) return { allowed: true, requiresNote: pair.requiresNote };
  const targets = rows.filter((r) => r.fromStatus === from).map((r) => r.toStatus);
  return { allowed: false, targets: targets.sort((a, b) => ticketStatuses.indexOf(a) - ticketStatuses.indexOf(b)) };
}

/** Whether `from → to` is allowed and needs a note; refused pairs throw a validation error naming `status`. */
async function checkTransition(
  tx: Transaction,
  from: TicketStatus,
  to: TicketStatus,
): Promise<{ requiresNote: boolean }> {
  const rule = await transitionRule(tx, from, to);
  if (!rule.allowed) {
    const hint = rule.targets.length > 0 ? `; from ${from} it can go to ${rule.targets.join(", ")}` : "";
    throw new AppError(
      "validation",
      `status: ${article(from)} ${from} ticket cannot become ${to}${hint}`,
      [{ path: "status", message: `${from} → ${to} is not an allowed transition` }],
      { reason: { key: "transition_not_allowed", params: { from, to, allowed: rule.targets.join(",") } } },
    );
  }
  return { requiresNote: rule.requiresNote };
}

const resolvedStatuses: readonly TicketStatus[] = ["pending_confirmation", "closed"];
const finishedStatuses: readonly TicketStatus[] = ["closed", "canceled"];

export interface MoveOptions {
  /** Stored as an internal comment. */
  note?: string | undefined;
  /**
   * Skips the transition table: a customer's answer to a confirmation link (confirm closes, dispute
   * reopens) and the grace job are authoritative even where staff could not make that move.
   */
  authoritative?: boolean | undefined;
}

/**
 * The one way a ticket's status changes, in the caller's transaction on a row it has locked: checks the
 * transition (unless authoritative), stamps resolved/closed, logs, emits and audits. Entering
 * `pending_confirmation` issues the customer's confirmation link; leaving it supersedes an open one.
 * Resolving a ticket with nobody to ask (no customer address to send the link to) closes it instead:
 * it would otherwise wait on a link that never went out. The `resolved` log entry says so.
 */
export async function moveStatus(
  tx: Transaction,
  current: TicketRow,
  requested: Exclude<TicketStatus, "merged">,
  options: MoveOptions = {},
): Promise<TicketRow> {
  const { note } = options;
  if (current.status === requested) return current;
  if (current.status === "merged") throw mergedError(current);
  if (!options.authoritative) {
    const { requiresNote } = await checkTransition(tx, current.status, requested);
    if (requiresNote && !note) {
      throw new AppError(
        "validation",
        `note: changing ${article(current.status)} ${current.status} ticket to ${requested} needs a note`,
        [{ path: "note", message: `is required for ${current.status} → ${requested}` }],
        { reason: { key: "note_required", params: { from: current.status, to: requested } } },
      );
    }
  }
  const contact = requested === "pending_confirmation" ? await customerContact(tx, current) : undefined;
  const nobodyToAsk = requested === "pending_confirmation" && !contact;
  const status = nobodyToAsk ? "closed" : requested;
  const id = current.id;
  const now = new Date();
  const reopened = finishedStatuses.includes(current.status) || current.status === "pending_confirmation";
  const resolving = resolvedStatuses.includes(status) && !current.resolvedAt;
  const changes: Partial<typeof ticketTable.$inferInsert> = { status };
  if (resolving) changes.resolvedAt = now;
  if (status === "closed") changes.closedAt = now;
  if (!resolvedStatuses.includes(status) && !finishedStatuses.includes(status) && reopened) {
    changes.resolvedAt = null;
    changes.closedAt = null;
  }
  const [row] = await tx.update(ticketTable).set(changes).where(eq(ticketTable.id, id)).returning();
  const updated = row ?? current;
  await appendEvent(tx, id, "status_changed", current.status, status);
  if (resolving) {
    const unconfirmed = nobodyToAsk ? { confirmation: "nobody_to_ask" } : {};
    await appendEvent(tx, id, "resolved", null, { status, at: now.toISOString(), ...unconfirmed });
  }
  if (reopened && changes.resolvedAt === null) await appendEvent(tx, id, "reopened", current.status, status);
  if (note) await addNote(tx, id, note);
  if (current.status === "pending_confirmation") await supersedeConfirmations(tx, id);
  if (status === "pending_confirmation" && contact) await issueConfirmation(tx, updated, contact.email);
  await emit(Events.StatusChanged, { ticketId: id, from: current.status, to: status, note: note ?? null });
  await Audit.record({
    action: "ticket.status_changed",
    entityType: "ticket",
    entityId: id,
    changes: {
      status: { from: current.status, to: status },
      ...(note ? { note: { to: note } } : {}),
      ...(nobodyToAsk ? { confirmation: { to: "nobody_to_ask" } } : {}),
    },
  });
  return updated;
}

/**
 * A New ticket that someone now works is Open, as help desks (Zammad, Chatwoot) do when an agent takes
 * or is given a ticket: through the ordinary status change (log, event, audit), in the caller's
 * transaction. Where the transition table refuses `new → open` or wants a note for it, the ticket stays
 * New; any other status is left alone.
 */
export async function openWhenAssigned(tx: Transaction, ticket: TicketRow): Promise<TicketRow> {
  if (ticket.status !== "new" || !ticket.primaryAssigneeId) return ticket;
  const rule = await transitionRule(tx, "new", "open");
  if (!rule.allowed || rule.requiresNote) return ticket;
  // Checked just above: moveStatus need not read the transition table a second time.
  return moveStatus(tx, ticket, "open", { authoritative: true });
}

/** What every change to a merged ticket answers: work on the ticket it was merged into. */
export function mergedError(ticket: TicketRow): AppError {
  return new AppError(
    "precondition_failed",
    `Ticket ${ticket.number} was merged into another ticket; change the ticket it was merged into`,
    [{ path: "id", message: `is merged${ticket.mergedIntoId ? ` into ${ticket.mergedIntoId}` : ""}` }],
    { reason: { key: "merged" } },
  );
}

/**
 * Moves a ticket to another status, enforced against the transition table. The note, when given or
 * required, is stored as an internal comment. Resolving stamps `resolved_at`; closing `closed_at`;
 * reopening clears both. Resolving to `pending_confirmation` emails the customer a confirmation link;
 * with nobody to send it to, the ticket closes as resolved at once.
 */
export const changeStatus = fn(
  z.object({
    id: id(),
    status: z.enum(ticketStatuses).exclude(["merged"]),
    note: text(20_000).optional(),
  }),
  async ({ id, status, note }): Promise<Info> => {
    requirePermission("support:ticket:update");
    return createTransaction(async (tx) => {
      const current = await liveTicket(tx, id, true);
      return withAssignees(tx, await moveStatus(tx, current, status, { note }));
    });
  },
);
