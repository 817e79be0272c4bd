import { join } from "node:path";
import { useConfig } from "../config";
import { afterCommit } from "../db";
import { errorMessage } from "../errors";
import { localMailTransport, readLocalMail, type StoredMail } from "./local";
import type { MailMessage, MailTransport } from "./port";
import { sesMailTransport } from "./ses";

export type { StoredMail } from "./local";
export type { MailMessage, MailTransport } from "./port";

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

/** Replaces the transport (tests); undefined goes back to the configured one. */
export function setMailTransport(next: MailTransport | undefined): void {
  override = next;
}

/** Messages the local adapter wrote under DATA_DIR/mail, oldest first. */
export function listLocalMail(): Promise<StoredMail[]> {
  return readLocalMail(localDir());
}
