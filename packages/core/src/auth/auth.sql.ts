import { sql } from "drizzle-orm";
import { integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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
