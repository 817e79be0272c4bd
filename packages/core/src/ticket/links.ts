import { and, asc, eq, inArray, or } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { Events } from "./events";
import { actingUserId, appendEvent, findByRef, liveTicket, TicketRef, type TicketRow } from "./shared";
import { mergedError } from "./status";
import { ticketLinkKinds, ticketLinkTable, ticketStatuses, ticketTable } from "./ticket.sql";

/** The id of the live ticket `ref` names (UUID or number); anything else is a 400 naming `path`. */
export async function refToId(tx: Transaction, ref: string, path: string): Promise<string> {
  const row = await findByRef(tx, ref);
  if (!row) {
    throw new AppError("validation", `${path}: ticket ${ref} does not exist`, [{ path, message: "does not exist" }]);
  }
  return row.id;
}

/** Locks two tickets in id order, so two requests touching the same pair never deadlock. */
export async function lockPair(tx: Transaction, a: string, b: string): Promise<[TicketRow, TicketRow]> {
  const [first, second] = a < b ? [a, b] : [b, a];
  const rows = new Map<string, TicketRow>();
  rows.set(first, await liveTicket(tx, first, true));
  rows.set(second, await liveTicket(tx, second, true));
  return [rows.get(a) as TicketRow, rows.get(b) as TicketRow];
}

export const LinkInfo = z.object({
  id: z.uuid(),
  kind: z.enum(ticketLinkKinds),
  /** `outgoing`: this ticket links to the other; `incoming`: the other links to this one. */
  direction: z.enum(["outgoing", "incoming"]),
  ticket: z.object({ id: z.uuid(), number: z.string(), title: z.string(), status: z.enum(ticketStatuses) }),
  createdAt: z.iso.datetime(),
});
export type LinkInfo = z.infer<typeof LinkInfo>;

type LinkRow = typeof ticketLinkTable.$inferSelect;

const toLink = (row: LinkRow, from: string, other: TicketRow): LinkInfo => ({
  id: row.id,
  kind: row.kind,
  direction: row.fromTicketId === from ? "outgoing" : "incoming",
  ticket: { id: other.id, number: other.number, title: other.title, status: other.status },
  createdAt: row.createdAt.toISOString(),
});

/**
 * Links a live ticket to another (related, duplicate, related_outage). Linking the same pair with the
 * same kind again returns the existing link and writes nothing: a double submit is harmless.
 */
export const link = fn(
  z.object({ id: id(), targetRef: TicketRef, kind: z.enum(ticketLinkKinds) }),
  async ({ id, targetRef, kind }): Promise<LinkInfo> => {
    requirePermission("support:ticket:update");
    return createTransaction(async (tx) => {
      await liveTicket(tx, id);
      const targetId = await refToId(tx, targetRef, "targetRef");
      if (targetId === id) {
        throw new AppError("validation", "targetRef: a ticket cannot be linked to itself", [
          { path: "targetRef", message: "is this ticket" },
        ]);
      }
      const [source, target] = await lockPair(tx, id, targetId);
      if (source.status === "merged") throw mergedError(source);
      if (target.status === "merged") {
        throw new AppError(
          "validation",
          `targetRef: ticket ${target.number} was merged; link the ticket it was merged into`,
          [{ path: "targetRef", message: "is a merged ticket" }],
        );
      }
      const [created] = await tx
        .insert(ticketLinkTable)
        .values({ fromTicketId: id, toTicketId: targetId, kind, createdById: actingUserId() })
        .onConflictDoNothing({
          target: [ticketLinkTable.fromTicketId, ticketLinkTable.toTicketId, ticketLinkTable.kind],
        })
        .returning();
      if (!created) {
        const [existing] = await tx
          .select()
          .from(ticketLinkTable)
          .where(
            and(
              eq(ticketLinkTable.fromTicketId, id),
              eq(ticketLinkTable.toTicketId, targetId),
              eq(ticketLinkTable.kind, kind),
            ),
          );
        return toLink(existing as LinkRow, id, target);
      }
      await appendEvent(tx, id, "linked", null, {
        linkId: created.id,
        kind,
        ticketId: targetId,
        direction: "outgoing",
      });
      await appendEvent(tx, targetId, "linked", null, {
        linkId: created.id,
        kind,
        ticketId: id,
        direction: "incoming",
      });
      await emit(Events.Linked, { ticketId: id, otherTicketId: targetId, kind });
      await Audit.record({
        action: "ticket.linked",
        entityType: "ticket",
        entityId: id,
        changes: { linkId: { to: created.id }, kind: { to: kind }, toTicket: { to: target.number } },
      });
      return toLink(created, id, target);
    });
  },
);

/** Removes a link; either ticket of the pair may remove it. */
export const unlink = fn(z.object({ id: id(), linkId: id() }), async ({ id, linkId }): Promise<void> => {
  requirePermission("support:ticket:update");
  await createTransaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(ticketLinkTable)
      .where(
        and(
          eq(ticketLinkTable.id, linkId),
          or(eq(ticketLinkTable.fromTicketId, id), eq(ticketLinkTable.toTicketId, id)),
        ),
      );
    if (!row) throw new AppError("not_found", `Ticket ${id} has no link ${linkId}`);
    const [from, to] = await lockPair(tx, row.fromTicketId, row.toTicketId);
    const self = from.id === id ? from : to;
    if (self.status === "merged") throw mergedError(self);
    const deleted = await tx.delete(ticketLinkTable).where(eq(ticketLinkTable.id, linkId)).returning();
    // A concurrent unlink of the same link got there first: nothing left to log.
    if (deleted.length === 0) return;
    await appendEvent(
      tx,
      from.id,
      "unlinked",
      { linkId, kind: row.kind, ticketId: to.id, direction: "outgoing" },
      null,
    );
    await appendEvent(
      tx,
      to.id,
      "unlinked",
      { linkId, kind: row.kind, ticketId: from.id, direction: "incoming" },
      null,
    );
    await Audit.record({
      action: "ticket.unlinked",
      entityType: "ticket",
      entityId: from.id,
      changes: { linkId: { from: linkId }, kind: { from: row.kind }, toTicket: { from: to.number } },
    });
  });
});

/** A ticket's links from both ends, oldest first; links to deleted tickets are left out. */
export const links = fn(id(), async (id): Promise<LinkInfo[]> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    await liveTicket(tx, id);
    const rows = await tx
      .select()
      .from(ticketLinkTable)
      .where(or(eq(ticketLinkTable.fromTicketId, id), eq(ticketLinkTable.toTicketId, id)))
      .orderBy(asc(ticketLinkTable.createdAt), asc(ticketLinkTable.id));
    const otherIds = [...new Set(rows.map((r) => (r.fromTicketId === id ? r.toTicketId : r.fromTicketId)))];
    if (otherIds.length === 0) return [];
    const others = await tx
      .select()
      .from(ticketTable)
      .where(and(inArray(ticketTable.id, otherIds), live(ticketTable)));
    const byId = new Map(others.map((t) => [t.id, t]));
    return rows.flatMap((r) => {
      const other = byId.get(r.fromTicketId === id ? r.toTicketId : r.fromTicketId);
      return other ? [toLink(r, id, other)] : [];
    });
  });
});
