/** One outgoing email. `text` is always sent; `html` is an optional alternative body. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
}

/**
 * A message already built as MIME (the inbox's email channel: its own Message-ID, threading headers,
 * Reply-To and attachments). `to`, `subject` and `text` are the envelope recipient and a summary the
 * local mailbox lists; the bytes sent are `raw`.
 */
export interface RawMailMessage extends MailMessage {
  from: string;
  raw: Uint8Array;
}

/** An adapter that hands a message to a mail service (or a folder, locally). */
export interface MailTransport {
  readonly name: "local" | "ses";
  deliver(message: MailMessage & { from: string }): Promise<void>;
  /** Sends raw MIME as is (SES Content.Raw; locally an .eml beside the mailbox entry). */
  deliverRaw?(message: RawMailMessage): Promise<void>;
}
