import * as Sales from "@dotmac/core/sales";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const LeadSchema = z.object(Sales.Info.shape).openapi("Lead");
const CreatedSchema = z
  .object({ ...Sales.Info.shape, created: z.boolean().describe("false: the person's open lead was returned") })
  .openapi("LeadCreated");
const PipelineSchema = z.object(Sales.Pipeline.PipelineInfo.shape).openapi("Pipeline");
const BoardSchema = z.object({ pipeline: PipelineSchema, columns: z.array(Sales.Column) }).openapi("LeadBoard");
const CardPage = z.object({ items: z.array(Sales.Card), nextCursor: z.string().nullable() }).openapi("LeadCardPage");
const BulkSchema = z.object(Sales.BulkResult.shape).openapi("LeadBulkResult");
const ForecastSchema = z.object(Sales.Forecast.shape).openapi("SalesForecast");
const ReportSchema = z.object(Sales.PipelineReport.shape).openapi("PipelineReport");

const errors = problemResponses(400, 401, 403, 404, 409);
const route = <M extends "get" | "post" | "patch" | "delete", P extends string>(
  method: M,
  path: P,
  summary: string,
) => ({ method, path, summary });

const listPipelines = createRoute({
  ...route("get", "/", "Pipelines with their ordered stages, the default first (crm:lead:read)"),
  description: "A fresh install gets a default pipeline on first use.",
  responses: { 200: json(z.object({ items: z.array(PipelineSchema) }), "The pipelines"), ...errors },
});
const createPipeline = createRoute({
  ...route("post", "/", "Create a pipeline with its ordered stages (crm:pipeline:write)"),
  request: { body: body(z.object(Sales.Pipeline.create.schema.shape).openapi("PipelineCreate")) },
  responses: { 201: json(PipelineSchema, "The pipeline"), ...errors },
});
const getPipeline = createRoute({
  ...route("get", "/{id}", "One pipeline (crm:lead:read)"),
  request: { params: IdParam },
  responses: { 200: json(PipelineSchema, "The pipeline"), ...errors },
});
const updatePipeline = createRoute({
  ...route("patch", "/{id}", "Rename, make default, or replace the ordered stages (crm:pipeline:write)"),
  description: "`stages` is the whole list in order: ids keep a stage, new entries add one, left-out stages go.",
  request: {
    params: IdParam,
    body: body(z.object(Sales.Pipeline.update.schema.shape).omit({ id: true }).openapi("PipelineUpdate")),
  },
  responses: { 200: json(PipelineSchema, "The pipeline"), ...errors },
});
const StageParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  stageId: z.uuid().openapi({ param: { name: "stageId", in: "path" } }),
});
const archiveStage = createRoute({
  ...route(
    "post",
    "/{id}/stages/{stageId}/archive",
    "Archive a stage, moving its open leads first (crm:pipeline:write)",
  ),
  description:
    "Without `moveToStageId`, a stage holding open leads is refused with 409 problem+json whose `detail` and " +
    "`errors` (path `moveToStageId`) say how many. With it, they move to that stage of the same pipeline first.",
  request: {
    params: StageParams,
    body: body(
      z.object(Sales.archiveStage.schema.shape).omit({ pipelineId: true, stageId: true }).openapi("StageArchive"),
    ),
  },
  responses: { 200: json(PipelineSchema, "The pipeline without the stage"), ...errors },
});
const removePipeline = createRoute({
  ...route("delete", "/{id}", "Remove a pipeline: not the default, not with open leads (crm:pipeline:write)"),
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...errors },
});

