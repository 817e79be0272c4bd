import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MailMessage, MailTransport } from "./port";

/** A message as the local adapter stores it: one JSON file per message. */
export interface StoredMail extends MailMessage {
  from: string;
  sentAt: string;
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
