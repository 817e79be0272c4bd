import type { InboxChannelKind } from "../inbox.sql";

/** What a provider needs to send one outbound message. Built by the outbox from the stored rows. */
export interface OutboundMessage {
  /** Our message id: sent along as opaque callback data where the provider supports it (R2 in the research). */
  messageId: string;
  channel: {
    id: string;
    kind: InboxChannelKind;
    externalAccountId: string;
    businessAccountId: string | null;
    accessTokenSecret: string | null;
    settings: Record<string, unknown>;
  };
  /** The customer's address on this channel: phone (wa_id), PSID, IGSID, email address or visitor id. */
  to: string;
  kind: "text" | "template" | "image" | "audio" | "video" | "document" | "email";
  body: string | null;
  subject: string | null;
  /** Kind-specific: template name/language/components, media blob keys, email threading headers, tag. */
  payload: Record<string, unknown>;
}

/** The provider's answer to an accepted send: its id for the message (wamid, mid, Message-ID). */
export interface SendAccepted {
  externalId: string;
  /** The provider reports delivery later (receipts); email and web chat count acceptance as `sent`. */
  sentOnAccept: boolean;
}

/**
 * Why a send failed, classified once so the outbox decides the same way for every provider:
 * `retry` (rate limited, 5xx, network) with an optional provider-suggested delay, or `fail` (the
 * message can never go as is: window closed, recipient unknown, bad template) with a code the thread shows.
 */
export class SendError extends Error {
  constructor(
    readonly disposition: "retry" | "fail",
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    /** The provider says the customer-service window is closed: the conversation's window is closed too. */
    readonly windowClosed = false,
  ) {
    super(message);
    this.name = "SendError";
  }
}

/** One per channel kind; `send` resolves with the provider's id or throws `SendError`. */
export interface Provider {
  readonly kind: InboxChannelKind;
  send(message: OutboundMessage): Promise<SendAccepted>;
}
