import { Rates, Summary, Worklog } from "@dotmac/core/timecost";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const WorklogSchema = z.object(Worklog.WorklogInfo.shape).openapi("Worklog");
const LogResultSchema = z.object({ worklog: WorklogSchema, duplicate: z.boolean() }).openapi("WorklogLogged");
const LogBody = z.object(Worklog.log.schema.shape).omit({ workOrderId: true }).openapi("WorklogCreate");
const CorrectBody = z.object(Worklog.correct.schema.shape).omit({ id: true }).openapi("WorklogCorrection");
const CostRateSchema = z.object(Rates.CostRateInfo.shape).openapi("CostRate");
const CostRateBody = z.object(Rates.saveCostRate.schema.shape).openapi("CostRateCreate");
const BillingRateSchema = z.object(Rates.BillingRateInfo.shape).openapi("BillingRate");
const BillingRateBody = z.object(Rates.saveBillingRate.schema.shape).openapi("BillingRateCreate");
const SummarySchema = z.object(Summary.SummaryInfo.shape).openapi("CostSummary");
const SummaryQuery = z.object({ billingRate: Summary.forWorkOrder.schema.shape.billingRate });
const UserQuery = z.object({ userId: Rates.listCostRates.schema.shape.userId });

const worklogs = createRoute({
  method: "get",
  path: "/work-orders/{id}/worklogs",
  summary: "The job's worklogs, oldest first (operations:work_order:read, or field:job:read on your jobs)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(WorklogSchema) }), "The worklogs"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const log = createRoute({
  method: "post",
  path: "/work-orders/{id}/worklogs",
  summary: "Log time on a job you are assigned to (field:worklog:write); idempotent by clientRef",
  description:
    "`minutes` is derived from `startedAt`/`endedAt`. The same `clientRef` from the same person answers the first " +
    "worklog with `duplicate: true` (200) and changes nothing. A span overlapping another worklog of the same person " +
    "is refused with 409. Staff (operations:work_order:update) may pass `userId` to log for an assigned technician.",
  request: { params: IdParam, body: body(LogBody) },
  responses: {
    201: json(LogResultSchema, "Logged"),
    200: json(LogResultSchema, "Already logged under this clientRef"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

const correct = createRoute({
  method: "patch",
  path: "/worklogs/{id}",
  summary: "Correct a worklog's span or note, with a reason for the audit log (operations:work_order:update)",
  request: { params: IdParam, body: body(CorrectBody) },
  responses: { 200: json(WorklogSchema, "The corrected worklog"), ...problemResponses(400, 401, 403, 404, 409) },
});

const removeWorklog = createRoute({
  method: "delete",
  path: "/worklogs/{id}",
  summary: "Remove a worklog logged in error (operations:work_order:update); a replay of its clientRef adds nothing",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const costRates = createRoute({
  method: "get",
  path: "/cost-rates",
  summary: "Hourly cost rates per person with their periods, newest first (operations:technician:read)",
  request: { query: UserQuery },
  responses: {
    200: json(z.object({ items: z.array(CostRateSchema) }), "The rates"),
    ...problemResponses(400, 401, 403),
  },
});

const saveCostRate = createRoute({
  method: "post",
  path: "/cost-rates",
  summary: "A person's hourly cost from a day on (operations:technician:write)",
  description:
    "Days are UTC calendar days, both ends inclusive; no `effectiveTo` means still in force. An open-ended earlier " +
    "period is closed the day before; any other overlap is a 409. The rate in force on a worklog's start day applies.",
  request: { body: body(CostRateBody) },
  responses: { 201: json(CostRateSchema, "The rate"), ...problemResponses(400, 401, 403, 409) },
});

const removeCostRate = createRoute({
  method: "delete",
  path: "/cost-rates/{id}",
  summary: "Remove a cost rate period (operations:technician:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const billingRates = createRoute({
  method: "get",
  path: "/billing-rates",
  summary: "Named billing rates with their periods (operations:technician:read)",
  responses: { 200: json(z.object({ items: z.array(BillingRateSchema) }), "The rates"), ...problemResponses(401, 403) },
});

const saveBillingRate = createRoute({
  method: "post",
  path: "/billing-rates",
  summary: "A named billing rate from a day on (operations:technician:write); periods of one code never overlap",
  request: { body: body(BillingRateBody) },
  responses: { 201: json(BillingRateSchema, "The rate"), ...problemResponses(400, 401, 403, 409) },
});

const removeBillingRate = createRoute({
  method: "delete",
  path: "/billing-rates/{id}",
  summary: "Remove a billing rate period (operations:technician:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const summaryDescription =
  "Labour: each worklog's minutes × the cost rate (and the billing rate, `standard` unless `billingRate` names " +
  "another) in force on its start day, rounded half up per worklog; minutes without a rate are reported, not " +
  "costed. Expenses: items of approved and paid expense requests. Integer minor units, one row per currency.";

const workOrderSummary = createRoute({
  method: "get",
  path: "/work-orders/{id}/summary",
  summary: "What a job cost: labour, expenses and materials per currency (operations:work_order:read)",
  description: summaryDescription,
  request: { params: IdParam, query: SummaryQuery },
  responses: { 200: json(SummarySchema, "The summary"), ...problemResponses(400, 401, 403, 404) },
});

const projectSummary = createRoute({
  method: "get",
  path: "/projects/{id}/summary",
  summary: "What a project cost over its work orders and its own expense requests (operations:work_order:read)",
  description: summaryDescription,
  request: { params: IdParam, query: SummaryQuery },
  responses: { 200: json(SummarySchema, "The summary"), ...problemResponses(400, 401, 403) },
});

/** Worklogs, cost and billing rates, cost summaries. */
export const timecost = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(worklogs, async (c) => c.json({ items: await Worklog.list({ workOrderId: c.req.valid("param").id }) }, 200))
  .openapi(log, async (c) => {
    const result = await Worklog.log({ ...c.req.valid("json"), workOrderId: c.req.valid("param").id });
    return result.duplicate ? c.json(result, 200) : c.json(result, 201);
  })
  .openapi(correct, async (c) =>
    c.json(await Worklog.correct({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeWorklog, async (c) => {
    await Worklog.remove({ id: c.req.valid("param").id });
    return c.body(null, 204);
  })
  .openapi(costRates, async (c) => c.json({ items: await Rates.listCostRates(c.req.valid("query")) }, 200))
  .openapi(saveCostRate, async (c) => c.json(await Rates.saveCostRate(c.req.valid("json")), 201))
  .openapi(removeCostRate, async (c) => {
    await Rates.removeCostRate(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(billingRates, async (c) => c.json({ items: await Rates.listBillingRates({}) }, 200))
  .openapi(saveBillingRate, async (c) => c.json(await Rates.saveBillingRate(c.req.valid("json")), 201))
  .openapi(removeBillingRate, async (c) => {
    await Rates.removeBillingRate(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(workOrderSummary, async (c) =>
    c.json(await Summary.forWorkOrder({ ...c.req.valid("query"), id: c.req.valid("param").id }), 200),
  )
  .openapi(projectSummary, async (c) =>
    c.json(await Summary.forProject({ ...c.req.valid("query"), id: c.req.valid("param").id }), 200),
  );
