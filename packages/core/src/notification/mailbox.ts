import * as z from "zod";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { text } from "../platform/input";
import { localMailbox, localMessage, type MailboxEntry, mailDriver } from "../platform/mail";
import { requirePermission, requirePortal } from "../platform/scope";

export const MailboxMessage = z.object({
  /** The file name in DATA_DIR/mail without `.json`. */
  id: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  sentAt: z.string(),
  text: z.string(),
  html: z.string().nullable(),
});
export type MailboxMessage = z.infer<typeof MailboxMessage>;

const MAILBOX_LIMIT = 200;

/** The development mailbox is for signed-in staff who may read monitoring, and only with the local driver. */
function assertMailbox() {
  requirePortal("staff");
  requirePermission("system:monitoring:read");
  if (mailDriver() !== "local") {
    throw new AppError(
      "not_found",
      "The development mailbox exists only with MAIL_DRIVER=local; this deployment sends mail through SES",
    );
  }
}

const toMessage = (m: MailboxEntry): MailboxMessage => ({
  id: m.id,
  from: m.from,
  to: m.to,
  subject: m.subject,
  sentAt: m.sentAt,
  text: m.text,
  html: m.html ?? null,
});

/** The newest messages the local mail driver wrote, newest first. */
export const mailbox = fn(z.object({}).default({}), async (): Promise<{ items: MailboxMessage[] }> => {
  assertMailbox();
  return { items: (await localMailbox()).slice(0, MAILBOX_LIMIT).map(toMessage) };
});

/** One message of the local mailbox. */
export const mailboxMessage = fn(text(200, { trim: false }), async (id): Promise<MailboxMessage> => {
  assertMailbox();
  const found = await localMessage(id);
  if (!found) throw new AppError("not_found", `Message ${id} is not in the mailbox`);
  return toMessage(found);
});
