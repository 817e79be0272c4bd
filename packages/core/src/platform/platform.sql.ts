import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, instant } from "./sql";

/** Domain events written in the caller's transaction; relayed after commit, swept if left behind. */
export const outboxTable = pgTable(
  "outbox_event",
  {
    id: id(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    occurredAt: instant("occurred_at").notNull().defaultNow(),
    publishedAt: instant("published_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_event_unpublished_idx").on(t.occurredAt).where(sql`${t.publishedAt} is null`)],
);

/** The durable table-backed queue used on one machine (SQS plays this part on AWS). */
export const queueMessageTable = pgTable(
  "queue_message",
  {
    id: id(),
    queue: text("queue").notNull(),
    body: text("body").notNull(),
    visibleAt: instant("visible_at").notNull().defaultNow(),
    receiveCount: integer("receive_count").notNull().default(0),
    lastError: text("last_error"),
    enqueuedAt: instant("enqueued_at").notNull().defaultNow(),
  },
  (t) => [index("queue_message_ready_idx").on(t.queue, t.visibleAt)],
);

/** Messages that could not be processed, with the reason; the replay command puts them back. */
export const deadLetterTable = pgTable(
  "dead_letter",
  {
    id: id(),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body").notNull(),
    reason: text("reason").notNull(),
    receiveCount: integer("receive_count").notNull(),
    failedAt: instant("failed_at").notNull().defaultNow(),
    replayedAt: instant("replayed_at"),
  },
  (t) => [
    index("dead_letter_pending_idx").on(t.queue, t.failedAt).where(sql`${t.replayedAt} is null`),
    uniqueIndex("dead_letter_message_idx").on(t.queue, t.messageId),
  ],
);

/** One row per run of a registered job (the status page shows the last one). */
export const jobRunTable = pgTable(
  "job_run",
  {
    id: id(),
    name: text("name").notNull(),
    status: text("status", { enum: ["running", "succeeded", "failed"] }).notNull(),
    startedAt: instant("started_at").notNull().defaultNow(),
    finishedAt: instant("finished_at"),
    error: text("error"),
  },
  (t) => [index("job_run_name_idx").on(t.name, t.startedAt)],
);

/** Makes event subscribers idempotent: a second delivery of (event, subscriber) is a no-op. */
export const eventDeliveryTable = pgTable(
  "event_delivery",
  {
    eventId: text("event_id").notNull(),
    subscriber: text("subscriber").notNull(),
    deliveredAt: instant("delivered_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.subscriber] })],
);

/**
 * Per-window request counters shared by every Lambda instance; a sliding-window estimate reads the
 * current window and the one before. Older windows are pruned by a job.
 */
export const rateLimitTable = pgTable(
  "rate_limit",
  {
    key: text("key").notNull(),
    windowStart: instant("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limit_window_idx").on(t.windowStart)],
);
