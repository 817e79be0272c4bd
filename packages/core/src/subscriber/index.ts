import { and, desc, eq } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { assertActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { Events } from "./events";
import { subscriberStatuses, subscriberStatusLogTable, subscriberTable } from "./subscriber.sql";

export { Events } from "./events";
export { fromID, list, View } from "./staff";

export const Info = z.object({
  id: z.uuid(),
  externalSystem: z.string(),
  externalId: z.string(),
  subscriberNumber: z.string(),
  accountNumber: z.string().nullable(),
  status: z.enum(subscriberStatuses),
  planName: z.string().nullable(),
  planSpeed: z.string().nullable(),
  personId: z.uuid().nullable(),
  organizationId: z.uuid().nullable(),
  sourceUpdatedAt: z.date(),
  lastSyncedAt: z.date(),
});
export type Info = z.infer<typeof Info>;

/** A subscriber as the billing system knows it, in the domain's words (the inbound adapter maps its wire format). */
export const SyncInput = z.object({
  externalSystem: text(32),
  externalId: text(128),
  subscriberNumber: text(64),
  accountNumber: text(64).nullish(),
  status: z.enum(subscriberStatuses),
  planName: text(200).nullish(),
  planSpeed: text(64).nullish(),
  serviceAddress: z
    .object({
      line1: text(200),
      line2: text(200).optional(),
      city: text(100),
      region: text(100).optional(),
      postalCode: text(32).optional(),
      country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as NG"),
    })
    .nullish(),
  /** The billing system's own `updated_at`: what orders its deliveries. */
  sourceUpdatedAt: z.date(),
});
export type SyncInput = z.input<typeof SyncInput>;

/** What the audit log shows of a sync; the sync time itself changes every time and is left out. */
const auditedFields = [
  "subscriberNumber",
  "accountNumber",
  "status",
  "planName",
  "planSpeed",
  "serviceAddress",
  "sourceUpdatedAt",
] as const;

export type SyncResult = { outcome: "created" | "updated" | "stale"; subscriberId: string };

/**
 * Applies one billing record idempotently: the row for (system, external id) is locked, and an update
 * older than what is stored (by the billing system's own `updated_at`) changes nothing.
 */
export const sync = fn(SyncInput, async (input): Promise<SyncResult> => {
  assertActor("webhook");
  const { sourceUpdatedAt } = input;
  const values = {
    externalSystem: input.externalSystem,
    externalId: input.externalId,
    subscriberNumber: input.subscriberNumber,
    accountNumber: input.accountNumber ?? null,
    status: input.status,
    planName: input.planName ?? null,
    planSpeed: input.planSpeed ?? null,
    serviceAddress: input.serviceAddress ?? null,
    sourceUpdatedAt,
    lastSyncedAt: new Date(),
  };
  return createTransaction(async (tx) => {
    const key = and(
      eq(subscriberTable.externalSystem, input.externalSystem),
      eq(subscriberTable.externalId, input.externalId),
    );
    const [owner] = await tx
      .select({ externalSystem: subscriberTable.externalSystem, externalId: subscriberTable.externalId })
      .from(subscriberTable)
      .where(eq(subscriberTable.subscriberNumber, input.subscriberNumber));
    if (owner && (owner.externalSystem !== input.externalSystem || owner.externalId !== input.externalId)) {
      throw new AppError(
        "conflict",
        `Subscriber number ${input.subscriberNumber} already belongs to ${owner.externalSystem} subscriber ${owner.externalId}`,
      );
    }
    const inserted = await tx
      .insert(subscriberTable)
      .values(values)
      // No conflict target: a concurrent insert may collide on either unique index, and both mean "exists".
      .onConflictDoNothing()
      .returning({ id: subscriberTable.id });
    const created = inserted.length > 0;
    const [current] = await tx.select().from(subscriberTable).where(key).for("update");
    if (!current) {
      throw new AppError(
        "conflict",
        `Subscriber number ${input.subscriberNumber} already belongs to another subscriber`,
      );
    }
    if (!created && current.sourceUpdatedAt.getTime() >= sourceUpdatedAt.getTime()) {
      return { outcome: "stale", subscriberId: current.id };
    }
    if (!created) await tx.update(subscriberTable).set(values).where(eq(subscriberTable.id, current.id));
    await Audit.record({
      action: created ? "subscriber.created" : "subscriber.updated",
      entityType: "subscriber",
      entityId: current.id,
      changes: Audit.diff(created ? null : current, values, auditedFields),
    });
    await emit(Events.Synced, { subscriberId: current.id, subscriberNumber: input.subscriberNumber, created });
    const from = created ? null : current.status;
    if (from !== input.status) {
      const eventId = await emit(Events.StatusChanged, {
        subscriberId: current.id,
        from,
        to: input.status,
        changedAt: sourceUpdatedAt.toISOString(),
      });
      // The history is written with the change, as a person's is: a sync that rolls back leaves no entry,
      // and one that commits never waits on the event bus for its log line.
      await tx.insert(subscriberStatusLogTable).values({
        subscriberId: current.id,
        eventId,
        fromStatus: from,
        toStatus: input.status,
        changedAt: sourceUpdatedAt,
      });
    }
    return { outcome: created ? "created" : "updated", subscriberId: current.id };
  });
});

/**
 * Links a subscriber to the person and/or organisation it belongs to; `null` unlinks, an omitted field
 * is left as it is. A merged person is refused with the id it was merged into.
 */
export const link = fn(
  z
    .object({ subscriberId: z.uuid(), personId: z.uuid().nullish(), organizationId: z.uuid().nullish() })
    .refine((l) => l.personId !== undefined || l.organizationId !== undefined, {
      message: "give personId, organizationId or both (null unlinks)",
      path: ["personId"],
    }),
  async ({ subscriberId, personId, organizationId }): Promise<Info> => {
    assertActor("user");
    return createTransaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(subscriberTable)
        .where(and(eq(subscriberTable.id, subscriberId), live(subscriberTable)))
        .for("update");
      if (!current) throw new AppError("not_found", `Subscriber ${subscriberId} does not exist`);
      if (personId) {
        const [person] = await tx
          .select({ deletedAt: personTable.deletedAt, mergedIntoId: personTable.mergedIntoId })
          .from(personTable)
          .where(eq(personTable.id, personId));
        if (person?.mergedIntoId) {
          throw new AppError(
            "precondition_failed",
            `Person ${personId} was merged into ${person.mergedIntoId}; link the subscriber to that person`,
          );
        }
        if (!person || person.deletedAt) throw new AppError("not_found", `Person ${personId} does not exist`);
      }
      if (organizationId) {
        const [org] = await tx
          .select({ id: organizationTable.id })
          .from(organizationTable)
          .where(and(eq(organizationTable.id, organizationId), live(organizationTable)));
        if (!org) throw new AppError("not_found", `Organization ${organizationId} does not exist`);
      }
      const [row] = await tx
        .update(subscriberTable)
        .set({ personId, organizationId })
        .where(eq(subscriberTable.id, subscriberId))
        .returning();
      const linked = row ?? current;
      await emit(Events.Linked, {
        subscriberId,
        personId: linked.personId,
        organizationId: linked.organizationId,
      });
      return Info.parse(linked);
    });
  },
);

export async function fromExternal(externalSystem: string, externalId: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(subscriberTable)
      .where(and(eq(subscriberTable.externalSystem, externalSystem), eq(subscriberTable.externalId, externalId))),
  );
  return row;
}

/** A subscriber's status history, newest first; each entry is written in the transaction of its change. */
export async function statusLog(subscriberId: string) {
  return useTransaction((tx) =>
    tx
      .select()
      .from(subscriberStatusLogTable)
      .where(eq(subscriberStatusLogTable.subscriberId, subscriberId))
      .orderBy(desc(subscriberStatusLogTable.changedAt)),
  );
}
