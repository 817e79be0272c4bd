import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, instant } from "../platform/sql";
import { inboxConversationTable } from "./inbox.sql";

/**
 * One satisfaction survey per resolved conversation: a single-use link (only its hash is stored) that
 * takes a rating from 1 to 5 and an optional comment, once, before it expires.
 */
export const inboxCsatTable = pgTable(
  "inbox_csat",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => inboxConversationTable.id),
    tokenHash: text("token_hash").notNull(),
    /** The agent and team of the conversation when it was resolved: whom the rating is about. */
    agentId: uuid("agent_id"),
    teamId: uuid("team_id"),
    expiresAt: instant("expires_at").notNull(),
    rating: integer("rating"),
    comment: text("comment"),
    respondedAt: instant("responded_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbox_csat_conversation_idx").on(t.conversationId),
    uniqueIndex("inbox_csat_token_idx").on(t.tokenHash),
    index("inbox_csat_responded_idx").on(t.respondedAt),
    check("inbox_csat_rating_range", sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);
