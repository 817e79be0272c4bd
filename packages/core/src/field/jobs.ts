import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import * as Inventory from "../inventory";
import { useBlobStore } from "../platform/blob";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, latitude, longitude, text } from "../platform/input";
import { Worklog } from "../timecost";
import * as Upload from "../upload";
import * as WorkOrder from "../workorder";
import { workOrderStatuses } from "../workorder/workorder.sql";
import { requireFieldUser } from "./actor";

/**
 * What v1's technician app does with a job, composed from the domains that own each part: the job and
 * its log (workorder), time (timecost), materials and serials (inventory), files (upload + workorder).
 * Each verb keeps the app's replay promise: its offline outbox may send anything twice, late, reordered.
 */

const OPEN = ["scheduled", "dispatched", "in_progress", "paused"] as const;

/** The technician's header: name and today's counts. */
export const me = fn(z.object({}).default({}), async () => {
  const user = requireFieldUser("field:job:read");
  // The name and email straight from the user row: the auth front door would bring sign-in, MFA and
  // recovery onto every field request's cold path for two columns.
  const [[account], open, done] = await Promise.all([
    useTransaction((tx) =>
      tx
        .select({ displayName: userTable.displayName, email: userTable.email })
        .from(userTable)
        .where(eq(userTable.id, user.userId)),
    ),
    WorkOrder.list({ assignee: "me", status: [...OPEN], limit: 200 }),
    WorkOrder.list({ assignee: "me", status: ["completed"], limit: 200 }),
  ]);
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  return {
    userId: user.userId,
    name: account?.displayName ?? "",
    email: account?.email ?? "",
    openJobs: open.items.length,
    completedToday: done.items.filter((j) => j.completedAt && Date.parse(j.completedAt) >= today.getTime()).length,
  };
});

/** The caller's jobs (their assignments; a crew member's within their organisation), newest first. */
export const jobs = fn(
  z.object({ status: z.enum(workOrderStatuses).optional(), limit: z.number().int().min(1).max(200).default(200) }),
  async ({ status, limit }) => {
    requireFieldUser("field:job:read");
    return (await WorkOrder.list({ assignee: "me", ...(status ? { status: [status] } : {}), limit })).items;
  },
);

/** One job with its materials and time (a vendor crew sees the job, notes and files; stock and time are staff's). */
export const job = fn(id(), async (workOrderId) => {
  const user = requireFieldUser("field:job:read");
  const detail = await WorkOrder.get(workOrderId);
  if (user.portal === "vendor") return { detail, materials: [], worklogs: [] };
  const [materials, worklogs] = await Promise.all([
    Inventory.listMaterials(workOrderId),
    Worklog.list({ workOrderId }),
  ]);
  return { detail, materials: materials.items, worklogs };
});

/** v1's events; `payload.reason`/`signature_unavailable_reason` is the stated reason, `summary` the note. */
export const recordEvent = fn(
  z.object({
    workOrderId: id(),
    clientEventId: text(100),
    event: WorkOrder.FieldEventInput.shape.event,
    occurredAt: z.coerce.date().optional(),
    latitude: z.number().min(-90).max(90).nullish(),
    longitude: z.number().min(-180).max(180).nullish(),
    note: text(5_000).nullish(),
    payload: z.record(z.string(), z.unknown()).nullish(),
  }),
  async (input) => {
    requireFieldUser("field:job:transition");
    const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 2_000) : undefined);
    const reason = str(input.payload?.reason) ?? str(input.payload?.signature_unavailable_reason);
    const note = input.note ?? str(input.payload?.summary);
    const located = input.latitude != null && input.longitude != null;
    return WorkOrder.fieldEvent({
      id: input.workOrderId,
      clientEventId: input.clientEventId,
      event: input.event,
      occurredAt: input.occurredAt ?? new Date(),
      ...(located ? { latitude: input.latitude as number, longitude: input.longitude as number } : {}),
      ...(note ? { note } : {}),
      ...(reason ? { reason } : {}),
    });
  },
);

/** The technician corrects the job's pin on site (v1's "Edit job pin"); the same position again changes nothing. */
export const locate = fn(
  z.object({ workOrderId: id(), latitude: latitude(), longitude: longitude() }),
  ({ workOrderId, latitude, longitude }) => {
    requireFieldUser("field:job:transition");
    return WorkOrder.locate({ id: workOrderId, latitude, longitude });
  },
);

/**
 * A note from the phone. v1's outbox sends no key for notes, so the key is the note itself: the same
 * author's same words on the same job are one note, however often the outbox replays them.
 */
export const addNote = fn(
  z.object({ workOrderId: id(), body: text(20_000), internal: z.boolean().default(true) }),
  async ({ workOrderId, body, internal }) => {
    const user = requireFieldUser("field:note:create");
    const clientRef = `v1-note:${createHash("sha256").update(`${workOrderId}\n${user.userId}\n${body}`).digest("hex").slice(0, 40)}`;
    return WorkOrder.addNote({ id: workOrderId, body, internal, clientRef });
  },
);

