/** One outgoing email. `text` is always sent; `html` is an optional alternative body. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
}

/** An adapter that hands a message to a mail service (or a folder, locally). */
export interface MailTransport {
  readonly name: "local" | "ses";
  deliver(message: MailMessage & { from: string }): Promise<void>;
}
