import { eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { Events } from "./events";
import { appendEvent, assertStaff, assigneesOf, type Info, liveTicket, withAssignees } from "./shared";
import { mergedError } from "./status";
import { ticketAssigneeTable, ticketTable } from "./ticket.sql";

/**
 * Sets who works the ticket: the primary assignee (`null` clears it) and the others (replacing the
 * previous set). Omitted parts stay as they are.
 */
export const assign = fn(
  z.object({
    id: id(),
    primaryAssigneeId: id().nullable().optional(),
    assigneeIds: z.array(id()).max(20).optional(),
  }),
  async ({ id, primaryAssigneeId, assigneeIds }): Promise<Info> => {
    requirePermission("support:ticket:assign");
    return createTransaction(async (tx) => {
      const current = await liveTicket(tx, id, true);
      if (current.status === "merged") throw mergedError(current);
      const before = {
        primaryAssigneeId: current.primaryAssigneeId,
        assigneeIds: (await assigneesOf(tx, [id])).get(id) ?? [],
      };
      const primary = primaryAssigneeId === undefined ? current.primaryAssigneeId : primaryAssigneeId;
      if (primaryAssigneeId) await assertStaff(tx, [primaryAssigneeId], "primaryAssigneeId");
      if (assigneeIds) await assertStaff(tx, assigneeIds, "assigneeIds");
      const others = [...new Set(assigneeIds ?? before.assigneeIds)].filter((u) => u !== primary);
      const after = { primaryAssigneeId: primary, assigneeIds: others };
      const same =
        before.primaryAssigneeId === after.primaryAssigneeId &&
        JSON.stringify([...before.assigneeIds].sort()) === JSON.stringify([...others].sort());
      if (same) return withAssignees(tx, current);
      const [row] = await tx
        .update(ticketTable)
        .set({ primaryAssigneeId: primary })
        .where(eq(ticketTable.id, id))
        .returning();
      await tx.delete(ticketAssigneeTable).where(eq(ticketAssigneeTable.ticketId, id));
      if (others.length > 0) {
        await tx.insert(ticketAssigneeTable).values(others.map((userId) => ({ ticketId: id, userId })));
      }
      const had = new Set([before.primaryAssigneeId, ...before.assigneeIds]);
      const added = [primary, ...others].filter((u): u is string => !!u && !had.has(u));
      await appendEvent(tx, id, "assigned", before, after);
      await emit(Events.Assigned, { ticketId: id, ...after, added });
      await Audit.record({
        action: "ticket.assigned",
        entityType: "ticket",
        entityId: id,
        changes: Audit.diff(before, after),
      });
      return withAssignees(tx, row ?? current);
    });
  },
);
