import { and, desc, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, labels, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import * as Team from "../team";
import { Events } from "./events";
import { nextNumber } from "./numbering";
import {
  actingUserId,
  appendEvent,
  assertStaff,
  type Info,
  openStatuses,
  type TicketRow,
  ticketType,
  withAssignees,
} from "./shared";
import { defaultPriority, ticketAssigneeTable, ticketChannels, ticketPriorities, ticketTable } from "./ticket.sql";

/** The fields staff set on a ticket, shared by create and update. */
export const Fields = z.object({
  title: text(300),
  description: text(20_000, { min: 0 }).nullish(),
  priority: z.enum(ticketPriorities),
  ticketTypeId: id().nullish(),
  channel: z.enum(ticketChannels).nullish(),
  tags: labels(30, 50),
  region: text(100).nullish(),
  teamId: id().nullish(),
  subscriberId: id().nullish(),
  personId: id().nullish(),
  organizationId: id().nullish(),
  managerId: id().nullish(),
  dueAt: instant().nullish(),
});

/** Refuses links to records that do not exist, naming the field. */
export async function assertLinks(
  tx: Transaction,
  links: { subscriberId?: string | null; personId?: string | null; organizationId?: string | null },
) {
  const check = async (path: string, found: unknown[], id: string) => {
    if (found.length === 0) {
      throw new AppError("validation", `${path}: ${id} does not exist`, [{ path, message: "does not exist" }]);
    }
  };
  if (links.subscriberId) {
    const found = await tx
      .select({ id: subscriberTable.id })
      .from(subscriberTable)
      .where(and(eq(subscriberTable.id, links.subscriberId), live(subscriberTable)));
    await check("subscriberId", found, links.subscriberId);
  }
  if (links.personId) {
    const found = await tx
      .select({ id: personTable.id })
      .from(personTable)
      .where(and(eq(personTable.id, links.personId), live(personTable)));
    await check("personId", found, links.personId);
  }
  if (links.organizationId) {
    const found = await tx
      .select({ id: organizationTable.id })
      .from(organizationTable)
      .where(and(eq(organizationTable.id, links.organizationId), live(organizationTable)));
    await check("organizationId", found, links.organizationId);
  }
}

export function subscriberRequired(typeName: string) {
  return new AppError("validation", `subscriberId: a ${typeName} ticket needs a subscriber`, [
    { path: "subscriberId", message: `is required for the ticket type ${typeName}` },
  ]);
}

export const Warning = z.object({
  code: z.literal("possible_duplicate"),
  message: z.string(),
  ticketId: z.uuid(),
  number: z.string(),
});
export type Warning = z.infer<typeof Warning>;

/** Open tickets of the same subscriber and type: a warning, not a refusal (v1 exposes them the same way). */
async function duplicates(tx: Transaction, row: TicketRow): Promise<Warning[]> {
  if (!row.subscriberId || !row.ticketTypeId) return [];
  const rows = await tx
    .select({ id: ticketTable.id, number: ticketTable.number })
    .from(ticketTable)
    .where(
      and(
        eq(ticketTable.subscriberId, row.subscriberId),
        eq(ticketTable.ticketTypeId, row.ticketTypeId),
        inArray(ticketTable.status, openStatuses),
        live(ticketTable),
      ),
    )
    .orderBy(desc(ticketTable.createdAt))
    .limit(6);
  return rows
    .filter((r) => r.id !== row.id)
    .map((r) => ({
      code: "possible_duplicate" as const,
      message: `Ticket ${r.number} is already open for this subscriber with the same type`,
      ticketId: r.id,
      number: r.number,
    }));
}

const createdFields = [
  "number",
  "title",
  "status",
  "priority",
  "ticketTypeId",
  "channel",
  "tags",
  "region",
  "teamId",
  "subscriberId",
  "personId",
  "organizationId",
  "primaryAssigneeId",
  "managerId",
  "dueAt",
];

type NewTicket = Omit<typeof ticketTable.$inferInsert, "id" | "number" | "createdById" | "status">;

/**
 * The one way a ticket comes into being, for staff and customers alike, in the caller's transaction:
 * numbered from the locked sequence, created by the acting user, its assignees stored, the creation
 * (and any assignment) logged for the SLA engine, emitted and audited.
 */
export async function openTicket(
  tx: Transaction,
  values: NewTicket,
  assigneeIds: readonly string[] = [],
): Promise<{ row: TicketRow; others: string[] }> {
  const others = [...new Set(assigneeIds)].filter((id) => id !== values.primaryAssigneeId);
  const number = await nextNumber(tx);
  const [inserted] = await tx
    .insert(ticketTable)
    .values({ ...values, number, tags: [...new Set(values.tags ?? [])], createdById: actingUserId() })
    .returning();
  const row = inserted as TicketRow;
  if (others.length > 0) {
    await tx.insert(ticketAssigneeTable).values(others.map((userId) => ({ ticketId: row.id, userId })));
  }
  await appendEvent(tx, row.id, "created", null, {
    status: row.status,
    priority: row.priority,
    ticketTypeId: row.ticketTypeId,
  });
  await emit(Events.Created, {
    ticketId: row.id,
    number: row.number,
    priority: row.priority,
    ticketTypeId: row.ticketTypeId,
    subscriberId: row.subscriberId,
  });
  if (row.primaryAssigneeId || others.length > 0) {
    const to = { primaryAssigneeId: row.primaryAssigneeId, assigneeIds: others };
    await appendEvent(tx, row.id, "assigned", null, to);
    const added = [...new Set([row.primaryAssigneeId, ...others].filter((id): id is string => !!id))];
    await emit(Events.Assigned, { ticketId: row.id, ...to, added });
  }
  await Audit.record({
    action: "ticket.created",
    entityType: "ticket",
    entityId: row.id,
    changes: Audit.diff(null, { ...row, assigneeIds: others }, [...createdFields, "assigneeIds"]),
  });
  return { row, others };
}

/**
 * Opens a ticket numbered from the locked sequence. A type that requires a subscriber refuses without
 * one; an open ticket of the same subscriber and type comes back as a warning.
 */
export const create = fn(
  Fields.extend({
    priority: Fields.shape.priority.default(defaultPriority),
    tags: Fields.shape.tags.default([]),
    primaryAssigneeId: id().nullish(),
    assigneeIds: z.array(id()).max(20).default([]),
  }),
  async (input): Promise<{ ticket: Info; warnings: Warning[] }> => {
    requirePermission("support:ticket:create");
    return createTransaction(async (tx) => {
      const type = input.ticketTypeId ? await ticketType(tx, input.ticketTypeId) : undefined;
      if (type?.requiresSubscriber && !input.subscriberId) throw subscriberRequired(type.name);
      await assertLinks(tx, input);
      if (input.teamId) await Team.assertLive(tx, input.teamId);
      if (input.primaryAssigneeId) await assertStaff(tx, [input.primaryAssigneeId], "primaryAssigneeId");
      await assertStaff(tx, input.assigneeIds, "assigneeIds");
      if (input.managerId) await assertStaff(tx, [input.managerId], "managerId");
      const { row } = await openTicket(
        tx,
        {
          title: input.title,
          description: input.description ?? null,
          priority: input.priority,
          ticketTypeId: input.ticketTypeId ?? null,
          channel: input.channel ?? null,
          tags: input.tags,
          region: input.region ?? null,
          teamId: input.teamId ?? null,
          subscriberId: input.subscriberId ?? null,
          personId: input.personId ?? null,
          organizationId: input.organizationId ?? null,
          primaryAssigneeId: input.primaryAssigneeId ?? null,
          managerId: input.managerId ?? null,
          dueAt: input.dueAt ?? null,
        },
        input.assigneeIds,
      );
      return { ticket: await withAssignees(tx, row), warnings: await duplicates(tx, row) };
    });
  },
);
