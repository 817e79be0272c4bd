import * as Contract from "@dotmac/core/contract";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam, json } from "../route-helpers";
import {
  AsBuiltFileParam,
  AsBuiltSchema,
  DownloadSchema,
  InvoiceListSchema,
  InvoiceQuery,
  InvoiceSchema,
  items,
  MapSchema,
  ProjectSchema,
  QuoteSchema,
} from "./contract-schemas";

/**
 * The contract reads staff and vendors share, defined once and mounted under both portals' prefixes
 * (staff: /installation-projects, /vendor-quotes, /as-builts, /vendor-invoices; vendors: the same under
 * /vendor). Core scopes every one by the actor: a vendor reaches only its organisation's records.
 */
const { Quote, AsBuilt, Invoice } = Contract;
const errors = problemResponses(400, 401, 403, 404, 409);

const getProject = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One installation project (a vendor: one open to it or its own)",
  request: { params: IdParam },
  responses: { 200: json(ProjectSchema, "The project"), ...errors },
});
const quotes = createRoute({
  method: "get",
  path: "/{id}/quotes",
  summary: "The project's quotes, lowest total first, with lines and routes (a vendor: its own, none or one)",
  request: { params: IdParam },
  responses: { 200: json(items(QuoteSchema), "The quotes"), ...errors },
});
const asBuilts = createRoute({
  method: "get",
  path: "/{id}/as-builts",
  summary: "The project's as-builts, newest version first, each with its route compared to the approved one",
  request: { params: IdParam },
  responses: { 200: json(items(AsBuiltSchema), "The as-builts"), ...errors },
});
const projectInvoices = createRoute({
  method: "get",
  path: "/{id}/invoices",
  summary: "The project's purchase invoices (a vendor: its own)",
  request: { params: IdParam },
  responses: { 200: json(InvoiceListSchema, "The invoices"), ...errors },
});
const id = (c: { req: { valid: (k: "param") => { id: string } } }) => c.req.valid("param").id;

/** Under …/installation-projects and …/vendor/projects. */
export const projectReads = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(getProject, async (c) => c.json(await Contract.get(id(c)), 200))
  .openapi(quotes, async (c) => c.json(await Quote.list({ installationProjectId: id(c) }), 200))
  .openapi(asBuilts, async (c) => c.json(await AsBuilt.list({ installationProjectId: id(c) }), 200))
  .openapi(projectInvoices, async (c) => c.json(await Invoice.list({ installationProjectId: id(c) }), 200));

const map = createRoute({
  method: "get",
  path: "/map",
  summary: "The map tiles for drawing and showing routes (the map works without them; points can be typed)",
  responses: { 200: json(MapSchema, "The tile source"), ...errors },
});
/** Under …/installation-projects and …/vendor (before `/{id}`, so `map` is never read as an id). */
export const mapRead = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(map, async (c) =>
  c.json(await Contract.mapSettings({}), 200),
);

const getQuote = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One vendor quote with every version",
  request: { params: IdParam },
  responses: { 200: json(QuoteSchema, "The quote"), ...errors },
});
/** Under …/vendor-quotes and …/vendor/quotes. */
export const quoteReads = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(getQuote, async (c) =>
  c.json(await Quote.get(id(c)), 200),
);

const file = createRoute({
  method: "get",
  path: "/{id}/files/{uploadId}",
  summary: "A 60-second download link for one file of the as-built, by id through the upload checks",
  request: { params: AsBuiltFileParam },
  responses: { 200: json(DownloadSchema, "The link"), ...errors },
});
const report = createRoute({
  method: "get",
  path: "/{id}/report",
  summary: "A 60-second download link for the accepted as-built's PDF report",
  request: { params: IdParam },
  responses: { 200: json(DownloadSchema, "The link"), ...errors },
});
/** Under …/as-builts and …/vendor/as-builts. */
export const asBuiltReads = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(file, async (c) => c.json(await AsBuilt.file(c.req.valid("param")), 200))
  .openapi(report, async (c) => c.json(await AsBuilt.report(id(c)), 200));

const invoiceList = createRoute({
  method: "get",
  path: "/",
  summary: "Purchase invoices, newest first, with exact totals per currency of all that match",
  request: { query: InvoiceQuery },
  responses: { 200: json(InvoiceListSchema, "The invoices and their totals"), ...errors },
});
const invoiceGet = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One purchase invoice",
  request: { params: IdParam },
  responses: { 200: json(InvoiceSchema, "The invoice"), ...errors },
});
/** Under …/vendor-invoices and …/vendor/invoices. */
export const invoiceReads = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(invoiceList, async (c) => c.json(await Invoice.list(c.req.valid("query")), 200))
  .openapi(invoiceGet, async (c) => c.json(await Invoice.get(id(c)), 200));
