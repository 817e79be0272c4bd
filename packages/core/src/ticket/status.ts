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

/** Whether `from → to` is allowed and needs a note; refused pairs throw a validation error naming `status`. */
async function checkTransition(
  tx: Transaction,
  from: TicketStatus,
  to: TicketStatus,
): Promise<{ requiresNote: boolean }> {
  const rows = await tx.select().from(ticketStatusTransitionTable).where(eq(ticketStatusTransitionTable.active, true));
  if (rows.length === 0) return { requiresNote: false };
  const pair = rows.find((r) => r.fromStatus === from && r.toStatus === to);
  if (!pair) {
    const allowed = rows.filter((r) => r.fromStatus === from).map((r) => r.toStatus);
    const hint = allowed.length > 0 ? `; from ${from} it can go to ${allowed.join(", ")}` : "";
    throw new AppError("validation", `status: ${article(from)} ${from} ticket cannot become ${to}${hint}`, [
      { path: "status", message: `${from} → ${to} is not an allowed transition` },
    ]);
  }
  return { requiresNote: pair.requiresNote };
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
 */
export async function moveStatus(
  tx: Transaction,
  current: TicketRow,
  status: Exclude<TicketStatus, "merged">,
  options: MoveOptions = {},
): Promise<TicketRow> {
  const { note } = options;
  if (current.status === status) return current;
  if (current.status === "merged") throw mergedError(current);
  if (!options.authoritative) {
    const { requiresNote } = await checkTransition(tx, current.status, status);
    if (requiresNote && !note) {
      throw new AppError(
        "validation",
        `note: changing ${article(current.status)} ${current.status} ticket to ${status} needs a note`,
        [{ path: "note", message: `is required for ${current.status} → ${status}` }],
      );
    }
  }
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
  if (resolving) await appendEvent(tx, id, "resolved", null, { status, at: now.toISOString() });
  if (reopened && changes.resolvedAt === null) await appendEvent(tx, id, "reopened", current.status, status);
  if (note) await addNote(tx, id, note);
  if (current.status === "pending_confirmation") await supersedeConfirmations(tx, id);
  if (status === "pending_confirmation") await issueConfirmation(tx, updated);
  await emit(Events.StatusChanged, { ticketId: id, from: current.status, to: status, note: note ?? null });
  await Audit.record({
    action: "ticket.status_changed",
    entityType: "ticket",
    entityId: id,
    changes: { status: { from: current.status, to: status }, ...(note ? { note: { to: note } } : {}) },
  });
  return updated;
}

/** What every change to a merged ticket answers: work on the ticket it was merged into. */
export function mergedError(ticket: TicketRow): AppError {
  return new AppError(
    "precondition_failed",
    `Ticket ${ticket.number} was merged into another ticket; change the ticket it was merged into`,
    [{ path: "id", message: `is merged${ticket.mergedIntoId ? ` into ${ticket.mergedIntoId}` : ""}` }],
  );
}

/**
 * Moves a ticket to another status, enforced against the transition table. The note, when given or
 * required, is stored as an internal comment. Resolving stamps `resolved_at`; closing `closed_at`;
 * reopening clears both. Resolving to `pending_confirmation` emails the customer a confirmation link.
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
