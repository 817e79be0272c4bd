import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { sessionTable, userTable } from "../auth/auth.sql";
import { instant } from "../platform/sql";

/** One-time tickets to open a live connection: SHA-256 of the secret, seconds to live, consumed by one DELETE. */
export const liveTicketTable = pgTable(
  "live_ticket",
  {
    hash: text("hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    /** The session that asked: its revocation ends the connection too. */
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessionTable.id, { onDelete: "cascade" }),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [index("live_ticket_expires_idx").on(t.expiresAt)],
);

/** An open live connection (API Gateway's connection id, or the local runtime's). */
export const liveConnectionTable = pgTable(
  "live_connection",
  {
    connectionId: text("connection_id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessionTable.id, { onDelete: "cascade" }),
    openedAt: instant("opened_at").notNull().defaultNow(),
    /** Moved by every ping: $disconnect is best effort, so a connection silent for long is expired by this. */
    lastSeenAt: instant("last_seen_at").notNull().defaultNow(),
  },
  (t) => [index("live_connection_user_idx").on(t.userId), index("live_connection_seen_idx").on(t.lastSeenAt)],
);

/** What a connection listens to: `inbox`, `presence` or `conversation:<id>`, each checked when subscribed and at fan-out. */
export const liveSubscriptionTable = pgTable(
  "live_subscription",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => liveConnectionTable.connectionId, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.topic] }), index("live_subscription_topic_idx").on(t.topic)],
);
