import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray, isNotNull, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { sanitizeEmailHtml } from "../../inbox/email/sanitize";
import * as Token from "../../inbox/email/token";
import { splitAddress } from "../../inbox/email/token";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "../../inbox/inbox.sql";
import * as Receive from "../../inbox/receive";
import { personChannelTable } from "../../person/person.sql";
import { useBlobStore } from "../../platform/blob";
import { type Tx, useTransaction } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { createId } from "../../platform/ids";
import { useInboundQueue } from "../../platform/queue";
import { live } from "../../platform/soft-delete";
import * as Upload from "../../upload";
import { encodeEnvelope } from "../../webhook";
import { type Classification, classify, deliveryReport, dispositionReport } from "./classify";
import { MAX_RAW_BYTES, type ParsedEmail, parseEmail } from "./mime";
import {
  normaliseSubject,
  recipientBases,
  replyTokens,
  SUBJECT_WINDOW_MS,
  type ThreadMatch,
  threadIds,
} from "./thread";

export * from "./classify";
export * from "./mime";
export * from "./thread";

/**
 * What the queue carries for one received email: where the raw MIME is (SES's S3 object, or the blob
 * the local SMTP listener wrote) and the SMTP envelope recipients when known (they carry the reply
 * token even when the headers do not).
 */
export const Payload = z.object({
  key: z.string().min(1).max(512),
  recipients: z.array(z.string().max(320)).max(100).default([]),
  source: z.enum(["ses", "smtp"]),
});
export type Payload = z.input<typeof Payload>;

const MAX_ATTACHMENTS = 50;
const MAX_BODY = 100_000;

/** Where an email's attachments are kept: derived from its id, so a replay writes the same objects. */
const attachmentKey = (externalId: string, idx: number) =>
  `inbox/email/${createHash("sha256").update(externalId).digest("hex").slice(0, 32)}/${idx}`;

/** Our email channel the message was addressed to (envelope first); none is a replayable dead letter. */
async function channelOf(tx: Tx, email: ParsedEmail, recipients: string[]) {
  const bases = recipientBases(email, recipients);
  const rows = bases.length
    ? await tx
        .select()
        .from(inboxChannelTable)
        .where(
          and(
            eq(inboxChannelTable.kind, "email"),
            inArray(sql`lower(${inboxChannelTable.externalAccountId})`, bases),
            live(inboxChannelTable),
          ),
        )
    : [];
  const channel = bases.map((b) => rows.find((r) => r.externalAccountId.toLowerCase() === b)).find(Boolean);
  if (!channel) {
    throw new AppError(
      "validation",
      `No email channel is connected for ${bases.join(", ") || "this message's recipients"}; connect it in Settings › Inbox › Channels, then replay`,
    );
  }
  if (channel.status !== "active") {
    throw new AppError("validation", `The email channel ${channel.name} is disabled; enable it, then replay`);
  }
  return channel;
}

export interface ThreadResult {
  conversationId: string | null;
  match: ThreadMatch;
  /** The header value, token address or subject that matched. */
  value: string | null;
}

/**
 * The conversation an email continues (research §3.1, in order): In-Reply-To, then References newest
 * first, against every Message-ID we know on the channel (ours and the customer's); then a reply token
 * on a recipient address; then the same sender with the same normalised subject on a conversation not
 * resolved and active within 7 days; else none ("new": the person's open conversation or a new one).
 */
