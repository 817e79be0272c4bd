import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { conversationPriorities, conversationStatuses, inboxChannelKinds, messageStatuses } from "./values";

/**
 * Inbox domain events, emitted in the transaction of the change. Routing, sending, media fetch, live
 * fan-out, reply obligations and notifications hang off these. Payloads carry ids and small deltas;
 * whoever needs more reads it through the domain (and its access rule).
 */
export const Events = {
  /** A conversation was opened (first message of a person on a channel, or after the last was resolved). */
  ConversationCreated: defineEvent(
    "inbox.conversation.created",
    z.object({
      conversationId: z.uuid(),
      channelId: z.uuid(),
      channelKind: z.enum(inboxChannelKinds),
      teamId: z.nullable(z.uuid()),
      priority: z.enum(conversationPriorities),
    }),
  ),
  /** Anything a list or thread renders changed (status, assignee, team, labels, priority, snooze, mute, read). */
  ConversationUpdated: defineEvent(
    "inbox.conversation.updated",
    z.object({
      conversationId: z.uuid(),
      version: z.number(),
      changes: z.array(z.string()),
      status: z.enum(conversationStatuses),
      assigneeId: z.nullable(z.uuid()),
      teamId: z.nullable(z.uuid()),
    }),
  ),
  /** A customer's message was stored for the first time (a replay emits nothing). */
  MessageReceived: defineEvent(
    "inbox.message.received",
    z.object({
      conversationId: z.uuid(),
      messageId: z.uuid(),
      channelId: z.uuid(),
      /** Media to fetch from the provider (attachment rows left `pending`). */
      pendingMedia: z._default(z.number(), 0),
    }),
  ),
  /** An agent's reply (or an automatic one) is queued for sending. */
  MessageQueued: defineEvent(
    "inbox.message.queued",
    z.object({ conversationId: z.uuid(), messageId: z.uuid(), channelId: z.uuid() }),
  ),
  /** An outbound message's delivery status moved forward (sent, delivered, read, failed). */
  MessageStatusChanged: defineEvent(
    "inbox.message.status_changed",
    z.object({ conversationId: z.uuid(), messageId: z.uuid(), status: z.enum(messageStatuses) }),
  ),
  /** An internal note was added; `mentions` are staff user ids to notify. */
  NoteAdded: defineEvent(
    "inbox.note.added",
    z.object({
      conversationId: z.uuid(),
      messageId: z.uuid(),
      authorId: z.nullable(z.uuid()),
      mentions: z.array(z.uuid()),
    }),
  ),
};
