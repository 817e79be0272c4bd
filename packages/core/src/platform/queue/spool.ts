import { mkdirSync } from "node:fs";
import { type FileHandle, open, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { createId } from "../ids";

/** A message that reached stable storage in the spool: its id becomes the queue row's id. */
export interface SpooledMessage {
  id: string;
  body: string;
}

interface SpoolFile {
  seq: number;
  handle: FileHandle;
  /** What is durable in this file, in the order it was appended. */
  records: SpooledMessage[];
  /** The write + fdatasync in flight on this file, if any. */
  writing: Promise<void>;
}

const NAME = /^spool-(\d{12})\.log$/;
const fileName = (seq: number) => `spool-${String(seq).padStart(12, "0")}.log`;

/**
 * Frames a record as `<id> <byte length>\n<body>\n`: a torn tail after a crash (a write whose
 * fdatasync never finished, so never acknowledged) is recognised and ignored on recovery.
 */
export function frame(message: SpooledMessage): Buffer {
  const body = Buffer.from(message.body, "utf8");
  return Buffer.concat([Buffer.from(`${message.id} ${body.byteLength}\n`), body, Buffer.from("\n")]);
}

/** The complete records of a spool file, stopping at the first torn or malformed one. */
export function parseSpool(bytes: Buffer): SpooledMessage[] {
  const records: SpooledMessage[] = [];
  let at = 0;
  while (at < bytes.length) {
    const eol = bytes.indexOf(0x0a, at);
    if (eol < 0) break;
    const match = /^([0-9a-f-]{36}) (\d+)$/.exec(bytes.toString("utf8", at, eol));
    if (!match) break;
    const start = eol + 1;
    const end = start + Number(match[2]);
    if (end + 1 > bytes.length || bytes[end] !== 0x0a) break;
    records.push({ id: match[1] as string, body: bytes.toString("utf8", start, end) });
    at = end + 1;
  }
  return records;
}

/**
 * The local ingest's write-ahead spool: a webhook is acknowledged once its body is appended and
 * fdatasync'd here (group commit: appends that arrive while a sync is in flight share the next one),
 * which is the physical cost of a durable 202 on this disk. The embedded database costs about a
 * millisecond per statement, so rows reach the queue table later, many per statement: `drain` hands
 * the records of the files written so far to `store` (an idempotent insert by id), then deletes the
 * files. After a crash, `recover` stores what the leftover files hold before anything new is taken.
 */
export function createSpool(dir: string) {
  mkdirSync(dir, { recursive: true });
  let current: Promise<SpoolFile> | undefined;
  /** Files no longer appended to, oldest first, whose records are not stored yet. */
  const closed: Promise<SpoolFile>[] = [];
  let lastSeq = 0;
  let waiting: { message: SpooledMessage; done: (error?: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  const openFile = async (seq: number): Promise<SpoolFile> => ({
    seq,
    handle: await open(join(dir, fileName(seq)), "a"),
    records: [],
    writing: Promise.resolve(),
  });
  const syncDir = async () => {
    const handle = await open(dir, "r");
    await handle.sync().finally(() => handle.close());
  };

  const flush = async () => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      current ??= openFile(++lastSeq).then(
        async (file) => {
          await syncDir(); // the new file's name is durable before anything in it is acknowledged
          return file;
        },
        (error: unknown) => {
          current = undefined; // the next append tries a new file rather than this failure again
          throw error;
        },
      );
      const target = current;
      try {
        const file = await target;
        const write = (async () => {
          await file.handle.writev(batch.map((w) => frame(w.message)));
          await file.handle.datasync();
        })();
        file.writing = write;
        await write;
        file.records.push(...batch.map((w) => w.message));
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.done(error);
      }
    }
    flushing = undefined;
  };

  return {
    /** Resolves once the message is on stable storage. */
    append(body: string): Promise<void> {
      return new Promise((resolve, reject) => {
        waiting.push({ message: { id: createId(), body }, done: (error) => (error ? reject(error) : resolve()) });
        flushing ??= flush();
      });
    },

    /** How many acknowledged messages wait here for `drain`. */
    async pending(): Promise<number> {
      const files = await Promise.all([...closed, ...(current ? [current] : [])]);
      return files.reduce((n, file) => n + file.records.length, 0);
    },

    /**
     * Closes the file being written (new appends start the next one), hands what each closed file
     * holds to `store`, and deletes it once `store` has made it durable elsewhere. Returns how many.
     */
    async drain(store: (messages: SpooledMessage[]) => Promise<void>): Promise<number> {
      if (current) closed.push(current);
      current = undefined;
      let moved = 0;
      // A file whose store failed stays first in line, and is tried again by the next drain.
      for (let next = closed[0]; next; next = closed[0]) {
        const file = await next.catch(() => undefined);
        if (!file) {
          closed.shift(); // a file that never opened holds nothing: its appends were refused
          continue;
        }
        await file.writing.catch(() => undefined);
        if (file.records.length > 0) await store(file.records);
        closed.shift();
        await file.handle.close();
        await unlink(join(dir, fileName(file.seq)));
        await syncDir();
        moved += file.records.length;
      }
      return moved;
    },

    /** Stores what files left by an earlier run hold, oldest first, then deletes them. */
    async recover(store: (messages: SpooledMessage[]) => Promise<void>): Promise<number> {
      const files = (await readdir(dir)).filter((name) => NAME.test(name)).sort();
      let moved = 0;
      for (const name of files) {
        const records = parseSpool(await readFile(join(dir, name)));
        if (records.length > 0) await store(records);
        await unlink(join(dir, name));
        moved += records.length;
        lastSeq = Math.max(lastSeq, Number(NAME.exec(name)?.[1]));
      }
      if (files.length > 0) await syncDir();
      return moved;
    },

    async close(): Promise<void> {
      await flushing;
      await (await current)?.handle.close();
    },
  };
}

export type Spool = ReturnType<typeof createSpool>;
