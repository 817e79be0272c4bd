import { and, eq, isNull, ne, sql } from "drizzle-orm";
import * as z from "zod";
import * as Person from "../person";
import type { ChannelKind } from "../person/person.sql";
import { createTransaction, type Transaction, type Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { validationError } from "../platform/fn";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import * as Annotate from "./annotate";
import { logEvent } from "./change";
import { Events } from "./events";
import {
  type ConversationStatus,
  type InboxChannelKind,
  inboxAttachmentTable,
  inboxChannelTable,
  inboxConversationTable,
  inboxMessageTable,
  messageKinds,
} from "./inbox.sql";
import { applyWaitingReceipts } from "./receipts";

export { applyStatus, applyWaitingReceipts, ReceiptInput, type ReceiptStatus, receipt } from "./receipts";

export type ChannelRow = typeof inboxChannelTable.$inferSelect;
export type ConversationRow = typeof inboxConversationTable.$inferSelect;
export type MessageRow = typeof inboxMessageTable.$inferSelect;

/** The person-channel kind a sender's address has on each inbox channel kind (web chat: the visitor id of inbox/widget). */
const senderKind: Record<InboxChannelKind, ChannelKind | null> = {
  whatsapp: "whatsapp",
  messenger: "messenger",
  instagram: "instagram",
  email: "email",
  widget: "visitor",
};

/**
 * The connected channel a provider's payload is addressed to (WhatsApp phone_number_id, page id,
 * Instagram account id, our email address). None connected is a `validation` error: the message is
 * dead-lettered with this reason (never retried, never a 5xx to the provider) and can be replayed
 * once the channel is connected.
 */
export async function channelFor(tx: Tx, kind: InboxChannelKind, externalAccountId: string) {
  const [row] = await tx
    .select()
    .from(inboxChannelTable)
    .where(
      and(
        eq(inboxChannelTable.kind, kind),
        eq(inboxChannelTable.externalAccountId, externalAccountId),
        live(inboxChannelTable),
      ),
    );
  if (!row) {
    throw new AppError(
      "validation",
      `No ${kind} channel is connected for account ${externalAccountId}; connect it in Settings › Inbox › Channels, then replay`,
    );
  }
  if (row.status !== "active") {
    throw new AppError("validation", `The ${kind} channel ${row.name} is disabled; enable it, then replay`);
  }
  return row;
}

const Attachment = z.object({
  /** WhatsApp media id, Messenger/Instagram attachment URL, or the email part's content id. */
  mediaRef: z.string().max(2048).nullish(),
  filename: z.string().max(255).nullish(),
  declaredType: z.string().max(255).nullish(),
  sha256: z.string().max(128).nullish(),
  size: z.int().nonnegative().nullish(),
  /** Already stored (email parts): the blob key and what the magic bytes said. */
  blobKey: z.string().max(512).nullish(),
  detectedType: z.string().max(255).nullish(),
  state: z.enum(["pending", "stored", "rejected"]).default("pending"),
  error: z.string().max(500).nullish(),
});

export const InboundInput = z.object({
  channelId: z.uuid(),
  /** The customer's address on the channel: WhatsApp number, PSID, IGSID, email address. */
  from: z.object({
    value: z.string().min(1).max(320),
    name: z.string().max(200).nullish(),
  }),
  /**
   * `inbound` for the customer's messages; `outbound` for an echo of what the business sent outside
   * this product (Meta message echoes): recorded as sent, never counted as the customer's.
   */
  direction: z.enum(["inbound", "outbound"]).default("inbound"),
  /** The provider's id for the message: the dedupe key with the channel. Replays insert nothing. */
  externalId: z.string().min(1).max(1024),
  kind: z.enum(messageKinds),
  body: z.string().max(100_000).nullish(),
  subject: z.string().max(998).nullish(),
  payload: z.record(z.string(), z.unknown()).default({}),
  /** When the provider says it was sent (clamped to now). */
  providerAt: z.coerce.date(),
  attachments: z.array(Attachment).max(50).default([]),
  /** The provider id of the message this one replies to (WhatsApp context, email In-Reply-To): linked when in the same conversation. */
  replyToExternalId: z.string().max(1024).nullish(),
  /** End of the customer-service window this message opens (WhatsApp/Messenger/Instagram); only ever extends it. */
  windowExpiresAt: z.coerce.date().nullish(),
  /** Email threading: the conversation the headers or reply token pointed at, and why (stored on the message). */
  conversationId: z.uuid().nullish(),
  threadMatch: z.string().max(200).nullish(),
  /** An echo of a message we sent (its opaque callback data carried our id): attach the provider id to it. */
  ourMessageId: z.uuid().nullish(),
});
export type InboundInput = z.input<typeof InboundInput>;

export type InboundResult =
  | { outcome: "inserted"; messageId: string; conversationId: string; conversationCreated: boolean }
  | { outcome: "duplicate"; messageId: string; conversationId: string }
  /** A reaction or an unsend: it changed the message it names, not the conversation's counters. */
  | { outcome: "annotated"; messageId: string; conversationId: string };

/**
 * Stores one inbound (or echoed) message exactly once. In one transaction (the caller's, when the
 * consumer already holds one, so its inbound_event claim and this commit together): the sender resolves
 * to a person (created if unknown), the conversation is found or opened (one not resolved per channel and
 * person; a snoozed, pending or ticketed one is reopened by the customer's message), and the message is
 * inserted with ON CONFLICT DO NOTHING on (channel, external id). Counters, the window and events
 * change only when a row was inserted, so a replay, in any order and any number of times, changes nothing.
 */
export async function inbound(input: InboundInput): Promise<InboundResult> {
  const parsed = InboundInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "Inbound message is invalid");
  const m = parsed.data;
  return createTransaction(async (tx) => {
    const [channel] = await tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.id, m.channelId));
    if (!channel) throw new AppError("validation", `Inbox channel ${m.channelId} does not exist`);
    const existing = await findByExternalId(tx, channel.id, m.externalId);
    if (existing) {
      // Instagram tells an unsend with the original's own id: it annotates the original, once.
      const unsent = m.payload.deleted === true && (await Annotate.unsend(tx, existing, clamp(m.providerAt)));
      return {
        outcome: unsent ? "annotated" : "duplicate",
        messageId: existing.id,
        conversationId: existing.conversationId,
      };
    }
    // A reaction to a message we have annotates it; its own row is kept (hidden) only for dedupe.
    const target =
      m.kind === "reaction" && m.replyToExternalId
        ? await findByExternalId(tx, channel.id, m.replyToExternalId)
        : undefined;
    if (target) {
      const [kept] = await tx
        .insert(inboxMessageTable)
        .values({
          conversationId: target.conversationId,
          channelId: channel.id,
          direction: m.direction,
          kind: "reaction",
          status: "received",
          externalId: m.externalId,
          body: m.body ?? null,
          payload: { ...m.payload, applied: true },
          replyToMessageId: target.id,
          providerAt: clamp(m.providerAt),
        })
        .onConflictDoNothing()
        .returning();
      if (!kept) return { outcome: "duplicate", messageId: target.id, conversationId: target.conversationId };
      await Annotate.react(tx, target, m.body || null, clamp(m.providerAt));
      return { outcome: "annotated", messageId: kept.id, conversationId: target.conversationId };
    }

    if (m.ourMessageId && m.direction === "outbound") {
      const [attached] = await tx
        .update(inboxMessageTable)
        .set({ externalId: m.externalId })
        .where(
          and(
            eq(inboxMessageTable.id, m.ourMessageId),
            eq(inboxMessageTable.channelId, channel.id),
            isNull(inboxMessageTable.externalId),
          ),
        )
        .returning();
      if (attached) {
        await applyWaitingReceipts(tx, attached);
        return { outcome: "duplicate", messageId: attached.id, conversationId: attached.conversationId };
      }
    }

    const kind = senderKind[channel.kind];
    if (!kind) throw new AppError("validation", `Channel kind ${channel.kind} does not receive through this path`);
    const sender = await Person.resolveSender(tx, { kind, value: m.from.value, name: m.from.name });
    const at = clamp(m.providerAt);
    const { conversation, created } = await openConversation(tx, channel, sender, m.conversationId ?? null, at);

    const replyTo = m.replyToExternalId ? await findByExternalId(tx, channel.id, m.replyToExternalId) : undefined;
    const inbound = m.direction === "inbound";
    const [message] = await tx
      .insert(inboxMessageTable)
      .values({
        conversationId: conversation.id,
        channelId: channel.id,
        direction: m.direction,
        kind: m.kind,
        status: inbound ? "received" : "sent",
        externalId: m.externalId,
        subject: m.subject ?? null,
        body: m.body ?? null,
        payload: m.payload,
        replyToMessageId: replyTo?.conversationId === conversation.id ? replyTo.id : null,
        providerAt: at,
        sentAt: inbound ? null : at,
        threadMatch: m.threadMatch ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!message) {
      const again = await findByExternalId(tx, channel.id, m.externalId);
      if (!again) throw new AppError("conflict", "The message changed while it was stored; the queue retries it");
      return { outcome: "duplicate", messageId: again.id, conversationId: again.conversationId };
    }
    if (m.attachments.length) {
      await tx.insert(inboxAttachmentTable).values(
        m.attachments.map((a, idx) => ({
          messageId: message.id,
          idx,
          mediaRef: a.mediaRef ?? null,
          filename: a.filename ?? null,
          declaredType: a.declaredType ?? null,
          detectedType: a.detectedType ?? null,
          sha256: a.sha256 ?? null,
          size: a.size ?? null,
          blobKey: a.blobKey ?? null,
          state: a.state,
          error: a.error ?? null,
        })),
      );
    }

    const reopen: ConversationStatus | null =
      inbound && !created && conversation.status !== "open" && conversation.status !== "resolved" ? "open" : null;
    const [updated] = await tx
      .update(inboxConversationTable)
      .set({
        lastMessageAt: sql`greatest(${inboxConversationTable.lastMessageAt}, ${at})`,
        ...(inbound
          ? {
              lastInboundAt: sql`greatest(coalesce(${inboxConversationTable.lastInboundAt}, ${at}), ${at})`,
              unreadCount: sql`${inboxConversationTable.unreadCount} + 1`,
            }
          : { lastOutboundAt: sql`greatest(coalesce(${inboxConversationTable.lastOutboundAt}, ${at}), ${at})` }),
        ...(inbound && m.windowExpiresAt
          ? {
              windowExpiresAt: sql`greatest(coalesce(${inboxConversationTable.windowExpiresAt}, ${m.windowExpiresAt}), ${m.windowExpiresAt})`,
            }
          : {}),
        ...(reopen ? { status: reopen, snoozedUntil: null, snoozeUntilReply: false } : {}),
        ...(created ? {} : { version: sql`${inboxConversationTable.version} + 1` }),
      })
      .where(eq(inboxConversationTable.id, conversation.id))
      .returning();
    if (!updated) throw new AppError("conflict", "The conversation changed while the message was stored");
    if (reopen) {
      await logEvent(tx, updated.id, "reopened", {
        from: conversation.status,
        to: reopen,
        reason: "the customer wrote again",
      });
    }

    const pendingMedia = m.attachments.filter((a) => a.state === "pending" && a.mediaRef).length;
    if (created) {
      await emit(Events.ConversationCreated, {
        conversationId: updated.id,
        channelId: channel.id,
        channelKind: channel.kind,
        teamId: updated.teamId,
        priority: updated.priority,
      });
    } else {
      await emit(Events.ConversationUpdated, {
        conversationId: updated.id,
        version: updated.version,
        changes: reopen ? ["message", "status"] : ["message"],
        status: updated.status,
        assigneeId: updated.assigneeId,
        teamId: updated.teamId,
      });
    }
    if (inbound) {
      await emit(Events.MessageReceived, {
        conversationId: updated.id,
        messageId: message.id,
        channelId: channel.id,
        pendingMedia,
      });
    }
    return { outcome: "inserted", messageId: message.id, conversationId: updated.id, conversationCreated: created };
  });
}