/** Pipelines and their stages, under /api/v1/pipelines. */
export const pipelines = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listPipelines, async (c) => c.json({ items: await Sales.Pipeline.list({}) }, 200))
  .openapi(createPipeline, async (c) => c.json(await Sales.Pipeline.create(c.req.valid("json")), 201))
  .openapi(getPipeline, async (c) => c.json(await Sales.Pipeline.get(c.req.valid("param").id), 200))
  .openapi(updatePipeline, async (c) =>
    c.json(await Sales.Pipeline.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(archiveStage, async (c) => {
    const { id, stageId } = c.req.valid("param");
    return c.json(await Sales.archiveStage({ ...c.req.valid("json"), pipelineId: id, stageId }), 200);
  })
  .openapi(removePipeline, async (c) => {
    await Sales.Pipeline.remove(c.req.valid("param").id);
    return c.body(null, 204);
  });

const listLeads = createRoute({
  ...route("get", "/", "Leads, newest first, filtered (crm:lead:read)"),
  request: { query: z.object(Sales.ListFilters.shape) },
  responses: {
    200: json(z.object({ items: z.array(LeadSchema), nextCursor: z.string().nullable() }), "One page"),
    ...errors,
  },
});
const createLead = createRoute({
  ...route("post", "/", "Open a lead; the person's open lead in the pipeline is returned instead (crm:lead:write)"),
  description:
    "201 with `created: true` for a new lead; 200 with `created: false` for the existing one. Give `personId`, or " +
    "`contact` (name and phone or email; also crm:contact:write): its owner by phone or email is used, else a new person.",
  request: { body: body(z.object(Sales.OpenInput.shape).openapi("LeadCreate")) },
  responses: { 200: json(CreatedSchema, "The existing lead"), 201: json(CreatedSchema, "The lead"), ...errors },
});
const fromConversation = createRoute({
  ...route("post", "/from-conversation", "A lead from an inbox conversation, kept linked (crm:lead:write)"),
  request: { body: body(z.object(Sales.fromConversation.schema.shape).openapi("LeadFromConversation")) },
  responses: { 200: json(CreatedSchema, "The existing lead"), 201: json(CreatedSchema, "The lead"), ...errors },
});
const board = createRoute({
  ...route("get", "/board", "The kanban: each stage's first open leads by rank, with counts (crm:lead:read)"),
  request: { query: z.object(Sales.board.schema.shape) },
  responses: { 200: json(BoardSchema, "The board"), ...errors },
});
const column = createRoute({
  ...route("get", "/board/column", "The next page of one kanban column (crm:lead:read)"),
  request: { query: z.object(Sales.column.schema.shape) },
  responses: { 200: json(CardPage, "One page"), ...errors },
});
const bulkAssign = createRoute({
  ...route("post", "/bulk/assign", "Give up to 500 leads an owner (null: nobody) (crm:lead:write)"),
  request: { body: body(z.object(Sales.bulkAssign.schema.shape).openapi("LeadBulkAssign")) },
  responses: { 200: json(BulkSchema, "What changed"), ...errors },
});
const bulkMove = createRoute({
  ...route("post", "/bulk/move", "Move up to 500 leads to another pipeline's first stage (crm:lead:write)"),
  request: { body: body(z.object(Sales.bulkMove.schema.shape).openapi("LeadBulkMove")) },
  responses: { 200: json(BulkSchema, "What changed and what was skipped"), ...errors },
});
const owners = createRoute({
  ...route("get", "/owners", "Active staff users a lead may be given to, by name (crm:lead:read)"),
  request: { query: z.object(Sales.owners.schema.shape) },
  responses: { 200: json(z.object({ items: z.array(Sales.OwnerInfo) }).openapi("LeadOwners"), "The users"), ...errors },
});
const getLead = createRoute({
  ...route("get", "/{id}", "One lead (crm:lead:read)"),
  request: { params: IdParam },
  responses: { 200: json(LeadSchema, "The lead"), ...errors },
});
const updateLead = createRoute({
  ...route("patch", "/{id}", "Change an open lead's fields; null clears one (crm:lead:write)"),
  request: {
    params: IdParam,
    body: body(z.object(Sales.update.schema.shape).omit({ id: true }).openapi("LeadUpdate")),
  },
  responses: { 200: json(LeadSchema, "The lead"), ...errors },
});
const removeLead = createRoute({
  ...route("delete", "/{id}", "Soft-delete a lead (crm:lead:delete)"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});
const moveLead = createRoute({
  ...route("post", "/{id}/move", "Move a lead to a stage, after the card `afterId` (absent: the top) (crm:lead:write)"),
  request: { params: IdParam, body: body(z.object(Sales.move.schema.shape).omit({ id: true }).openapi("LeadMove")) },
  responses: { 200: json(LeadSchema, "The lead"), ...errors },
});
const wonLead = createRoute({
  ...route("post", "/{id}/won", "Mark a lead won; again is a no-op (crm:lead:write)"),
  request: { params: IdParam },
  responses: { 200: json(LeadSchema, "The lead"), ...errors },
});
const lostLead = createRoute({
  ...route("post", "/{id}/lost", "Mark a lead lost with the reason; again is a no-op (crm:lead:write)"),
  request: {
    params: IdParam,
    body: body(z.object(Sales.markLost.schema.shape).omit({ id: true }).openapi("LeadLost")),
  },
  responses: { 200: json(LeadSchema, "The lead"), ...errors },
});
const reopenLead = createRoute({
  ...route("post", "/{id}/reopen", "Reopen a won or lost lead (crm:lead:write)"),
  request: { params: IdParam },
  responses: { 200: json(LeadSchema, "The lead"), ...errors },
});

const created = (lead: Sales.Created) => [lead, lead.created ? 201 : 200] as const;

/** Leads: the list, the kanban, bulk actions, one lead and its moves, under /api/v1/leads. */
export const leads = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listLeads, async (c) => c.json(await Sales.list(c.req.valid("query")), 200))
  .openapi(createLead, async (c) => c.json(...created(await Sales.open(c.req.valid("json")))))
  .openapi(fromConversation, async (c) => c.json(...created(await Sales.fromConversation(c.req.valid("json")))))
  .openapi(board, async (c) => c.json(await Sales.board(c.req.valid("query")), 200))
  .openapi(column, async (c) => c.json(await Sales.column(c.req.valid("query")), 200))
  .openapi(bulkAssign, async (c) => c.json(await Sales.bulkAssign(c.req.valid("json")), 200))
  .openapi(bulkMove, async (c) => c.json(await Sales.bulkMove(c.req.valid("json")), 200))
  .openapi(owners, async (c) => c.json(await Sales.owners(c.req.valid("query")), 200))
  .openapi(getLead, async (c) => c.json(await Sales.get(c.req.valid("param").id), 200))
  .openapi(updateLead, async (c) =>
    c.json(await Sales.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeLead, async (c) => {
    await Sales.remove(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(moveLead, async (c) =>
    c.json(await Sales.move({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(wonLead, async (c) => c.json(await Sales.win({ id: c.req.valid("param").id }), 200))
  .openapi(lostLead, async (c) =>
    c.json(await Sales.lose({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(reopenLead, async (c) => c.json(await Sales.reopen({ id: c.req.valid("param").id }), 200));

const forecast = createRoute({
  ...route(
    "get",
    "/forecast",
    "Open leads' value per month of expected close, weighted by probability (crm:lead:read)",
  ),
  request: { query: z.object(Sales.forecast.schema.shape) },
  responses: { 200: json(ForecastSchema, "The forecast"), ...errors },
});
const pipelineReport = createRoute({
  ...route("get", "/pipeline", "Count and value per stage, won and lost, win rate and conversion (crm:lead:read)"),
  request: { query: z.object(Sales.pipelineReport.schema.shape) },
  responses: { 200: json(ReportSchema, "The report"), ...errors },
});

/** The forecast and the pipeline report, under /api/v1/sales-reports. */
export const salesReports = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(forecast, async (c) => c.json(await Sales.forecast(c.req.valid("query")), 200))
  .openapi(pipelineReport, async (c) => c.json(await Sales.pipelineReport(c.req.valid("query")), 200));
