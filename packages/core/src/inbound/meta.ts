import type { MessageKind } from "../inbox/inbox.sql";
import type { InboundInput } from "../inbox/receive";

/**
 * What the Meta adapters (meta-whatsapp.ts, meta-messaging.ts) read out of a delivery: one item per
 * message, status or watermark, in the order Meta sent them. Provider-neutral from here on; the
 * consumer applies each one idempotently through `Inbox.Receive`.
 */
export type MetaChannelKind = "whatsapp" | "messenger" | "instagram";

export interface MediaRef {
  /** WhatsApp: the media id (fetched through the Graph API). Messenger/Instagram: the attachment URL. */
  ref: string;
  via: "graph_media_id" | "url";
  declaredType: string | null;
  filename: string | null;
  /** WhatsApp's digest of the file (base64 or hex, as Meta sends it); checked after download. */
  sha256: string | null;
}

export interface MessageItem {
  type: "message";
  channelKind: MetaChannelKind;
  /** phone_number_id, page id or Instagram account id: finds our channel. */
  account: string;
  /** `outbound` for echoes: what the business sent from its app, Business Suite or our own send. */
  direction: "inbound" | "outbound";
  /** The customer's address: wa_id, PSID or IGSID. */
  contact: string;
  contactName: string | null;
  externalId: string;
  at: Date;
  kind: MessageKind;
  body: string | null;
  payload: Record<string, unknown>;
  media: MediaRef[];
  /** The provider id of the message this one answers (a reply, a button tap on our message). */
  replyTo: string | null;
  /**
   * Hours of customer-service window this message opens (24; 72 after a click-to-WhatsApp ad), or 0
   * when it opens none (echoes, reactions, a customer's unsend).
   */
  windowHours: number;
  /** Echoes: the id we put in the send (Messenger `metadata`), which ties the echo to our row. */
  ourMessageId: string | null;
}

export interface ReceiptItem {
  type: "receipt";
  channelKind: MetaChannelKind;
  account: string;
  externalId: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: Date;
  error: Record<string, unknown> | null;
  /** WhatsApp `biz_opaque_callback_data`: our message id when we set it on send. */
  ourMessageId: string | null;
}

/** Messenger/Instagram delivery and read: everything we sent this person up to `watermark`. */
export interface WatermarkItem {
  type: "watermark";
  channelKind: MetaChannelKind;
  account: string;
  contact: string;
  status: "delivered" | "read";
  watermark: Date;
  mids: string[];
}

/** Verified and understood, but nothing for the inbox (account errors, template updates, standby...). */
export interface SkippedItem {
  type: "skipped";
  reason: string;
}

export type Item = MessageItem | ReceiptItem | WatermarkItem | SkippedItem;

/** Unix seconds (WhatsApp, as a string) to an instant. */
export const fromSeconds = (s: string | number) => new Date(Number(s) * 1000);

const HOUR = 3_600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The inbox's input for one message: the window opens from the customer's time, never past now. */
export function toInbound(channelId: string, item: MessageItem, now = new Date()): InboundInput {
  const at = item.at > now ? now : item.at;
  return {
    channelId,
    from: { value: item.channelKind === "whatsapp" ? `+${item.contact}` : item.contact, name: item.contactName },
    direction: item.direction,
    externalId: item.externalId,
    kind: item.kind,
    body: item.body,
    payload: item.payload,
    providerAt: item.at,
    attachments: item.media.map((m) => ({
      mediaRef: m.ref,
      filename: m.filename,
      declaredType: m.declaredType,
      sha256: m.sha256,
    })),
    replyToExternalId: item.replyTo,
    windowExpiresAt:
      item.direction === "inbound" && item.windowHours > 0 ? new Date(at.getTime() + item.windowHours * HOUR) : null,
    ourMessageId: item.ourMessageId && UUID.test(item.ourMessageId) ? item.ourMessageId : null,
  };
}
