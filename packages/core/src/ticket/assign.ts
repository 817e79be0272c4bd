import { eq } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { Events } from "./events";
import {
  actingUserId,
  appendEvent,
  assertStaff,
  assigneesOf,
  type Info,
  liveTicket,
  type TicketRow,
  withAssignees,
} from "./shared";
import { mergedError, openWhenAssigned } from "./status";
import { ticketAssigneeTable, ticketTable } from "./ticket.sql";

interface Assignment {
  primaryAssigneeId: string | null;
  assigneeIds: string[];
}

/**
 * Stores, logs, emits and audits a new assignment of a locked ticket (nothing when it is the same). A
 * New ticket that now has a primary assignee becomes Open in the same transaction (`openWhenAssigned`).
 */
async function applyAssignment(tx: Transaction, current: TicketRow, before: Assignment, after: Assignment) {
  const same =
    before.primaryAssigneeId === after.primaryAssigneeId &&
    JSON.stringify([...before.assigneeIds].sort()) === JSON.stringify([...after.assigneeIds].sort());
  if (same) return withAssignees(tx, current);
  const id = current.id;
  const [row] = await tx
    .update(ticketTable)
    .set({ primaryAssigneeId: after.primaryAssigneeId })
    .where(eq(ticketTable.id, id))
    .returning();
  await tx.delete(ticketAssigneeTable).where(eq(ticketAssigneeTable.ticketId, id));
  if (after.assigneeIds.length > 0) {
    await tx.insert(ticketAssigneeTable).values(after.assigneeIds.map((userId) => ({ ticketId: id, userId })));
  }
  const had = new Set([before.primaryAssigneeId, ...before.assigneeIds]);
  const added = [after.primaryAssigneeId, ...after.assigneeIds].filter((u): u is string => !!u && !had.has(u));
  await appendEvent(tx, id, "assigned", before, after);
  await emit(Events.Assigned, { ticketId: id, ...after, added });
  await Audit.record({
    action: "ticket.assigned",
    entityType: "ticket",
    entityId: id,
    changes: Audit.diff({ ...before }, { ...after }),
  });
  return withAssignees(tx, await openWhenAssigned(tx, row ?? current));
}

/** The ticket locked for an assignment change, with its current assignment (merged tickets refuse). */
async function lockForAssignment(tx: Transaction, id: string) {
  const current = await liveTicket(tx, id, true);
  if (current.status === "merged") throw mergedError(current);
  const before: Assignment = {
    primaryAssigneeId: current.primaryAssigneeId,
    assigneeIds: (await assigneesOf(tx, [id])).get(id) ?? [],
  };
  return { current, before };
}

/** Who a ticket is assigned to, for a refusal that says so ("Ana Diaz"). */
async function assigneeName(tx: Transaction, userId: string): Promise<string> {
  const [row] = await tx.select({ name: userTable.displayName }).from(userTable).where(eq(userTable.id, userId));
  return row?.name ?? "another user";
}

async function alreadyTaken(tx: Transaction, ticket: TicketRow, assigneeId: string): Promise<AppError> {
  const name = await assigneeName(tx, assigneeId);
  return new AppError(
    "conflict",
    `Ticket ${ticket.number} is already assigned to ${name}; only someone who may assign tickets (support:ticket:assign) can reassign it`,
    [{ path: "primaryAssigneeId", message: "is already set" }],
    { reason: { key: "already_assigned", params: { name } } },
  );
}

/**
 * Sets who works the ticket: the primary assignee (`null` clears it) and the others (replacing the
 * previous set). Omitted parts stay as they are. support:ticket:assign may set anyone; holding only
 * support:ticket:take, one may make oneself the primary assignee of an unassigned ticket and nothing else.
 * A New ticket given a primary assignee becomes Open.
 */
export const assign = fn(
  z.object({
    id: id(),
    primaryAssigneeId: id().nullable().optional(),
    assigneeIds: z.array(id()).max(20).optional(),
  }),
  async ({ id, primaryAssigneeId, assigneeIds }): Promise<Info> => {
    const full = holds("support:ticket:assign");
    if (!full && !holds("support:ticket:take")) requirePermission("support:ticket:assign");
    return createTransaction(async (tx) => {
      const { current, before } = await lockForAssignment(tx, id);
      const primary = primaryAssigneeId === undefined ? current.primaryAssigneeId : primaryAssigneeId;
      if (!full) {
        const me = actingUserId();
        const othersChanged =
          assigneeIds !== undefined &&
          JSON.stringify([...new Set(assigneeIds)].filter((u) => u !== primary).sort()) !==
            JSON.stringify(before.assigneeIds.filter((u) => u !== primary).sort());
        const takesFreeTicket = primary === me && !before.primaryAssigneeId && !othersChanged;
        if (primary !== before.primaryAssigneeId && !takesFreeTicket) {
          if (primary === me && before.primaryAssigneeId) {
            throw await alreadyTaken(tx, current, before.primaryAssigneeId);
          }
          throw new AppError(
            "forbidden",
            "You may take unassigned tickets yourself; assigning them to others needs the support:ticket:assign permission",
            [{ path: "primaryAssigneeId", message: "may only be yourself, on an unassigned ticket" }],
            { reason: { key: "take_only_unassigned" } },
          );
        }
        if (primary === before.primaryAssigneeId && othersChanged) {
          throw new AppError("forbidden", "Changing the other assignees needs the support:ticket:assign permission", [
            { path: "assigneeIds", message: "needs support:ticket:assign" },
          ]);
        }
      }
      if (primaryAssigneeId) await assertStaff(tx, [primaryAssigneeId], "primaryAssigneeId");
      if (assigneeIds) await assertStaff(tx, assigneeIds, "assigneeIds");
      const others = [...new Set(assigneeIds ?? before.assigneeIds)].filter((u) => u !== primary);
      return applyAssignment(tx, current, before, { primaryAssigneeId: primary, assigneeIds: others });
    });
  },
);

/**
 * Makes the acting staff user the primary assignee of an unassigned ticket (support:ticket:take, which
 * support:ticket:assign grants too); a New ticket becomes Open with it. Taking one's own ticket again
 * changes nothing; a ticket someone else holds answers 409 naming them.
 */
export const take = fn(z.object({ id: id() }), async ({ id }): Promise<Info> => {
  requirePermission("support:ticket:take");
  const me = actingUserId();
  if (!me) throw new AppError("forbidden", "Only a signed-in staff user can take a ticket");
  return createTransaction(async (tx) => {
    const { current, before } = await lockForAssignment(tx, id);
    if (before.primaryAssigneeId === me) return withAssignees(tx, current);
    if (before.primaryAssigneeId) throw await alreadyTaken(tx, current, before.primaryAssigneeId);
    const others = before.assigneeIds.filter((u) => u !== me);
    return applyAssignment(tx, current, before, { primaryAssigneeId: me, assigneeIds: others });
  });
});
