import { graphFetch, graphToken, graphUrl } from "./graph";
import type { OutboundMessage, Provider, SendAccepted } from "./port";
import { SendError } from "./port";

/** What the outbox resolves into `payload` before a send: links for media and the quoted message's id. */
export interface ResolvedMedia {
  type: "image" | "video" | "audio" | "document";
  link: string;
  filename?: string;
}

interface Template {
  name: string;
  language: string;
  variables?: string[];
  headerMedia?: ResolvedMedia;
}

/**
 * The Cloud API body for one message, exactly as Meta documents it (research §1.6): text, media by
 * link, or a template with its header and body parameters; `context` quotes a message and
 * `biz_opaque_callback_data` carries our message id so a status that beats the API answer finds it.
 */
export function whatsappBody(message: OutboundMessage): Record<string, unknown> {
  const p = message.payload;
  const base: Record<string, unknown> = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: message.to,
    ...(typeof p.contextExternalId === "string" ? { context: { message_id: p.contextExternalId } } : {}),
    biz_opaque_callback_data: message.messageId,
  };
  if (message.kind === "template") {
    const t = p.template as Template;
    const components: Record<string, unknown>[] = [];
    if (t.headerMedia) {
      const m = t.headerMedia;
      components.push({
        type: "header",
        parameters: [
          {
            type: m.type,
            [m.type]: { link: m.link, ...(m.type === "document" && m.filename ? { filename: m.filename } : {}) },
          },
        ],
      });
    }
    if (t.variables?.length) {
      components.push({ type: "body", parameters: t.variables.map((text) => ({ type: "text", text })) });
    }
    return {
      ...base,
      type: "template",
      template: { name: t.name, language: { code: t.language }, ...(components.length ? { components } : {}) },
    };
  }
  const media = p.media as ResolvedMedia | undefined;
  if (media) {
    const caption = media.type !== "audio" && message.body ? { caption: message.body } : {};
    const filename = media.type === "document" && media.filename ? { filename: media.filename } : {};
    return { ...base, type: media.type, [media.type]: { link: media.link, ...caption, ...filename } };
  }
  if (!message.body) throw new SendError("fail", "empty", "Nothing to send: the message has no text");
  return { ...base, type: "text", text: { preview_url: false, body: message.body } };
}

interface WhatsappAccepted {
  messages?: { id?: string; message_status?: string }[];
}

/** WhatsApp Cloud API: POST /{phone-number-id}/messages. Accepted is not sent: the `sent` status says so. */
export const whatsapp: Provider = {
  kind: "whatsapp",
  async send(message: OutboundMessage): Promise<SendAccepted> {
    const token = await graphToken(message.channel);
    const answer = await graphFetch<WhatsappAccepted>(
      "POST",
      graphUrl(`${message.channel.externalAccountId}/messages`),
      token,
      whatsappBody(message),
    );
    const id = answer.messages?.[0]?.id;
    if (!id) throw new SendError("retry", "bad_response", "WhatsApp accepted the message without a message id");
    return { externalId: id, sentOnAccept: false };
  },
};
