import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, instant } from "../platform/sql";

/** Every inbound webhook message the consumer has seen; (provider, message id) makes replays no-ops. */
export const inboundEventTable = pgTable(
  "inbound_event",
  {
    id: id(),
    provider: text("provider").notNull(),
    messageId: text("message_id").notNull(),
    type: text("type"),
    status: text("status", { enum: ["processed", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(1),
    error: text("error"),
    receivedAt: instant("received_at").notNull(),
    processedAt: instant("processed_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbound_event_message_idx").on(t.provider, t.messageId),
    index("inbound_event_recent_idx").on(t.processedAt),
  ],
);
