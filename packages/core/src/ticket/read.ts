import { asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { findByRef, type Info, liveTicket, TicketRef, withAssignees } from "./shared";
import { ticketEventKinds, ticketEventTable, ticketTypeTable } from "./ticket.sql";

/** A live ticket by UUID or by its human number (TCK-2026-000123). */
export const fromRef = fn(TicketRef, async (ref): Promise<Info | undefined> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    const row = await findByRef(tx, ref);
    return row ? withAssignees(tx, row) : undefined;
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
