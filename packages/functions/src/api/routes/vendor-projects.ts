import * as Contract from "@dotmac/core/contract";
import * as Notification from "@dotmac/core/notification";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";
import { AsBuiltSchema, InvoiceSchema, items, ProjectSchema, QuoteSchema } from "./contract-schemas";

const { Quote, AsBuilt, Invoice } = Contract;
const errors = problemResponses(400, 401, 403, 404, 409, 415);

const QuoteBody = z.object(Quote.save.schema.omit({ installationProjectId: true }).shape).openapi("VendorQuoteSave");
const SlotBody = z
  .object(AsBuilt.createSlot.schema.omit({ installationProjectId: true }).shape)
  .openapi("AsBuiltSlotRequest");
const SlotSchema = z
  .object({
    uploadId: z.uuid(),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    maxBytes: z.number().int(),
    expiresAt: z.string(),
  })
  .openapi("AsBuiltSlot");
const AsBuiltBody = z
  .object(AsBuilt.submit.schema.omit({ installationProjectId: true }).shape)
  .openapi("AsBuiltSubmit");
const InvoiceBody = z
  .object(Invoice.save.schema.omit({ installationProjectId: true }).shape)
  .openapi("VendorInvoiceSave");
const ListQuery = z.object({ scope: z.enum(["available", "mine"]).optional(), limit: z.string().optional() });

const list = createRoute({
  method: "get",
  path: "/projects",
  summary: "Projects open for bidding (`available`) or the organisation's own (`mine`); nothing else",
  request: { query: ListQuery },
  responses: { 200: json(items(ProjectSchema), "The projects"), ...errors },
});
const start = createRoute({
  method: "post",
  path: "/projects/{id}/start",
  summary: "Start the work on an approved project awarded to the organisation",
  request: { params: IdParam },
  responses: { 200: json(ProjectSchema, "The project"), ...errors },
});
const saveQuote = createRoute({
  method: "put",
  path: "/projects/{id}/quote",
  summary: "Write the quote (lines and the proposed route); `submit: true` sends it for review",
  description: "After a revision request the first save starts a new version; earlier versions are kept.",
  request: { params: IdParam, body: body(QuoteBody) },
  responses: { 200: json(QuoteSchema, "The quote"), ...errors },
});
const slot = createRoute({
  method: "post",
  path: "/projects/{id}/as-built-slots",
  summary: "An upload slot for an as-built file; the bytes are checked before it can be attached",
  request: { params: IdParam, body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The slot"), ...errors },
});
const submitAsBuilt = createRoute({
  method: "post",
  path: "/projects/{id}/as-builts",
  summary: "Submit the as-built: variations, route and uploaded files (one awaiting review at a time)",
  request: { params: IdParam, body: body(AsBuiltBody) },
  responses: { 201: json(AsBuiltSchema, "The as-built"), ...errors },
});
const saveInvoice = createRoute({
  method: "put",
  path: "/projects/{id}/invoice",
  summary: "Write the purchase invoice for the project (lines with tax); `submit: true` sends it",
  request: { params: IdParam, body: body(InvoiceBody) },
  responses: { 200: json(InvoiceSchema, "The invoice"), ...errors },
});

const project = (c: { req: { valid: (k: "param") => { id: string } } }) => c.req.valid("param").id;

/**
 * The vendor's own actions on installation projects, under /api/v1/vendor (the reads it shares with
 * staff are contract-reads'): core scopes all of it to the organisation.
 */
export const vendorProjects = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => {
    const { scope, limit } = c.req.valid("query");
    return c.json(await Contract.list({ scope: scope ?? "all", limit }), 200);
  })
  .openapi(start, async (c) => c.json(await Contract.transition({ id: project(c), to: "in_progress" }), 200))
  .openapi(saveQuote, async (c) =>
    c.json(await Quote.save({ ...c.req.valid("json"), installationProjectId: project(c) }), 200),
  )
  .openapi(slot, async (c) =>
    c.json(await AsBuilt.createSlot({ ...c.req.valid("json"), installationProjectId: project(c) }), 201),
  )
  .openapi(submitAsBuilt, async (c) =>
    c.json(await AsBuilt.submit({ ...c.req.valid("json"), installationProjectId: project(c) }), 201),
  )
  .openapi(saveInvoice, async (c) =>
    c.json(await Invoice.save({ ...c.req.valid("json"), installationProjectId: project(c) }), 200),
  );

const NotificationQuery = z.object({ unread: z.enum(["true", "false"]).optional(), limit: z.string().optional() });
const NotificationList = z
  .object({ items: z.array(z.object(Notification.Info.shape)), nextCursor: z.string().nullable(), unread: z.number() })
  .openapi("VendorNotifications");
const notifications = createRoute({
  method: "get",
  path: "/notifications",
  summary: "The signed-in vendor user's own notifications (bids, revisions, decisions, as-built reviews)",
  request: { query: NotificationQuery },
  responses: { 200: json(NotificationList, "The notifications"), ...errors },
});
const readNotification = createRoute({
  method: "post",
  path: "/notifications/{id}/read",
  summary: "Mark one of the user's own notifications read",
  request: { params: IdParam },
  responses: { 200: json(z.object(Notification.Info.shape), "The notification"), ...errors },
});

/** A vendor user's notifications under /api/v1/vendor: each user reads its own rows only (core). */
export const vendorNotifications = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(notifications, async (c) => c.json(await Notification.list(c.req.valid("query")), 200))
  .openapi(readNotification, async (c) => c.json(await Notification.markRead(c.req.valid("param").id), 200));