/** Time from the phone's timer: each entry once by its client ref (an entry without one gets its span as key). */
export const logWork = fn(
  z.object({
    workOrderId: id(),
    entries: z
      .array(
        z.object({
          clientRef: text(100).nullish(),
          startedAt: z.coerce.date(),
          endedAt: z.coerce.date(),
          note: text(2_000).nullish(),
        }),
      )
      .min(1)
      .max(50),
  }),
  async ({ workOrderId, entries }) => {
    requireFieldUser("field:worklog:write");
    const results = [];
    for (const e of entries) {
      results.push(
        await Worklog.log({
          workOrderId,
          clientRef: e.clientRef ?? `v1-span:${e.startedAt.toISOString()}/${e.endedAt.toISOString()}`,
          startedAt: e.startedAt,
          endedAt: e.endedAt,
          ...(e.note ? { note: e.note } : {}),
        }),
      );
    }
    return results;
  },
);

/**
 * v1 sends what has been used in total on each line (`consumed_quantity`), with no key. Only the rise
 * above what is already recorded is consumed, keyed by the total: a replay, or an older total arriving
 * after a newer one, changes nothing.
 */
export const consumeTotals = fn(
  z.object({
    workOrderId: id(),
    items: z
      .array(z.object({ lineId: id(), consumedQuantity: z.number().int().min(0).max(100_000) }))
      .min(1)
      .max(100),
  }),
  async ({ workOrderId, items }) => {
    requireFieldUser("field:material:confirm");
    for (const item of items) {
      const lines = (await Inventory.listMaterials(workOrderId)).items;
      const current = lines.find((l) => l.id === item.lineId);
      if (!current) throw new AppError("not_found", `Material line ${item.lineId} is not on this job`);
      const rise = item.consumedQuantity - current.consumedQuantity;
      if (rise <= 0) continue;
      await Inventory.consume({
        workOrderId,
        lineId: item.lineId,
        quantity: rise,
        clientRef: `v1-total:${item.lineId}:${item.consumedQuantity}`,
      });
    }
    return (await Inventory.listMaterials(workOrderId)).items;
  },
);

/** The installed unit's serial (ONT, router): once per serial on the job. */
export const captureSerial = fn(z.object({ workOrderId: id(), serial: text(100) }), async ({ workOrderId, serial }) => {
  requireFieldUser("field:material:confirm");
  return Inventory.captureEquipment({ workOrderId, clientRef: `v1-serial:${serial}`, serial });
});

/**
 * A photo or signature from the phone, received whole (v1 cannot use upload slots): it takes a slot on the
 * job like any upload, its bytes are stored and scanned (magic bytes, allowlist), and only an accepted
 * file is attached. The client ref makes a replay answer the first attachment without storing again.
 */
export const uploadFile = fn(
  z.object({
    workOrderId: id(),
    kind: z.enum(["photo", "signature", "document"]),
    clientRef: text(100),
    filename: text(255),
    contentType: text(100),
    bytes: z.instanceof(Uint8Array),
    capturedAt: z.coerce.date().optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    signerName: text(200).optional(),
  }),
  async (input) => {
    requireFieldUser("field:attachment:create");
    const detail = await WorkOrder.get(input.workOrderId);
    const existing = detail.attachments.find((a) => a.clientRef === input.clientRef);
    if (existing) return { attachment: existing, duplicate: true };
    const declared = (await Upload.inspect(input.bytes)).detectedType ?? input.contentType;
    const slot = await WorkOrder.createSlot({
      id: input.workOrderId,
      filename: input.filename,
      contentType: declared in Upload.allowedTypes ? declared : input.contentType,
      size: input.bytes.byteLength,
    });
    const upload = await Upload.fromID(slot.uploadId);
    if (!upload) throw new AppError("internal", "The upload slot vanished");
    await useBlobStore().put(upload.key, input.bytes, upload.declaredType);
    const scanned = await Upload.scan(upload.key);
    if (scanned.status !== "accepted") {
      throw new AppError("unsupported_media_type", `The file was refused: ${scanned.reason ?? "not an accepted type"}`);
    }
    const attachment = await WorkOrder.attach({
      id: input.workOrderId,
      uploadId: slot.uploadId,
      kind: input.kind,
      clientRef: input.clientRef,
      ...(input.capturedAt ? { capturedAt: input.capturedAt } : {}),
      ...(input.latitude !== undefined && input.longitude !== undefined
        ? { latitude: input.latitude, longitude: input.longitude }
        : {}),
      ...(input.signerName ? { signerName: input.signerName } : {}),
    });
    return { attachment, duplicate: false };
  },
);

/** A file of the job: a short-lived signed URL (the route redirects to it). */
export const download = fn(z.object({ workOrderId: id(), attachmentId: id() }), ({ workOrderId, attachmentId }) => {
  requireFieldUser("field:attachment:read");
  return WorkOrder.download({ id: workOrderId, attachmentId });
});
