import * as Field from "@dotmac/core/field";
import { AppError } from "@dotmac/core/platform/errors";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { FIELD_UPLOAD_MAX_BYTES } from "../chain";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";
import * as V1 from "./field-shapes";

/** v1's technician app: its jobs and everything it does on one (snake_case, as its models parse). */

/** A literal path type, so the portal's typed client keeps every route apart. */
const p = <P extends string>(path: P): `/api/v1/field${P}` => `/api/v1/field${path}`;
const ok = (schema: z.ZodType, what: string) => json(schema, what);
const errors = problemResponses(400, 401, 403, 404, 409, 412);

const me = createRoute({
  method: "get",
  path: p("/me"),
  summary: "The technician's name and today's counts",
  responses: { 200: ok(V1.Me, "Me"), ...errors },
});

const list = createRoute({
  method: "get",
  path: p("/jobs"),
  summary: "The caller's jobs (assigned to them; a crew's within its organisation), newest first",
  request: {
    query: z.object({
      status: z.enum(["draft", "scheduled", "dispatched", "in_progress", "paused", "completed", "canceled"]).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(200),
    }),
  },
  responses: { 200: ok(z.object({ items: z.array(V1.JobSummary), count: z.number().int() }), "Jobs"), ...errors },
});

const detail = createRoute({
  method: "get",
  path: p("/jobs/{id}"),
  summary: "One job: summary, location, customer, notes, files, materials, worklogs",
  request: { params: IdParam },
  responses: { 200: ok(V1.JobDetail, "The job"), ...errors },
});

const locate = createRoute({
  method: "patch",
  path: p("/jobs/{id}/location"),
  summary: "Move the job's pin to where it really is (the technician on site); answers the job's location",
  request: {
    params: IdParam,
    body: body(z.object(Field.Jobs.locate.schema.shape).omit({ workOrderId: true }).openapi("FieldJobPin")),
  },
  responses: { 200: ok(z.object({ location: V1.Location }), "The job's location"), ...errors },
});

const TransitionBody = z
  .object({
    event: z.enum([
      "accept",
      "en_route",
      "arrived",
      "start",
      "pause",
      "hold",
      "resume",
      "complete",
      "unable_to_complete",
    ]),
    client_event_id: z.string().min(1).max(100),
    occurred_at: z.string().max(40).nullish(),
    latitude: z.number().min(-90).max(90).nullish(),
    longitude: z.number().min(-180).max(180).nullish(),
    note: z.string().max(5000).nullish(),
    payload: z.record(z.string(), z.unknown()).nullish(),
  })
  .openapi("FieldTransition");

const transition = createRoute({
  method: "post",
  path: p("/jobs/{id}/transition"),
  summary: "A field event from the phone, idempotent by client_event_id (twice, late, reordered: one effect)",
  request: { params: IdParam, body: body(TransitionBody) },
  responses: { 200: ok(V1.TransitionResult, "Recorded (or already recorded: replayed)"), ...errors },
});

const note = createRoute({
  method: "post",
  path: p("/jobs/{id}/notes"),
  summary: "A note on the job (the same author's same words on the same job are one note)",
  request: {
    params: IdParam,
    body: body(
      z.object({ body: z.string().min(1).max(20_000), is_internal: z.boolean().default(true) }).openapi("FieldNote"),
    ),
  },
  responses: { 201: ok(V1.Note, "The note"), ...errors },
});

const worklogs = createRoute({
  method: "post",
  path: p("/jobs/{id}/worklogs"),
  summary: "Time from the phone's timer, each entry once by its client_ref",
  request: {
    params: IdParam,
    body: body(
      z
        .object({
          entries: z
            .array(
              z.object({
                client_ref: z.string().max(100).nullish(),
                start_at: z.string().max(40),
                end_at: z.string().max(40),
                notes: z.string().max(2000).nullish(),
              }),
            )
            .min(1)
            .max(50),
        })
        .openapi("FieldWorklogs"),
    ),
  },
  responses: { 200: ok(V1.WorklogResults, "One result per entry"), ...errors },
});

const materials = createRoute({
  method: "get",
  path: p("/jobs/{id}/materials"),
  summary: "The job's material lines",
  request: { params: IdParam },
  responses: { 200: ok(z.array(V1.Material), "Lines"), ...errors },
});

const consume = createRoute({
  method: "post",
  path: p("/jobs/{id}/materials/consume"),
  summary: "Totals used per line (absolute: a replay or an older total changes nothing)",
  request: {
    params: IdParam,
    body: body(
      z
        .object({
          items: z
            .array(
              z.object({
                material_id: z.uuid(),
                consumed_quantity: z.number().int().min(0).max(100_000),
                leftover_note: z.string().max(500).nullish(),
              }),
            )
            .min(1)
            .max(100),
        })
        .openapi("FieldConsume"),
    ),
  },
  responses: { 200: ok(z.array(V1.Material), "Lines after"), ...errors },
});

const equipment = createRoute({
  method: "post",
  path: p("/jobs/{id}/equipment"),
  summary: "The installed unit's serial (ONT, router), once per serial",
  request: {
    params: IdParam,
    body: body(
      z
        .object({
          serial_number: z.string().min(1).max(100),
          vendor: z.string().max(120).nullish(),
          model: z.string().max(120).nullish(),
          notes: z.string().max(2000).nullish(),
        })
        .openapi("FieldEquipment"),
    ),
  },
  responses: { 201: ok(V1.Equipment, "Recorded"), ...errors },
});

