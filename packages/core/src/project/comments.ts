import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { useActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import * as Upload from "../upload";
import { uploadTable } from "../upload/upload.sql";
import * as WorkOrder from "../workorder";
import { workOrderTable } from "../workorder/workorder.sql";
import { projectTaskWorkOrderTable } from "./link.sql";
import { projectAttachmentTable, projectCommentTable } from "./project.sql";
import { actingUserId, projectRow, taskRow } from "./shared";

export const AttachmentInfo = z.object({
  id: z.uuid(),
  uploadId: z.uuid(),
  filename: z.string(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
});

export const CommentInfo = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  taskId: z.uuid().nullable(),
  body: z.string(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.iso.datetime(),
  attachments: z.array(AttachmentInfo),
});
export type CommentInfo = z.infer<typeof CommentInfo>;

/** A project's comments (or one task's), oldest first, with their attachments. */
export const comments = fn(
  z.object({ projectId: id(), taskId: id().optional() }),
  async ({ projectId, taskId }): Promise<CommentInfo[]> => {
    requirePermission("project:task:read");
    return useTransaction(async (tx) => {
      await projectRow(tx, projectId);
      const rows = await tx
        .select({ c: projectCommentTable, authorName: userTable.displayName })
        .from(projectCommentTable)
        .leftJoin(userTable, eq(userTable.id, projectCommentTable.authorId))
        .where(
          and(
            eq(projectCommentTable.projectId, projectId),
            taskId ? eq(projectCommentTable.taskId, taskId) : undefined,
            isNull(projectCommentTable.deletedAt),
          ),
        )
        .orderBy(asc(projectCommentTable.createdAt));
      const files = rows.length
        ? await tx
            .select({ a: projectAttachmentTable, u: uploadTable })
            .from(projectAttachmentTable)
            .innerJoin(uploadTable, eq(uploadTable.id, projectAttachmentTable.uploadId))
            .where(
              inArray(
                projectAttachmentTable.commentId,
                rows.map((r) => r.c.id),
              ),
            )
        : [];
      return rows.map(({ c, authorName }) => ({
        id: c.id,
        projectId: c.projectId,
        taskId: c.taskId,
        body: c.body,
        authorId: c.authorId,
        authorName,
        createdAt: c.createdAt.toISOString(),
        attachments: files
          .filter((f) => f.a.commentId === c.id)
          .map((f) => ({
            id: f.a.id,
            uploadId: f.u.id,
            filename: f.u.filename,
            contentType: f.u.detectedType,
            size: f.u.size,
          })),
      }));
    });
  },
);

/** An upload slot for a comment's attachment (the upload domain checks size and type, then the bytes). */
export const createSlot = fn(Upload.createSlot.schema, async (file) => {
  requirePermission("project:task:write");
  return Upload.createSlot(file);
});

/**
 * Comments on a project or one of its tasks, with accepted uploads of the author's own attached.
 * An upload still being checked, refused, someone else's or already attached elsewhere is a 4xx.
 */
export const comment = fn(
  z.object({
    projectId: id(),
    taskId: id().optional(),
    body: text(20_000),
    uploadIds: z.array(id()).max(10).default([]),
  }),
  async (input): Promise<CommentInfo> => {
    requirePermission("project:task:write");
    const created = await createTransaction(async (tx) => {
      await projectRow(tx, input.projectId);
      if (input.taskId) {
        const task = await taskRow(tx, input.taskId);
        if (task.projectId !== input.projectId) throw new AppError("not_found", `Task ${input.taskId} does not exist`);
      }
      const uploads = input.uploadIds.length
        ? await tx.select().from(uploadTable).where(inArray(uploadTable.id, input.uploadIds))
        : [];
      const mine = Upload.uploaderOf(useActor());
      for (const uploadId of input.uploadIds) {
        const u = uploads.find((x) => x.id === uploadId);
        if (!u || u.createdBy !== mine) {
          throw new AppError("not_found", `Upload ${uploadId} does not exist`, [
            { path: "uploadIds", message: "is not an upload of yours" },
          ]);
        }
        if (u.status === "pending") {
          throw new AppError("conflict", `${u.filename} is still being checked; retry in a moment`, [
            { path: "uploadIds", message: "is still being checked" },
          ]);
        }
        if (u.status !== "accepted") {
          throw new AppError("unsupported_media_type", `${u.filename} was quarantined: ${u.reason ?? "refused"}`, [
            { path: "uploadIds", message: u.reason ?? "the file was refused" },
          ]);
        }
      }
      const [row] = await tx
        .insert(projectCommentTable)
        .values({
          projectId: input.projectId,
          taskId: input.taskId ?? null,
          body: input.body,
          authorId: actingUserId(),
        })
        .returning();
      const c = row as typeof projectCommentTable.$inferSelect;
      if (input.uploadIds.length > 0) {
        // The unique upload index refuses an upload attached elsewhere (a 409 naming uploadId).
        await tx
          .insert(projectAttachmentTable)
          .values(input.uploadIds.map((uploadId) => ({ commentId: c.id, uploadId })));
      }
      await Audit.record({
        action: "project.comment_added",
        entityType: "project",
        entityId: input.projectId,
        changes: { commentId: { to: c.id }, attachments: { to: input.uploadIds.length } },
      });
      return c;
    });
    const all = await comments({ projectId: input.projectId, taskId: input.taskId });
    return all.find((c) => c.id === created.id) as CommentInfo;
  },
);

/** A short-lived download link for a comment's attachment, by attachment id (never by path). */
export const download = fn(
  z.object({ projectId: id(), attachmentId: id() }),
  async ({ projectId, attachmentId }): Promise<{ url: string; expiresAt: string }> => {
    requirePermission("project:task:read");
    const uploadId = await useTransaction(async (tx) => {
      const [row] = await tx
        .select({ uploadId: projectAttachmentTable.uploadId })
        .from(projectAttachmentTable)
        .innerJoin(projectCommentTable, eq(projectCommentTable.id, projectAttachmentTable.commentId))
        .where(
          and(
            eq(projectAttachmentTable.id, attachmentId),
            eq(projectCommentTable.projectId, projectId),
            live(projectCommentTable),
          ),
        );
      if (!row) throw new AppError("not_found", `Attachment ${attachmentId} does not exist`);
      return row.uploadId;
    });
    const expiresAt = new Date(Date.now() + Upload.DOWNLOAD_TTL_SECONDS * 1000).toISOString();
    return { url: await Upload.downloadUrl(uploadId), expiresAt };
  },
);

export const LinkedWorkOrder = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  taskId: z.uuid(),
});

