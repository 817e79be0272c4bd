import { and, desc, eq, sql } from "drizzle-orm";
import { useBlobStore } from "../../platform/blob";
import { useTransaction } from "../../platform/db";
import { errorMessage } from "../../platform/errors";
import { deliverRawMail } from "../../platform/mail";
import * as Token from "../email/token";
import { inboxMessageTable } from "../inbox.sql";
import { type OutboundMessage, type Provider, type SendAccepted, SendError } from "./port";

/** References kept on a reply: the thread's first id and its last ones, so the header stays short. */
export const MAX_REFERENCES = 11;

export function trimReferences(ids: string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0] as string, ...ids.slice(-(MAX_REFERENCES - 1))];
}

/** Our Message-ID for one of our messages: the same on every retry, so a resend is one mail to clients. */
export function messageIdFor(messageId: string, channelAddress: string): string {
  return `msg_${messageId}@${channelAddress.slice(channelAddress.lastIndexOf("@") + 1)}`;
}

interface OutboundAttachment {
  blobKey: string;
  filename: string;
  contentType: string;
}

/** The message this one answers: the conversation's latest email with a Message-ID, in or out. */
async function threadOf(messageId: string) {
  return useTransaction(async (tx) => {
    const [self] = await tx
      .select({ conversationId: inboxMessageTable.conversationId, createdAt: inboxMessageTable.createdAt })
      .from(inboxMessageTable)
      .where(eq(inboxMessageTable.id, messageId));
    if (!self) return undefined;
    const [parent] = await tx
      .select({
        externalId: inboxMessageTable.externalId,
        payload: inboxMessageTable.payload,
        subject: inboxMessageTable.subject,
      })
      .from(inboxMessageTable)
      .where(
        and(
          eq(inboxMessageTable.conversationId, self.conversationId),
          sql`${inboxMessageTable.externalId} is not null`,
          sql`${inboxMessageTable.id} <> ${messageId}`,
          sql`${inboxMessageTable.direction} in ('inbound', 'outbound')`,
        ),
      )
      .orderBy(desc(inboxMessageTable.createdAt), desc(inboxMessageTable.id))
      .limit(1);
    return { conversationId: self.conversationId, parent };
  });
}

const asAttachments = (value: unknown): OutboundAttachment[] =>
  Array.isArray(value)
    ? value.filter(
        (a): a is OutboundAttachment =>
          typeof a === "object" && a !== null && typeof a.blobKey === "string" && typeof a.filename === "string",
      )
    : [];

/**
 * Builds one reply as raw MIME with nodemailer's MailComposer (loaded on first send): our Message-ID,
 * In-Reply-To and trimmed References of the thread, a Reply-To carrying the conversation's reply token,
 * attachments from the blob store, and for automatic mail (`payload.automatic`) the RFC 3834 headers
 * that stop the other side's robots answering.
 */
export async function compose(message: OutboundMessage): Promise<{ raw: Buffer; messageId: string; from: string }> {
  const address = message.channel.externalAccountId;
  const thread = await threadOf(message.messageId);
  if (!thread) throw new SendError("fail", "message_missing", `Message ${message.messageId} is not stored`);
  const parentId = thread.parent?.externalId ?? undefined;
  const parentRefs = Array.isArray(thread.parent?.payload?.references)
    ? (thread.parent.payload.references as unknown[]).filter((r): r is string => typeof r === "string")
    : [];
  const references = parentId ? trimReferences([...parentRefs.filter((r) => r !== parentId), parentId]) : [];
  const name = typeof message.channel.settings.displayName === "string" ? message.channel.settings.displayName : "";
  const from = name ? `"${name.replace(/["\\\r\n]/g, "")}" <${address}>` : address;
  const messageId = messageIdFor(message.messageId, address);
  const subject =
    message.subject ??
    (thread.parent?.subject
      ? /^re:/i.test(thread.parent.subject)
        ? thread.parent.subject
        : `Re: ${thread.parent.subject}`
      : "");
  const store = useBlobStore();
  const attachments = await Promise.all(
    asAttachments(message.payload.attachments).map(async (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(await store.get(a.blobKey)),
    })),
  );
  const automatic = message.payload.automatic === true;
  const { default: MailComposer } = await import("nodemailer/lib/mail-composer/index.js");
  const raw = await new MailComposer({
    from,
    to: message.to,
    replyTo: Token.replyAddress(address, await Token.issue(thread.conversationId)),
    subject,
    text: message.body ?? "",
    ...(typeof message.payload.html === "string" ? { html: message.payload.html } : {}),
    messageId: `<${messageId}>`,
    ...(parentId ? { inReplyTo: `<${parentId}>`, references: references.map((r) => `<${r}>`) } : {}),
    headers: automatic ? { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } : {},
    attachments,
  })
    .compile()
    .build();
  return { raw, messageId, from };
}

/** SES (or the local mailbox) accepted it: email has no delivery receipts, so acceptance is `sent`. */
export const emailProvider: Provider = {
  kind: "email",
  async send(message): Promise<SendAccepted> {
    const { raw, messageId, from } = await compose(message);
    try {
      await deliverRawMail({ from, to: message.to, subject: message.subject ?? "", text: message.body ?? "", raw });
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      // SES's permanent refusals; anything else (throttling, network, 5xx) is worth another try.
      if (/MessageRejected|MailFromDomainNotVerified|AccountSuspended|BadRequest/i.test(name)) {
        throw new SendError("fail", name, errorMessage(error));
      }
      throw new SendError("retry", name || "mail_transport", errorMessage(error));
    }
    return { externalId: messageId, sentOnAccept: true };
  },
};
