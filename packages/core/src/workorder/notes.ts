import { and, asc, eq } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { useActor } from "../platform/context";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import * as Upload from "../upload";
import { uploadTable } from "../upload/upload.sql";
import { actingUserId, reach, reachableJob, seesInternal } from "./shared";
import { refold } from "./status";
import { workOrderAttachmentKinds, workOrderAttachmentTable, workOrderNoteTable } from "./workorder.sql";

export const NoteInfo = z.object({
  id: z.uuid(),
  body: z.string(),
  internal: z.boolean(),
  clientRef: z.string().nullable(),
  authorId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type NoteInfo = z.infer<typeof NoteInfo>;

type NoteRow = typeof workOrderNoteTable.$inferSelect;
const noteInfo = (n: NoteRow): NoteInfo => ({
  id: n.id,
  body: n.body,
  internal: n.isInternal,
  clientRef: n.clientRef,
  authorId: n.authorId,
  createdAt: n.createdAt.toISOString(),
});

/** The job's notes, oldest first; vendor crews see the public ones only. */
export async function notesOf(tx: Tx, workOrderId: string, internal: boolean): Promise<NoteInfo[]> {
  const rows = await tx
    .select()
    .from(workOrderNoteTable)
    .where(
      and(
        eq(workOrderNoteTable.workOrderId, workOrderId),
        live(workOrderNoteTable),
        internal ? undefined : eq(workOrderNoteTable.isInternal, false),
      ),
    )
    .orderBy(asc(workOrderNoteTable.createdAt), asc(workOrderNoteTable.id));
  return rows.map(noteInfo);
}

/**
 * Adds a note, internal (staff only) or public. With `clientRef`, sending it again returns the first
 * note. Assigned technicians and crews, or staff with operations:work_order:update; a vendor crew's
 * notes are public.
 */
export const addNote = fn(
  z.object({ id: id(), body: text(20_000), internal: z.boolean().default(true), clientRef: text(100).optional() }),
  async ({ id, body, internal, clientRef }): Promise<NoteInfo> => {
    const r = reach("operations:work_order:update", "field:note:create");
    return createTransaction(async (tx) => {
      await reachableJob(tx, r, id, true);
      if (clientRef) {
        const [existing] = await tx
          .select()
          .from(workOrderNoteTable)
          .where(and(eq(workOrderNoteTable.workOrderId, id), eq(workOrderNoteTable.clientRef, clientRef)));
        if (existing) return noteInfo(existing);
      }
      const [row] = await tx
        .insert(workOrderNoteTable)
        .values({
          workOrderId: id,
          body,
          isInternal: internal && seesInternal(r),
          clientRef: clientRef ?? null,
          authorId: actingUserId(),
        })
        .returning();
      const note = row as NoteRow;
      await Audit.record({
        action: "work_order.noted",
        entityType: "work_order",
        entityId: id,
        changes: { noteId: { to: note.id }, internal: { to: note.isInternal } },
      });
      return noteInfo(note);
    });
  },
);

export const AttachmentInfo = z.object({
  id: z.uuid(),
  kind: z.enum(workOrderAttachmentKinds),
  filename: z.string(),
  /** The type the scan detected from the bytes. */
  contentType: z.string(),
  size: z.number().int(),
  signerName: z.string().nullable(),
  capturedAt: z.iso.datetime().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  clientRef: z.string().nullable(),
  createdById: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

type AttachmentRow = typeof workOrderAttachmentTable.$inferSelect;
type UploadRow = typeof uploadTable.$inferSelect;
const attachmentInfo = (a: AttachmentRow, u: UploadRow): AttachmentInfo => ({
  id: a.id,
  kind: a.kind,
  filename: u.filename,
  contentType: u.detectedType ?? u.declaredType,
  size: u.size ?? 0,
  signerName: a.signerName,
  capturedAt: a.capturedAt?.toISOString() ?? null,
  latitude: a.latitude,
  longitude: a.longitude,
  clientRef: a.clientRef,
  createdById: a.createdById,
  createdAt: a.createdAt.toISOString(),
});

const selectAttachments = (tx: Tx, where: ReturnType<typeof and>) =>
  tx
    .select({ a: workOrderAttachmentTable, u: uploadTable })
    .from(workOrderAttachmentTable)
    .innerJoin(uploadTable, eq(uploadTable.id, workOrderAttachmentTable.uploadId))
    .where(and(live(workOrderAttachmentTable), where))
    .orderBy(asc(workOrderAttachmentTable.createdAt), asc(workOrderAttachmentTable.id));

export async function attachmentsOf(tx: Tx, workOrderId: string): Promise<AttachmentInfo[]> {
  const rows = await selectAttachments(tx, eq(workOrderAttachmentTable.workOrderId, workOrderId));
  return rows.map((r) => attachmentInfo(r.a, r.u));
}

export const SlotInfo = z.object({
  uploadId: z.uuid(),
  /** POST multipart/form-data here: every entry of `fields` first, then the file as `file`. */
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.number().int(),
  expiresAt: z.iso.datetime(),
});

/** An upload slot for a field attachment: the job is checked first, then size and declared type. */
export const createSlot = fn(
  z.object({
    id: id(),
    filename: Upload.createSlot.schema.shape.filename,
    contentType: Upload.createSlot.schema.shape.contentType,
    size: Upload.createSlot.schema.shape.size,
  }),
  async ({ id, ...file }): Promise<z.infer<typeof SlotInfo>> => {
    const r = reach("operations:work_order:update", "field:attachment:create");
    await useTransaction((tx) => reachableJob(tx, r, id));
    const slot = await Upload.createSlot(file);
    return { uploadId: slot.id, url: slot.url, fields: slot.fields, maxBytes: file.size, expiresAt: slot.expiresAt };
  },
);

/**
 * Attaches an upload the magic-byte scan accepted, as a photo, signature or document (photos and
 * signatures must be images). `clientRef` or the same upload again returns the first attachment. The
 * job is re-folded: a `complete` the gate held back applies once its photo and signature are here.
 */
export const attach = fn(
  z.object({
    id: id(),
    uploadId: id(),
    kind: z.enum(workOrderAttachmentKinds),
    signerName: text(200).optional(),
    clientRef: text(100).optional(),
    capturedAt: instant().optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  }),
  async (input): Promise<AttachmentInfo> => {
    const r = reach("operations:work_order:update", "field:attachment:create");
    return createTransaction(async (tx) => {
      const job = await reachableJob(tx, r, input.id, true);
      if (input.clientRef) {
        const [byRef] = await selectAttachments(
          tx,
          and(
            eq(workOrderAttachmentTable.workOrderId, job.id),
            eq(workOrderAttachmentTable.clientRef, input.clientRef),
          ),
        );
        if (byRef) return attachmentInfo(byRef.a, byRef.u);
      }
      const [upload] = await tx.select().from(uploadTable).where(eq(uploadTable.id, input.uploadId));
      if (!upload || upload.createdBy !== Upload.uploaderOf(useActor())) {
        throw new AppError("not_found", `Upload ${input.uploadId} does not exist`, [
          { path: "uploadId", message: "is not an upload of yours" },
        ]);
      }
      const [existing] = await selectAttachments(tx, eq(workOrderAttachmentTable.uploadId, input.uploadId));
      if (existing) {
        if (existing.a.workOrderId !== job.id) {
          throw new AppError("conflict", `uploadId: ${upload.filename} is already attached to another work order`, [
            { path: "uploadId", message: "is already attached to another work order" },
          ]);
        }
        return attachmentInfo(existing.a, existing.u);
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
      if (input.kind !== "document" && !(upload.detectedType ?? "").startsWith("image/")) {
        throw new AppError("validation", `kind: a ${input.kind} must be an image; ${upload.filename} is not`, [
          { path: "kind", message: `a ${input.kind} must be an image` },
        ]);
      }
      const [row] = await tx
        .insert(workOrderAttachmentTable)
        .values({
          workOrderId: job.id,
          uploadId: upload.id,
          kind: input.kind,
          signerName: input.signerName ?? null,
          capturedAt: input.capturedAt ?? null,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          clientRef: input.clientRef ?? null,
          createdById: actingUserId(),
        })
        .returning();
      const attachment = row as AttachmentRow;
      await Audit.record({
        action: "work_order.attachment_added",
        entityType: "work_order",
        entityId: job.id,
        changes: { attachmentId: { to: attachment.id }, kind: { to: attachment.kind } },
      });
      if (input.kind !== "document") await refold(tx, job, "complete");
      return attachmentInfo(attachment, upload);
    });
  },
);

/** A short-lived download link for one of the job's attachments (whoever may see the job). */
export const download = fn(
  z.object({ id: id(), attachmentId: id() }),
  async ({ id, attachmentId }): Promise<{ url: string; expiresAt: string }> => {
    const r = reach("operations:work_order:read", "field:attachment:read");
    const row = await useTransaction(async (tx) => {
      await reachableJob(tx, r, id);
      const [found] = await selectAttachments(
        tx,
        and(eq(workOrderAttachmentTable.workOrderId, id), eq(workOrderAttachmentTable.id, attachmentId)),
      );
      if (!found) throw new AppError("not_found", `Attachment ${attachmentId} does not exist`);
      return found;
    });
    const expiresAt = new Date(Date.now() + Upload.DOWNLOAD_TTL_SECONDS * 1000).toISOString();
    return { url: await Upload.downloadUrl(row.u.id), expiresAt };
  },
);