/** The work orders a project's tasks spawned or link to. */
export const workOrders = fn(z.object({ projectId: id() }), async ({ projectId }) => {
  requirePermission("project:read");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({
        id: workOrderTable.id,
        number: workOrderTable.number,
        title: workOrderTable.title,
        status: workOrderTable.status,
        taskId: projectTaskWorkOrderTable.taskId,
      })
      .from(projectTaskWorkOrderTable)
      .innerJoin(workOrderTable, eq(workOrderTable.id, projectTaskWorkOrderTable.workOrderId))
      .where(and(eq(workOrderTable.projectId, projectId), live(workOrderTable)))
      .orderBy(asc(workOrderTable.number));
    return rows as z.infer<typeof LinkedWorkOrder>[];
  });
});

/**
 * A work order for the field from a task: the work-order domain's create (its permissions apply),
 * with the project's customer, subscriber and region, linked to the task and the project.
 */
export const spawnWorkOrder = fn(
  z.object({
    taskId: id(),
    title: text(300).optional(),
    workType: WorkOrder.create.schema.shape.workType,
    priority: WorkOrder.create.schema.shape.priority,
    scheduledStart: WorkOrder.create.schema.shape.scheduledStart,
    scheduledEnd: WorkOrder.create.schema.shape.scheduledEnd,
  }),
  async (input) => {
    requirePermission("project:task:write");
    return createTransaction(async (tx) => {
      const task = await taskRow(tx, input.taskId, true);
      const project = await projectRow(tx, task.projectId);
      const wo = await WorkOrder.create({
        title: input.title ?? `${project.number}: ${task.title}`,
        workType: input.workType ?? "install",
        priority: input.priority ?? "medium",
        projectId: project.id,
        personId: project.personId,
        subscriberId: project.subscriberId,
        ticketId: task.ticketId,
        region: project.region,
        scheduledStart: input.scheduledStart,
        scheduledEnd: input.scheduledEnd,
      });
      await tx
        .insert(projectTaskWorkOrderTable)
        .values({ taskId: task.id, workOrderId: wo.id, linkedById: actingUserId() })
        .onConflictDoNothing();
      await Audit.record({
        action: "project.work_order_linked",
        entityType: "project_task",
        entityId: task.id,
        changes: { workOrderId: { to: wo.id } },
      });
      return { id: wo.id, number: wo.number, title: wo.title, status: wo.status as string, taskId: task.id };
    });
  },
);

/** Links an existing work order to a task (and its project). */
export const linkWorkOrder = fn(z.object({ taskId: id(), workOrderId: id() }), async ({ taskId, workOrderId }) => {
  requirePermission("project:task:write");
  requirePermission("operations:work_order:update");
  return createTransaction(async (tx) => {
    const task = await taskRow(tx, taskId, true);
    const [wo] = await tx
      .select()
      .from(workOrderTable)
      .where(and(eq(workOrderTable.id, workOrderId), live(workOrderTable)));
    if (!wo)
      throw new AppError("validation", "workOrderId: does not exist", [
        { path: "workOrderId", message: "does not exist" },
      ]);
    if (wo.projectId && wo.projectId !== task.projectId) {
      throw new AppError("conflict", `Work order ${wo.number} belongs to another project`, [
        { path: "workOrderId", message: "belongs to another project" },
      ]);
    }
    if (!wo.projectId)
      await tx.update(workOrderTable).set({ projectId: task.projectId }).where(eq(workOrderTable.id, wo.id));
    await tx
      .insert(projectTaskWorkOrderTable)
      .values({ taskId, workOrderId, linkedById: actingUserId() })
      .onConflictDoNothing();
    await Audit.record({
      action: "project.work_order_linked",
      entityType: "project_task",
      entityId: taskId,
      changes: { workOrderId: { to: workOrderId } },
    });
    return { id: wo.id, number: wo.number, title: wo.title, status: wo.status as string, taskId };
  });
});
