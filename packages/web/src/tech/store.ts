import { type DBSchema, type IDBPDatabase, openDB } from "idb";

/**
 * The technician app's device storage (IndexedDB through `idb`): the outbox of changes made on the
 * phone, in the order they were made, and the photo/signature bytes each waits to send. Nothing is
 * removed until the server has confirmed it, so a reload, a crash or a day offline loses nothing.
 */

/** The field events the server accepts (WorkOrder field-events). */
export type FieldEvent =
  | "accept"
  | "en_route"
  | "arrived"
  | "start"
  | "pause"
  | "hold"
  | "resume"
  | "complete"
  | "unable_to_complete";

/** One change, as made on the phone; its `ref` is the idempotency key, generated once, at the change. */
export type Change =
  | {
      kind: "event";
      event: FieldEvent;
      occurredAt: string;
      note?: string;
      reason?: string;
      latitude?: number;
      longitude?: number;
    }
  /** A position ping, recorded only while the technician shares their location (not tied to a job). */
  | { kind: "ping"; latitude: number; longitude: number; accuracy?: number; recordedAt: string }
  | { kind: "note"; body: string }
  | {
      kind: "file";
      fileKind: "photo" | "signature";
      blobId: string;
      filename: string;
      contentType: string;
      size: number;
      capturedAt: string;
      signerName?: string;
    }
  | { kind: "worklog"; startedAt: string; endedAt: string; note?: string }
  | { kind: "consume"; lineId: string; quantity: number; name: string }
  | { kind: "serial"; serial: string; itemId?: string };

export type EntryState = "waiting" | "failed";

/** A queued change with its sending state; `seq` orders the queue (IndexedDB's auto-increment). */
export interface Entry {
  seq?: number;
  ref: string;
  userId: string;
  workOrderId: string;
  createdAt: string;
  change: Change;
  state: EntryState;
  attempts: number;
  /** The server's message when it refused the change for good (4xx other than 401/408/409/429). */
  error?: string;
  /** A file's progress, kept so a resumed send skips what the server already has. */
  upload?: { uploadId: string; url: string; fields: Record<string, string>; sent: boolean };
}

interface TechDb extends DBSchema {
  outbox: { key: number; value: Entry; indexes: { ref: string } };
  blobs: { key: string; value: { id: string; blob: Blob } };
  timers: { key: string; value: { workOrderId: string; startedAt: string } };
}

let opened: Promise<IDBPDatabase<TechDb>> | undefined;

export function techDb(): Promise<IDBPDatabase<TechDb>> {
  opened ??= openDB<TechDb>("dotmac-tech", 1, {
    upgrade(db) {
      const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      outbox.createIndex("ref", "ref", { unique: true });
      db.createObjectStore("blobs", { keyPath: "id" });
      db.createObjectStore("timers", { keyPath: "workOrderId" });
    },
  });
  return opened;
}

/**
 * Adds a change and its bytes (a photo and its thumbnail, a signature) in one transaction: either all
 * are kept or none. Thumbnails (`thumb:<ref>`) stay after the send, for the job's photo strip.
 */
export async function putEntry(entry: Entry, blobs: Array<{ id: string; blob: Blob }>): Promise<void> {
  const db = await techDb();
  const tx = db.transaction(["outbox", "blobs"], "readwrite");
  for (const blob of blobs) await tx.objectStore("blobs").put(blob);
  await tx.objectStore("outbox").add(entry);
  await tx.done;
}

export async function allEntries(): Promise<Entry[]> {
  return (await techDb()).getAll("outbox");
}

export async function updateEntry(entry: Entry): Promise<void> {
  await (await techDb()).put("outbox", entry);
}

/** Removes a sent (or discarded) change and the bytes it carried. */
export async function removeEntry(entry: Entry): Promise<void> {
  const db = await techDb();
  const tx = db.transaction(["outbox", "blobs"], "readwrite");
  if (entry.seq !== undefined) await tx.objectStore("outbox").delete(entry.seq);
  if (entry.change.kind === "file") await tx.objectStore("blobs").delete(entry.change.blobId);
  await tx.done;
}

export async function blobOf(id: string): Promise<Blob | undefined> {
  return (await (await techDb()).get("blobs", id))?.blob;
}

/** A running worklog timer survives reloads: it is a row, not a variable. */
export async function timerOf(workOrderId: string) {
  return (await techDb()).get("timers", workOrderId);
}
export async function setTimer(workOrderId: string, startedAt: string | null): Promise<void> {
  const db = await techDb();
  if (startedAt) await db.put("timers", { workOrderId, startedAt });
  else await db.delete("timers", workOrderId);
}
