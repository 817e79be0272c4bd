import { and, asc, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { personChannelTable } from "../../person/person.sql";
import { useBlobStore } from "../../platform/blob";
import { useConfig } from "../../platform/config";
import { createTransaction, useTransaction } from "../../platform/db";
import { errorMessage } from "../../platform/errors";
import { emit } from "../../platform/outbox";
import * as RateLimit from "../../platform/rate-limit";
import { Events } from "../events";
import { inboxAttachmentTable, inboxChannelTable, inboxConversationTable, inboxMessageTable } from "../inbox.sql";
import { providers } from "../providers";
import { type OutboundMessage, SendError } from "../providers/port";
import type { ResolvedMedia } from "../providers/whatsapp";
import { applyStatus, applyWaitingReceipts } from "../receipts";
import { backoffSeconds } from "./backoff";
import { decideWindow } from "./window";

const m = inboxMessageTable;
/** Media links handed to Meta must outlive its fetch (it downloads at once, but queues under load). */
const MEDIA_LINK_SECONDS = 15 * 60;

export interface AttemptOptions {
  /** The clock (tests inject it; nothing here reads a timer). */
  now?: Date;
  /** In [0, 1): the jitter of the next backoff. */
  random?: number;
}

export type AttemptOutcome =
  | { outcome: "skipped" }
  | { outcome: "accepted"; externalId: string }
  | { outcome: "retry"; code: string; nextAttemptAt: Date }
  | { outcome: "failed"; code: string };

/** Whether a message may be claimed now: `queued` and due (a first attempt, or a retry whose backoff passed). */
function claimable(now: Date) {
  return and(eq(m.status, "queued"), or(isNull(m.nextAttemptAt), lte(m.nextAttemptAt, now)));
}

/**
 * Stuck in `sending` without the provider's id for longer than INBOX_SEND_STUCK_SECONDS: a crash between
 * the claim and recording the answer. The provider may have accepted it (none of them can be asked by
 * our id), so it is never sent again by itself: it fails as `delivery_unknown`, saying so, and the agent
 * decides (the retry button). A late status or echo carrying our opaque id still attaches (research R2).
 */
function stuck(now: Date) {
  const stuckBefore = new Date(now.getTime() - useConfig().INBOX_SEND_STUCK_SECONDS * 1000);
  return and(eq(m.status, "sending"), isNull(m.externalId), lt(m.sendingStartedAt, stuckBefore));
}

/**
 * One send attempt of an outbound message. The claim (a conditional UPDATE to `sending`, attempts + 1)
 * commits before the provider is called, so two workers never send the same attempt; the provider's
 * answer is recorded in a second transaction. An accepted WhatsApp/Messenger/Instagram message stays
 * `sending` with its provider id until the provider's `sent` receipt (never `sent` on our word);
 * receipts that beat the answer are applied as the id is recorded. Errors follow research §1.8:
 * retry with backoff (the provider's delay as a floor) until INBOX_SEND_MAX_ATTEMPTS, else `failed`.
 */
export async function attempt(messageId: string, options: AttemptOptions = {}): Promise<AttemptOutcome> {
  const now = options.now ?? new Date();
  const config = useConfig();
  const claimed = await createTransaction(async (tx) => {
    const [row] = await tx
      .update(m)
      .set({ status: "sending", attempts: sql`${m.attempts} + 1`, sendingStartedAt: now, nextAttemptAt: null })
      .where(and(eq(m.id, messageId), eq(m.direction, "outbound"), claimable(now)))
      .returning();
    if (row)
      await emit(Events.MessageStatusChanged, {
        conversationId: row.conversationId,
        messageId: row.id,
        status: "sending",
      });
    return row;
  });
  if (!claimed) return { outcome: "skipped" };

  let accepted: { externalId: string; sentOnAccept: boolean };
  try {
    const outbound = await prepare(claimed, now);
    const limit = await RateLimit.hit(
      `inbox-send:${claimed.channelId}`,
      { limit: config.INBOX_SEND_RATE_PER_SECOND, windowSeconds: 1 },
      now,
    );
    if (!limit.allowed) {
      // Our own throttle is not an attempt: give it back and wait for the window to slide.
      return await requeue(claimed.id, new Date(now.getTime() + limit.resetSeconds * 1000), { giveBack: true });
    }
    const provider = providers[outbound.channel.kind];
    if (!provider)
      throw new SendError("fail", "no_provider", `Replies on ${outbound.channel.kind} channels are not supported yet`);
    accepted = await (await provider()).send(outbound);
  } catch (error) {
    const failure =
      error instanceof SendError ? error : new SendError("retry", "internal", `Sending failed: ${errorMessage(error)}`);
    return settleFailure(claimed, failure, now, options.random);
  }

  return createTransaction(async (tx) => {
    const [row] = await tx
      .update(m)
      .set({ externalId: accepted.externalId, providerAt: now, errorCode: null, errorDetail: null })
      .where(and(eq(m.id, claimed.id), eq(m.status, "sending")))
      .returning();
    if (!row) return { outcome: "skipped" as const };
    if (accepted.sentOnAccept) await applyStatus(tx, row.id, "sent", now);
    await applyWaitingReceipts(tx, row);
    return { outcome: "accepted" as const, externalId: accepted.externalId };
  });
}

async function requeue(id: string, at: Date, opts: { giveBack?: boolean; code?: string; detail?: string } = {}) {
  await useTransaction((tx) =>
    tx
      .update(m)
      .set({
        status: "queued",
        nextAttemptAt: at,
        sendingStartedAt: null,
        ...(opts.giveBack ? { attempts: sql`greatest(${m.attempts} - 1, 0)` } : {}),
        ...(opts.code ? { errorCode: opts.code, errorDetail: opts.detail ?? null } : {}),
      })
      .where(and(eq(m.id, id), eq(m.status, "sending"))),
  );
  return { outcome: "retry" as const, code: opts.code ?? "throttled", nextAttemptAt: at };
}

async function settleFailure(
  claimed: typeof m.$inferSelect,
  error: SendError,
  now: Date,
  random?: number,
): Promise<AttemptOutcome> {
  const attempts = claimed.attempts;
  const exhausted = attempts >= useConfig().INBOX_SEND_MAX_ATTEMPTS;
  if (error.disposition === "retry" && !exhausted) {
    const wait = backoffSeconds(attempts, random, error.retryAfterSeconds ?? 0);
    return requeue(claimed.id, new Date(now.getTime() + wait * 1000), { code: error.code, detail: error.message });
  }
  return createTransaction(async (tx) => {
    const detail =
      exhausted && error.disposition === "retry"
        ? `Gave up after ${attempts} attempts: ${error.message}`
        : error.message;
    await applyStatus(tx, claimed.id, "failed", now, { code: error.code, detail: detail.slice(0, 2000) });
    if (error.windowClosed) {
      // The provider is the source of truth: its window is closed now, whatever we computed.
      await tx
        .update(inboxConversationTable)
        .set({ windowExpiresAt: now, version: sql`${inboxConversationTable.version} + 1` })
        .where(
          and(
            eq(inboxConversationTable.id, claimed.conversationId),
            or(isNull(inboxConversationTable.windowExpiresAt), sql`${inboxConversationTable.windowExpiresAt} > ${now}`),
          ),
        );
    }
    return { outcome: "failed" as const, code: error.code };
  });
}

/** The provider's view of a claimed message: channel, address, media links, quoted id; window re-checked. */
async function prepare(row: typeof m.$inferSelect, now: Date): Promise<OutboundMessage> {
  return useTransaction(async (tx) => {
    const [found] = await tx
      .select({ channel: inboxChannelTable, conversation: inboxConversationTable, address: personChannelTable.value })
      .from(inboxConversationTable)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
      .leftJoin(personChannelTable, eq(personChannelTable.id, inboxConversationTable.personChannelId))
      .where(eq(inboxConversationTable.id, row.conversationId));
    if (!found) throw new SendError("fail", "no_conversation", "The conversation of this message is gone");
    const { channel, conversation } = found;
    if (channel.status !== "active" || channel.deletedAt) {
      throw new SendError("fail", "channel_disabled", "The channel is disabled; enable it and retry");
    }
    const payload: Record<string, unknown> = { ...row.payload };
    if (channel.kind === "whatsapp" || channel.kind === "messenger" || channel.kind === "instagram") {
      const decision = decideWindow({
        kind: channel.kind,
        windowExpiresAt: conversation.windowExpiresAt,
        lastInboundAt: conversation.lastInboundAt,
        humanAgentTag: channel.settings.humanAgentTag === true,
        template: row.kind === "template",
        now,
      });
      if (!decision.allowed) {
        throw new SendError("fail", decision.reason, "The customer-service window closed before the message went out");
      }
      delete payload.tag;
      if (decision.tag) payload.tag = decision.tag;
    }
    if (row.replyToMessageId) {
      const [quoted] = await tx.select({ externalId: m.externalId }).from(m).where(eq(m.id, row.replyToMessageId));
      if (quoted?.externalId) payload.contextExternalId = quoted.externalId;
    }
    const attachments = await tx
      .select()
      .from(inboxAttachmentTable)
      .where(eq(inboxAttachmentTable.messageId, row.id))
      .orderBy(asc(inboxAttachmentTable.idx));
    const [attachment] = attachments;
    if (channel.kind === "email") {
      // Mail carries every file in the MIME body, read from the blob store when it is composed.
      payload.attachments = attachments.flatMap((a) =>
        a.blobKey
          ? [
              {
                blobKey: a.blobKey,
                filename: a.filename ?? "file",
                contentType: a.detectedType ?? a.declaredType ?? "application/octet-stream",
              },
            ]
          : [],
      );
    } else if (attachment?.blobKey)
      payload.media = await mediaLink(
        attachment.blobKey,
        attachment.detectedType ?? attachment.declaredType ?? "application/octet-stream",
        attachment.filename,
      );
    const template = payload.template as
      | { headerMedia?: { uploadId: string; type: ResolvedMedia["type"] } }
      | undefined;
    if (template?.headerMedia) {
      const { uploadTable } = await import("../../upload/upload.sql");
      const [upload] = await tx.select().from(uploadTable).where(eq(uploadTable.id, template.headerMedia.uploadId));
      if (!upload?.detectedType)
        throw new SendError("fail", "media_missing", "The template's header file is no longer available");
      payload.template = {
        ...template,
        headerMedia: await mediaLink(upload.key, upload.detectedType, upload.filename),
      };
    }
    const to = typeof payload.to === "string" ? payload.to : found.address;
    if (!to) throw new SendError("fail", "no_address", "The customer has no address on this channel");
    return {
      messageId: row.id,
      channel: {
        id: channel.id,
        kind: channel.kind,
        externalAccountId: channel.externalAccountId,
        businessAccountId: channel.businessAccountId,
        accessTokenSecret: channel.accessTokenSecret,
        settings: channel.settings,
      },
      to,
      kind:
        row.kind === "template"
          ? "template"
          : row.kind === "email"
            ? "email"
            : payload.media
              ? (payload.media as ResolvedMedia).type
              : "text",
      body: row.body,
      subject: row.subject,
      payload,
    };
  });
}

async function mediaLink(key: string, contentType: string, filename: string | null): Promise<ResolvedMedia> {
  const type: ResolvedMedia["type"] = contentType.startsWith("image/")
    ? "image"
    : contentType.startsWith("video/")
      ? "video"
      : contentType.startsWith("audio/")
        ? "audio"
        : "document";
  const link = await useBlobStore().downloadUrl(key, {
    filename: filename ?? "file",
    contentType,
    inline: false,
    expiresInSeconds: MEDIA_LINK_SECONDS,
  });
  return { type, link, ...(filename ? { filename } : {}) };
}

/**
 * Job `inbox.send-due` (every minute): sends what is due — retries whose backoff has passed and messages
 * whose immediate attempt never ran (a lost event), one at a time, up to `limit` — after failing stuck
 * `sending` ones as `delivery_unknown` (never re-sent by themselves).
 */
export async function due(
  options: AttemptOptions & { limit?: number } = {},
): Promise<{ attempted: number; accepted: number }> {
  const now = options.now ?? new Date();
  await createTransaction(async (tx) => {
    const lost = await tx
      .select({ id: m.id })
      .from(m)
      .where(and(eq(m.direction, "outbound"), stuck(now)))
      .limit(options.limit ?? 100)
      .for("update", { skipLocked: true });
    for (const { id } of lost) {
      await applyStatus(tx, id, "failed", now, {
        code: "delivery_unknown",
        detail:
          "The send was interrupted and the provider's answer was lost: the customer may have this message. Check the conversation before you retry.",
      });
    }
  });
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: m.id })
      .from(m)
      .where(and(eq(m.direction, "outbound"), claimable(now)))
      .orderBy(asc(m.nextAttemptAt))
      .limit(options.limit ?? 100),
  );
  let accepted = 0;
  for (const { id } of rows) {
    const result = await attempt(id, { now, random: options.random });
    if (result.outcome === "accepted") accepted++;
  }
  return { attempted: rows.length, accepted };
}
