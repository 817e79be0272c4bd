import { and, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../../access";
import { personChannelTable } from "../../person/person.sql";
import { useActor } from "../../platform/context";
import { createTransaction, type Transaction } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { fn } from "../../platform/fn";
import { id, key, text } from "../../platform/input";
import { emit } from "../../platform/outbox";
import { uploaderOf } from "../../upload";
import { uploadTable } from "../../upload/upload.sql";
import { requireVisible } from "../access";
import { Events } from "../events";
import {
  type InboxChannelKind,
  inboxAttachmentTable,
  inboxChannelTable,
  inboxConversationTable,
  inboxMessageTable,
  type MessageKind,
} from "../inbox.sql";
import { type MessageInfo, type MessageRow, toMessageInfo } from "../message-info";
import { renderBody, requireSendable } from "../templates";
import { decideWindow, windowMessage } from "./window";

export const TemplateInput = z.object({
  name: key(512),
  /** The template's language code as approved (`en_US`, `pt_BR`). */
  language: key(15),
  /** The body's `{{1}}`, `{{2}}`... in order. */
  variables: z.array(text(1024)).max(20).default([]),
  /** An accepted upload for a template whose header is an image, video or document. */
  headerMediaUploadId: id().optional(),
});
export type TemplateInput = z.infer<typeof TemplateInput>;

export const ReplyInput = z
  .object({
    conversationId: id(),
    body: text(4096).optional(),
    template: TemplateInput.optional(),
    attachmentUploadIds: z.array(id()).max(10).default([]),
    replyToMessageId: id().optional(),
    /** Chosen by the client per composed message; sending it again answers the first message. */
    idempotencyKey: text(200),
  })
  .refine((v) => v.body !== undefined || v.template !== undefined || v.attachmentUploadIds.length > 0, {
    message: "Say something: a `body`, a `template` or `attachmentUploadIds`",
    path: ["body"],
  })
  .refine((v) => v.template === undefined || (v.body === undefined && v.attachmentUploadIds.length === 0), {
    message: "A template is sent on its own: leave `body` and `attachmentUploadIds` out (use `template.variables`)",
    path: ["template"],
  });
export type ReplyInput = z.infer<typeof ReplyInput>;

export interface ReplyResult {
  message: MessageInfo;
  /** False when the idempotency key answered an earlier message (a double submit). */
  created: boolean;
}

const mediaKind = (type: string): MessageKind =>
  type.startsWith("image/")
    ? "image"
    : type.startsWith("video/")
      ? "video"
      : type.startsWith("audio/")
        ? "audio"
        : "document";

function authorId(): string {
  const actor = useActor();
  if (actor.type !== "user") throw new AppError("forbidden", "Only a signed-in agent can reply in the inbox");
  return actor.properties.userId;
}

async function byKey(tx: Transaction, author: string, idempotencyKey: string): Promise<MessageRow | undefined> {
  const [row] = await tx
    .select()
    .from(inboxMessageTable)
    .where(and(eq(inboxMessageTable.authorId, author), eq(inboxMessageTable.idempotencyKey, idempotencyKey)));
  return row;
}

function sameConversation(row: MessageRow, conversationId: string): MessageRow {
  if (row.conversationId !== conversationId) {
    throw new AppError(
      "conflict",
      "This idempotencyKey was already used for a message in another conversation; use a new key",
      [{ path: "idempotencyKey", message: "already used in another conversation" }],
    );
  }
  return row;
}

/** The window rule for the conversation now; refuses with 409 `template_required`/`window_closed`. */
export function assertWindow(
  channel: { kind: InboxChannelKind; settings: Record<string, unknown> },
  conversation: { windowExpiresAt: Date | null; lastInboundAt: Date | null },
  template: boolean,
  now = new Date(),
) {
  const decision = decideWindow({
    kind: channel.kind,
    windowExpiresAt: conversation.windowExpiresAt,
    lastInboundAt: conversation.lastInboundAt,
    humanAgentTag: channel.settings.humanAgentTag === true,
    template,
    now,
  });
  if (!decision.allowed) {
    throw new AppError("conflict", windowMessage(channel.kind, decision.reason), [], {
      reason: { key: decision.reason },
    });
  }
  return decision;
}

/**
 * An agent's reply: checked against the provider's window inside the transaction, stored `queued` and
 * announced (`inbox.message.queued`) in the same transaction; the outbox sends it. The same
 * `idempotencyKey` from the same agent answers the first message instead of a second one.
 */
export const reply = fn(ReplyInput, async (input): Promise<ReplyResult> => {
  requirePermission("crm:inbox:write");
  const author = authorId();
  return createTransaction(async (tx) => {
    const conversation = await requireVisible(tx, input.conversationId);
    const earlier = await byKey(tx, author, input.idempotencyKey);
    if (earlier) return { message: toMessageInfo(sameConversation(earlier, conversation.id)), created: false };

    const [channel] = await tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.id, conversation.channelId));
    if (channel?.status !== "active" || channel.deletedAt) {
      throw new AppError(
        "conflict",
        "This conversation's channel is disabled; enable it in the inbox settings to reply",
      );
    }
    if (input.template && channel.kind !== "whatsapp") {
      throw new AppError("validation", "Templates are WhatsApp's: on this channel send `body` instead", [
        { path: "template", message: "only on WhatsApp channels" },
      ]);
    }
    const decision = assertWindow(channel, conversation, input.template !== undefined);
    const template = input.template ? await requireSendable(tx, channel.id, input.template) : undefined;
    if (!conversation.personChannelId) {
      throw new AppError("conflict", "This conversation has no customer address to reply to");
    }
    const [address] = await tx
      .select({ value: personChannelTable.value })
      .from(personChannelTable)
      .where(eq(personChannelTable.id, conversation.personChannelId));
    if (!address) throw new AppError("conflict", "This conversation has no customer address to reply to");

    const uploadIds = [
      ...input.attachmentUploadIds,
      ...(input.template?.headerMediaUploadId ? [input.template.headerMediaUploadId] : []),
    ];
    const uploads = uploadIds.length
      ? await tx
          .select()
          .from(uploadTable)
          .where(
            and(
              inArray(uploadTable.id, uploadIds),
              eq(uploadTable.status, "accepted"),
              eq(uploadTable.createdBy, uploaderOf(useActor())),
            ),
          )
      : [];
    for (const [i, uploadId] of uploadIds.entries()) {
      if (!uploads.some((u) => u.id === uploadId)) {
        throw new AppError(
          "validation",
          `Upload ${uploadId} is not an accepted upload of yours; upload the file again`,
          [
            {
              path: i < input.attachmentUploadIds.length ? `attachmentUploadIds.${i}` : "template.headerMediaUploadId",
              message: "not an accepted upload of yours",
            },
          ],
        );
      }
    }
    if (input.attachmentUploadIds.length > 1 && channel.kind !== "email") {
      throw new AppError(
        "validation",
        "This channel sends one file per message: attach one file, send, then the next",
        [{ path: "attachmentUploadIds", message: "at most 1 on this channel" }],
      );
    }
    if (
      input.attachmentUploadIds.length > 0 &&
      input.body &&
      (channel.kind === "messenger" || channel.kind === "instagram")
    ) {
      // The Send API carries text or one attachment, never both: a caption would be dropped unseen.
      throw new AppError(
        "validation",
        "Messenger and Instagram send a file without text: send the file alone, then the text as its own message",
        [{ path: "body", message: "leave it out when attaching a file on this channel" }],
      );
    }
    if (input.replyToMessageId) {
      const [quoted] = await tx
        .select({ id: inboxMessageTable.id })
        .from(inboxMessageTable)
        .where(
          and(eq(inboxMessageTable.id, input.replyToMessageId), eq(inboxMessageTable.conversationId, conversation.id)),
        );
      if (!quoted) {
        throw new AppError("validation", "replyToMessageId is not a message of this conversation", [
          { path: "replyToMessageId", message: "not in this conversation" },
        ]);
      }
    }

    const first = input.attachmentUploadIds[0] ? uploads.find((u) => u.id === input.attachmentUploadIds[0]) : undefined;
    const kind: MessageKind = input.template
      ? "template"
      : channel.kind === "email"
        ? "email"
        : first
          ? mediaKind(first.detectedType ?? first.declaredType)
          : "text";
    const header = input.template?.headerMediaUploadId
      ? uploads.find((u) => u.id === input.template?.headerMediaUploadId)
      : undefined;
    const payload: Record<string, unknown> = {
      to: address.value,
      ...(decision.tag ? { tag: decision.tag } : {}),
      ...(input.template
        ? {
            template: {
              name: input.template.name,
              language: input.template.language,
              variables: input.template.variables,
              ...(header
                ? { headerMedia: { uploadId: header.id, type: mediaKind(header.detectedType ?? header.declaredType) } }
                : {}),
            },
          }
        : {}),
    };

    const [inserted] = await tx
      .insert(inboxMessageTable)
      .values({
        conversationId: conversation.id,
        channelId: channel.id,
        direction: "outbound",
        kind,
        status: "queued",
        // A template's text is stored as sent, so the thread and the list preview read what the customer got.
        body:
          input.body ?? (template && input.template ? renderBody(template.components, input.template.variables) : null),
        payload,
        replyToMessageId: input.replyToMessageId ?? null,
        authorId: author,
        idempotencyKey: input.idempotencyKey,
        nextAttemptAt: sql`now()`,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) {
      // A concurrent double submit committed first: answer its message.
      const row = await byKey(tx, author, input.idempotencyKey);
      if (!row) throw new AppError("conflict", "This message is being sent already; refresh the conversation");
      return { message: toMessageInfo(sameConversation(row, conversation.id)), created: false };
    }
    let idx = 0;
    for (const uploadId of input.attachmentUploadIds) {
      const u = uploads.find((x) => x.id === uploadId);
      if (!u) continue;
      await tx.insert(inboxAttachmentTable).values({
        messageId: inserted.id,
        idx: idx++,
        filename: u.filename,
        declaredType: u.declaredType,
        detectedType: u.detectedType,
        size: u.size,
        blobKey: u.key,
        state: "stored",
      });
    }

    // First response and lastOutboundAt move when the provider confirms the send (Receive.applyStatus).
    await tx
      .update(inboxConversationTable)
      .set({
        lastMessageAt: inserted.createdAt,
        version: sql`${inboxConversationTable.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(inboxConversationTable.id, conversation.id));
    await emit(Events.MessageQueued, {
      conversationId: conversation.id,
      messageId: inserted.id,
      channelId: channel.id,
    });
    return { message: toMessageInfo(inserted), created: true };
  });
});

/**
 * The failed-message button: the message goes back to `queued` with a fresh attempt budget (window
 * re-checked: a free-text WhatsApp reply outside the window stays failed with 409 `template_required`).
 */
export const retry = fn(id(), async (messageId): Promise<MessageInfo> => {
  requirePermission("crm:inbox:write");
  return createTransaction(async (tx) => {
    const [message] = await tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.id, messageId));
    if (message?.direction !== "outbound") throw new AppError("not_found", "No such outbound message");
    const conversation = await requireVisible(tx, message.conversationId);
    if (message.status === "queued") return toMessageInfo(message);
    if (message.status !== "failed") {
      throw new AppError("conflict", `This message is ${message.status}, not failed: there is nothing to retry`);
    }
    const [channel] = await tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.id, message.channelId));
    if (channel?.status !== "active") {
      throw new AppError(
        "conflict",
        "This conversation's channel is disabled; enable it in the inbox settings to retry",
      );
    }
    const decision = assertWindow(channel, conversation, message.kind === "template");
    const payload = { ...message.payload };
    delete payload.tag;
    if (decision.tag) payload.tag = decision.tag;
    const [row] = await tx
      .update(inboxMessageTable)
      .set({
        status: "queued",
        attempts: 0,
        nextAttemptAt: sql`now()`,
        sendingStartedAt: null,
        // A new send is a new provider message: receipts of the refused one must not land on it.
        externalId: null,
        failedAt: null,
        errorCode: null,
        errorDetail: null,
        payload,
      })
      .where(and(eq(inboxMessageTable.id, messageId), eq(inboxMessageTable.status, "failed")))
      .returning();
    if (!row) throw new AppError("conflict", "This message changed meanwhile; refresh the conversation");
    await emit(Events.MessageStatusChanged, {
      conversationId: row.conversationId,
      messageId: row.id,
      status: "queued",
    });
    await emit(Events.MessageQueued, {
      conversationId: row.conversationId,
      messageId: row.id,
      channelId: row.channelId,
    });
    return toMessageInfo(row);
  });
});
