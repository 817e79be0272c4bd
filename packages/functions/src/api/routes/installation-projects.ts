import * as Contract from "@dotmac/core/contract";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, csvDownload, IdParam, json } from "../route-helpers";
import { AsBuiltSchema, InvoiceQuery, InvoiceSchema, items, ProjectSchema, QuoteSchema } from "./contract-schemas";

const { Quote, AsBuilt, Invoice } = Contract;
const errors = problemResponses(400, 401, 403, 404, 409);
const project = json(ProjectSchema, "The installation project");

const CreateBody = z.object(Contract.create.schema.shape).openapi("InstallationProjectCreate");
const OpenBody = z.object(Contract.openBidding.schema.omit({ id: true }).shape).openapi("InstallationProjectOpen");
const AssignBody = z.object(Contract.assign.schema.omit({ id: true }).shape).openapi("InstallationProjectAssign");
const TransitionBody = z
  .object(Contract.transition.schema.omit({ id: true }).shape)
  .openapi("InstallationProjectTransition");
const SettingsBody = z.object(Contract.saveSettings.schema.shape).openapi("ContractSettings");
const ListQuery = z.object({ status: z.enum(Contract.installationStatuses).optional(), limit: z.string().optional() });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Installation projects, newest first (vendor:project:read)",
  request: { query: ListQuery },
  responses: { 200: json(items(ProjectSchema), "The projects"), ...errors },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Open the contractor side of a project, 1:1, as a draft (vendor:project:write); numbered IP-YYYY-00001",
  request: { body: body(CreateBody) },
  responses: { 201: project, ...errors },
});
const settings = createRoute({
  method: "get",
  path: "/settings",
  summary: "The approval threshold above which a quote needs a second, different approver",
  responses: { 200: json(SettingsBody, "The settings"), ...errors },
});
const saveSettings = createRoute({
  method: "put",
  path: "/settings",
  summary: "Set the approval threshold, minor units (vendor:write)",
  request: { body: body(SettingsBody) },
  responses: { 200: json(SettingsBody, "The settings"), ...errors },
});
const openBidding = createRoute({
  method: "post",
  path: "/{id}/open-bidding",
  summary: "Open a draft for bidding until `closesAt`, at least 7 days from now",
  request: { params: IdParam, body: body(OpenBody) },
  responses: { 200: project, ...errors },
});
const assign = createRoute({
  method: "post",
  path: "/{id}/assign",
  summary: "Assign a draft or open project directly to one vendor organisation",
  request: { params: IdParam, body: body(AssignBody) },
  responses: { 200: project, ...errors },
});
const transition = createRoute({
  method: "post",
  path: "/{id}/transition",
  summary: "Start the work (approved → in_progress) or cancel the project",
  request: { params: IdParam, body: body(TransitionBody) },
  responses: { 200: project, ...errors },
});

/** Staff's installation projects under /api/v1/installation-projects. */
export const installationProjects = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => {
    const { status, limit } = c.req.valid("query");
    return c.json(await Contract.list({ status, limit }), 200);
  })
  .openapi(create, async (c) => c.json(await Contract.create(c.req.valid("json")), 201))
  .openapi(settings, async (c) => c.json(await Contract.settings({}), 200))
  .openapi(saveSettings, async (c) => c.json(await Contract.saveSettings(c.req.valid("json")), 200))
  .openapi(openBidding, async (c) =>
    c.json(await Contract.openBidding({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(assign, async (c) =>
    c.json(await Contract.assign({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(transition, async (c) =>
    c.json(await Contract.transition({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  );

const RevisionBody = z.object(Quote.requestRevision.schema.omit({ id: true }).shape).openapi("QuoteRevisionRequest");
const ApproveBody = z.object(Quote.approve.schema.omit({ id: true }).shape).openapi("QuoteApprove");
const RejectBody = z.object(Quote.reject.schema.omit({ id: true }).shape).openapi("QuoteReject");
const quote = json(QuoteSchema, "The quote");

const requestRevision = createRoute({
  method: "post",
  path: "/{id}/request-revision",
  summary: "Send a submitted quote back to the vendor with what to change (vendor:project:write)",
  request: { params: IdParam, body: body(RevisionBody) },
  responses: { 200: quote, ...errors },
});
const approve = createRoute({
  method: "post",
  path: "/{id}/approve",
  summary: "Approve a submitted quote (vendor:quote:approve); above the threshold a second, different approver",
  description: "`workOrders` lists work orders to create for the vendor's crew (operations:work_order:create).",
  request: { params: IdParam, body: body(ApproveBody) },
  responses: { 200: quote, ...errors },
});
const reject = createRoute({
  method: "post",
  path: "/{id}/reject",
  summary: "Turn a submitted quote down with a reason (vendor:quote:approve)",
  request: { params: IdParam, body: body(RejectBody) },
  responses: { 200: quote, ...errors },
});

/** Staff's decisions on vendor quotes under /api/v1/vendor-quotes. Decisions go in bodies. */
export const vendorQuotes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(requestRevision, async (c) =>
    c.json(await Quote.requestRevision({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(approve, async (c) =>
    c.json(await Quote.approve({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(reject, async (c) =>
    c.json(await Quote.reject({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  );

const ReviewBody = z.object(AsBuilt.review.schema.omit({ id: true }).shape).openapi("AsBuiltReview");
const review = createRoute({
  method: "post",
  path: "/{id}/review",
  summary: "Accept (verifies the project, generates the PDF report) or reject with a reason",
  request: { params: IdParam, body: body(ReviewBody) },
  responses: { 200: json(AsBuiltSchema, "The as-built"), ...errors },
});

/** As-built review and files under /api/v1/as-builts. */
export const asBuiltRoutes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(review, async (c) =>
  c.json(await AsBuilt.review({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
);

const DecideBody = z.object(Invoice.decide.schema.omit({ id: true }).shape).openapi("VendorInvoiceDecision");
const decide = createRoute({
  method: "post",
  path: "/{id}/decide",
  summary: "Approve, reject or request a revision of a submitted invoice (vendor:quote:approve)",
  request: { params: IdParam, body: body(DecideBody) },
  responses: { 200: json(InvoiceSchema, "The invoice"), ...errors },
});

const PaidBody = z.object(Invoice.markPaid.schema.omit({ id: true }).shape).openapi("VendorInvoicePaid");
const markPaid = createRoute({
  method: "post",
  path: "/{id}/mark-paid",
  summary: "Record the payment of an approved invoice, once (vendor:quote:approve); any other status is a 409",
  request: { params: IdParam, body: body(PaidBody) },
  responses: { 200: json(InvoiceSchema, "The invoice"), ...errors },
});
const exportCsv = createRoute({
  method: "get",
  path: "/export.csv",
  summary: "The filtered invoices as CSV, amounts as exact decimals (vendor:project:read)",
  request: { query: InvoiceQuery.omit({ limit: true }) },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...errors,
  },
});

/** Staff's decisions on purchase invoices under /api/v1/vendor-invoices (the reads are contract-reads'). */
export const vendorInvoices = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(exportCsv, async (c) => csvDownload(c, Invoice.exportCsv(c.req.valid("query")), "contractor-invoices"))
  .openapi(decide, async (c) =>
    c.json(await Invoice.decide({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(markPaid, async (c) =>
    c.json(await Invoice.markPaid({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  );
