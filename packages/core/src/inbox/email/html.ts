import { and, asc, eq } from "drizzle-orm";
import * as z from "zod";
import { useBlobStore } from "../../platform/blob";
import { useTransaction } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { fn } from "../../platform/fn";
import { requireVisible } from "../access";
import { inboxAttachmentTable, inboxMessageTable } from "../inbox.sql";
import { sanitizeEmailHtml } from "./sanitize";

/** Inline images larger than this are not embedded (they stay listed as attachments). */
export const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/**
 * The Content-Security-Policy the HTML route sends: nothing may run, load or submit; styles inline;
 * images only embedded (`data:`), plus any `https:` image when the agent asked for remote images.
 * `sandbox` without `allow-scripts`/`allow-same-origin`: the document has an opaque origin even when
 * opened outside the workspace's `<iframe sandbox>`; links open in a new, unsandboxed tab.
 */
export function htmlCsp(remoteImages: boolean): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data:${remoteImages ? " https:" : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
}

export const RenderInput = z.object({
  id: z.uuid(),
  /** The agent asked to load remote images for this render. */
  images: z.boolean().default(false),
});

/**
 * An email message's body as a standalone HTML document for the workspace's sandboxed frame: the stored
 * sanitised HTML sanitised again on the way out, `cid:` images embedded from the stored attachments as
 * `data:` URIs (a sandboxed frame has an opaque origin, so same-origin-only attachment URLs would not
 * load), remote images blocked unless `images`. A message without HTML renders its text.
 */
export const render = fn(RenderInput, async (input) => {
  const { message, inline } = await useTransaction(async (tx) => {
    const [message] = await tx
      .select({
        conversationId: inboxMessageTable.conversationId,
        kind: inboxMessageTable.kind,
        body: inboxMessageTable.body,
        payload: inboxMessageTable.payload,
      })
      .from(inboxMessageTable)
      .where(eq(inboxMessageTable.id, input.id));
    if (!message) throw new AppError("not_found", "No such message");
    await requireVisible(tx, message.conversationId);
    const inline = await tx
      .select({
        mediaRef: inboxAttachmentTable.mediaRef,
        detectedType: inboxAttachmentTable.detectedType,
        blobKey: inboxAttachmentTable.blobKey,
        size: inboxAttachmentTable.size,
      })
      .from(inboxAttachmentTable)
      .where(and(eq(inboxAttachmentTable.messageId, input.id), eq(inboxAttachmentTable.state, "stored")))
      .orderBy(asc(inboxAttachmentTable.idx));
    return { message, inline };
  });
  if (message.kind !== "email") throw new AppError("not_found", "This message is not an email");
  const stored = typeof message.payload.html === "string" ? message.payload.html : null;
  let body: string;
  if (stored) {
    const store = useBlobStore();
    const map: Record<string, string> = {};
    for (const a of inline) {
      if (!a.mediaRef || !a.blobKey || !a.detectedType || !INLINE_TYPES.has(a.detectedType)) continue;
      if ((a.size ?? 0) > MAX_INLINE_IMAGE_BYTES) continue;
      map[a.mediaRef] = `data:${a.detectedType};base64,${Buffer.from(await store.get(a.blobKey)).toString("base64")}`;
    }
    body = await sanitizeEmailHtml(stored, { inline: map, remoteImages: input.images });
  } else {
    body = `<pre style="white-space:pre-wrap;font:inherit">${escapeHtml(message.body ?? "")}</pre>`;
  }
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"></head><body>${body}</body></html>`;
  return { html, csp: htmlCsp(input.images) };
});
