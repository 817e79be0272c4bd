import { ApiError, client, read } from "../../api";
import type { AttachmentUploadProps } from "../../components/AttachmentUpload";
import { t } from "../../i18n";

type UploadState = Awaited<ReturnType<typeof checked>>;

/** The agent's upload once its check decided: pending answers 409 (retried), refused answers 415 with the reason. */
async function checked(uploadId: string) {
  const state = await read(client.api.v1.inbox.uploads[":id"].$get({ param: { id: uploadId } }));
  if (state.status === "pending") throw new ApiError(409, t("widgets.upload.checking"));
  if (state.status === "rejected") throw new ApiError(415, state.reason ?? t("widgets.upload.failed"));
  return state;
}

/**
 * A file the agent sends (a reply's attachment, a template's media header) through the inbox's upload
 * slots: `POST /inbox/uploads/slots` (size and type allowlist), the presigned POST, then
 * `GET /inbox/uploads/{id}` until the magic-byte check accepted it. For `AttachmentUpload` and `uploadFile`.
 */
export const inboxUpload: Pick<AttachmentUploadProps<UploadState>, "slot" | "attach"> = {
  slot: async (file) => {
    const slot = await read(client.api.v1.inbox.uploads.slots.$post({ json: file }));
    return { uploadId: slot.uploadId, url: slot.url, fields: slot.fields };
  },
  attach: checked,
};
