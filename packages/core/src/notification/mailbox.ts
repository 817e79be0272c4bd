import * as z from "zod";
import { requirePortal } from "../access";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { text } from "../platform/input";
import { localMailbox, localMessage, type MailboxEntry, mailDriver } from "../platform/mail";

export const MailboxMessage = z.object({
  /** The file name in DATA_DIR/mail without `.json`. */
  id: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  sentAt: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  /** The message carries a single-use secret link (reset, invitation, sign-in, confirmation): its body is withheld. */
  withheld: z.boolean(),
});
export type MailboxMessage = z.infer<typeof MailboxMessage>;

const MAILBOX_LIMIT = 200;

/**
 * The development mailbox is for administrators (the admin role, never a grantable key) and only with the
 * local driver: on AWS mail goes through SES and there is nothing here to read.
 */
function assertMailbox() {
  const actor = requirePortal("staff");
  if (!actor.properties.roles.includes("admin")) {
    throw new AppError("forbidden", "The development mailbox is for administrators");
  }
  if (mailDriver() !== "local") {
    throw new AppError(
      "not_found",
      "The development mailbox exists only with MAIL_DRIVER=local; this deployment sends mail through SES",
    );
  }
}

/**
 * Every emailed secret (reset, invitation, sign-in and confirmation links) travels in a `#token=`
 * fragment. The mailbox never shows such a message's body: reading it would hand one account's
 * secret to another. Whoever runs the machine reads the file under DATA_DIR/mail instead.
 */
const SECRET_LINK = /#token=/i;

const toMessage = (m: MailboxEntry): MailboxMessage => {
  const withheld = SECRET_LINK.test(m.text) || SECRET_LINK.test(m.html ?? "");
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    subject: m.subject,
    sentAt: m.sentAt,
    text: withheld
      ? `This message carries a single-use link for ${m.to}, so the mailbox does not show it. ` +
        `On the machine running DotMac CRM, open mail/${m.id}.json in the data folder (DATA_DIR).`
      : m.text,
    html: withheld ? null : (m.html ?? null),
    withheld,
  };
};

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
