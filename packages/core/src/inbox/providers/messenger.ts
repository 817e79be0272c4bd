import type { InboxChannelKind } from "../inbox.sql";
import { graphFetch, graphToken, graphUrl } from "./graph";
import type { OutboundMessage, Provider, SendAccepted } from "./port";
import { SendError } from "./port";
import type { ResolvedMedia } from "./whatsapp";

const attachmentType = { image: "image", video: "video", audio: "audio", document: "file" } as const;

/**
 * The Send API body for Messenger and Instagram (research §1.6): `recipient`, `messaging_type`
 * (`RESPONSE` inside the window, `MESSAGE_TAG` with `tag: HUMAN_AGENT` after it) and `message` with
 * text or one attachment by URL; `metadata` carries our message id back in the echo.
 */
export function messengerBody(message: OutboundMessage): Record<string, unknown> {
  const p = message.payload;
  const tag = p.tag === "HUMAN_AGENT" ? "HUMAN_AGENT" : undefined;
  const media = p.media as ResolvedMedia | undefined;
  let content: Record<string, unknown>;
  if (media) {
    content = { attachment: { type: attachmentType[media.type], payload: { url: media.link, is_reusable: false } } };
  } else if (message.body) {
    content = { text: message.body };
  } else {
    throw new SendError("fail", "empty", "Nothing to send: the message has no text");
  }
  return {
    recipient: { id: message.to },
    messaging_type: tag ? "MESSAGE_TAG" : "RESPONSE",
    ...(tag ? { tag } : {}),
    message: { ...content, metadata: message.messageId },
  };
}

interface SendApiAccepted {
  recipient_id?: string;
  message_id?: string;
}

export function messengerSendApi(kind: InboxChannelKind): Provider {
  return {
    kind,
    async send(message: OutboundMessage): Promise<SendAccepted> {
      const token = await graphToken(message.channel);
      const answer = await graphFetch<SendApiAccepted>(
        "POST",
        graphUrl(`${message.channel.externalAccountId}/messages`),
        token,
        messengerBody(message),
      );
      if (!answer.message_id)
        throw new SendError("retry", "bad_response", "The Send API accepted the message without a message id");
      // Delivery and read arrive as webhooks (watermarks); the message is `sent` when the echo or delivery says so.
      return { externalId: answer.message_id, sentOnAccept: false };
    },
  };
}

/** Messenger: POST /{page-id}/messages with the page token. */
export const messenger = messengerSendApi("messenger");
