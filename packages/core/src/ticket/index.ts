import { and, asc, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { supersedeConfirmations } from "./confirmation";
import { assertLinks, Fields, subscriberRequired } from "./create";
import { Events } from "./events";
import { TicketRef } from "./links";
import { appendEvent, assertStaff, assigneesOf, type Info, liveTicket, ticketType, withAssignees } from "./shared";
import { mergedError } from "./status";
import { ticketAssigneeTable, ticketEventKinds, ticketEventTable, ticketTable, ticketTypeTable } from "./ticket.sql";

export { BulkInput, BulkResult, bulk } from "./bulk";
export { addComment, CommentInfo, comments, removeComment } from "./comment";
export {
  autoConfirm,
  ConfirmationInfo,
  confirm,
  confirmationMail,
  confirmationOf,
  confirmationStates,
  confirmForCustomer,
  dispute,
  disputeForCustomer,
  LookupInfo,
  lookupConfirmation,
} from "./confirmation";
export { create, Warning } from "./create";
export { Events } from "./events";
export { exportCsv } from "./export";
export { LinkInfo, link, links, unlink } from "./links";
export { list } from "./list";
export { merge } from "./merge";
export { configureNumbering, NumberingInfo, renderPrefix } from "./numbering";
export {
  listSavedFilters,
  removeSavedFilter,
  SavedFilterFields,
  SavedFilterInfo,
  saveFilter,
} from "./saved-filters";
export { readSettings, SettingsInfo, saveSettings, settings } from "./settings";
export { Info } from "./shared";
export { changeStatus, TransitionInfo, transitions } from "./status";

/** A live ticket by UUID or by its human number (TCK-2026-000123). */
export const fromRef = fn(TicketRef, async (ref): Promise<Info | undefined> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    const key = id().safeParse(ref).success ? eq(ticketTable.id, ref) : eq(ticketTable.number, ref);
    const [row] = await tx
      .select()
      .from(ticketTable)
      .where(and(key, isNull(ticketTable.deletedAt)));
    return row ? withAssignees(tx, row) : undefined;
  });
});

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

/** Soft-deletes a ticket; its number stays taken. */
export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("support:ticket:delete");
  await createTransaction(async (tx) => {
    const current = await liveTicket(tx, id, true);
    await tx.update(ticketTable).set({ deletedAt: new Date() }).where(eq(ticketTable.id, id));
    await supersedeConfirmations(tx, id);
    await appendEvent(tx, id, "deleted", current.status, null);
    await Audit.record({
      action: "ticket.deleted",
      entityType: "ticket",
      entityId: id,
      changes: { number: { from: current.number }, deletedAt: { to: new Date().toISOString() } },
    });
  });
});

export const EventInfo = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  at: z.iso.datetime(),
  kind: z.enum(ticketEventKinds),
  from: z.unknown(),
  to: z.unknown(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
});
export type EventInfo = z.infer<typeof EventInfo>;

/** The ticket's append-only log, oldest first: what the SLA engine reads. */
export const events = fn(id(), async (id): Promise<EventInfo[]> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    await liveTicket(tx, id);
    const rows = await tx
      .select()
      .from(ticketEventTable)
      .where(eq(ticketEventTable.ticketId, id))
      .orderBy(asc(ticketEventTable.at), asc(ticketEventTable.id));
    return rows.map((r) => ({
      id: r.id,
      ticketId: r.ticketId,
      at: r.at.toISOString(),
      kind: r.kind,
      from: r.from ?? null,
      to: r.to ?? null,
      actor: { type: r.actorType, id: r.actorId },
    }));
  });
});

export const TypeInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  requiresSubscriber: z.boolean(),
  active: z.boolean(),
});
export type TypeInfo = z.infer<typeof TypeInfo>;

/** The active ticket types, by name. */
export const types = fn(z.object({}).default({}), async (): Promise<TypeInfo[]> => {
  requirePermission("support:ticket:read");
  const rows = await useTransaction((tx) =>
    tx.select().from(ticketTypeTable).where(eq(ticketTypeTable.active, true)).orderBy(asc(ticketTypeTable.name)),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, requiresSubscriber: r.requiresSubscriber, active: r.active }));
});
