import { eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { useBlobStore } from "../platform/blob";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { allowedTypes, DOWNLOAD_TTL_SECONDS } from "../upload";
import { canView } from "./access";
import { inboxAttachmentTable, inboxMessageTable } from "./inbox.sql";

export const DownloadInfo = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
  /** The type the magic bytes said, which the link serves (never what the sender declared). */
  contentType: z.string(),
});
export type DownloadInfo = z.infer<typeof DownloadInfo>;

/**
 * A link to a message's file that works for a minute, for whoever may see the conversation (the same
 * rule as the thread: anything else is `not_found`, like a missing id). Images open inline; every other
 * type, PDFs included (a customer's file is untrusted), downloads as an attachment.
 */
export const download = fn(id(), async (attachmentId): Promise<DownloadInfo> => {
  requirePermission("crm:inbox:read");
  const row = await useTransaction(async (tx) => {
    const [found] = await tx
      .select({ a: inboxAttachmentTable, conversationId: inboxMessageTable.conversationId })
      .from(inboxAttachmentTable)
      .innerJoin(inboxMessageTable, eq(inboxMessageTable.id, inboxAttachmentTable.messageId))
      .where(eq(inboxAttachmentTable.id, attachmentId));
    if (!found || !(await canView(tx, found.conversationId))) {
      throw new AppError("not_found", `Attachment ${attachmentId} does not exist`);
    }
    return found.a;
  });
  if (row.state !== "stored" || !row.blobKey || !row.detectedType) {
    throw new AppError(
      "not_found",
      row.state === "rejected"
        ? `Attachment ${attachmentId} was refused (${row.error ?? "not allowed"}) and cannot be downloaded`
        : `Attachment ${attachmentId} is still being fetched from the provider; try again shortly`,
    );
  }
  const contentType = row.detectedType;
  const inline = contentType.startsWith("image/") && (allowedTypes[contentType]?.inline ?? false);
  const expiresAt = new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000).toISOString();
  const url = await useBlobStore().downloadUrl(row.blobKey, {
    filename: row.filename ?? `attachment-${row.idx + 1}`,
    contentType,
    inline,
    expiresInSeconds: DOWNLOAD_TTL_SECONDS,
  });
  return { url, expiresAt, contentType };
});
