import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { id, instant, timestamps } from "../platform/sql";

export const devicePlatforms = ["android", "ios", "web"] as const;
export type DevicePlatform = (typeof devicePlatforms)[number];

/**
 * A phone (or browser) that receives push notifications for a technician (staff user) or a vendor's crew
 * member (vendor user). The FCM registration token is unique: registering it again moves it to whoever
 * registers it now (a shared phone changes hands), and FCM answering UNREGISTERED removes it.
 */
export const fieldDeviceTable = pgTable(
  "field_device",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    platform: text("platform", { enum: devicePlatforms }).notNull(),
    token: text("token").notNull(),
    appVersion: text("app_version"),
    lastSeenAt: instant("last_seen_at").notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex("field_device_token_idx").on(t.token), index("field_device_user_idx").on(t.userId)],
);
