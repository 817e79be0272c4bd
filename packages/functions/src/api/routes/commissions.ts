import * as Commission from "@dotmac/core/commission";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const CommissionSchema = z.object(Commission.CommissionInfo.shape).openapi("ResellerCommission");
const PageSchema = z.object({ items: z.array(CommissionSchema), nextCursor: z.string().nullable() });
const SummarySchema = z.object(Commission.Summary.shape).openapi("ResellerCommissionSummary");
const RateSchema = z.object(Commission.RateInfo.shape).openapi("ResellerCommissionRate");
const SettingsSchema = z.object(Commission.Settings.shape).openapi("ResellerCommissionSettings");
const PayoutSchema = z.object(Commission.PayoutInfo.shape).openapi("ResellerPayout");
const PayoutDetailSchema = z.object(Commission.Payout.PayoutDetail.shape).openapi("ResellerPayoutDetail");
const PayoutPageSchema = z.object({ items: z.array(PayoutSchema), nextCursor: z.string().nullable() });
const AdjustmentSchema = z.object(Commission.AdjustmentInfo.shape).openapi("ResellerCommissionAdjustment");
const AdjustmentPageSchema = z.object({ items: z.array(AdjustmentSchema), nextCursor: z.string().nullable() });
const AdjustmentQuery = z.object(Commission.AdjustmentFilters.shape);
const ReverseBody = z
  .object(Commission.reverseCommission.schema.omit({ id: true }).shape)
  .openapi("ResellerCommissionReverse");

const ListQuery = z.object(Commission.ListFilters.shape);
const SummaryQuery = z.object(Commission.summary.schema.shape);
const VoidBody = z.object(Commission.markVoid.schema.omit({ id: true }).shape).openapi("ResellerCommissionVoid");
const RateBody = z.object(Commission.setRate.schema.omit({ organizationId: true }).shape).openapi("ResellerRateSet");
const SettingsBody = z.object(Commission.updateSettings.schema.shape).openapi("ResellerCommissionSettingsSet");
const PayoutQuery = z.object(Commission.Payout.PayoutFilters.shape);
const PayoutCreateBody = z.object(Commission.Payout.create.schema.shape).openapi("ResellerPayoutCreate");
const MarkPaidBody = z.object(Commission.Payout.markPaid.schema.omit({ id: true }).shape).openapi("ResellerPayoutPaid");
const PayoutVoidBody = z
  .object(Commission.Payout.markVoid.schema.omit({ id: true }).shape)
  .openapi("ResellerPayoutVoid");

const errors = problemResponses(400, 401, 403, 404, 409, 412);

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Reseller commissions, newest first, by status, reseller organisation or payout (operations:reseller:read)",
  request: { query: ListQuery },
  responses: { 200: json(PageSchema, "One page; pass `nextCursor` back as `cursor`"), ...errors },
});
const summary = createRoute({
  method: "get",
  path: "/summary",
  summary: "Count and sum of commissions per currency and status",
  request: { query: SummaryQuery },
  responses: { 200: json(SummarySchema, "The totals"), ...errors },
});
const rates = createRoute({
  method: "get",
  path: "/rates",
  summary: "Every reseller organisation with its own and effective commission rate (basis points)",
  responses: { 200: json(z.object({ items: z.array(RateSchema) }), "The rates"), ...errors },
});
const setRate = createRoute({
  method: "put",
  path: "/rates/{id}",
  summary:
    "Set a reseller organisation's own rate in basis points, or null for the default (operations:reseller:write)",
  request: { params: IdParam, body: body(RateBody) },
  responses: { 200: json(RateSchema, "The organisation's rate"), ...errors },
});
const settings = createRoute({
  method: "get",
  path: "/settings",
  summary: "The default commission rate (basis points of an order's net before tax)",
  responses: { 200: json(SettingsSchema, "The settings"), ...errors },
});
const updateSettings = createRoute({
  method: "put",
  path: "/settings",
  summary: "Set the default commission rate (future accruals only)",
  request: { body: body(SettingsBody) },
  responses: { 200: json(SettingsSchema, "The settings"), ...errors },
});
const adjustments = createRoute({
  method: "get",
  path: "/adjustments",
  summary: "Claw-backs of paid commissions whose orders were cancelled or refunded, newest first",
  request: { query: AdjustmentQuery },
  responses: { 200: json(AdjustmentPageSchema, "One page"), ...errors },
});
const reverse = createRoute({
  method: "post",
  path: "/{id}/reverse",
  summary:
    "Reverse a commission whose order was refunded or cancelled outside the CRM: void if unpaid, else a claw-back from the next payout (once)",
  request: { params: IdParam, body: body(ReverseBody) },
  responses: { 200: json(CommissionSchema, "The commission"), ...errors },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One commission",
  request: { params: IdParam },
  responses: { 200: json(CommissionSchema, "The commission"), ...errors },
});
const approve = createRoute({
  method: "post",
  path: "/{id}/approve",
  summary: "Approve a pending commission (again: no change)",
  request: { params: IdParam },
  responses: { 200: json(CommissionSchema, "The commission"), ...errors },
});
const voidOne = createRoute({
  method: "post",
  path: "/{id}/void",
  summary: "Void a pending or approved commission with a reason (not one in a payout, not a paid one)",
  request: { params: IdParam, body: body(VoidBody) },
  responses: { 200: json(CommissionSchema, "The commission"), ...errors },
});

