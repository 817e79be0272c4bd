import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MailMessage, MailTransport } from "./port";

/** A message as the local adapter stores it: one JSON file per message. */
export interface StoredMail extends MailMessage {
  from: string;
  sentAt: string;
  /** Raw MIME sends: the file (beside this one) holding the exact bytes sent. */
  eml?: string;
}

/** Writes each message as `<dir>/<sentAt>-<uuid>.json`, so a folder listing sorts by time. */
export function localMailTransport(dir: string): MailTransport {
  return {
    name: "local",
    async deliver(message) {
      await mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      const stored: StoredMail = { ...message, sentAt };
      const file = `${sentAt.replace(/[:.]/g, "-")}-${randomUUID()}.json`;
      await writeFile(join(dir, file), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    },
    async deliverRaw({ raw, ...message }) {
      await mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      const name = `${sentAt.replace(/[:.]/g, "-")}-${randomUUID()}`;
      // The .eml first: the mailbox lists .json entries, and one must never point at a missing file.
      await writeFile(join(dir, `${name}.eml`), raw, { mode: 0o600 });
      const stored: StoredMail = { ...message, sentAt, eml: `${name}.eml` };
      await writeFile(join(dir, `${name}.json`), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    },
  };
}

/** Every message in `dir`, oldest first (tests and the local runtime read mail this way). */
export async function readLocalMail(dir: string): Promise<StoredMail[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    files
      .filter((f) => f.endsWith(".json"))
      .map(async (f) => JSON.parse(await readFile(join(dir, f), "utf8")) as StoredMail),
  );
  return mails.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}

/** A stored message with the id the development mailbox addresses it by: its file name without `.json`. */
export interface MailboxEntry extends StoredMail {
  id: string;
}

/** What `localMailTransport` names files: `<sentAt with : and . as ->-<uuid>`; nothing else is read. */
const MAIL_ID =
  /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isMailId(id: string): boolean {
  return MAIL_ID.test(id);
}

/** Every message in `dir` with its id, newest first (file names start with the send time). */
export async function readLocalMailbox(dir: string): Promise<MailboxEntry[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const ids = files
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .filter(isMailId);
  const entries = await Promise.all(ids.map((id) => readLocalMessage(dir, id)));
  return entries
    .filter((e): e is MailboxEntry => e !== undefined)
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.id.localeCompare(a.id));
}

/** The raw MIME of a message sent as raw, by its mailbox id; undefined otherwise. */
export async function readLocalEml(dir: string, id: string): Promise<Buffer | undefined> {
  if (!isMailId(id)) return undefined;
  return readFile(join(dir, `${id}.eml`)).catch(() => undefined);
}

/** One message by id; an id that is not one of ours, or a missing file, is undefined (never a path outside `dir`). */
export async function readLocalMessage(dir: string, id: string): Promise<MailboxEntry | undefined> {
  if (!isMailId(id)) return undefined;
  const text = await readFile(join(dir, `${id}.json`), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  return { id, ...(JSON.parse(text) as StoredMail) };
}
