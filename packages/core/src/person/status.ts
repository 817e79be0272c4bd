import { asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { actorRef, useActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { Events } from "./events";
import { type PartyStatus, partyStatuses, personStatusLogTable, personTable } from "./person.sql";
import { type Info, liveChannels, livePerson, toInfo } from "./shared";

/** v1's party-status transitions (person service), unchanged. */
export const transitions: Readonly<Record<PartyStatus, readonly PartyStatus[]>> = {
  lead: ["contact", "customer"],
  contact: ["customer", "lead"],
  customer: ["subscriber", "contact"],
  subscriber: ["customer"],
};

/**
 * Moves a person along the party lifecycle and logs it. Asking for the current status is a no-op
 * (nothing logged), so a retried request is harmless.
 */
export const changeStatus = fn(
  z.object({ personId: id(), to: z.enum(partyStatuses), reason: text(500).optional() }),
  async ({ personId, to, reason }): Promise<Info> => {
    requirePermission("crm:contact:write");
    const actor = useActor();
    return createTransaction(async (tx) => {
      const current = await livePerson(tx, personId, true);
      const from = current.partyStatus;
      if (from === to) return toInfo(current, await liveChannels(tx, personId));
      const allowed = transitions[from];
      if (!allowed.includes(to)) {
        throw new AppError(
          "precondition_failed",
          `A ${from} cannot become a ${to}; from ${from} the allowed statuses are ${allowed.join(", ")}`,
        );
      }
      const [row] = await tx
        .update(personTable)
        .set({ partyStatus: to })
        .where(eq(personTable.id, personId))
        .returning();
      await tx
        .insert(personStatusLogTable)
        .values({ personId, fromStatus: from, toStatus: to, reason: reason ?? null, ...actorRef(actor) });
      await emit(Events.StatusChanged, { personId, from, to, reason: reason ?? null });
      await Audit.record({
        action: "person.status_changed",
        entityType: "person",
        entityId: personId,
        changes: { ...Audit.diff({ partyStatus: from }, { partyStatus: to }), ...Audit.diff(null, { reason }) },
      });
      return toInfo(row ?? current, await liveChannels(tx, personId));
    });
  },
);

/** The party-status history of a person, oldest first (the first row is the status it was created with). */
export const statusLog = fn(id(), async (personId) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(personStatusLogTable)
      .where(eq(personStatusLogTable.personId, personId))
      .orderBy(asc(personStatusLogTable.at), asc(personStatusLogTable.id)),
  ),
);
