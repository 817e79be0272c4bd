import * as z from "zod";
import type { MessageKind } from "../inbox/inbox.sql";
import type { Item, MediaRef, MessageItem, MetaChannelKind } from "./meta";

/**
 * Messenger (`object: page`) and Instagram (`object: instagram`) webhooks: the same `messaging[]`
 * events, times in milliseconds, page-scoped sender ids. Loose objects throughout (see meta-whatsapp.ts).
 */
const id = z.union([z.string().min(1).max(512), z.number()]).transform(String);
const millis = z.number().int().nonnegative();

const Attachment = z.looseObject({
  type: z.string().max(64),
  payload: z
    .looseObject({ url: z.string().max(4096).optional(), title: z.string().optional(), sticker_id: id.optional() })
    .nullish(),
});

const Event = z.looseObject({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }),
  timestamp: millis.optional(),
  message: z
    .looseObject({
      mid: z.string().min(1).max(512),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      app_id: id.optional(),
      metadata: z.string().max(1000).optional(),
      attachments: z.array(Attachment).optional(),
      quick_reply: z.looseObject({ payload: z.string() }).optional(),
      reply_to: z.looseObject({ mid: z.string().optional(), story: z.unknown().optional() }).optional(),
      is_deleted: z.boolean().optional(),
      is_unsupported: z.boolean().optional(),
      referral: z.unknown().optional(),
    })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: millis }).optional(),
  read: z.looseObject({ watermark: millis.optional(), mid: z.string().optional() }).optional(),
  reaction: z
    .looseObject({
      mid: z.string(),
      action: z.string().optional(),
      emoji: z.string().optional(),
      reaction: z.string().optional(),
    })
    .optional(),
  postback: z
    .looseObject({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() })
    .optional(),
  referral: z
    .looseObject({ ref: z.string().optional(), source: z.string().optional(), type: z.string().optional() })
    .optional(),
});
export type Event = z.output<typeof Event>;

export const Payload = z.looseObject({
  object: z.enum(["page", "instagram"]),
  entry: z.array(
    z.looseObject({
      id,
      time: millis.optional(),
      messaging: z.array(z.unknown()).optional(),
      standby: z.array(z.unknown()).optional(),
    }),
  ),
});
export type Payload = z.output<typeof Payload>;

const attachmentKinds: Record<string, MessageKind> = {
  image: "image",
  video: "video",
  audio: "audio",
  file: "document",
};

/** The message of a `message` event as the inbox stores it. */
function normaliseMessage(
  message: NonNullable<Event["message"]>,
): Pick<MessageItem, "kind" | "body" | "payload" | "media" | "replyTo"> {
  const payload: Record<string, unknown> = {};
  const replyTo = message.reply_to?.mid ?? null;
  if (message.reply_to?.story) payload.replyToStory = message.reply_to.story;
  if (message.quick_reply) payload.quickReply = message.quick_reply.payload;
  if (message.referral) payload.referral = message.referral;
  if (message.is_deleted) {
    return { kind: "system", body: null, payload: { ...payload, deleted: true }, media: [], replyTo };
  }
  const attachments = message.attachments ?? [];
  const media: MediaRef[] = [];
  const other: unknown[] = [];
  for (const a of attachments) {
    const kind = a.payload?.sticker_id ? "sticker" : attachmentKinds[a.type];
    if (kind && a.payload?.url) {
      media.push({
        ref: a.payload.url,
        via: "url",
        declaredType: null,
        filename: a.payload.title ?? null,
        sha256: null,
      });
    } else {
      // share, story_mention, ig_reel, fallback, template: kept as data, shown by type.
      other.push(a);
    }
  }
  if (other.length) payload.attachments = other;
  const first = attachments[0];
  const kind: MessageKind = message.is_unsupported
    ? "unsupported"
    : media.length && first
      ? first.payload?.sticker_id
        ? "sticker"
        : (attachmentKinds[first.type] ?? "document")
      : message.text !== undefined
        ? "text"
        : other.length
          ? "unsupported"
          : "text";
  if (kind === "unsupported" && !payload.unsupported) {
    payload.unsupported = first?.type ?? "message";
  }
  return { kind, body: message.text ?? null, payload, media, replyTo };
}

