import { and, asc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { staffMentions } from "../auth/mentions";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, softRemove } from "../platform/soft-delete";
import { Events } from "./events";
import { actingUserId, appendEvent, liveTicket } from "./shared";
import { ticketCommentTable, ticketTable } from "./ticket.sql";

export const CommentInfo = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  authorId: z.uuid().nullable(),
  isInternal: z.boolean(),
  body: z.string(),
  mentions: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
});
export type CommentInfo = z.infer<typeof CommentInfo>;

type CommentRow = typeof ticketCommentTable.$inferSelect;
const toComment = (c: CommentRow): CommentInfo => ({
  id: c.id,
  ticketId: c.ticketId,
  authorId: c.authorId,
  isInternal: c.isInternal,
  body: c.body,
  mentions: c.mentions,
  createdAt: c.createdAt.toISOString(),
});

/**
 * Inserts a comment by the current actor in the caller's transaction. `mentions: false` skips resolving
 * `@email` mentions (a customer's reply never notifies staff by address).
 */
export async function insertComment(
  tx: Transaction,
  ticketId: string,
  body: string,
  isInternal: boolean,
  options: { mentions?: boolean } = {},
) {
  const mentions = options.mentions === false ? [] : await staffMentions(tx, body);
  const [row] = await tx
    .insert(ticketCommentTable)
    .values({ ticketId, body, isInternal, mentions, authorId: actingUserId() })
    .returning();
  return row as CommentRow;
}

/**
 * A customer's public reply in the caller's transaction (from the portal, or the reason of a disputed
 * resolution): never resolves `@email` mentions, and tells subscribers it came from the customer.
 */
export async function insertCustomerReply(tx: Transaction, ticketId: string, body: string) {
  const comment = await insertComment(tx, ticketId, body, false, { mentions: false });
  await emit(Events.Commented, {
    ticketId,
    commentId: comment.id,
    isInternal: false,
    mentions: [],
    authorId: comment.authorId,
    byCustomer: true,
  });
  return comment;
}

/** An internal note in the caller's transaction (status-change notes). */
export async function addNote(tx: Transaction, ticketId: string, body: string) {
  return insertComment(tx, ticketId, body, true);
}

/**
 * Adds an internal note or a public reply. `@email` mentions of staff are stored as user ids. The first
 * public reply by a staff user is the ticket's first response (logged for the SLA engine).
 */
export const addComment = fn(
  z.object({
    id: id(),
    body: text(20_000),
    isInternal: z.boolean().default(true),
  }),
  async ({ id, body, isInternal }): Promise<CommentInfo> => {
    requirePermission("support:ticket:update");
    return createTransaction(async (tx) => {
      const ticket = await liveTicket(tx, id, true);
      if (ticket.status === "merged") {
        throw new AppError(
          "precondition_failed",
          `Ticket ${ticket.number} was merged; comment on the ticket it was merged into`,
        );
      }
      const comment = await insertComment(tx, id, body, isInternal);
      if (!isInternal && !ticket.firstResponseAt && comment.authorId) {
        await tx.update(ticketTable).set({ firstResponseAt: comment.createdAt }).where(eq(ticketTable.id, id));
        await appendEvent(tx, id, "first_response", null, { commentId: comment.id });
      } else {
        // Touch the ticket so "recently updated" sorts see the activity.
        await tx.update(ticketTable).set({ updatedAt: sql`now()` }).where(eq(ticketTable.id, id));
      }
      await emit(Events.Commented, { ticketId: id, commentId: comment.id, isInternal, mentions: comment.mentions });
      await Audit.record({
        action: "ticket.commented",
        entityType: "ticket",
        entityId: id,
        changes: { commentId: { to: comment.id }, isInternal: { to: isInternal }, mentions: { to: comment.mentions } },
      });
      return toComment(comment);
    });
  },
);

/** The ticket's comments, oldest first. */
export const comments = fn(id(), async (id): Promise<CommentInfo[]> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    await liveTicket(tx, id);
    const rows = await tx
      .select()
      .from(ticketCommentTable)
      .where(and(eq(ticketCommentTable.ticketId, id), live(ticketCommentTable)))
      .orderBy(asc(ticketCommentTable.createdAt), asc(ticketCommentTable.id));
    return rows.map(toComment);
  });
});

/**
 * Removes a comment from the conversation: its author may, others need support:ticket:delete. The row
 * stays (soft delete) with the audit row naming who removed it — v1 hard-deleted comments.
 */
export const removeComment = fn(z.object({ id: id(), commentId: id() }), async ({ id, commentId }) => {
  requirePermission("support:ticket:update");
  await createTransaction(async (tx) => {
    await liveTicket(tx, id, true);
    const [comment] = await tx
      .select()
      .from(ticketCommentTable)
      .where(and(eq(ticketCommentTable.id, commentId), eq(ticketCommentTable.ticketId, id), live(ticketCommentTable)))
      .for("update");
    if (!comment) throw new AppError("not_found", `Comment ${commentId} does not exist on ticket ${id}`);
    if (comment.authorId !== actingUserId()) requirePermission("support:ticket:delete");
    await softRemove(tx, ticketCommentTable, eq(ticketCommentTable.id, commentId));
    await Audit.record({
      action: "ticket.comment_removed",
      entityType: "ticket",
      entityId: id,
      changes: { commentId: { from: commentId }, isInternal: { from: comment.isInternal } },
    });
  });
});
