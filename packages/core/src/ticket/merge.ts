import { and, eq, or, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { supersedeConfirmations } from "./confirmation-request";
import { Events } from "./events";
import { lockPair, refToId } from "./links";
import { appendEvent, assigneesOf, type Info, liveTicket, TicketRef, withAssignees } from "./shared";
import {
  ticketAssigneeTable,
  ticketAttachmentTable,
  ticketCommentTable,
  ticketLinkTable,
  ticketTable,
} from "./ticket.sql";

/**
 * Merges ticket `id` (the source) into `targetRef`: the source becomes `merged` and points at the
 * target; its comments and attachments move to the target as they were written (authors and times
 * kept); its links follow the target (dropping any that would repeat one or link the target to
 * itself); the target gains the source's assignees it lacked. Both rows are locked in id order, so
 * merges that cross never deadlock; a second merge of the same source answers 409 and moves nothing.
 */
export const merge = fn(z.object({ id: id(), targetRef: TicketRef }), async ({ id, targetRef }): Promise<Info> => {
  requirePermission("support:ticket:update");
  return createTransaction(async (tx) => {
    await liveTicket(tx, id);
    const targetId = await refToId(tx, targetRef, "targetRef");
    if (targetId === id) {
      throw new AppError("validation", "targetRef: a ticket cannot be merged into itself; pick another ticket", [
        { path: "targetRef", message: "is the ticket being merged" },
      ]);
    }
    const [source, target] = await lockPair(tx, id, targetId);
    if (source.status === "merged") {
      const into = source.mergedIntoId === target.id ? target.number : "another ticket";
      throw new AppError("conflict", `Ticket ${source.number} was already merged into ${into}; nothing was changed`, [
        { path: "id", message: "is already merged" },
      ]);
    }
    if (target.status === "merged") {
      throw new AppError(
        "validation",
        `targetRef: ticket ${target.number} was itself merged; merge into the ticket it was merged into`,
        [{ path: "targetRef", message: "is a merged ticket" }],
      );
    }
    if (target.status === "closed" || target.status === "canceled") {
      throw new AppError(
        "validation",
        `targetRef: ticket ${target.number} is ${target.status}; reopen it first or merge into an open ticket`,
        [{ path: "targetRef", message: `is ${target.status}` }],
      );
    }

    // Row updates keep created_at; updated_at is kept too, so the moved history reads as it was written.
    const comments = await tx
      .update(ticketCommentTable)
      .set({ ticketId: target.id, updatedAt: sql`${ticketCommentTable.updatedAt}` })
      .where(eq(ticketCommentTable.ticketId, source.id))
      .returning({ id: ticketCommentTable.id });
    const attachments = await tx
      .update(ticketAttachmentTable)
      .set({ ticketId: target.id })
      .where(eq(ticketAttachmentTable.ticketId, source.id))
      .returning({ id: ticketAttachmentTable.id });

    const links = await tx
      .select()
      .from(ticketLinkTable)
      .where(or(eq(ticketLinkTable.fromTicketId, source.id), eq(ticketLinkTable.toTicketId, source.id)));
    const existing = await tx
      .select()
      .from(ticketLinkTable)
      .where(or(eq(ticketLinkTable.fromTicketId, target.id), eq(ticketLinkTable.toTicketId, target.id)));
    const taken = new Set(existing.map((l) => `${l.fromTicketId}|${l.toTicketId}|${l.kind}`));
    let relinked = 0;
    let dropped = 0;
    for (const l of links) {
      const from = l.fromTicketId === source.id ? target.id : l.fromTicketId;
      const to = l.toTicketId === source.id ? target.id : l.toTicketId;
      const key = `${from}|${to}|${l.kind}`;
      if (from === to || taken.has(key)) {
        await tx.delete(ticketLinkTable).where(eq(ticketLinkTable.id, l.id));
        dropped += 1;
        continue;
      }
      taken.add(key);
      await tx.update(ticketLinkTable).set({ fromTicketId: from, toTicketId: to }).where(eq(ticketLinkTable.id, l.id));
      relinked += 1;
    }

    const assignees = await assigneesOf(tx, [source.id, target.id]);
    const has = new Set([target.primaryAssigneeId, ...(assignees.get(target.id) ?? [])]);
    const added = [source.primaryAssigneeId, ...(assignees.get(source.id) ?? [])].filter(
      (u, i, all): u is string => !!u && !has.has(u) && all.indexOf(u) === i,
    );
    if (added.length > 0) {
      await tx.insert(ticketAssigneeTable).values(added.map((userId) => ({ ticketId: target.id, userId })));
      await appendEvent(
        tx,
        target.id,
        "assigned",
        { primaryAssigneeId: target.primaryAssigneeId, assigneeIds: assignees.get(target.id) ?? [] },
        {
          primaryAssigneeId: target.primaryAssigneeId,
          assigneeIds: [...(assignees.get(target.id) ?? []), ...added],
        },
      );
    }

    if (source.status === "pending_confirmation") await supersedeConfirmations(tx, source.id);
    await tx
      .update(ticketTable)
      .set({ status: "merged", mergedIntoId: target.id })
      .where(and(eq(ticketTable.id, source.id), live(ticketTable)));
    const [touched] = await tx
      .update(ticketTable)
      .set({ updatedAt: new Date() })
      .where(eq(ticketTable.id, target.id))
      .returning();
    const moved = {
      comments: comments.length,
      attachments: attachments.length,
      links: relinked,
      droppedLinks: dropped,
    };
    // status_changed first: the SLA engine reads statuses from the log, and a merged ticket's clocks stop.
    await appendEvent(tx, source.id, "status_changed", source.status, "merged");
    await appendEvent(tx, source.id, "merged", null, { ticketId: target.id, number: target.number, ...moved });
    await appendEvent(tx, target.id, "merged_from", null, { ticketId: source.id, number: source.number, ...moved });
    await emit(Events.Merged, {
      sourceId: source.id,
      targetId: target.id,
      sourceNumber: source.number,
      targetNumber: target.number,
    });
    await Audit.record({
      action: "ticket.merged",
      entityType: "ticket",
      entityId: source.id,
      changes: {
        status: { from: source.status, to: "merged" },
        mergedIntoId: { to: target.id },
        mergedInto: { to: target.number },
        movedComments: { to: moved.comments },
        movedAttachments: { to: moved.attachments },
        movedLinks: { to: moved.links },
        droppedLinks: { to: moved.droppedLinks },
        ...(added.length > 0 ? { addedAssignees: { to: added } } : {}),
      },
    });
    return withAssignees(tx, touched ?? target);
  });
});
