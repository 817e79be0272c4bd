import * as Commission from "@dotmac/core/commission";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam, json } from "../route-helpers";

const { Reseller } = Commission;
// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const CommissionSchema = z.object(Commission.CommissionInfo.shape).openapi("PortalCommission");
const PayoutSchema = z.object(Commission.PayoutInfo.shape).openapi("PortalPayout");
const PayoutDetailSchema = z.object(Commission.Payout.PayoutDetail.shape).openapi("PortalPayoutDetail");
const OrderSchema = z.object(Reseller.OrderView.shape).openapi("PortalOrder");
const SummarySchema = z.object(Commission.Summary.shape).openapi("PortalCommissionSummary");
const AdjustmentSchema = z.object(Commission.AdjustmentInfo.shape).openapi("PortalCommissionAdjustment");
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const errors = problemResponses(400, 401, 403, 404);

const commissions = createRoute({
  method: "get",
  path: "/commissions",
  summary: "Commissions of the reseller's organisations, newest first (optionally one organisation's)",
  request: { query: z.object(Reseller.commissions.schema.shape) },
  responses: { 200: json(page(CommissionSchema), "One page"), ...errors },
});
const summary = createRoute({
  method: "get",
  path: "/commissions/summary",
  summary: "Count and sum of the tree's commissions per currency and status",
  responses: { 200: json(SummarySchema, "The totals"), ...errors },
});
const adjustments = createRoute({
  method: "get",
  path: "/commissions/adjustments",
  summary: "Claw-backs of the tree's paid commissions whose orders were cancelled or refunded",
  request: { query: z.object(Reseller.adjustments.schema.shape) },
  responses: { 200: json(page(AdjustmentSchema), "One page"), ...errors },
});
const commission = createRoute({
  method: "get",
  path: "/commissions/{id}",
  summary: "One commission of the tree (any other is 404, like a missing id)",
  request: { params: IdParam },
  responses: { 200: json(CommissionSchema, "The commission"), ...errors },
});
const payouts = createRoute({
  method: "get",
  path: "/payouts",
  summary: "Payouts to the reseller's organisations, newest first",
  request: { query: z.object(Reseller.payouts.schema.shape) },
  responses: { 200: json(page(PayoutSchema), "One page"), ...errors },
});
const payout = createRoute({
  method: "get",
  path: "/payouts/{id}",
  summary: "One payout of the tree with its commissions (any other is 404)",
  request: { params: IdParam },
  responses: { 200: json(PayoutDetailSchema, "The payout"), ...errors },
});
const orders = createRoute({
  method: "get",
  path: "/orders",
  summary: "Sales orders the reseller's organisations sourced, newest first, with their commission",
  request: { query: z.object(Reseller.orders.schema.shape) },
  responses: { 200: json(page(OrderSchema), "One page"), ...errors },
});

/** The reseller portal's commission routes under `/api/v1/reseller`: scoped to the account's tree in core. */
export const resellerCommissions = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(commissions, async (c) => c.json(await Reseller.commissions(c.req.valid("query")), 200))
  .openapi(summary, async (c) => c.json(await Reseller.summary(), 200))
  .openapi(adjustments, async (c) => c.json(await Reseller.adjustments(c.req.valid("query")), 200))
  .openapi(commission, async (c) => c.json(await Reseller.commission(c.req.valid("param")), 200))
  .openapi(payouts, async (c) => c.json(await Reseller.payouts(c.req.valid("query")), 200))
  .openapi(payout, async (c) => c.json(await Reseller.payout(c.req.valid("param")), 200))
  .openapi(orders, async (c) => c.json(await Reseller.orders(c.req.valid("query")), 200));
