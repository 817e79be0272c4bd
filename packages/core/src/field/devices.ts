import { and, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { text } from "../platform/input";
import { requireFieldUser } from "./actor";
import { devicePlatforms, fieldDeviceTable } from "./field.sql";

export const DeviceInfo = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  platform: z.enum(devicePlatforms),
  appVersion: z.string().nullable(),
  lastSeenAt: z.string(),
  createdAt: z.string(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

type Row = typeof fieldDeviceTable.$inferSelect;
const toInfo = (r: Row): DeviceInfo => ({
  id: r.id,
  userId: r.userId,
  platform: r.platform,
  appVersion: r.appVersion,
  lastSeenAt: r.lastSeenAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
});

/** An FCM registration token: opaque, at most 4 KiB in practice; v1 capped it at 512. */
const Token = text(4096);

/**
 * Registers this phone for push (upsert by token): the same token again refreshes its app version and
 * last-seen time; a token registered by someone else moves to the caller (the phone changed hands).
 */
export const register = fn(
  z.object({
    platform: z.enum(devicePlatforms),
    token: Token,
    appVersion: text(40).nullish(),
  }),
  async (input): Promise<DeviceInfo> => {
    const user = requireFieldUser("field:device:register");
    return createTransaction(async (tx) => {
      const now = new Date();
      const [before] = await tx.select().from(fieldDeviceTable).where(eq(fieldDeviceTable.token, input.token));
      const [row] = await tx
        .insert(fieldDeviceTable)
        .values({
          userId: user.userId,
          platform: input.platform,
          token: input.token,
          appVersion: input.appVersion ?? null,
          lastSeenAt: now,
        })
        .onConflictDoUpdate({
          target: fieldDeviceTable.token,
          set: { userId: user.userId, platform: input.platform, appVersion: input.appVersion ?? null, lastSeenAt: now },
        })
        .returning();
      const device = row as Row;
      if (!before || before.userId !== user.userId) {
        await Audit.record({
          action: "field.device.registered",
          entityType: "field_device",
          entityId: device.id,
          changes: {
            platform: { to: device.platform },
            ...(before ? { userId: { from: before.userId, to: user.userId } } : {}),
          },
        });
      }
      return toInfo(device);
    });
  },
);

/** Stops push to this phone (sign-out on the device). Only the token's own user may remove it. */
export const deregister = fn(z.object({ token: Token }), async ({ token }): Promise<{ removed: boolean }> => {
  const user = requireFieldUser("field:device:register");
  return createTransaction(async (tx) => {
    const [row] = await tx.select().from(fieldDeviceTable).where(eq(fieldDeviceTable.token, token));
    if (!row) return { removed: false };
    if (row.userId !== user.userId) throw new AppError("not_found", "This device is not registered to you");
    await tx.delete(fieldDeviceTable).where(eq(fieldDeviceTable.id, row.id));
    await Audit.record({ action: "field.device.removed", entityType: "field_device", entityId: row.id });
    return { removed: true };
  });
});

/** The phones of these users (push fan-out; no actor check: callers are core subscribers). */
export async function devicesOf(userIds: string[]): Promise<Row[]> {
  if (userIds.length === 0) return [];
  return useTransaction((tx) => tx.select().from(fieldDeviceTable).where(inArray(fieldDeviceTable.userId, userIds)));
}

/** FCM said the token is gone (app uninstalled, token rotated): forget it. */
export async function forgetToken(deviceId: string, token: string): Promise<void> {
  await useTransaction((tx) =>
    tx.delete(fieldDeviceTable).where(and(eq(fieldDeviceTable.id, deviceId), eq(fieldDeviceTable.token, token))),
  );
}
