import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { personChannelTable, personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { teamTable } from "../team/team.sql";
import { ticketTable } from "../ticket/ticket.sql";
import { conversationPriorities, conversationStatuses, inboxChannelKinds, messageStatuses } from "./values";

export {
  type ConversationPriority,
  type ConversationStatus,
  conversationPriorities,
  conversationStatuses,
  type InboxChannelKind,
  inboxChannelKinds,
  type MessageStatus,
  messageStatuses,
} from "./values";

export const messageDirections = ["inbound", "outbound", "internal"] as const;
export type MessageDirection = (typeof messageDirections)[number];
export const messageKinds = [
  "text",
  "image",
  "audio",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "reaction",
  "template",
  "email",
  "note",
  "system",
  "unsupported",
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** A connected number, page, account, mailbox or widget. Credentials are secret names, never values. */
export const inboxChannelTable = pgTable(
  "inbox_channel",
  {
    id: id(),
    kind: text("kind", { enum: inboxChannelKinds }).notNull(),
    name: text("name").notNull(),
    /** WhatsApp phone_number_id, Facebook page id, Instagram account id, email address or widget public id. */
    externalAccountId: text("external_account_id").notNull(),
    /** WhatsApp Business Account id (template catalogue); null for the other kinds. */
    businessAccountId: text("business_account_id"),
    /** Conversations on this channel go to this team unless a routing rule says otherwise. */
    teamId: uuid("team_id").references(() => teamTable.id),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    /** Name of the secret holding the provider access token (Secrets Manager / local secrets). */
    accessTokenSecret: text("access_token_secret"),
    /** SHA-256 (hex) of the verify token Meta echoes on GET verification. */
    verifyTokenHash: text("verify_token_hash"),
    /** Per-kind settings (widget colours and origins, email reply address, Messenger tag permission...). */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
    ...softDelete,
  },
  (t) => [uniqueIndex("inbox_channel_account_idx").on(t.kind, t.externalAccountId).where(sql`${t.deletedAt} is null`)],
);

/** One conversation with one person on one channel. At most one not `resolved` per (channel, person). */
export const inboxConversationTable = pgTable(
  "inbox_conversation",
  {
    id: id(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => inboxChannelTable.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => personTable.id),
    /** The person's address this conversation talks to (phone, PSID, IGSID, email, visitor). */
    personChannelId: uuid("person_channel_id").references(() => personChannelTable.id),
    status: text("status", { enum: conversationStatuses }).notNull().default("open"),
    priority: text("priority", { enum: conversationPriorities }).notNull().default("none"),
    subject: text("subject"),
    assigneeId: uuid("assignee_id").references(() => userTable.id),
    teamId: uuid("team_id").references(() => teamTable.id),
    labels: text("labels").array().notNull().default(sql`'{}'::text[]`),
    /** Set when converted to a ticket (status `resolved_to_ticket`) or linked to one. */
    ticketId: uuid("ticket_id").references(() => ticketTable.id),
    lastMessageAt: instant("last_message_at").notNull().defaultNow(),
    lastInboundAt: instant("last_inbound_at"),
    lastOutboundAt: instant("last_outbound_at"),
    firstResponseAt: instant("first_response_at"),
    resolvedAt: instant("resolved_at"),
    /** End of the provider's customer-service window (WhatsApp 24 h, Messenger/Instagram 24 h or 7 d with a tag). */
    windowExpiresAt: instant("window_expires_at"),
    /** Inbound messages since an agent last read the conversation. */
    unreadCount: integer("unread_count").notNull().default(0),
    snoozedUntil: instant("snoozed_until"),
    /** Snoozed "until the next reply": the next inbound message reopens it. */
    snoozeUntilReply: boolean("snooze_until_reply").notNull().default(false),
    muted: boolean("muted").notNull().default(false),
    /** Bumped by every change that live clients render; they compare it to drop stale updates. */
    version: bigint("version", { mode: "number" }).notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("inbox_conversation_live_idx").on(t.channelId, t.personId).where(sql`${t.status} <> 'resolved'`),
    // The inbox list's keyset order, and the same order within the usual filters.
    index("inbox_conversation_recent_idx").on(t.lastMessageAt, t.id),
    index("inbox_conversation_status_idx").on(t.status, t.lastMessageAt, t.id),
    index("inbox_conversation_assignee_idx").on(t.assigneeId, t.status, t.lastMessageAt, t.id),
    index("inbox_conversation_team_idx").on(t.teamId, t.status, t.lastMessageAt, t.id),
    index("inbox_conversation_person_idx").on(t.personId, t.lastMessageAt),
    index("inbox_conversation_snoozed_idx").on(t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
    index("inbox_conversation_ticket_idx").on(t.ticketId),
  ],
);

/**
 * Every message in, out and internal. `(channel_id, external_id)` is the provider's dedupe key: a replay
 * inserts nothing. Outbound rows carry the outbox columns; `(author_id, idempotency_key)` makes a double
 * submit one message.
 */
export const inboxMessageTable = pgTable(
  "inbox_message",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => inboxConversationTable.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => inboxChannelTable.id),
    direction: text("direction", { enum: messageDirections }).notNull(),
    kind: text("kind", { enum: messageKinds }).notNull(),
    status: text("status", { enum: messageStatuses }).notNull(),
    /** wamid, Messenger/Instagram mid, email Message-ID (without brackets) or widget message id. */
    externalId: text("external_id"),
    subject: text("subject"),
    /** Plain text (email: the text part; HTML is stored sanitised in `payload.html`). */
    body: text("body"),
    /** The normalised provider payload: media refs, location, contacts, interactive ids, template, email headers. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    replyToMessageId: uuid("reply_to_message_id").references((): AnyPgColumn => inboxMessageTable.id),
    /** The agent who wrote an outbound message or note; null for inbound and automatic messages. */
    authorId: uuid("author_id").references(() => userTable.id),
    mentions: uuid("mentions").array().notNull().default(sql`'{}'::uuid[]`),
    idempotencyKey: text("idempotency_key"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    sendingStartedAt: instant("sending_started_at"),
    errorCode: text("error_code"),
    errorDetail: text("error_detail"),
    /** When the provider says the customer sent it (inbound) or when it accepted it (outbound). */
    providerAt: instant("provider_at"),
    sentAt: instant("sent_at"),
    deliveredAt: instant("delivered_at"),
    readAt: instant("read_at"),
    failedAt: instant("failed_at"),
    /** Email threading: how this inbound message found its conversation ("why it landed here"). */
    threadMatch: text("thread_match"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbox_message_external_idx").on(t.channelId, t.externalId).where(sql`${t.externalId} is not null`),
    uniqueIndex("inbox_message_idempotency_idx")
      .on(t.authorId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index("inbox_message_thread_idx").on(t.conversationId, t.createdAt, t.id),
    index("inbox_message_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
  ],
);

/** Media and files of a message. Provider media are fetched after the message is stored: `pending` until then. */
export const inboxAttachmentTable = pgTable(
  "inbox_attachment",
  {
    id: id(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => inboxMessageTable.id),
    idx: integer("idx").notNull(),
    /** The provider's media id (WhatsApp), URL (Messenger/Instagram) or MIME content id (email). */
    mediaRef: text("media_ref"),
    filename: text("filename"),
    declaredType: text("declared_type"),
    detectedType: text("detected_type"),
    size: integer("size"),
    sha256: text("sha256"),
    blobKey: text("blob_key"),
    state: text("state", { enum: ["pending", "stored", "rejected"] })
      .notNull()
      .default("pending"),
    error: text("error"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("inbox_attachment_message_idx").on(t.messageId, t.idx)],
);

/**
 * Every delivery receipt a provider sent, applied or not: one that arrives before the send call returned
 * the message's external id waits here and is applied when the id is recorded.
 */
export const inboxReceiptTable = pgTable(
  "inbox_receipt",
  {
    id: id(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => inboxChannelTable.id),
    externalId: text("external_id").notNull(),
    status: text("status", { enum: ["sent", "delivered", "read", "failed"] }).notNull(),
    at: instant("at").notNull(),
    error: jsonb("error").$type<Record<string, unknown>>(),
    appliedAt: instant("applied_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("inbox_receipt_key_idx").on(t.channelId, t.externalId, t.status)],
);

export const conversationEventKinds = [
  "created",
  "status_changed",
  "priority_changed",
  "assigned",
  "unassigned",
  "team_changed",
  "labels_changed",
  "snoozed",
  "reopened",
  "muted",
  "unmuted",
  "first_response",
  "converted_to_ticket",
  "merged",
  /** The reply target (first response or follow-up) passed without an answer: the SLA report's "late". */
  "reply_breached",
] as const;
export type ConversationEventKind = (typeof conversationEventKinds)[number];

/** Append-only history of a conversation; reports compute first response and resolution times from it. */
export const inboxConversationEventTable = pgTable(
  "inbox_conversation_event",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => inboxConversationTable.id),
    at: instant("at").notNull().defaultNow(),
    kind: text("kind", { enum: conversationEventKinds }).notNull(),
    from: jsonb("from").$type<unknown>(),
    to: jsonb("to").$type<unknown>(),
    /** Why: the routing rule, macro or verb that made the change (e.g. "least-loaded in Support"). */
    reason: text("reason"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
  },
  (t) => [
    index("inbox_conversation_event_idx").on(t.conversationId, t.at, t.id),
    index("inbox_conversation_event_kind_idx").on(t.kind, t.at),
  ],
);