/** Staff routes under `/api/v1/reseller-commissions`. */
export const commissions = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Commission.list(c.req.valid("query")), 200))
  .openapi(summary, async (c) => c.json(await Commission.summary(c.req.valid("query")), 200))
  .openapi(rates, async (c) => c.json({ items: await Commission.rates() }, 200))
  .openapi(setRate, async (c) =>
    c.json(await Commission.setRate({ organizationId: c.req.valid("param").id, ...c.req.valid("json") }), 200),
  )
  .openapi(settings, async (c) => c.json(await Commission.settings(), 200))
  .openapi(updateSettings, async (c) => c.json(await Commission.updateSettings(c.req.valid("json")), 200))
  .openapi(adjustments, async (c) => c.json(await Commission.adjustments(c.req.valid("query")), 200))
  .openapi(get, async (c) => c.json(await Commission.fromID(c.req.valid("param")), 200))
  .openapi(reverse, async (c) =>
    c.json(await Commission.reverseCommission({ ...c.req.valid("param"), ...c.req.valid("json") }), 200),
  )
  .openapi(approve, async (c) => c.json(await Commission.approve(c.req.valid("param")), 200))
  .openapi(voidOne, async (c) =>
    c.json(await Commission.markVoid({ ...c.req.valid("param"), ...c.req.valid("json") }), 200),
  );

const payoutList = createRoute({
  method: "get",
  path: "/",
  summary: "Payouts, newest first, by status or reseller organisation",
  request: { query: PayoutQuery },
  responses: { 200: json(PayoutPageSchema, "One page; pass `nextCursor` back as `cursor`"), ...errors },
});
const payoutCreate = createRoute({
  method: "post",
  path: "/",
  summary: "A draft payout of one reseller's approved commissions (those named, or all) in one currency",
  request: { body: body(PayoutCreateBody) },
  responses: { 201: json(PayoutDetailSchema, "The draft payout"), ...errors },
});
const payoutGet = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One payout with its commissions",
  request: { params: IdParam },
  responses: { 200: json(PayoutDetailSchema, "The payout"), ...errors },
});
const markPaid = createRoute({
  method: "post",
  path: "/{id}/mark-paid",
  summary: "Record a draft payout as paid (method, reference, day): it and its commissions become paid",
  request: { params: IdParam, body: body(MarkPaidBody) },
  responses: { 200: json(PayoutDetailSchema, "The payout"), ...errors },
});
const payoutVoid = createRoute({
  method: "post",
  path: "/{id}/void",
  summary: "Void a draft payout with a reason: its commissions are approved again, free for another payout",
  request: { params: IdParam, body: body(PayoutVoidBody) },
  responses: { 200: json(PayoutDetailSchema, "The payout"), ...errors },
});

/** Staff routes under `/api/v1/reseller-payouts`. */
export const payouts = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(payoutList, async (c) => c.json(await Commission.Payout.list(c.req.valid("query")), 200))
  .openapi(payoutCreate, async (c) => c.json(await Commission.Payout.create(c.req.valid("json")), 201))
  .openapi(payoutGet, async (c) => c.json(await Commission.Payout.fromID(c.req.valid("param")), 200))
  .openapi(markPaid, async (c) =>
    c.json(await Commission.Payout.markPaid({ ...c.req.valid("param"), ...c.req.valid("json") }), 200),
  )
  .openapi(payoutVoid, async (c) =>
    c.json(await Commission.Payout.markVoid({ ...c.req.valid("param"), ...c.req.valid("json") }), 200),
  );
