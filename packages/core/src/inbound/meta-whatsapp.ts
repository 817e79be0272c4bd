import * as z from "zod";
import { fromSeconds, type Item, type MediaRef, type MessageItem } from "./meta";

/**
 * WhatsApp Cloud API's webhook (`object: whatsapp_business_account`, field `messages`). Only what we
 * read is validated; every object is loose, so Meta's additive fields (BSUIDs, usernames, identity
 * hashes) never turn a delivery into a dead letter.
 */
const id = z.string().min(1).max(512);
const seconds = z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]);
const media = z.looseObject({
  id,
  mime_type: z.string().max(255).optional(),
  sha256: z.string().max(128).optional(),
  caption: z.string().optional(),
  filename: z.string().max(1024).optional(),
});
const metaError = z.looseObject({
  code: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

export const Message = z.looseObject({
  from: id,
  id,
  timestamp: seconds,
  type: z.string().min(1).max(64),
  context: z.looseObject({ from: z.string().optional(), id: z.string().optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.looseObject({
        name: z.looseObject({ formatted_name: z.string() }),
        phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: id, emoji: z.string().optional() }).optional(),
  referral: z.looseObject({ source_type: z.string().optional(), source_id: z.string().optional() }).optional(),
  system: z.looseObject({ body: z.string().optional() }).optional(),
  errors: z.array(metaError).optional(),
});
export type Message = z.output<typeof Message>;

export const Status = z.looseObject({
  id,
  status: z.string().min(1).max(32),
  timestamp: seconds,
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
  errors: z.array(metaError).optional(),
});

const Value = z.looseObject({
  messaging_product: z.literal("whatsapp").optional(),
  metadata: z.looseObject({ phone_number_id: id, display_phone_number: z.string().optional() }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  messages: z.array(Message).optional(),
  statuses: z.array(Status).optional(),
  errors: z.array(metaError).optional(),
});

export const Payload = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type Payload = z.output<typeof Payload>;

const mediaKinds = ["image", "video", "audio", "document", "sticker"] as const;
type MediaKind = (typeof mediaKinds)[number];

/** One message as the inbox stores it: kind, text a list can show, and the rest in `payload`. */
export function normaliseMessage(m: Message): Pick<MessageItem, "kind" | "body" | "payload" | "media" | "replyTo"> {
  const replyTo = m.context?.id ?? null;
  const payload: Record<string, unknown> = {};
  if (m.referral) payload.referral = m.referral;
  if (m.context) payload.context = m.context;
  const base = { payload, media: [] as MediaRef[], replyTo };
  if ((mediaKinds as readonly string[]).includes(m.type) && m[m.type as MediaKind]) {
    const item = m[m.type as MediaKind] as z.output<typeof media>;
    return {
      ...base,
      kind: m.type as MediaKind,
      body: item.caption ?? null,
      payload: { ...payload, ...(m.type === "audio" && "voice" in item ? { voice: item.voice } : {}) },
      media: [
        {
          ref: item.id,
          via: "graph_media_id",
          declaredType: item.mime_type ?? null,
          filename: item.filename ?? null,
          sha256: item.sha256 ?? null,
        },
      ],
    };
  }
  switch (m.type) {
    case "text":
      if (m.text) return { ...base, kind: "text", body: m.text.body };
      break;
    case "location":
      if (m.location) {
        const { latitude, longitude, name, address, url } = m.location;
        const label = [name, address].filter(Boolean).join(", ");
        return {
          ...base,
          kind: "location",
          body: label || `${latitude}, ${longitude}`,
          payload: { ...payload, location: { latitude, longitude, name, address, url } },
        };
      }
      break;
    case "contacts":
      if (m.contacts) {
        return {
          ...base,
          kind: "contacts",
          body: m.contacts.map((c) => c.name.formatted_name).join(", "),
          payload: { ...payload, contacts: m.contacts },
        };
      }
      break;
    case "interactive": {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (reply) {
        return {
          ...base,
          kind: "interactive",
          body: reply.title,
          payload: { ...payload, interactive: { type: m.interactive?.type, id: reply.id, title: reply.title } },
        };
      }
      return {
        ...base,
        kind: "unsupported",
        body: null,
        payload: { ...payload, unsupported: `interactive ${m.interactive?.type ?? "reply"}` },
      };
    }
    case "button":
      if (m.button) {
        return {
          ...base,
          kind: "button",
          body: m.button.text,
          payload: { ...payload, button: { text: m.button.text, payload: m.button.payload ?? null } },
        };
      }
      break;
    case "reaction":
      if (m.reaction) {
        return {
          ...base,
          kind: "reaction",
          body: m.reaction.emoji ?? null,
          replyTo: m.reaction.message_id,
          payload: { ...payload, reaction: { target: m.reaction.message_id, emoji: m.reaction.emoji ?? null } },
        };
      }
      break;
    case "system":
      return { ...base, kind: "system", body: m.system?.body ?? null, payload: { ...payload, system: m.system } };
  }
  // `unsupported`, a type we do not know yet, or a known type without its object: shown as such, never lost.
  const error = m.errors?.[0];
  return {
    ...base,
    kind: "unsupported",
    body: null,
    payload: {
      ...payload,
      unsupported: m.type,
      ...(error ? { error: { code: error.code ?? null, title: error.title ?? error.message ?? null } } : {}),
    },
  };
}

/** A click-to-WhatsApp ad opens 72 hours instead of 24 (research §1.3); a reaction opens none (R4). */
function windowHours(m: Message): number {
  if (m.type === "reaction") return 0;
  return m.referral?.source_type === "ad" ? 72 : 24;
}

/**
 * Every message and status of a delivery, entry by entry and change by change. A change that is not
 * `messages` (template status, account updates) is skipped, said so. A change whose value does not
 * parse fails the whole delivery with the path, so it is dead-lettered and can be replayed.
 */
export function items(payload: Payload): Item[] {
  const out: Item[] = [];
  for (const [e, entry] of payload.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field !== "messages") {
        out.push({ type: "skipped", reason: `field ${change.field}` });
        continue;
      }
      const parsed = Value.safeParse(change.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `entry[${e}].changes[${c}].value.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "is invalid"}`,
        );
      }
      const value = parsed.data;
      const account = value.metadata.phone_number_id;
      const names = new Map((value.contacts ?? []).map((k) => [k.wa_id, k.profile?.name ?? null]));
      for (const m of value.messages ?? []) {
        out.push({
          type: "message",
          channelKind: "whatsapp",
          account,
          direction: "inbound",
          contact: m.from,
          contactName: names.get(m.from) ?? null,
          externalId: m.id,
          at: fromSeconds(m.timestamp),
          ...normaliseMessage(m),
          windowHours: windowHours(m),
          ourMessageId: null,
        });
      }
      for (const s of value.statuses ?? []) {
        if (!["sent", "delivered", "read", "failed"].includes(s.status)) {
          out.push({ type: "skipped", reason: `status ${s.status}` });
          continue;
        }
        const error = s.errors?.[0];
        out.push({
          type: "receipt",
          channelKind: "whatsapp",
          account,
          externalId: s.id,
          status: s.status as "sent" | "delivered" | "read" | "failed",
          at: fromSeconds(s.timestamp),
          error: error ? { ...error } : null,
          ourMessageId: s.biz_opaque_callback_data ?? null,
        });
      }
      for (const error of value.errors ?? []) {
        out.push({ type: "skipped", reason: `account error ${error.code ?? ""} ${error.title ?? ""}`.trim() });
      }
    }
  }
  return out;
}
