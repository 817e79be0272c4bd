import * as Contract from "@dotmac/core/contract";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";
import {
  AsBuiltFileParam,
  AsBuiltSchema,
  DownloadSchema,
  InvoiceSchema,
  items,
  MapSchema,
  ProjectSchema,
  QuoteSchema,
} from "./contract-schemas";

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
const get = createRoute({
  method: "get",
  path: "/projects/{id}",
  summary: "One project the organisation may see",
  request: { params: IdParam },
  responses: { 200: json(ProjectSchema, "The project"), ...errors },
});
const start = createRoute({
  method: "post",
  path: "/projects/{id}/start",
  summary: "Start the work on an approved project awarded to the organisation",
  request: { params: IdParam },
  responses: { 200: json(ProjectSchema, "The project"), ...errors },
});
const quotes = createRoute({
  method: "get",
  path: "/projects/{id}/quotes",
  summary: "The organisation's own quote for the project (none or one)",
  request: { params: IdParam },
  responses: { 200: json(items(QuoteSchema), "The quote"), ...errors },
});
const saveQuote = createRoute({
  method: "put",
  path: "/projects/{id}/quote",
  summary: "Write the quote (lines and the proposed route); `submit: true` sends it for review",
  description: "After a revision request the first save starts a new version; earlier versions are kept.",
  request: { params: IdParam, body: body(QuoteBody) },
  responses: { 200: json(QuoteSchema, "The quote"), ...errors },
});
const getQuote = createRoute({
  method: "get",
  path: "/quotes/{id}",
  summary: "One of the organisation's quotes, every version",
  request: { params: IdParam },
  responses: { 200: json(QuoteSchema, "The quote"), ...errors },
});
const slot = createRoute({
  method: "post",
  path: "/projects/{id}/as-built-slots",
  summary: "An upload slot for an as-built file; the bytes are checked before it can be attached",
  request: { params: IdParam, body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The slot"), ...errors },
});
const asBuilts = createRoute({
  method: "get",
  path: "/projects/{id}/as-builts",
  summary: "The organisation's as-built submissions for the project",
  request: { params: IdParam },
  responses: { 200: json(items(AsBuiltSchema), "The as-builts"), ...errors },
});
const submitAsBuilt = createRoute({
  method: "post",
  path: "/projects/{id}/as-builts",
  summary: "Submit the as-built: variations, route and uploaded files (one awaiting review at a time)",
  request: { params: IdParam, body: body(AsBuiltBody) },
  responses: { 201: json(AsBuiltSchema, "The as-built"), ...errors },
});
const file = createRoute({
  method: "get",
  path: "/as-builts/{id}/files/{uploadId}",
  summary: "A 60-second download link for one of the organisation's as-built files",
  request: { params: AsBuiltFileParam },
  responses: { 200: json(DownloadSchema, "The link"), ...errors },
});
const report = createRoute({
  method: "get",
  path: "/as-builts/{id}/report",
  summary: "A 60-second download link for an accepted as-built's PDF report",
  request: { params: IdParam },
  responses: { 200: json(DownloadSchema, "The link"), ...errors },
});
const invoices = createRoute({
  method: "get",
  path: "/invoices",
  summary: "The organisation's purchase invoices",
  responses: { 200: json(items(InvoiceSchema), "The invoices"), ...errors },
});
const saveInvoice = createRoute({
  method: "put",
  path: "/projects/{id}/invoice",
  summary: "Write the purchase invoice for the project (lines with tax); `submit: true` sends it",
  request: { params: IdParam, body: body(InvoiceBody) },
  responses: { 200: json(InvoiceSchema, "The invoice"), ...errors },
});

const map = createRoute({
  method: "get",
  path: "/map",
  summary: "The map tiles for drawing routes (the map works without them; coordinates can be typed)",
  responses: { 200: json(MapSchema, "The tile source"), ...errors },
});

const project = (c: { req: { valid: (k: "param") => { id: string } } }) => c.req.valid("param").id;

/** The vendor's installation projects, under /api/v1/vendor: core scopes all of it to the organisation. */
export const vendorProjects = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => {
    const { scope, limit } = c.req.valid("query");
    return c.json(await Contract.list({ scope: scope ?? "all", limit }), 200);
  })
  .openapi(get, async (c) => c.json(await Contract.get(project(c)), 200))
  .openapi(start, async (c) => c.json(await Contract.transition({ id: project(c), to: "in_progress" }), 200))
  .openapi(quotes, async (c) => c.json(await Quote.list({ installationProjectId: project(c) }), 200))
  .openapi(saveQuote, async (c) =>
    c.json(await Quote.save({ ...c.req.valid("json"), installationProjectId: project(c) }), 200),
  )
  .openapi(getQuote, async (c) => c.json(await Quote.get(c.req.valid("param").id), 200))
  .openapi(slot, async (c) =>
    c.json(await AsBuilt.createSlot({ ...c.req.valid("json"), installationProjectId: project(c) }), 201),
  )
  .openapi(asBuilts, async (c) => c.json(await AsBuilt.list({ installationProjectId: project(c) }), 200))
  .openapi(submitAsBuilt, async (c) =>
    c.json(await AsBuilt.submit({ ...c.req.valid("json"), installationProjectId: project(c) }), 201),
  )
  .openapi(file, async (c) => c.json(await AsBuilt.file(c.req.valid("param")), 200))
  .openapi(report, async (c) => c.json(await AsBuilt.report(c.req.valid("param").id), 200))
  .openapi(invoices, async (c) => c.json(await Invoice.list({}), 200))
  .openapi(map, async (c) => c.json(await Contract.mapSettings({}), 200))
  .openapi(saveInvoice, async (c) =>
    c.json(await Invoice.save({ ...c.req.valid("json"), installationProjectId: project(c) }), 200),
  );