/**
 * Every event of a delivery. Echoes (`is_echo`, our page's own messages: from our app, Business
 * Suite or the Instagram app) are outbound, never inbound; the customer is then the recipient.
 */
export function items(payload: Payload): Item[] {
  const channelKind: MetaChannelKind = payload.object === "page" ? "messenger" : "instagram";
  const out: Item[] = [];
  for (const [e, entry] of payload.entry.entries()) {
    const account = entry.id;
    if (entry.standby?.length) out.push({ type: "skipped", reason: "standby (another app owns the thread)" });
    for (const [i, raw] of (entry.messaging ?? []).entries()) {
      const parsed = Event.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `entry[${e}].messaging[${i}].${issue?.path.join(".") ?? ""}: ${issue?.message ?? "is invalid"}`,
        );
      }
      const event = parsed.data;
      const at = new Date(event.timestamp ?? entry.time ?? Date.now());
      const customer = event.message?.is_echo ? event.recipient.id : event.sender.id;
      const common = { channelKind, account, contactName: null, at, ourMessageId: null };
      if (event.message) {
        const echo = event.message.is_echo === true;
        out.push({
          type: "message",
          ...common,
          direction: echo ? "outbound" : "inbound",
          contact: customer,
          externalId: event.message.mid,
          ...normaliseMessage(event.message),
          windowHours: echo || event.message.is_deleted ? 0 : 24,
          ourMessageId: echo ? (event.message.metadata ?? null) : null,
        });
      } else if (event.postback) {
        // A button tap: a customer message in its own right, deduped by its mid (or its time when absent).
        out.push({
          type: "message",
          ...common,
          direction: "inbound",
          contact: customer,
          externalId: event.postback.mid ?? `postback:${customer}:${at.getTime()}`,
          kind: "button",
          body: event.postback.title ?? event.postback.payload ?? null,
          payload: { button: { text: event.postback.title ?? null, payload: event.postback.payload ?? null } },
          media: [],
          replyTo: null,
          windowHours: 24,
        });
      } else if (event.reaction) {
        out.push({
          type: "message",
          ...common,
          direction: "inbound",
          contact: customer,
          externalId: `reaction:${event.reaction.mid}:${customer}:${at.getTime()}`,
          kind: "reaction",
          body: event.reaction.action === "unreact" ? null : (event.reaction.emoji ?? event.reaction.reaction ?? null),
          payload: {
            reaction: {
              target: event.reaction.mid,
              emoji:
                event.reaction.action === "unreact" ? null : (event.reaction.emoji ?? event.reaction.reaction ?? null),
            },
          },
          media: [],
          replyTo: event.reaction.mid,
          windowHours: 0,
        });
      } else if (event.delivery) {
        out.push({
          type: "watermark",
          channelKind,
          account,
          contact: customer,
          status: "delivered",
          watermark: new Date(event.delivery.watermark),
          mids: event.delivery.mids ?? [],
        });
      } else if (event.read) {
        if (event.read.watermark !== undefined) {
          out.push({
            type: "watermark",
            channelKind,
            account,
            contact: customer,
            status: "read",
            watermark: new Date(event.read.watermark),
            mids: [],
          });
        } else if (event.read.mid) {
          // Instagram's `messaging_seen` names the message read.
          out.push({
            type: "receipt",
            channelKind,
            account,
            externalId: event.read.mid,
            status: "read",
            at,
            error: null,
            ourMessageId: null,
          });
        }
      } else if (event.referral) {
        out.push({ type: "skipped", reason: `referral ${event.referral.source ?? ""} without a message`.trim() });
      } else {
        out.push({ type: "skipped", reason: "messaging event of a kind the inbox does not use" });
      }
    }
  }
  return out;
}
