import * as WorkOrder from "@dotmac/core/workorder";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const WorkOrderSchema = z.object(WorkOrder.Info.shape).openapi("WorkOrder");
const NoteSchema = z.object(WorkOrder.NoteInfo.shape).openapi("WorkOrderNote");
const EventSchema = z.object(WorkOrder.EventInfo.shape).openapi("WorkOrderEvent");
const AttachmentSchema = z.object(WorkOrder.AttachmentInfo.shape).openapi("WorkOrderAttachment");
const CompletionSchema = z.object(WorkOrder.CompletionInfo.shape).openapi("WorkOrderCompletion");
const DetailSchema = z
  .object({
    ...WorkOrder.Info.shape,
    notes: z.array(NoteSchema),
    events: z.array(EventSchema),
    attachments: z.array(AttachmentSchema),
    completion: CompletionSchema,
  })
  .openapi("WorkOrderDetail");
const TransitionSchema = z.object(WorkOrder.TransitionInfo.shape).openapi("WorkOrderTransition");
const SettingsSchema = z.object(WorkOrder.SettingsInfo.shape).openapi("WorkOrderSettings");
const SlotSchema = z.object(WorkOrder.SlotInfo.shape).openapi("WorkOrderUploadSlot");
const FieldEventResult = z
  .object({
    workOrder: WorkOrderSchema,
    duplicate: z.boolean().describe("The client event id was already received: nothing changed"),
    applied: z.boolean().describe("Whether the event moved the job where it falls in the log"),
    ignoredReason: z.string().nullable().describe("Why the event is kept but ignored (illegal at its point)"),
  })
  .openapi("WorkOrderFieldEventResult");
const CreateBody = z.object(WorkOrder.create.schema.shape).openapi("WorkOrderCreate");
const UpdateBody = z.object(WorkOrder.update.schema.shape).omit({ id: true }).openapi("WorkOrderUpdate");
const AssigneesBody = z.object(WorkOrder.setAssignees.schema.shape).omit({ id: true }).openapi("WorkOrderAssignees");
const TransitionBody = z
  .object(WorkOrder.transition.schema.shape)
  .omit({ id: true })
  .openapi("WorkOrderTransitionRequest");
const FieldEventBody = z.object(WorkOrder.fieldEvent.schema.shape).omit({ id: true }).openapi("WorkOrderFieldEvent");
const NoteBody = z.object(WorkOrder.addNote.schema.shape).omit({ id: true }).openapi("WorkOrderNoteCreate");
const SlotBody = z.object(WorkOrder.createSlot.schema.shape).omit({ id: true }).openapi("WorkOrderSlotRequest");
const AttachBody = z.object(WorkOrder.attach.schema.shape).omit({ id: true }).openapi("WorkOrderAttach");
const TransitionsBody = z.object(WorkOrder.saveTransitions.schema.shape).openapi("WorkOrderTransitions");
const SettingsBody = z.object(WorkOrder.saveSettings.schema.shape).openapi("WorkOrderSettingsUpdate");
const ListQuery = z.object(WorkOrder.ListFilters.shape);
const AttachmentParam = z.object({
  id: IdParam.shape.id,
  attachmentId: z.uuid().openapi({ param: { name: "attachmentId", in: "path" } }),
});

const scope =
  "Dispatchers and admins (operations:work_order:read) see every job; technicians (field:job:read) the jobs " +
  "they are assigned to; anything else answers 404 as a missing job.";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Work orders, newest first, filtered and paginated by cursor",
  description: `${scope} \`status\`, \`workType\` and \`priority\` take several values, comma-separated. \`from\`/\`to\` bound the scheduled start; \`assignee\` is \`me\`, \`none\` or a user id.`,
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ items: z.array(WorkOrderSchema), nextCursor: z.string().nullable() }), "One page"),
    ...problemResponses(400, 401, 403),
  },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Open a work order numbered WO-{YYYY}-NNNNNN (operations:work_order:create)",
  description:
    "From a ticket (`ticketId`) it takes the ticket's subscriber and person unless given. Assignees need " +
    "operations:work_order:dispatch and exactly one `isPrimary`.",
  request: { body: body(CreateBody) },
  responses: { 201: json(WorkOrderSchema, "The new work order"), ...problemResponses(400, 401, 403) },
});

const getTransitions = createRoute({
  method: "get",
  path: "/transitions",
  summary: "The staff status transitions (operations:work_order:read)",
  responses: {
    200: json(z.object({ items: z.array(TransitionSchema) }), "The transitions"),
    ...problemResponses(401, 403),
  },
});

const putTransitions = createRoute({
  method: "put",
  path: "/transitions",
  summary: "Replace every staff status transition (system:settings:write); none at all allows every change",
  request: { body: body(TransitionsBody) },
  responses: {
    200: json(z.object({ items: z.array(TransitionSchema) }), "The transitions"),
    ...problemResponses(400, 401, 403),
  },
});

const getSettings = createRoute({
  method: "get",
  path: "/settings",
  summary: "The completion gate and whether completion resolves the ticket (operations:work_order:read)",
  responses: { 200: json(SettingsSchema, "The settings"), ...problemResponses(401, 403) },
});