const upload = createRoute({
  method: "post",
  path: p("/attachments"),
  summary:
    "A photo or signature as multipart (file, kind, client_ref, work_order_id, latitude?, longitude?, captured_at?)",
  description:
    "At most 4 MiB. The bytes are scanned like every upload (magic bytes against the allowlist) before they are " +
    "attached; the same client_ref again answers the first attachment.",
  responses: { 201: ok(V1.Attachment, "Attached"), ...problemResponses(400, 401, 403, 404, 413, 415) },
});

const attachments = createRoute({
  method: "get",
  path: p("/attachments"),
  summary: "A job's files",
  request: { query: z.object({ work_order_id: z.uuid() }) },
  responses: { 200: ok(z.object({ items: z.array(V1.Attachment) }), "Files"), ...errors },
});

const content = createRoute({
  method: "get",
  path: p("/attachments/{id}/content"),
  summary: "A file's bytes: a redirect to a short-lived signed URL",
  request: { params: IdParam, query: z.object({ work_order_id: z.uuid() }) },
  responses: { 302: { description: "To the signed URL" }, ...errors },
});

const form = (data: Record<string, unknown>, key: string) => {
  const v = data[key];
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
};
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

export const fieldJobRoutes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(me, async (c) => c.json(V1.me(await Field.Jobs.me({})), 200))
  .openapi(list, async (c) => {
    const items = (await Field.Jobs.jobs(c.req.valid("query"))).map(V1.jobSummary);
    return c.json({ items, count: items.length }, 200);
  })
  .openapi(detail, async (c) => c.json(V1.jobDetail(await Field.Jobs.job(c.req.valid("param").id)), 200))
  .openapi(locate, async (c) => {
    const b = c.req.valid("json");
    const job = await Field.Jobs.locate({ workOrderId: c.req.valid("param").id, ...b });
    return c.json({ location: V1.location(job) }, 200);
  })
  .openapi(transition, async (c) => {
    const b = c.req.valid("json");
    const result = await Field.Jobs.recordEvent({
      workOrderId: c.req.valid("param").id,
      clientEventId: b.client_event_id,
      event: b.event,
      occurredAt: b.occurred_at ?? undefined,
      latitude: b.latitude,
      longitude: b.longitude,
      note: b.note,
      payload: b.payload,
    });
    return c.json(V1.transitionResult(result, b.event, b.client_event_id), 200);
  })
  .openapi(note, async (c) => {
    const b = c.req.valid("json");
    const n = await Field.Jobs.addNote({ workOrderId: c.req.valid("param").id, body: b.body, internal: b.is_internal });
    return c.json(V1.note(n), 201);
  })
  .openapi(worklogs, async (c) => {
    const entries = c.req.valid("json").entries.map((e) => ({
      clientRef: e.client_ref,
      startedAt: e.start_at,
      endedAt: e.end_at,
      note: e.notes,
    }));
    const results = await Field.Jobs.logWork({ workOrderId: c.req.valid("param").id, entries });
    return c.json(V1.worklogResults(results), 200);
  })
  .openapi(materials, async (c) =>
    c.json((await Field.Jobs.job(c.req.valid("param").id)).materials.map(V1.material), 200),
  )
  .openapi(consume, async (c) => {
    const items = c.req
      .valid("json")
      .items.map((i) => ({ lineId: i.material_id, consumedQuantity: i.consumed_quantity }));
    const lines = await Field.Jobs.consumeTotals({ workOrderId: c.req.valid("param").id, items });
    return c.json(lines.map(V1.material), 200);
  })
  .openapi(equipment, async (c) => {
    const b = c.req.valid("json");
    const r = await Field.Jobs.captureSerial({ workOrderId: c.req.valid("param").id, serial: b.serial_number });
    return c.json(V1.equipment(r, b), 201);
  })
  .openapi(upload, async (c) => {
    const data = await c.req.parseBody().catch(() => {
      throw new AppError("validation", "Send the photo as multipart/form-data (file, kind, client_ref, work_order_id)");
    });
    const file = data.file;
    const workOrderId = form(data, "work_order_id");
    if (!(file instanceof File))
      throw new AppError("validation", "file: attach the photo as `file`", [{ path: "file", message: "is required" }]);
    if (file.size > FIELD_UPLOAD_MAX_BYTES)
      throw new AppError("payload_too_large", "A field photo must be at most 4 MiB");
    if (!workOrderId) {
      throw new AppError("validation", "work_order_id: this server keeps files on jobs only", [
        { path: "work_order_id", message: "is required" },
      ]);
    }
    const kind = form(data, "kind") ?? "photo";
    const result = await Field.Jobs.uploadFile({
      workOrderId,
      kind: kind === "signature" ? "signature" : kind === "document" ? "document" : "photo",
      clientRef: form(data, "client_ref") ?? crypto.randomUUID(),
      filename: file.name || "photo.jpg",
      contentType: file.type || "application/octet-stream",
      bytes: new Uint8Array(await file.arrayBuffer()),
      capturedAt: form(data, "captured_at"),
      latitude: num(form(data, "latitude")),
      longitude: num(form(data, "longitude")),
      signerName: form(data, "signer_name"),
    });
    return c.json(V1.attachment(result.attachment, workOrderId), 201);
  })
  .openapi(attachments, async (c) => {
    const jobId = c.req.valid("query").work_order_id;
    const { detail } = await Field.Jobs.job(jobId);
    return c.json({ items: detail.attachments.map((a) => V1.attachment(a, jobId)) }, 200);
  })
  .openapi(content, async (c) => {
    const { url } = await Field.Jobs.download({
      workOrderId: c.req.valid("query").work_order_id,
      attachmentId: c.req.valid("param").id,
    });
    return c.redirect(url, 302);
  });