export async function thread(
  tx: Tx,
  channel: { id: string; externalAccountId: string },
  email: ParsedEmail,
  recipients: string[],
): Promise<ThreadResult> {
  const ids = threadIds(email);
  if (ids.length) {
    const known = await tx
      .select({ externalId: inboxMessageTable.externalId, conversationId: inboxMessageTable.conversationId })
      .from(inboxMessageTable)
      .where(
        and(
          eq(inboxMessageTable.channelId, channel.id),
          inArray(
            inboxMessageTable.externalId,
            ids.map((i) => i.id),
          ),
        ),
      );
    for (const candidate of ids) {
      const hit = known.find((k) => k.externalId === candidate.id);
      if (hit) return { conversationId: hit.conversationId, match: candidate.match, value: candidate.id };
    }
  }
  for (const { token, address } of replyTokens(email, recipients, channel.externalAccountId)) {
    const conversationId = await Token.verify(token);
    if (!conversationId) continue;
    const [found] = await tx
      .select({ id: inboxConversationTable.id })
      .from(inboxConversationTable)
      .where(and(eq(inboxConversationTable.id, conversationId), eq(inboxConversationTable.channelId, channel.id)));
    if (found) return { conversationId: found.id, match: "reply_token", value: address };
  }
  const subject = normaliseSubject(email.subject);
  if (subject && email.from) {
    const [open] = await tx
      .select({ id: inboxConversationTable.id })
      .from(inboxConversationTable)
      .innerJoin(personChannelTable, eq(personChannelTable.personId, inboxConversationTable.personId))
      .where(
        and(
          eq(inboxConversationTable.channelId, channel.id),
          ne(inboxConversationTable.status, "resolved"),
          gt(inboxConversationTable.lastMessageAt, new Date(Date.now() - SUBJECT_WINDOW_MS)),
          eq(personChannelTable.kind, "email"),
          eq(personChannelTable.value, email.from.address),
          live(personChannelTable),
        ),
      )
      .limit(1);
    if (open) {
      const subjects = await tx
        .select({ subject: inboxMessageTable.subject })
        .from(inboxMessageTable)
        .where(and(eq(inboxMessageTable.conversationId, open.id), isNotNull(inboxMessageTable.subject)))
        .orderBy(desc(inboxMessageTable.createdAt))
        .limit(50);
      if (subjects.some((s) => normaliseSubject(s.subject) === subject)) {
        return { conversationId: open.id, match: "subject", value: email.subject };
      }
    }
  }
  return { conversationId: null, match: "new", value: null };
}

/** Attachments through the upload checks (magic bytes, allowlist, size); accepted ones go to the blob store. */
async function storeAttachments(externalId: string, email: ParsedEmail): Promise<Receive.InboundInput["attachments"]> {
  const parts = email.attachments.filter(
    (a) => !/^(message|text)\/(global-)?(delivery-status|disposition-notification|rfc822-headers)$/.test(a.contentType),
  );
  const out: NonNullable<Receive.InboundInput["attachments"]> = [];
  for (const [idx, part] of parts.slice(0, MAX_ATTACHMENTS).entries()) {
    const verdict = await Upload.inspect(part.content, part.contentType);
    const common = {
      mediaRef: part.cid,
      filename: part.filename?.slice(0, 255) ?? null,
      declaredType: part.contentType.slice(0, 255),
      size: part.content.byteLength,
      sha256: createHash("sha256").update(part.content).digest("hex"),
      detectedType: verdict.detectedType ?? null,
    };
    if (verdict.reason) {
      out.push({ ...common, state: "rejected", error: verdict.reason.slice(0, 500) });
      continue;
    }
    const key = attachmentKey(externalId, idx);
    await useBlobStore().put(key, part.content, verdict.detectedType as string);
    out.push({ ...common, blobKey: key, state: "stored" });
  }
  return out;
}

/** Bounces and read receipts are about our outbound message: they change its status and nothing else. */
async function applyReport(channelId: string, email: ParsedEmail, classification: Classification) {
  const report = classification.class === "bounce" ? deliveryReport(email) : dispositionReport(email);
  const original = report.originalMessageId;
  if (!original) return "unmatched";
  const [ours] = await useTransaction((tx) =>
    tx
      .select({ direction: inboxMessageTable.direction })
      .from(inboxMessageTable)
      .where(and(eq(inboxMessageTable.channelId, channelId), eq(inboxMessageTable.externalId, original))),
  );
  if (ours && ours.direction !== "outbound") return "unmatched";
  const at = email.date && email.date.getTime() <= Date.now() ? email.date : new Date();
  if ("action" in report) {
    // delayed / relayed / expanded are not an outcome yet, and delivered is as good as sent for email.
    if (report.action && report.action !== "failed") return "ignored";
    const detail = [report.recipient, report.diagnostic].filter(Boolean).join(": ") || classification.reason;
    await Receive.receipt({
      channelId,
      externalId: original,
      status: "failed",
      at,
      error: { code: report.status ?? "bounced", detail: detail.slice(0, 2000) },
    });
    return "failed";
  }
  await Receive.receipt({ channelId, externalId: original, status: "read", at });
  return "read";
}

