import { and, eq, lt } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { useBlobStore } from "../platform/blob";
import { useConfig } from "../platform/config";
import { useActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { createId } from "../platform/ids";
import { int, text } from "../platform/input";
import { uploadTable } from "./upload.sql";

/**
 * Types accepted after the magic-byte check, by detected MIME type. HTML, SVG, XML and anything
 * `file-type` cannot identify are refused; a type is added here only with a reason to trust it.
 */
export const allowedTypes: Record<string, { inline: boolean }> = {
  "image/png": { inline: true },
  "image/jpeg": { inline: true },
  "image/gif": { inline: true },
  "image/webp": { inline: true },
  "application/pdf": { inline: true },
  "audio/mpeg": { inline: false },
  "audio/ogg": { inline: false },
  "video/mp4": { inline: false },
};

export const HEAD_BYTES = 4100;

/** How long a download link works: long enough to start the download, too short to pass around. */
export const DOWNLOAD_TTL_SECONDS = 60;

/** Who made an upload, as stored in `created_by`: a user's id, or the kind and id of a key or job. */
export function uploaderOf(actor: ReturnType<typeof useActor>): string {
  switch (actor.type) {
    case "user":
      return actor.properties.userId;
    case "apiKey":
      return `apiKey:${actor.properties.keyId}`;
    case "system":
      return `system:${actor.properties.job}`;
    default:
      return actor.type;
  }
}

export const createSlot = fn(
  z.object({
    filename: text(255),
    contentType: text(100).refine((t) => t in allowedTypes, {
      message: `must be one of ${Object.keys(allowedTypes).join(", ")}`,
    }),
    size: int(1, Number.MAX_SAFE_INTEGER),
  }),
  async (input) => {
    const max = useConfig().UPLOAD_MAX_BYTES;
    if (input.size > max) {
      throw new AppError("payload_too_large", `size must be at most ${max} bytes`, [
        { path: "size", message: `must be at most ${max} bytes` },
      ]);
    }
    const actor = useActor();
    const id = createId();
    const key = `uploads/${new Date().toISOString().slice(0, 7)}/${id}`;
    const values = {
      id,
      key,
      filename: input.filename,
      declaredType: input.contentType,
      maxBytes: input.size,
      createdBy: uploaderOf(actor),
    };
    await createTransaction(async (tx) => {
      await tx.insert(uploadTable).values(values);
      await Audit.record({
        action: "upload.created",
        entityType: "upload",
        entityId: id,
        changes: Audit.diff(null, values, ["filename", "declaredType", "maxBytes"]),
      });
    });
    const slot = await useBlobStore().createUpload({ key, contentType: input.contentType, maxBytes: input.size });
    return { id, ...slot };
  },
);

/**
 * The same magic-byte decision `scan` makes, for bytes already in hand (email attachments): the type
 * detected from the first bytes must be on the allowlist, and must be the declared one when the
 * declared type is itself one we know (so an HTML page named invoice.pdf is refused).
 */
export async function inspect(
  bytes: Uint8Array,
  declaredType?: string | null,
): Promise<{ detectedType?: string; reason?: string }> {
  const max = useConfig().UPLOAD_MAX_BYTES;
  if (bytes.byteLength > max) return { reason: `file is ${bytes.byteLength} bytes, more than the ${max} accepted` };
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = (await fileTypeFromBuffer(bytes.subarray(0, HEAD_BYTES)))?.mime;
  if (!detected) return { reason: "content type could not be identified from its bytes" };
  if (!(detected in allowedTypes))
    return { detectedType: detected, reason: `content is ${detected}, which is not allowed` };
  const declared = declaredType?.split(";")[0]?.trim().toLowerCase();
  if (declared && declared in allowedTypes && declared !== detected) {
    return { detectedType: detected, reason: `content is ${detected} but was declared ${declared}` };
  }
  return { detectedType: detected };
}

export type ScanOutcome = { status: "accepted" | "rejected" | "unknown"; reason?: string; detectedType?: string };

/**
 * Runs when an object lands (S3 ObjectCreated or the local upload route): decides from the first bytes
 * and the stored size, never from what the client declared. Rejected objects move under quarantine/.
 */
export async function scan(key: string): Promise<ScanOutcome> {
  const store = useBlobStore();
  const [upload] = await useTransaction((tx) => tx.select().from(uploadTable).where(eq(uploadTable.key, key)));
  if (!upload) {
    await store.delete(key);
    return { status: "unknown", reason: "no upload slot for this key" };
  }
  if (upload.status !== "pending") return { status: upload.status };
  const head = await store.head(key);
  let reason: string | undefined;
  let detected: string | undefined;
  if (!head) reason = "object is missing";
  else if (head.size > upload.maxBytes)
    reason = `object is ${head.size} bytes, more than the ${upload.maxBytes} declared`;
  else {
    // Loaded here, by the scan alone: the API's upload routes share this module but never sniff bytes.
    const { fileTypeFromBuffer } = await import("file-type");
    detected = (await fileTypeFromBuffer(await store.readHead(key, HEAD_BYTES)))?.mime;
    if (!detected) reason = "content type could not be identified from its bytes";
    else if (!(detected in allowedTypes)) reason = `content is ${detected}, which is not allowed`;
    else if (detected !== upload.declaredType)
      reason = `content is ${detected} but was declared ${upload.declaredType}`;
  }
  if (reason && head) {
    await store.put(`quarantine/${key}`, await store.get(key), "application/octet-stream");
    await store.delete(key);
  }
  const status = reason ? ("rejected" as const) : ("accepted" as const);
  const result = { status, reason: reason ?? null, detectedType: detected ?? null, size: head?.size ?? null };
  await createTransaction(async (tx) => {
    const changed = await tx
      .update(uploadTable)
      .set({ ...result, scannedAt: new Date() })
      .where(and(eq(uploadTable.id, upload.id), eq(uploadTable.status, "pending")))
      .returning({ id: uploadTable.id });
    // A concurrent scan that already decided wrote the audit row.
    if (changed.length === 0) return;
    await Audit.record({
      action: `upload.${status}`,
      entityType: "upload",
      entityId: upload.id,
      changes: Audit.diff(upload, result),
    });
  });
  return { status, ...(reason ? { reason } : {}), ...(detected ? { detectedType: detected } : {}) };
}

/**
 * Stores a file the server made (a generated PDF report) as an accepted upload, after the same
 * magic-byte check as any upload, so it is served by id through `downloadUrl` like every other file.
 */
export async function store(input: { bytes: Uint8Array; filename: string; contentType: string }): Promise<string> {
  const checked = await inspect(input.bytes, input.contentType);
  if (checked.reason || !checked.detectedType) {
    throw new AppError("internal", `Generated file ${input.filename} failed the upload check: ${checked.reason}`);
  }
  const id = createId();
  const key = `generated/${new Date().toISOString().slice(0, 7)}/${id}`;
  await useBlobStore().put(key, input.bytes, checked.detectedType);
  const values = {
    id,
    key,
    filename: input.filename,
    declaredType: input.contentType,
    maxBytes: input.bytes.byteLength,
    status: "accepted" as const,
    detectedType: checked.detectedType,
    size: input.bytes.byteLength,
    createdBy: uploaderOf(useActor()),
    scannedAt: new Date(),
  };
  await createTransaction(async (tx) => {
    await tx.insert(uploadTable).values(values);
    await Audit.record({
      action: "upload.accepted",
      entityType: "upload",
      entityId: id,
      changes: Audit.diff(null, values, ["filename", "detectedType", "size"]),
    });
  });
  return id;
}

export async function fromID(id: string) {
  const [row] = await useTransaction((tx) => tx.select().from(uploadTable).where(eq(uploadTable.id, id)));
  return row;
}

/**
 * A short-lived download URL; inline only for the small allowlist, attachment otherwise. The type
 * served is the one the scan detected from the bytes, never the client's.
 */
export async function downloadUrl(id: string): Promise<string> {
  const upload = await fromID(id);
  if (upload?.status !== "accepted" || !upload.detectedType) {
    throw new AppError("not_found", `Upload ${id} is not available for download`);
  }
  return useBlobStore().downloadUrl(upload.key, {
    filename: upload.filename,
    contentType: upload.detectedType,
    inline: allowedTypes[upload.detectedType]?.inline ?? false,
    expiresInSeconds: DOWNLOAD_TTL_SECONDS,
  });
}

/** Job `uploads.expire`: slots never used within a day are rejected and any late object removed. */
export async function expireAbandoned(olderThanMs = 24 * 3600 * 1000): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const reason = "upload slot expired unused";
  const stale = await createTransaction(async (tx) => {
    const rows = await tx
      .update(uploadTable)
      .set({ status: "rejected", reason, scannedAt: new Date() })
      .where(and(eq(uploadTable.status, "pending"), lt(uploadTable.createdAt, cutoff)))
      .returning({ id: uploadTable.id, key: uploadTable.key });
    for (const row of rows) {
      await Audit.record({
        action: "upload.rejected",
        entityType: "upload",
        entityId: row.id,
        changes: { status: { from: "pending", to: "rejected" }, reason: { to: reason } },
      });
    }
    return rows;
  });
  for (const { key } of stale) await useBlobStore().delete(key);
  return stale.length;
}
