import { ApiError, client, send } from "../api";
import { postToSlot } from "../components/AttachmentUpload";
import { t } from "../i18n";
import { jobMaterials } from "./data";
import { blobOf, type Entry } from "./store";

const workOrders = client.api.v1["work-orders"][":id"];
const inventory = jobMaterials[":id"];
const timecost = client.api.v1.timecost["work-orders"][":id"];

/**
 * Sends one queued change through the typed client, with its idempotency key (`clientEventId` /
 * `clientRef`, made when the change was made). A resend after a lost answer is a no-op on the server.
 * Throws the call's ApiError; the outbox decides whether that is worth another try.
 */
export async function sendEntry(entry: Entry, save: (entry: Entry) => Promise<void>): Promise<void> {
  const param = { id: entry.workOrderId };
  const change = entry.change;
  switch (change.kind) {
    case "event":
      await send(
        workOrders["field-events"].$post({
          param,
          json: {
            clientEventId: entry.ref,
            event: change.event,
            occurredAt: change.occurredAt,
            ...(change.note ? { note: change.note } : {}),
            ...(change.reason ? { reason: change.reason } : {}),
            ...(change.latitude !== undefined && change.longitude !== undefined
              ? { latitude: change.latitude, longitude: change.longitude }
              : {}),
          },
        }),
      );
      return;
    case "note":
      await send(workOrders.notes.$post({ param, json: { body: change.body, internal: false, clientRef: entry.ref } }));
      return;
    case "worklog":
      await send(
        timecost.worklogs.$post({
          param,
          json: {
            clientRef: entry.ref,
            startedAt: change.startedAt,
            endedAt: change.endedAt,
            ...(change.note ? { note: change.note } : {}),
          },
        }),
      );
      return;
    case "consume":
      await send(
        inventory.materials[":lineId"].consume.$post({
          param: { id: entry.workOrderId, lineId: change.lineId },
          json: { quantity: change.quantity, clientRef: entry.ref },
        }),
      );
      return;
    case "serial":
      await send(
        inventory.equipment.$post({
          param,
          json: { clientRef: entry.ref, serial: change.serial, ...(change.itemId ? { itemId: change.itemId } : {}) },
        }),
      );
      return;
    case "file":
      await sendFile(entry, change, save);
      return;
    case "ping":
      await sendPings([entry]);
      return;
  }
}

/** Position pings in one call (up to 200), each with its own client ref: a resend stores nothing twice. */
export async function sendPings(entries: Entry[]): Promise<void> {
  const positions = entries.flatMap((entry) => {
    const change = entry.change;
    if (change.kind !== "ping") return [];
    return [
      {
        latitude: change.latitude,
        longitude: change.longitude,
        recordedAt: change.recordedAt,
        clientRef: entry.ref,
        ...(change.accuracy !== undefined ? { accuracy: change.accuracy } : {}),
      },
    ];
  });
  if (positions.length > 0) await send(client.api.v1.dispatch.positions.$post({ json: { positions } }));
}

type FileChange = Extract<Entry["change"], { kind: "file" }>;

/**
 * A photo or signature in three recorded steps, so a resumed send starts where the last one stopped:
 * an upload slot (kept), the bytes posted to it (marked sent), then the attach with the client ref.
 * The bytes stay in IndexedDB until the attach is confirmed. A slot that expired is asked for again.
 */
async function sendFile(entry: Entry, change: FileChange, save: (entry: Entry) => Promise<void>): Promise<void> {
  const param = { id: entry.workOrderId };
  let current = entry;
  if (!current.upload?.sent) {
    const blob = await blobOf(change.blobId);
    if (!blob) throw new ApiError(410, t("tech.outbox.bytesLost"), "gone");
    if (!current.upload) {
      const slot = await (
        await send(
          workOrders.attachments.slots.$post({
            param,
            json: { filename: change.filename, contentType: change.contentType, size: change.size },
          }),
        )
      ).json();
      current = { ...current, upload: { uploadId: slot.uploadId, url: slot.url, fields: slot.fields, sent: false } };
      await save(current);
    }
    const upload = current.upload;
    if (!upload) return;
    try {
      await postToSlot(upload, new File([blob], change.filename, { type: change.contentType }), () => {});
    } catch (error) {
      // An expired or used slot: forget it, so the next try asks for a fresh one.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        await save({ ...current, upload: undefined });
        throw new ApiError(503, error.message, "retry");
      }
      throw error;
    }
    current = { ...current, upload: { ...upload, sent: true } };
    await save(current);
  }
  const uploadId = current.upload?.uploadId ?? "";
  await send(
    workOrders.attachments.$post({
      param,
      json: {
        uploadId,
        kind: change.fileKind,
        clientRef: entry.ref,
        capturedAt: change.capturedAt,
        ...(change.signerName ? { signerName: change.signerName } : {}),
      },
    }),
  );
}