/**
 * Reads one received email: raw MIME from the blob store, parsed (mailparser, size-capped), classified,
 * its HTML sanitised and its attachments checked and stored, all before the consumer's transaction;
 * `apply` then threads it and stores it through the provider-neutral receive path, or, for a bounce or
 * read receipt, moves our original message's status and opens no conversation. Automatic mail (auto
 * replies, lists, bounces) is stored with `payload.automatic`, which every automatic answer must check.
 */
export async function read(json: unknown): Promise<{ type: string; apply(): Promise<unknown> }> {
  const parsed = Payload.safeParse(json);
  if (!parsed.success) throw new AppError("validation", `Email envelope is invalid: ${parsed.error.message}`);
  const payload = parsed.data;
  let raw: Uint8Array;
  try {
    raw = await useBlobStore().get(payload.key);
  } catch (error) {
    throw new AppError("validation", `Raw email ${payload.key} could not be read: ${(error as Error).message}`);
  }
  const email = await parseEmail(raw);
  const classification = classify(email);
  const channel = await useTransaction((tx) => channelOf(tx, email, payload.recipients));
  if (classification.class === "bounce" || classification.class === "read_receipt") {
    return { type: `email.${classification.class}`, apply: () => applyReport(channel.id, email, classification) };
  }
  if (!email.from) throw new AppError("validation", "Email has no From address");
  const externalId = email.messageId ?? `sha256-${createHash("sha256").update(raw).digest("hex")}@missing-message-id`;
  const html = email.html ? await sanitizeEmailHtml(email.html) : null;
  const attachments = await storeAttachments(externalId, email);
  const from = email.from;
  return {
    type: `email.${classification.class}`,
    apply: async () => {
      const found = await useTransaction((tx) => thread(tx, channel, email, payload.recipients));
      return Receive.inbound({
        channelId: channel.id,
        from: { value: from.address, name: from.name || null },
        externalId,
        kind: "email",
        subject: email.subject.slice(0, 998) || null,
        body: email.text.slice(0, MAX_BODY),
        payload: {
          html,
          from,
          to: email.to,
          cc: email.cc,
          inReplyTo: email.inReplyTo,
          references: email.references,
          class: classification.class,
          classReason: classification.reason,
          automatic: classification.class !== "human",
          thread: { match: found.match, value: found.value },
          rawKey: payload.key,
          source: payload.source,
        },
        providerAt: email.date && !Number.isNaN(email.date.getTime()) ? email.date : new Date(),
        attachments,
        replyToExternalId: email.inReplyTo,
        conversationId: found.conversationId,
        threadMatch: found.match,
      });
    },
  };
}

/** Whether a recipient is one of our active email channels (plus-tags allowed): the SMTP listener's RCPT check. */
export async function acceptsRecipient(address: string): Promise<boolean> {
  const base = splitAddress(address).base;
  const [row] = await useTransaction((tx) =>
    tx
      .select({ id: inboxChannelTable.id })
      .from(inboxChannelTable)
      .where(
        and(
          eq(inboxChannelTable.kind, "email"),
          eq(sql`lower(${inboxChannelTable.externalAccountId})`, base),
          eq(inboxChannelTable.status, "active"),
          live(inboxChannelTable),
        ),
      ),
  );
  return Boolean(row);
}

/**
 * What SES receiving does on AWS, for the local SMTP listener: the raw message goes to the blob store
 * under `inbound/email/` and one `email` envelope (id = the key) onto the inbound queue.
 */
export async function enqueueRaw(raw: Uint8Array, recipients: string[]): Promise<{ key: string }> {
  if (raw.byteLength > MAX_RAW_BYTES) {
    throw new AppError(
      "payload_too_large",
      `Email is ${raw.byteLength} bytes, more than the ${MAX_RAW_BYTES} accepted`,
    );
  }
  const key = `inbound/email/${createId()}`;
  await useBlobStore().put(key, raw, "message/rfc822");
  const body = JSON.stringify({ key, recipients: recipients.slice(0, 100), source: "smtp" });
  await useInboundQueue().send({
    body: encodeEnvelope({ v: 1, provider: "email", id: key, receivedAt: new Date().toISOString(), body }),
  });
  return { key };
}
