import type { OutboundMessage, Provider, SendAccepted } from "./port";

/**
 * Web chat has no provider to call: a reply is "sent" once it is stored, because the visitor's browser
 * fetches it from our own API (inbox/widget `messages`, which marks it delivered; the panel showing it
 * marks it read). The outbox registers this under `widget`; its id for the message is our own.
 */
export const widgetProvider: Provider = {
  kind: "widget",
  async send(message: OutboundMessage): Promise<SendAccepted> {
    return { externalId: `agent:${message.messageId}`, sentOnAccept: true };
  },
};