/** The provider's time, never in the future. */
const clamp = (at: Date) => {
  const now = new Date();
  return at > now ? now : at;
};

export async function findByExternalId(tx: Transaction, channelId: string, externalId: string) {
  const [row] = await tx
    .select()
    .from(inboxMessageTable)
    .where(and(eq(inboxMessageTable.channelId, channelId), eq(inboxMessageTable.externalId, externalId)));
  return row;
}

/**
 * The conversation a message belongs to: the one threading pointed at (email) when it is still this
 * person's on this channel and not resolved, else the person's unresolved one on the channel, else a
 * new one (routed to the channel's team). The sender's advisory lock (resolveSender) serialises two
 * first messages, and the partial unique index is the last word.
 */
async function openConversation(
  tx: Transaction,
  channel: ChannelRow,
  sender: { person: { id: string }; channel: { id: string } },
  hintId: string | null,
  at: Date,
): Promise<{ conversation: ConversationRow; created: boolean }> {
  const c = inboxConversationTable;
  if (hintId) {
    const [hinted] = await tx
      .select()
      .from(c)
      .where(and(eq(c.id, hintId), eq(c.channelId, channel.id), ne(c.status, "resolved")))
      .for("update");
    if (hinted) return { conversation: hinted, created: false };
  }
  const unresolved = and(eq(c.channelId, channel.id), eq(c.personId, sender.person.id), ne(c.status, "resolved"));
  const [current] = await tx.select().from(c).where(unresolved).for("update");
  if (current) return { conversation: current, created: false };
  const [created] = await tx
    .insert(c)
    .values({
      channelId: channel.id,
      personId: sender.person.id,
      personChannelId: sender.channel.id,
      teamId: channel.teamId,
      lastMessageAt: at,
    })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await logEvent(tx, created.id, "created", { to: "open", reason: `first message on ${channel.name}` });
    return { conversation: created, created: true };
  }
  const [raced] = await tx.select().from(c).where(unresolved).for("update");
  if (!raced) throw new AppError("conflict", "The conversation changed while the message was stored");
  return { conversation: raced, created: false };
}
