import { and, asc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { actorRef, useActor } from "../platform/context";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, softRemove } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { Events } from "./events";
import { personChannelTable, personMergeLogTable, personTable } from "./person.sql";
import { type Info, liveChannels, toInfo } from "./shared";

/** The target fields a merge fills from the source when the target has none. */
const filledFields = ["firstName", "lastName", "email", "phone", "organizationId", "locale", "timezone"] as const;

/**
 * Folds `sourceId` into `targetId`: the source's channels move (a value the target already has is
 * dropped; the target keeps its primaries), its subscribers are re-pointed, blanks on the target are
 * filled from the source, and the source is soft-deleted with `merged_into_id` and a logged snapshot.
 */
export const merge = fn(
  z
    .object({ sourceId: id(), targetId: id() })
    .refine((m) => m.sourceId !== m.targetId, { message: "a person cannot be merged into itself", path: ["targetId"] }),
  async ({ sourceId, targetId }): Promise<Info> => {
    requirePermission("crm:contact:write");
    const actor = useActor();
    return createTransaction(async (tx) => {
      // Both rows locked in id order, so two merges over the same pair cannot deadlock.
      const rows = await tx
        .select()
        .from(personTable)
        .where(inArray(personTable.id, [sourceId, targetId]))
        .orderBy(asc(personTable.id))
        .for("update");
      const source = rows.find((r) => r.id === sourceId);
      const target = rows.find((r) => r.id === targetId);
      for (const [role, p, id] of [
        ["source", source, sourceId],
        ["target", target, targetId],
      ] as const) {
        if (!p) throw new AppError("not_found", `Person ${id} (the merge ${role}) does not exist`);
        if (p.mergedIntoId) {
          throw new AppError(
            "precondition_failed",
            `Person ${id} (the merge ${role}) was already merged into ${p.mergedIntoId}; merge with that person instead`,
          );
        }
        if (p.deletedAt) throw new AppError("precondition_failed", `Person ${id} (the merge ${role}) was removed`);
      }
      if (!source || !target) throw new AppError("internal", "unreachable");

      const sourceChannels = await liveChannels(tx, sourceId);
      const targetChannels = await liveChannels(tx, targetId);
      const subscribers = await tx
        .select({ id: subscriberTable.id })
        .from(subscriberTable)
        .where(eq(subscriberTable.personId, sourceId));
      await tx.insert(personMergeLogTable).values({
        sourceId,
        targetId,
        ...actorRef(actor),
        snapshot: {
          person: { ...source, createdAt: source.createdAt.toISOString(), updatedAt: source.updatedAt.toISOString() },
          channels: sourceChannels.map((c) => ({
            id: c.id,
            kind: c.kind,
            value: c.value,
            label: c.label,
            isPrimary: c.isPrimary,
          })),
          subscriberIds: subscribers.map((s) => s.id),
        },
      });

      const now = new Date();
      const key = (c: { kind: string; value: string }) => `${c.kind}\u0000${c.value}`;
      const owned = new Set(targetChannels.map(key));
      const primaryKinds = new Set(targetChannels.filter((c) => c.isPrimary).map((c) => c.kind));
      const dropped = sourceChannels.filter((c) => owned.has(key(c)));
      const moved = sourceChannels.filter((c) => !owned.has(key(c)));
      if (dropped.length > 0) {
        await softRemove(
          tx,
          personChannelTable,
          inArray(
            personChannelTable.id,
            dropped.map((c) => c.id),
          ),
          { at: now },
        );
      }
      for (const c of moved) {
        await tx
          .update(personChannelTable)
          .set({ personId: targetId, isPrimary: c.isPrimary && !primaryKinds.has(c.kind) })
          .where(eq(personChannelTable.id, c.id));
      }
      await tx.update(subscriberTable).set({ personId: targetId }).where(eq(subscriberTable.personId, sourceId));
      // Anyone earlier merged into the source now points straight at the target: one hop resolves a merge.
      await tx.update(personTable).set({ mergedIntoId: targetId }).where(eq(personTable.mergedIntoId, sourceId));
      // The source is retired before the target takes its email, so the partial unique index stays satisfied.
      await softRemove(tx, personTable, eq(personTable.id, sourceId), { at: now, also: { mergedIntoId: targetId } });
      const [merged] = await tx
        .update(personTable)
        .set({
          firstName: target.firstName ?? source.firstName,
          lastName: target.lastName ?? source.lastName,
          email: target.email ?? source.email,
          phone: target.phone ?? source.phone,
          organizationId: target.organizationId ?? source.organizationId,
          locale: target.locale ?? source.locale,
          timezone: target.timezone ?? source.timezone,
          updatedAt: sql`now()`,
        })
        .where(and(eq(personTable.id, targetId), live(personTable)))
        .returning();
      await emit(Events.Merged, {
        sourceId,
        targetId,
        channelsMoved: moved.length,
        channelsDropped: dropped.length,
        subscribersMoved: subscribers.length,
      });
      // One row on the surviving person: which person was folded in, and the blanks it filled.
      await Audit.record({
        action: "person.merged",
        entityType: "person",
        entityId: targetId,
        changes: {
          ...Audit.diff(null, { sourceId, targetId }),
          ...Audit.diff(target, merged ?? target, filledFields),
        },
      });
      return toInfo(merged ?? target, await liveChannels(tx, targetId));
    });
  },
);
