import { desc, eq, lt } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { useActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, key } from "../platform/input";
import * as Outbox from "../platform/outbox";
import { deleteInBatches } from "../platform/prune";
import { technicianPositionTable, technicianProfileTable } from "./dispatch.sql";
import { Events } from "./events";

/** How long a ping is kept; the `dispatch.positions_prune` job deletes older ones. */
export const POSITION_RETENTION_MS = 48 * 3_600_000;
/** A phone's clock may run a little fast; a ping further in the future is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The signed-in technician's own profile row (locked), or 403: only technicians share a location. */
async function ownProfile(tx: Transaction) {
  const actor = useActor();
  if (actor.type !== "user" || actor.properties.portal !== "staff") {
    throw new AppError(
      actor.type === "public" ? "unauthenticated" : "forbidden",
      "Only a signed-in technician shares their location",
    );
  }
  const [profile] = await tx
    .select()
    .from(technicianProfileTable)
    .where(eq(technicianProfileTable.userId, actor.properties.userId))
    .for("update");
  if (!profile)
    throw new AppError("forbidden", "Only technicians share their location; you have no technician profile");
  return profile;
}

/**
 * Turns the signed-in technician's location sharing on or off: their own consent, nobody else's.
 * Turning it off deletes the positions kept so far.
 */
export const setSharing = fn(
  z.object({ enabled: z.boolean() }),
  async ({ enabled }): Promise<{ enabled: boolean; deleted: number }> =>
    createTransaction(async (tx) => {
      const profile = await ownProfile(tx);
      let deleted = 0;
      if (!enabled) {
        deleted = (
          await tx
            .delete(technicianPositionTable)
            .where(eq(technicianPositionTable.userId, profile.userId))
            .returning({ id: technicianPositionTable.id })
        ).length;
      }
      if (profile.locationSharing !== enabled) {
        await tx
          .update(technicianProfileTable)
          .set({ locationSharing: enabled })
          .where(eq(technicianProfileTable.userId, profile.userId));
        await Audit.record({
          action: "dispatch.location_sharing_changed",
          entityType: "technician",
          entityId: profile.userId,
          changes: {
            locationSharing: { from: profile.locationSharing, to: enabled },
            ...(deleted ? { positionsDeleted: { to: deleted } } : {}),
          },
        });
      }
      return { enabled, deleted };
    }),
);

export const MyProfile = z.object({
  userId: z.string(),
  /** IANA zone of the technician's profile: "today" is counted in it. */
  timeZone: z.string(),
  active: z.boolean(),
  locationSharing: z.boolean(),
  lastPosition: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      accuracy: z.number().nullable(),
      recordedAt: z.string(),
    })
    .nullable(),
});
export type MyProfile = z.infer<typeof MyProfile>;

/**
 * The signed-in technician's own dispatch profile: time zone, consent flag and their last kept ping.
 * A self-read: no `operations:technician:read` needed, nobody else's row is reachable. 404 without a profile.
 */
export const me = fn(
  z.object({}).default({}),
  async (): Promise<MyProfile> =>
    useTransaction(async (tx) => {
      const actor = useActor();
      if (actor.type !== "user" || actor.properties.portal !== "staff") {
        throw new AppError(
          actor.type === "public" ? "unauthenticated" : "forbidden",
          "Only signed-in staff have a dispatch profile",
        );
      }
      const userId = actor.properties.userId;
      const [profile] = await tx.select().from(technicianProfileTable).where(eq(technicianProfileTable.userId, userId));
      if (!profile) throw new AppError("not_found", "You have no technician profile; a dispatcher creates it");
      const [last] = await tx
        .select()
        .from(technicianPositionTable)
        .where(eq(technicianPositionTable.userId, userId))
        .orderBy(desc(technicianPositionTable.recordedAt))
        .limit(1);
      return {
        userId,
        timeZone: profile.timeZone,
        active: profile.active,
        locationSharing: profile.locationSharing,
        lastPosition: last
          ? {
              latitude: last.latitude,
              longitude: last.longitude,
              accuracy: last.accuracy,
              recordedAt: last.recordedAt.toISOString(),
            }
          : null,
      };
    }),
);

export const Ping = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
  recordedAt: instant(),
  workOrderId: id().optional(),
  /** The phone's id for this ping: a resend with the same ref is a no-op (default: its recordedAt). */
  clientRef: key(100).optional(),
});

export const ReportInput = z.union([Ping, z.object({ positions: z.array(Ping).min(1).max(200) })]);

/**
 * Stores the signed-in technician's location pings (one, or a batch from an offline phone), when they
 * have turned sharing on. Idempotent by client ref; pings older than 48 h are not kept.
 */
export const report = fn(
  ReportInput,
  async (input): Promise<{ accepted: number; duplicates: number; expired: number }> => {
    const pings = "positions" in input ? input.positions : [input];
    const now = Date.now();
    const future = pings.findIndex((p) => p.recordedAt.getTime() > now + CLOCK_SKEW_MS);
    if (future >= 0) {
      const path = "positions" in input ? `positions.${future}.recordedAt` : "recordedAt";
      throw new AppError("validation", `Invalid input: ${path}: is in the future; check the phone's clock`, [
        { path, message: "is in the future" },
      ]);
    }
    return createTransaction(async (tx) => {
      const profile = await ownProfile(tx);
      if (!profile.locationSharing) {
        throw new AppError(
          "forbidden",
          "Turn location sharing on first (PUT /api/v1/dispatch/me/location-sharing)",
          [],
          {
            reason: { key: "location_sharing_off" },
          },
        );
      }
      const fresh = pings.filter((p) => now - p.recordedAt.getTime() < POSITION_RETENTION_MS);
      const rows = fresh.map((p) => ({
        userId: profile.userId,
        latitude: p.latitude,
        longitude: p.longitude,
        accuracy: p.accuracy ?? null,
        recordedAt: p.recordedAt,
        workOrderId: p.workOrderId ?? null,
        clientRef: p.clientRef ?? p.recordedAt.toISOString(),
      }));
      const stored = rows.length
        ? await tx.insert(technicianPositionTable).values(rows).onConflictDoNothing().returning({
            recordedAt: technicianPositionTable.recordedAt,
            latitude: technicianPositionTable.latitude,
            longitude: technicianPositionTable.longitude,
          })
        : [];
      const newest = stored.reduce<(typeof stored)[number] | undefined>(
        (a, b) => (!a || b.recordedAt > a.recordedAt ? b : a),
        undefined,
      );
      if (newest) {
        await Outbox.emit(Events.PositionReported, {
          userId: profile.userId,
          latitude: newest.latitude,
          longitude: newest.longitude,
          recordedAt: newest.recordedAt.toISOString(),
        });
      }
      return { accepted: stored.length, duplicates: rows.length - stored.length, expired: pings.length - fresh.length };
    });
  },
);

/** The `dispatch.positions_prune` job: deletes pings older than 48 hours, in batches. */
export async function prune(options: { now?: Date; budgetMs?: number } = {}) {
  const cutoff = new Date((options.now ?? new Date()).getTime() - POSITION_RETENTION_MS);
  return deleteInBatches(technicianPositionTable, lt(technicianPositionTable.recordedAt, cutoff), {
    batchSize: 5000,
    deadline: Date.now() + (options.budgetMs ?? 30_000),
  });
}
