import * as Quote from "@dotmac/core/quote";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json, pdfDownload } from "../route-helpers";

const QuoteSchema = z.object(Quote.CustomerInfo.shape).openapi("CustomerQuote");
const AcceptBody = z.object(Quote.AcceptFields.shape).openapi("CustomerQuoteAccept");
const RejectBody = z.object(Quote.RejectFields.shape).openapi("CustomerQuoteReject");
const OrderSummarySchema = z.object(Quote.Order.OrderSummary.shape).openapi("CustomerSalesOrder");
const errors = problemResponses(400, 401, 403, 404, 409);
const mine = "Only the signed-in customer's own quotes: anyone else's answers 404, like a missing id.";

const list = createRoute({
  method: "get",
  path: "/quotes",
  summary: "The signed-in customer's quotes (sent or answered), newest first",
  responses: { 200: json(z.object({ items: z.array(QuoteSchema) }), "The quotes"), ...errors },
});
const get = createRoute({
  method: "get",
  path: "/quotes/{id}",
  summary: "One of the customer's quotes",
  description: mine,
  request: { params: IdParam },
  responses: { 200: json(QuoteSchema, "The quote"), ...errors },
});
const pdf = createRoute({
  method: "get",
  path: "/quotes/{id}/pdf",
  summary: "One of the customer's quotes as a PDF",
  description: mine,
  request: { params: IdParam },
  responses: { 200: { description: "PDF", content: { "application/pdf": { schema: z.string() } } }, ...errors },
});
const accept = createRoute({
  method: "post",
  path: "/quotes/{id}/accept",
  summary: "Accept a quote with a drawn or typed signature and the terms version read",
  description: `${mine} Retried or sent twice at once, it is recorded once; the order and project are made once.`,
  request: { params: IdParam, body: body(AcceptBody) },
  responses: { 200: json(QuoteSchema, "The accepted quote"), ...errors },
});
const reject = createRoute({
  method: "post",
  path: "/quotes/{id}/reject",
  summary: "Decline a quote with a reason",
  description: mine,
  request: { params: IdParam, body: body(RejectBody) },
  responses: { 200: json(QuoteSchema, "The declined quote"), ...errors },
});
const orders = createRoute({
  method: "get",
  path: "/sales-orders",
  summary: "The signed-in customer's orders, newest first",
  request: { query: z.object(Quote.Order.ListInput.omit({ personId: true }).shape) },
  responses: {
    200: json(z.object({ items: z.array(OrderSummarySchema), nextCursor: z.string().nullable() }), "One page"),
    ...errors,
  },
});

/** The customer portal's quotes and orders (scoped in core to the account's person). */
export const customerQuotes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Quote.listMine({}) }, 200))
  .openapi(get, async (c) => c.json(await Quote.getMine(c.req.valid("param").id), 200))
  .openapi(pdf, async (c) => pdfDownload(c, await Quote.pdfMine(c.req.valid("param").id)))
  .openapi(accept, async (c) =>
    c.json(await Quote.acceptMine({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(reject, async (c) =>
    c.json(await Quote.rejectMine({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(orders, async (c) => c.json(await Quote.Order.listMine(c.req.valid("query")), 200));
