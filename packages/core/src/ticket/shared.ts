import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { actorRef, useActor } from "../platform/context";
import type { Transaction, Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { id, text } from "../platform/input";
import { live, liveRow } from "../platform/soft-delete";
import { markDue } from "../sla/due";
import { slaSummaries } from "../sla/registry";
import { SlaSummary } from "../sla/summary";
import {
  type TicketEventKind,
  ticketAssigneeTable,
  ticketChannels,
  ticketEventTable,
  ticketPriorities,
  ticketStatuses,
  ticketTable,
  ticketTypeTable,
} from "./ticket.sql";

export type TicketRow = typeof ticketTable.$inferSelect;

export const Info = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(ticketStatuses),
  priority: z.enum(ticketPriorities),
  ticketTypeId: z.uuid().nullable(),
  channel: z.enum(ticketChannels).nullable(),
  tags: z.array(z.string()),
  region: z.string().nullable(),
  /** The team (settings › teams) the ticket is routed to. */
  teamId: z.uuid().nullable(),
  subscriberId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  organizationId: z.uuid().nullable(),
  primaryAssigneeId: z.uuid().nullable(),
  /** Assignees besides the primary one. */
  assigneeIds: z.array(z.uuid()),
  managerId: z.uuid().nullable(),
  createdById: z.uuid().nullable(),
  dueAt: z.iso.datetime().nullable(),
  firstResponseAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  mergedIntoId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The SLA clocks (every ticket response and list item); null when no policy applies. */
  sla: SlaSummary.nullable().optional(),
  /** The list's customer column: the person's name, else the subscriber's person, the organisation, the number. */
  customerName: z.string().nullable().optional(),
});
export type Info = z.infer<typeof Info>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toInfo = (t: TicketRow, assigneeIds: string[]): Info => ({
  id: t.id,
  number: t.number,
  title: t.title,
  description: t.description,
  status: t.status,
  priority: t.priority,
  ticketTypeId: t.ticketTypeId,
  channel: t.channel,
  tags: t.tags,
  region: t.region,
  teamId: t.teamId,
  subscriberId: t.subscriberId,
  personId: t.personId,
  organizationId: t.organizationId,
  primaryAssigneeId: t.primaryAssigneeId,
  assigneeIds,
  managerId: t.managerId,
  createdById: t.createdById,
  dueAt: iso(t.dueAt),
  firstResponseAt: iso(t.firstResponseAt),
  resolvedAt: iso(t.resolvedAt),
  closedAt: iso(t.closedAt),
  mergedIntoId: t.mergedIntoId,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

/** A ticket reference as the API takes it: its UUID or its number (TCK-2026-000123). */
export const TicketRef = text(100);

/**
 * The ticket `ref` names, by UUID or by number, among those `scope` admits (the live ones unless
 * given: a customer's own tickets, say), locked when `lock`; undefined when there is none.
 */
export async function findByRef(
  tx: Tx,
  ref: string,
  options: { scope?: SQL; lock?: boolean } = {},
): Promise<TicketRow | undefined> {
  const key = id().safeParse(ref).success ? eq(ticketTable.id, ref) : eq(ticketTable.number, ref);
  const query = tx
    .select()
    .from(ticketTable)
    .where(and(key, options.scope ?? live(ticketTable)));
  const [row] = await (options.lock ? query.for("update") : query);
  return row;
}

/** The live ticket with this id (locked when `lock`), or not_found. */
export const liveTicket = (tx: Tx, id: string, lock = false): Promise<TicketRow> =>
  liveRow(tx, ticketTable, "Ticket", id, lock);

/** The non-primary assignees of each ticket, by ticket id. */
export async function assigneesOf(tx: Tx, ticketIds: string[]): Promise<Map<string, string[]>> {
  const byTicket = new Map<string, string[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return byTicket;
  const rows = await tx
    .select()
    .from(ticketAssigneeTable)
    .where(inArray(ticketAssigneeTable.ticketId, ticketIds))
    .orderBy(asc(ticketAssigneeTable.createdAt), asc(ticketAssigneeTable.userId));
  for (const r of rows) byTicket.get(r.ticketId)?.push(r.userId);
  return byTicket;
}

/** One ticket as the API returns it: assignees and SLA clocks included. */
export async function withAssignees(tx: Tx, row: TicketRow): Promise<Info> {
  const [assignees, sla] = await Promise.all([assigneesOf(tx, [row.id]), slaSummaries(tx, [row.id])]);
  return { ...toInfo(row, assignees.get(row.id) ?? []), sla: sla.get(row.id) ?? null };
}

/** Appends one row to the ticket's log, as the current actor, in the caller's transaction. */
export async function appendEvent(
  tx: Transaction,
  ticketId: string,
  kind: TicketEventKind,
  from: unknown,
  to: unknown,
) {
  await tx.insert(ticketEventTable).values({ ticketId, kind, from: from ?? null, to: to ?? null, ...actorRef() });
  // Any change to the log may move a deadline: the `sla.scan` job recomputes this ticket next.
  await markDue(tx, ticketId);
}

/** The acting staff user's id, for `created_by` and comment authors (API keys and jobs have none). */
export function actingUserId(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

/** Refuses ids that are not active staff accounts, naming the field to fix. */
export async function assertStaff(tx: Tx, ids: string[], path: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const rows = await tx
    .select({ id: userTable.id })
    .from(userTable)
    .where(and(inArray(userTable.id, unique), eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt)));
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(
      "validation",
      `${path}: ${missing.join(", ")} is not an active staff user`,
      [{ path, message: `${missing.join(", ")} is not an active staff user` }],
      { reason: { key: "not_staff" } },
    );
  }
}

export async function ticketType(tx: Tx, id: string, path = "ticketTypeId") {
  const [row] = await tx.select().from(ticketTypeTable).where(eq(ticketTypeTable.id, id));
  if (!row?.active) {
    throw new AppError("validation", `${path}: ticket type ${id} does not exist or is inactive`, [
      { path, message: "is not an active ticket type" },
    ]);
  }
  return row;
}

/** Statuses in which a ticket is still being worked (for duplicate warnings and assignee load). */
export const openStatuses = ticketStatuses.filter((s) => !["closed", "canceled", "merged"].includes(s));
