import { eq } from "drizzle-orm";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import * as Team from "../team";
import { assertLinks, Fields, subscriberRequired } from "./create";
import { appendEvent, assertStaff, type Info, liveTicket, ticketType, withAssignees } from "./shared";
import { mergedError } from "./status";
import { ticketTable, ticketTypeTable } from "./ticket.sql";

const UpdateFields = Fields.partial().extend({ id: id(), tags: Fields.shape.tags.optional() });

/** Changes a ticket's fields (status and assignees have their own verbs). Priority and type changes are logged. */
export const update = fn(UpdateFields, async ({ id, ...changes }): Promise<Info> => {
  requirePermission("support:ticket:update");
  return createTransaction(async (tx) => {
    const current = await liveTicket(tx, id, true);
    if (current.status === "merged") throw mergedError(current);
    const fields = Object.entries(changes)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (fields.length === 0) return withAssignees(tx, current);
    const typeId = changes.ticketTypeId === undefined ? current.ticketTypeId : changes.ticketTypeId;
    const subscriberId = changes.subscriberId === undefined ? current.subscriberId : changes.subscriberId;
    if (changes.ticketTypeId) await ticketType(tx, changes.ticketTypeId);
    if (typeId && (changes.ticketTypeId !== undefined || changes.subscriberId !== undefined)) {
      const [type] = await tx.select().from(ticketTypeTable).where(eq(ticketTypeTable.id, typeId));
      if (type?.requiresSubscriber && !subscriberId) throw subscriberRequired(type.name);
    }
    await assertLinks(tx, changes);
    if (changes.teamId) await Team.assertLive(tx, changes.teamId);
    if (changes.managerId) await assertStaff(tx, [changes.managerId], "managerId");
    const set = { ...changes, ...(changes.tags ? { tags: [...new Set(changes.tags)] } : {}) };
    const [row] = await tx.update(ticketTable).set(set).where(eq(ticketTable.id, id)).returning();
    const updated = row ?? current;
    if (updated.priority !== current.priority) {
      await appendEvent(tx, id, "priority_changed", current.priority, updated.priority);
    }
    if (updated.ticketTypeId !== current.ticketTypeId) {
      await appendEvent(tx, id, "type_changed", current.ticketTypeId, updated.ticketTypeId);
    }
    const diff = Audit.diff(current, updated, fields);
    if (Object.keys(diff).length > 0) {
      await Audit.record({ action: "ticket.updated", entityType: "ticket", entityId: id, changes: diff });
    }
    return withAssignees(tx, updated);
  });
});