const putSettings = createRoute({
  method: "put",
  path: "/settings",
  summary: "Change the work-order settings (system:settings:write)",
  request: { body: body(SettingsBody) },
  responses: { 200: json(SettingsSchema, "The settings"), ...problemResponses(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One work order with notes, its event log, attachments and completion state",
  description: `${scope} Each log entry says whether it applied where it falls (occurred_at order) or why it was ignored.`,
  request: { params: IdParam },
  responses: { 200: json(DetailSchema, "The work order"), ...problemResponses(400, 401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a work order's fields; null clears one (operations:work_order:update)",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: json(WorkOrderSchema, "The work order"), ...problemResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Soft-delete a work order (operations:work_order:delete)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
});

const assignees = createRoute({
  method: "put",
  path: "/{id}/assignees",
  summary: "Set the assignees, exactly one primary; [] unassigns (operations:work_order:dispatch)",
  request: { params: IdParam, body: body(AssigneesBody) },
  responses: { 200: json(WorkOrderSchema, "The work order"), ...problemResponses(400, 401, 403, 404) },
});

const transition = createRoute({
  method: "post",
  path: "/{id}/transition",
  summary: "Move a work order to another status, as the transition table allows (operations:work_order:update)",
  description:
    "A transition flagged `requiresNote` answers 400 naming `note` without one. Completing without a photo and a " +
    "signature answers 412 unless a note says why (the completion gate, a setting).",
  request: { params: IdParam, body: body(TransitionBody) },
  responses: { 200: json(WorkOrderSchema, "The work order"), ...problemResponses(400, 401, 403, 404, 412) },
});

const fieldEvent = createRoute({
  method: "post",
  path: "/{id}/field-events",
  summary: "A field event from the technician's phone, idempotent by clientEventId",
  description:
    "accept, en_route, arrived, start, pause, hold, resume, complete, unable_to_complete (v1 §5.2). Every event " +
    "is kept; the job's state is the fold of its log ordered by occurredAt, so events sent twice, late or out of " +
    "order end in the same state. An event illegal where it falls answers 200 with `applied: false` and the " +
    "reason. `occurredAt` more than 5 minutes ahead of the server is refused. Assigned technicians " +
    "(field:job:transition) or dispatchers (operations:work_order:update).",
  request: { params: IdParam, body: body(FieldEventBody) },
  responses: { 200: json(FieldEventResult, "The work order after the event"), ...problemResponses(400, 401, 403, 404) },
});

const addNote = createRoute({
  method: "post",
  path: "/{id}/notes",
  summary: "Add an internal or public note; clientRef makes a retry return the first note",
  request: { params: IdParam, body: body(NoteBody) },
  responses: { 201: json(NoteSchema, "The note"), ...problemResponses(400, 401, 403, 404) },
});

const slot = createRoute({
  method: "post",
  path: "/{id}/attachments/slots",
  summary: "An upload slot for a photo, signature or document (checked by magic bytes once uploaded)",
  request: { params: IdParam, body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The upload slot"), ...problemResponses(400, 401, 403, 404, 413) },
});

const attach = createRoute({
  method: "post",
  path: "/{id}/attachments",
  summary: "Attach an accepted upload as a photo, signature or document; clientRef idempotent",
  description:
    "The upload must have passed the magic-byte scan (pending: 409; quarantined: 415). Photos and signatures " +
    "must be images. A completion the gate held back applies once its photo and signature are attached.",
  request: { params: IdParam, body: body(AttachBody) },
  responses: { 201: json(AttachmentSchema, "The attachment"), ...problemResponses(400, 401, 403, 404, 409, 415) },
});

const download = createRoute({
  method: "get",
  path: "/{id}/attachments/{attachmentId}/download",
  summary: "A short-lived download link for an attachment",
  request: { params: AttachmentParam },
  responses: {
    200: json(z.object({ url: z.string(), expiresAt: z.string() }), "The link"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const withId = <T extends object>(c: { req: { valid: (k: "param") => { id: string } } }, body: T) => ({
  ...body,
  id: c.req.valid("param").id,
});

export const workOrders = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await WorkOrder.list(c.req.valid("query")), 200))
  .openapi(create, async (c) => c.json(await WorkOrder.create(c.req.valid("json")), 201))
  .openapi(getTransitions, async (c) => c.json({ items: await WorkOrder.transitions({}) }, 200))
  .openapi(putTransitions, async (c) => c.json({ items: await WorkOrder.saveTransitions(c.req.valid("json")) }, 200))
  .openapi(getSettings, async (c) => c.json(await WorkOrder.settings({}), 200))
  .openapi(putSettings, async (c) => c.json(await WorkOrder.saveSettings(c.req.valid("json")), 200))
  .openapi(get, async (c) => c.json(await WorkOrder.get(c.req.valid("param").id), 200))
  .openapi(update, async (c) => c.json(await WorkOrder.update(withId(c, c.req.valid("json"))), 200))
  .openapi(remove, async (c) => {
    await WorkOrder.remove(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(assignees, async (c) => c.json(await WorkOrder.setAssignees(withId(c, c.req.valid("json"))), 200))
  .openapi(transition, async (c) => c.json(await WorkOrder.transition(withId(c, c.req.valid("json"))), 200))
  .openapi(fieldEvent, async (c) => c.json(await WorkOrder.fieldEvent(withId(c, c.req.valid("json"))), 200))
  .openapi(addNote, async (c) => c.json(await WorkOrder.addNote(withId(c, c.req.valid("json"))), 201))
  .openapi(slot, async (c) => c.json(await WorkOrder.createSlot(withId(c, c.req.valid("json"))), 201))
  .openapi(attach, async (c) => c.json(await WorkOrder.attach(withId(c, c.req.valid("json"))), 201))
  .openapi(download, async (c) => c.json(await WorkOrder.download(c.req.valid("param")), 200));
