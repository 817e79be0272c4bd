import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, instant, timestamps } from "../platform/sql";

/** Staff accounts. Emails are stored lower-cased; the unique index is on that form. */
export const userTable = pgTable(
  "staff_user",
  {
    id: id(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: instant("locked_until"),
    sessionVersion: integer("session_version").notNull().default(1),
    deactivatedAt: instant("deactivated_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("staff_user_email_idx").on(t.email)],
);

/**
 * A signed-in session: short-lived access tokens carry its id; the refresh token is stored only as
 * a hash and rotates on every use. The previous hash is kept for the concurrent-tab grace window.
 */
export const sessionTable = pgTable(
  "auth_session",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    audience: text("audience").notNull(),
    refreshHash: text("refresh_hash").notNull(),
    previousRefreshHash: text("previous_refresh_hash"),
    rotatedAt: instant("rotated_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastUsedAt: instant("last_used_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
    revokedAt: instant("revoked_at"),
    revokedReason: text("revoked_reason"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    uniqueIndex("auth_session_refresh_idx").on(t.refreshHash),
    index("auth_session_previous_idx").on(t.previousRefreshHash),
    index("auth_session_user_idx").on(t.userId, t.createdAt),
  ],
);

/** API keys: random, stored hashed; the visible prefix identifies a key in lists and logs. */
export const apiKeyTable = pgTable(
  "api_key",
  {
    id: id(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid("created_by").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    expiresAt: instant("expires_at"),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("api_key_prefix_idx").on(t.prefix), index("api_key_created_idx").on(t.createdAt)],
);
