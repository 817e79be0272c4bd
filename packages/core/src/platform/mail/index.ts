import { join } from "node:path";
import { useConfig } from "../config";
import { afterCommit } from "../db";
import { errorMessage } from "../errors";
import {
  localMailTransport,
  readLocalEml,
  readLocalMail,
  readLocalMailbox,
  readLocalMessage,
  type StoredMail,
} from "./local";
import type { MailMessage, MailTransport, RawMailMessage } from "./port";
import { sesMailTransport } from "./ses";

export type { MailboxEntry, StoredMail } from "./local";
export type { MailMessage, MailTransport, RawMailMessage } from "./port";

export interface Mailer {
  /** Sends once the surrounding transaction commits (at once outside one): a rollback sends nothing. */
  send(message: MailMessage): Promise<void>;
}

let override: MailTransport | undefined;
let ses: MailTransport | undefined;

const localDir = () => join(useConfig().DATA_DIR, "mail");

// The local folder follows DATA_DIR as it is now (tests and the local runtime change it), so only SES is cached.
function useTransport(): MailTransport {
  if (override) return override;
  const config = useConfig();
  if (config.MAIL_DRIVER !== "ses") return localMailTransport(localDir());
  ses ??= sesMailTransport({ region: config.AWS_REGION });
  return ses;
}

/** The configured mailer, chosen by MAIL_DRIVER; the sender is MAIL_FROM. */
export function useMailer(): Mailer {
  return {
    send: (message) =>
      afterCommit(async () => {
        const from = useConfig().MAIL_FROM;
        // The caller's work has committed and its answer must not reveal whether mail went out
        // (recovery answers the same for unknown emails), so a failed delivery is logged, not thrown.
        await useTransport()
          .deliver({ ...message, from })
          .catch((error) => console.error(`mail to ${message.to} failed: ${errorMessage(error)}`));
      }),
  };
}

/**
 * Hands one message to the transport now and throws when it fails: for senders that record the outcome
 * themselves (the notification outbox retries and shows failed deliveries), not for fire-and-forget mail.
 */
export async function deliverMail(message: MailMessage): Promise<void> {
  await useTransport().deliver({ ...message, from: useConfig().MAIL_FROM });
}

/**
 * Hands raw MIME built by the caller (its own From, Message-ID and headers) to the transport now, and
 * throws when it fails: the inbox's outbox records the outcome and retries.
 */
export async function deliverRawMail(message: RawMailMessage): Promise<void> {
  const transport = useTransport();
  if (!transport.deliverRaw) throw new Error(`The ${transport.name} mail transport cannot send raw MIME`);
  await transport.deliverRaw(message);
}

/** Which transport MAIL_DRIVER selects (the development mailbox exists only for "local"). */
export function mailDriver(): "local" | "ses" {
  return useConfig().MAIL_DRIVER;
}

/** Replaces the transport (tests); undefined goes back to the configured one. */
export function setMailTransport(next: MailTransport | undefined): void {
  override = next;
}

/** Messages the local adapter wrote under DATA_DIR/mail, oldest first. */
export function listLocalMail(): Promise<StoredMail[]> {
  return readLocalMail(localDir());
}

/** The local folder as a mailbox: each message with its id (the file name), newest first. */
export function localMailbox() {
  return readLocalMailbox(localDir());
}

/** The raw MIME of a local message sent as raw, or undefined. */
export function localEml(id: string) {
  return readLocalEml(localDir(), id);
}

/** One message of the local folder by its id, or undefined. */
export function localMessage(id: string) {
  return readLocalMessage(localDir(), id);
}
