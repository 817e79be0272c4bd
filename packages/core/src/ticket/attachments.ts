import { and, asc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { useActor } from "../platform/context";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn, validationError } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, softRemove } from "../platform/soft-delete";
import * as Upload from "../upload";
import { uploadTable } from "../upload/upload.sql";
import { Events } from "./events";
import { actingUserId, appendEvent, liveTicket, type TicketRow } from "./shared";
import { ticketAttachmentTable, ticketCommentTable, ticketTable } from "./ticket.sql";

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export const AttachmentInfo = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  commentId: z.uuid().nullable(),
  filename: z.string(),
  /** The type the scan detected from the bytes. */
  contentType: z.string(),
  size: z.number().int(),
  isInternal: z.boolean(),
  createdAt: z.iso.datetime(),
  createdById: z.uuid().nullable(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

export const SlotInfo = z.object({
  uploadId: z.uuid(),
  /** POST multipart/form-data here: every entry of `fields` first, then the file as `file`. */
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.number().int(),
  expiresAt: z.iso.datetime(),
});
export type SlotInfo = z.infer<typeof SlotInfo>;

export const DownloadInfo = z.object({ url: z.string(), expiresAt: z.iso.datetime() });
export type DownloadInfo = z.infer<typeof DownloadInfo>;

/** Who is attaching: staff may keep an attachment internal; a customer's never is. */
export type Viewer = "staff" | "customer";

export const SlotInput = z.object({
  filename: Upload.createSlot.schema.shape.filename,
  contentType: Upload.createSlot.schema.shape.contentType,
  size: Upload.createSlot.schema.shape.size,
  /** Checked here so a wrong comment is refused before any bytes are sent; send it again to attach. */
  commentId: id().optional(),
  /** Accepted for symmetry; what counts is `isInternal` on the attach call (the slot keeps no intent). */
  isInternal: z.boolean().optional(),
});

export const AttachInput = z.object({
  uploadId: id(),
  /** The comment the file belongs to (as given to the slot); none attaches it to the ticket itself. */
  commentId: id().optional(),
  isInternal: z.boolean().optional(),
});

/** The ticket, refusing a merged one: files go on the ticket it was merged into. */
async function openTicket(tx: Tx, ticketId: string, lock = false): Promise<TicketRow> {
  const ticket = await liveTicket(tx, ticketId, lock);
  if (ticket.status === "merged") {
    throw new AppError(
      "precondition_failed",
      `Ticket ${ticket.number} was merged; attach files to the ticket it was merged into`,
    );
  }
  return ticket;
}

/** The comment, which must be a live comment of this ticket (and, for customers, a public one they wrote). */
async function commentOf(tx: Tx, ticketId: string, commentId: string, viewer: Viewer) {
  const [comment] = await tx
    .select()
    .from(ticketCommentTable)
    .where(
      and(eq(ticketCommentTable.id, commentId), eq(ticketCommentTable.ticketId, ticketId), live(ticketCommentTable)),
    );
  const own = viewer === "staff" || (comment && !comment.isInternal && comment.authorId === actingUserId());
  if (!comment || !own) {
    throw new AppError("validation", `commentId: ${commentId} is not a comment of this ticket`, [
      { path: "commentId", message: "is not a comment of this ticket" },
    ]);
  }
  return comment;
}

/** Customers' files are never internal; a file on an internal note is internal whatever was asked. */
const internalFlag = (viewer: Viewer, asked: boolean | undefined, commentInternal: boolean | undefined) =>
  viewer === "customer" ? false : Boolean(asked) || Boolean(commentInternal);

/**
 * An upload slot for a file on the ticket or one of its comments: checks the ticket, the comment, the
 * size and the declared type first, so a refusal comes before any bytes are sent.
 */
export async function openSlot(ticketId: string, input: z.input<typeof SlotInput>, viewer: Viewer) {
  const { commentId, isInternal: _internal, ...file } = parse(SlotInput, input);
  await useTransaction(async (tx) => {
    await openTicket(tx, ticketId);
    if (commentId) await commentOf(tx, ticketId, commentId, viewer);
  });
  const slot = await Upload.createSlot(file);
  return { uploadId: slot.id, url: slot.url, fields: slot.fields, maxBytes: file.size, expiresAt: slot.expiresAt };
}

type AttachmentRow = typeof ticketAttachmentTable.$inferSelect;
type UploadRow = typeof uploadTable.$inferSelect;

const toInfo = (a: AttachmentRow, u: UploadRow): AttachmentInfo => ({
  id: a.id,
  ticketId: a.ticketId,
  commentId: a.commentId,
  filename: u.filename,
  contentType: u.detectedType ?? u.declaredType,
  size: u.size ?? 0,
  isInternal: a.isInternal,
  createdAt: a.createdAt.toISOString(),
  createdById: a.createdById,
});

async function selectAttachments(tx: Tx, where: ReturnType<typeof and>) {
  return tx
    .select({ a: ticketAttachmentTable, u: uploadTable })
    .from(ticketAttachmentTable)
    .innerJoin(uploadTable, eq(uploadTable.id, ticketAttachmentTable.uploadId))
    .where(and(live(ticketAttachmentTable), where))
    .orderBy(asc(ticketAttachmentTable.createdAt), asc(ticketAttachmentTable.id));
}

/**
 * Attaches a finished upload. The scan must have accepted it (pending: 409, try again shortly;
 * rejected: 415 with the scan's reason), and only whoever made the slot may attach it. Attaching
 * the same upload twice returns the first attachment.
 */
export async function attachUpload(ticketId: string, input: z.input<typeof AttachInput>, viewer: Viewer) {
  const { uploadId, commentId, isInternal } = parse(AttachInput, input);
  return createTransaction(async (tx): Promise<AttachmentInfo> => {
    const ticket = await openTicket(tx, ticketId, true);
    const [upload] = await tx.select().from(uploadTable).where(eq(uploadTable.id, uploadId));
    if (!upload || upload.createdBy !== Upload.uploaderOf(useActor())) {
      throw new AppError("not_found", `Upload ${uploadId} does not exist`, [
        { path: "uploadId", message: "is not an upload of yours" },
      ]);
    }
    const [existing] = await selectAttachments(tx, eq(ticketAttachmentTable.uploadId, uploadId));
    if (existing) {
      if (existing.a.ticketId !== ticketId) {
        throw new AppError("conflict", `uploadId: ${upload.filename} is already attached to another ticket`, [
          { path: "uploadId", message: "is already attached to another ticket" },
        ]);
      }
      return toInfo(existing.a, existing.u);
    }
    if (upload.status === "pending") {
      throw new AppError("conflict", `${upload.filename} is still being checked; retry in a moment`, [
        { path: "uploadId", message: "is still being checked" },
      ]);
    }
    if (upload.status === "rejected") {
      const reason = upload.reason ?? "the file was refused";
      throw new AppError("unsupported_media_type", `${upload.filename} was quarantined: ${reason}`, [
        { path: "uploadId", message: reason },
      ]);
    }
    const comment = commentId ? await commentOf(tx, ticketId, commentId, viewer) : undefined;
    const values = {
      ticketId,
      commentId: commentId ?? null,
      uploadId,
      isInternal: internalFlag(viewer, isInternal, comment?.isInternal),
      createdById: actingUserId(),
    };
    const [inserted] = await tx.insert(ticketAttachmentTable).values(values).onConflictDoNothing().returning();
    if (!inserted) {
      // A concurrent double submit won the unique index: answer with its attachment.
      const [raced] = await selectAttachments(tx, eq(ticketAttachmentTable.uploadId, uploadId));
      if (raced) return toInfo(raced.a, raced.u);
      throw new AppError("conflict", `${upload.filename} is already attached`);
    }
    // Touch the ticket so "recently updated" sorts see the activity.
    await tx.update(ticketTable).set({ updatedAt: sql`now()` }).where(eq(ticketTable.id, ticketId));
    await appendEvent(tx, ticketId, "attachment_added", null, {
      attachmentId: inserted.id,
      filename: upload.filename,
      commentId: values.commentId,
    });
    await emit(Events.AttachmentAdded, {
      ticketId,
      attachmentId: inserted.id,
      commentId: values.commentId,
      uploadId,
    });
    await Audit.record({
      action: "ticket.attachment_added",
      entityType: "ticket",
      entityId: ticketId,
      changes: {
        attachmentId: { to: inserted.id },
        filename: { to: upload.filename },
        isInternal: { to: values.isInternal },
        ticketNumber: { to: ticket.number },
      },
    });
    return toInfo(inserted, upload);
  });
}

/** The ticket's attachments, oldest first; customers see only those that are not internal. */
export async function listFor(ticketId: string, viewer: Viewer): Promise<AttachmentInfo[]> {
  return useTransaction(async (tx) => {
    await liveTicket(tx, ticketId);
    const rows = await selectAttachments(
      tx,
      and(
        eq(ticketAttachmentTable.ticketId, ticketId),
        viewer === "customer" ? eq(ticketAttachmentTable.isInternal, false) : undefined,
      ),
    );
    return rows.map((r) => toInfo(r.a, r.u));
  });
}

/** One attachment of the ticket as the viewer may see it; anything else is not_found, like a missing id. */
async function attachmentOf(tx: Tx, ticketId: string, attachmentId: string, viewer: Viewer) {
  const [row] = await selectAttachments(
    tx,
    and(
      eq(ticketAttachmentTable.id, attachmentId),
      eq(ticketAttachmentTable.ticketId, ticketId),
      viewer === "customer" ? eq(ticketAttachmentTable.isInternal, false) : undefined,
    ),
  );
  if (!row) throw new AppError("not_found", `Attachment ${attachmentId} does not exist`);
  return row;
}

/** A download link that works for a minute: `attachment` except the inline allowlist, always nosniff. */
export async function downloadFor(ticketId: string, attachmentId: string, viewer: Viewer): Promise<DownloadInfo> {
  const row = await useTransaction(async (tx) => {
    await liveTicket(tx, ticketId);
    return attachmentOf(tx, ticketId, attachmentId, viewer);
  });
  const expiresAt = new Date(Date.now() + Upload.DOWNLOAD_TTL_SECONDS * 1000).toISOString();
  return { url: await Upload.downloadUrl(row.u.id), expiresAt };
}

const TicketId = z.object({ id: id() });

/** Staff: an upload slot for a file on a ticket or one of its comments (support:ticket:update). */
export const createSlot = fn(TicketId.extend(SlotInput.shape), async ({ id, ...input }): Promise<SlotInfo> => {
  requirePermission("support:ticket:update");
  return openSlot(id, input, "staff");
});

/** Staff: attaches an accepted upload; `isInternal` hides it from the customer (support:ticket:update). */
export const attach = fn(TicketId.extend(AttachInput.shape), async ({ id, ...input }): Promise<AttachmentInfo> => {
  requirePermission("support:ticket:update");
  return attachUpload(id, input, "staff");
});

/** Staff: every attachment of the ticket, internal ones included (support:ticket:read). */
export const list = fn(id(), async (id): Promise<AttachmentInfo[]> => {
  requirePermission("support:ticket:read");
  return listFor(id, "staff");
});

/** Staff: a short-lived download link (support:ticket:read). */
export const download = fn(
  z.object({ id: id(), attachmentId: id() }),
  async ({ id, attachmentId }): Promise<DownloadInfo> => {
    requirePermission("support:ticket:read");
    return downloadFor(id, attachmentId, "staff");
  },
);

/** Staff: soft-deletes an attachment; the stored object stays for the audit trail (support:ticket:update). */
export const remove = fn(z.object({ id: id(), attachmentId: id() }), async ({ id, attachmentId }) => {
  requirePermission("support:ticket:update");
  await createTransaction(async (tx) => {
    await liveTicket(tx, id, true);
    const row = await attachmentOf(tx, id, attachmentId, "staff");
    await softRemove(tx, ticketAttachmentTable, eq(ticketAttachmentTable.id, attachmentId));
    await Audit.record({
      action: "ticket.attachment_removed",
      entityType: "ticket",
      entityId: id,
      changes: { attachmentId: { from: attachmentId }, filename: { from: row.u.filename } },
    });
  });
});
