import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { useBlobStore } from "../platform/blob";
import { useConfig } from "../platform/config";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { resolveSecret } from "../platform/secrets";
import { allowedTypes, HEAD_BYTES } from "../upload";
import { inboxAttachmentTable, inboxChannelTable, inboxMessageTable } from "./inbox.sql";

/** A reason the file can never be stored as is: the attachment is marked rejected with it. */
class Refused extends Error {}

/**
 * Whether a URL may be fetched (and, for the Graph host, receive the channel's token): https on a
 * META_MEDIA_HOSTS host (`.example.com` matches subdomains), or GRAPH_BASE_URL's own origin.
 */
export function mediaUrlAllowed(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  const config = useConfig();
  const graph = new URL(config.GRAPH_BASE_URL);
  if (url.origin === graph.origin) return true;
  if (url.protocol !== "https:" || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return config.META_MEDIA_HOSTS.some((h) =>
    h.startsWith(".") ? host.endsWith(h.toLowerCase()) && host.length > h.length : host === h.toLowerCase(),
  );
}

/** GET with redirects off (each hop would need the allowlist again) and the body read up to `max` bytes. */
async function fetchCapped(url: string, headers: Record<string, string>, max: number): Promise<Uint8Array> {
  if (!mediaUrlAllowed(url)) {
    const host = URL.canParse(url) ? new URL(url).host : "an unreadable URL";
    throw new Refused(`${host} is not on the media host allowlist`);
  }
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new AppError("unavailable", `Media download failed: ${(error as Error).message}`);
  }
  if (res.status >= 500 || res.status === 429) throw new AppError("unavailable", `Media host answered ${res.status}`);
  if (res.status !== 200) throw new Refused(`media host answered ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) throw new Refused(`file is ${declared} bytes, more than the ${max} allowed`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      throw new Refused(`file is more than the ${max} bytes allowed`);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}

/** WhatsApp's two steps: the media id to a short-lived URL (Graph API, channel token), then the bytes. */
async function whatsappMedia(mediaId: string, tokenSecret: string | null, max: number) {
  if (!tokenSecret) throw new Refused("the channel has no access token to download media with");
  const token = await resolveSecret(tokenSecret);
  const config = useConfig();
  const auth = { authorization: `Bearer ${token}` };
  const lookup = `${config.GRAPH_BASE_URL.replace(/\/$/, "")}/${config.GRAPH_API_VERSION}/${encodeURIComponent(mediaId)}`;
  const meta = JSON.parse(Buffer.from(await fetchCapped(lookup, auth, 64 * 1024)).toString("utf8")) as {
    url?: unknown;
    file_size?: unknown;
    sha256?: unknown;
  };
  if (typeof meta.url !== "string") throw new Refused("the Graph API gave no media URL");
  if (typeof meta.file_size === "number" && meta.file_size > max) {
    throw new Refused(`file is ${meta.file_size} bytes, more than the ${max} allowed`);
  }
  return {
    bytes: await fetchCapped(meta.url, auth, max),
    sha256: typeof meta.sha256 === "string" ? meta.sha256 : null,
  };
}

/** Meta sends a file's SHA-256 as hex or base64; either form of ours must match it. */
function digestMatches(bytes: Uint8Array, given: string): boolean {
  const digest = createHash("sha256").update(bytes).digest();
  return given.toLowerCase() === digest.toString("hex") || given === digest.toString("base64");
}

type Row = { attachment: typeof inboxAttachmentTable.$inferSelect; accessTokenSecret: string | null };

async function fetchOne({ attachment: a, accessTokenSecret }: Row) {
  const max = useConfig().INBOX_MEDIA_MAX_BYTES;
  const ref = a.mediaRef ?? "";
  const got = /^https?:\/\//i.test(ref)
    ? { bytes: await fetchCapped(ref, {}, max), sha256: null }
    : await whatsappMedia(ref, accessTokenSecret, max);
  const expected = a.sha256 ?? got.sha256;
  if (expected && !digestMatches(got.bytes, expected)) throw new Refused("file does not match the SHA-256 Meta sent");
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = (await fileTypeFromBuffer(got.bytes.subarray(0, HEAD_BYTES)))?.mime;
  if (!detected) throw new Refused("content type could not be identified from its bytes");
  if (!(detected in allowedTypes)) throw new Refused(`content is ${detected}, which is not allowed`);
  // Deterministic: a second run (a redelivered event) overwrites the same object with the same bytes.
  const blobKey = `inbox/media/${a.messageId}/${a.idx}`;
  await useBlobStore().put(blobKey, got.bytes, detected);
  return {
    blobKey,
    detectedType: detected,
    size: got.bytes.byteLength,
    sha256: createHash("sha256").update(got.bytes).digest("hex"),
  };
}

/**
 * Fetches a received message's pending media from the provider and stores it (Events.MessageReceived).
 * Only allowlisted Meta hosts, a size cap, the provider's SHA-256 and the upload module's magic-byte
 * allowlist; anything else marks the attachment rejected with the reason. Idempotent on (message, idx):
 * only `pending` rows are fetched and only a `pending` row is updated. A host that is down is thrown,
 * so the event is retried.
 */
export async function fetchPending(messageId: string): Promise<{ stored: number; rejected: number }> {
  const rows: Row[] = await useTransaction((tx) =>
    tx
      .select({ attachment: inboxAttachmentTable, accessTokenSecret: inboxChannelTable.accessTokenSecret })
      .from(inboxAttachmentTable)
      .innerJoin(inboxMessageTable, eq(inboxMessageTable.id, inboxAttachmentTable.messageId))
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxMessageTable.channelId))
      .where(and(eq(inboxAttachmentTable.messageId, messageId), eq(inboxAttachmentTable.state, "pending")))
      .orderBy(asc(inboxAttachmentTable.idx)),
  );
  let stored = 0;
  let rejected = 0;
  for (const row of rows) {
    let change: Partial<typeof inboxAttachmentTable.$inferInsert>;
    try {
      change = { ...(await fetchOne(row)), state: "stored", error: null };
      stored++;
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      change = { state: "rejected", error: error.message.slice(0, 500) };
      rejected++;
    }
    await useTransaction((tx) =>
      tx
        .update(inboxAttachmentTable)
        .set(change)
        .where(and(eq(inboxAttachmentTable.id, row.attachment.id), eq(inboxAttachmentTable.state, "pending"))),
    );
  }
  return { stored, rejected };
}
