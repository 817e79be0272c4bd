import * as z from "zod";
import { requirePermission } from "../access";
import { useActor } from "../platform/context";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import * as Upload from "../upload";

export const SlotInfo = z.object({
  uploadId: z.uuid(),
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
});
export type SlotInfo = z.infer<typeof SlotInfo>;

export const UploadState = z.object({
  id: z.uuid(),
  status: z.enum(["pending", "accepted", "rejected"]),
  /** Why the check refused the file. */
  reason: z.string().nullable(),
  detectedType: z.string().nullable(),
});
export type UploadState = z.infer<typeof UploadState>;

/**
 * An agent's upload slot for a file to send (a reply's attachment, a template's media header): the
 * upload module's size and type allowlist, then the magic-byte check when the file lands (crm:inbox:write).
 */
export const createSlot = fn(Upload.createSlot.schema, async (input): Promise<SlotInfo> => {
  requirePermission("crm:inbox:write");
  const slot = await Upload.createSlot(input);
  return { uploadId: slot.id, url: slot.url, fields: slot.fields, expiresAt: slot.expiresAt };
});

/** Whether the agent's own upload passed its check yet; another person's upload is `not_found`. */
export const state = fn(id(), async (uploadId): Promise<UploadState> => {
  requirePermission("crm:inbox:write");
  const upload = await Upload.fromID(uploadId);
  if (!upload || upload.createdBy !== Upload.uploaderOf(useActor())) {
    throw new AppError("not_found", `Upload ${uploadId} does not exist`);
  }
  return {
    id: upload.id,
    status: upload.status as UploadState["status"],
    reason: upload.reason ?? null,
    detectedType: upload.detectedType ?? null,
  };
});
