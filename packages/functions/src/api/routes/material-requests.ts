import * as Inventory from "@dotmac/core/inventory";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

const { Request } = Inventory;
// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const RequestSchema = z.object(Inventory.MaterialRequestInfo.shape).openapi("MaterialRequest");
const CreateBody = z.object(Request.create.schema.shape).openapi("MaterialRequestCreate");
const ApproveBody = z.object(Request.approve.schema.omit({ id: true }).shape).openapi("MaterialRequestApprove");
const RejectBody = z.object(Request.reject.schema.omit({ id: true }).shape).openapi("MaterialRequestReject");
const IssueBody = z.object(Request.issue.schema.omit({ id: true }).shape).openapi("MaterialRequestIssue");
const ListQuery = z.object({
  status: z.enum(Inventory.requestStatuses).optional(),
  mine: z.enum(["true", "false"]).optional(),
  limit: z.string().optional(),
});

const errors = problemResponses(400, 401, 403, 404, 409, 412);
const one = json(RequestSchema, "The request");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Material requests, newest first (approvers and storekeepers see all; others their own)",
  request: { query: ListQuery },
  responses: { 200: json(z.object({ items: z.array(RequestSchema) }), "The requests"), ...errors },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Ask for stock to be moved to a van (operations:material_request:write); numbered MR-YYYY-00001",
  description: "`toLocationId` defaults to the requester's van; `submit: true` submits at once.",
  request: { body: body(CreateBody) },
  responses: { 201: one, ...errors },
});
const sources = createRoute({
  method: "get",
  path: "/sources",
  summary: "Warehouses a request may draw from: ids and names only (operations:material_request:write)",
  responses: {
    200: json(
      z.object({ items: z.array(z.object(Request.SourceInfo.shape).openapi("MaterialRequestSource")) }),
      "Sources",
    ),
    ...errors,
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One material request",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});
const submit = createRoute({
  method: "post",
  path: "/{id}/submit",
  summary: "Submit a draft (the requester)",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});
const approve = createRoute({
  method: "post",
  path: "/{id}/approve",
  summary: "Approve a submitted request (operations:material_request:approve)",
  request: { params: IdParam, body: body(ApproveBody) },
  responses: { 200: one, ...errors },
});
const reject = createRoute({
  method: "post",
  path: "/{id}/reject",
  summary: "Reject a submitted request with a reason (operations:material_request:approve)",
  request: { params: IdParam, body: body(RejectBody) },
  responses: { 200: one, ...errors },
});
const issue = createRoute({
  method: "post",
  path: "/{id}/issue",
  summary: "Issue an approved request: its items move from the source to the destination (inventory:write)",
  request: { params: IdParam, body: body(IssueBody) },
  responses: { 200: one, ...errors },
});
const fulfill = createRoute({
  method: "post",
  path: "/{id}/fulfill",
  summary: "Confirm the issued stock arrived (the requester or inventory:write)",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});
const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  summary: "Cancel a draft, submitted or approved request",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});

/** Material requests, under /api/v1/material-requests. Decisions go in bodies, never query strings. */
export const materialRequests = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => {
    const { mine, limit, status } = c.req.valid("query");
    return c.json(await Request.list({ status, mine: mine === "true", limit }), 200);
  })
  .openapi(create, async (c) => c.json(await Request.create(c.req.valid("json")), 201))
  .openapi(sources, async (c) => c.json(await Request.sources({}), 200))
  .openapi(get, async (c) => c.json(await Request.get(c.req.valid("param").id), 200))
  .openapi(submit, async (c) => c.json(await Request.submit(c.req.valid("param").id), 200))
  .openapi(approve, async (c) =>
    c.json(await Request.approve({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(reject, async (c) =>
    c.json(await Request.reject({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(issue, async (c) =>
    c.json(await Request.issue({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(fulfill, async (c) => c.json(await Request.fulfill(c.req.valid("param").id), 200))
  .openapi(cancel, async (c) => c.json(await Request.cancel(c.req.valid("param").id), 200));
