/**
 * The inbox domain's enumerated values, apart from its tables: an event's payload schema names them
 * without loading the table definitions (which pull drizzle's column builders onto a consumer's cold path).
 */

/** Lowest to highest; `none` until someone says otherwise. */
export const conversationPriorities = ["none", "low", "medium", "high", "urgent"] as const;
export type ConversationPriority = (typeof conversationPriorities)[number];

/** v1's conversation statuses (`status_flow.py`). `resolved` is terminal: the next message opens a new conversation. */
export const conversationStatuses = ["open", "pending", "snoozed", "resolved_to_ticket", "resolved"] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** The five channels an ISP answers on. One `inbox_channel` row per number, page, account, address or widget. */
export const inboxChannelKinds = ["whatsapp", "messenger", "instagram", "email", "widget"] as const;
export type InboxChannelKind = (typeof inboxChannelKinds)[number];

/**
 * Inbound messages are `received`. Outbound ones climb `queued` < `sending` < `sent` < `delivered` < `read`
 * and never move backwards; `failed` is reachable only below `delivered` (see inbox/receipts).
 */
export const messageStatuses = ["received", "queued", "sending", "sent", "delivered", "read", "failed"] as const;
export type MessageStatus = (typeof messageStatuses)[number];
