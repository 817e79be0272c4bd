import * as Quote from "@dotmac/core/quote";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json, pdfDownload } from "../route-helpers";

// Core's schemas re-wrapped so @hono/zod-openapi can name them.
const QuoteSchema = z.object(Quote.Info.shape).openapi("Quote");
const SummarySchema = z.object(Quote.Summary.shape).openapi("QuoteSummary");
const CreateBody = z.object(Quote.create.schema.shape).openapi("QuoteCreate");
const PatchBody = z.object(Quote.update.schema.omit({ id: true }).shape).openapi("QuotePatch");
const SendBody = z.object(Quote.SendInput.omit({ id: true }).shape).openapi("QuoteSend");
const OrderSchema = z.object(Quote.Order.OrderInfo.shape).openapi("SalesOrder");
const OrderSummarySchema = z.object(Quote.Order.OrderSummary.shape).openapi("SalesOrderSummary");
const PaymentBody = z.object(Quote.Order.PaymentInput.omit({ id: true }).shape).openapi("SalesOrderPayment");
const ReasonBody = z.object({ reason: z.string() }).openapi("SalesOrderReason");

const errors = problemResponses(400, 401, 403, 404, 409);
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const pdfResponse = { description: "The quote as a PDF", content: { "application/pdf": { schema: z.string() } } };
const route = <M extends "get" | "post" | "patch" | "delete", P extends string>(
  method: M,
  path: P,
  summary: string,
) => ({
  method,
  path,
  summary,
});

const list = createRoute({
  ...route("get", "/", "Quotes, newest first; `q` searches number, title and customer (crm:quote:read)"),
  request: { query: z.object(Quote.ListInput.shape) },
  responses: { 200: json(page(SummarySchema), "One page"), ...errors },
});
const create = createRoute({
  ...route("post", "/", "Draft a quote for a person or a lead, numbered QUO-YYYY-NNNNNN (crm:quote:write)"),
  description:
    'Quantities, prices and percentages are decimal strings (`"1.5"`, `"12500.00"`, `"7.5"`) computed exactly: each line is rounded to the currency\'s minor unit half away from zero, totals are the sums of the lines.',
  request: { body: body(CreateBody) },
  responses: { 201: json(QuoteSchema, "The draft"), ...errors },
});
const get = createRoute({
  ...route("get", "/{id}", "One quote with its lines, totals and the customer's answer (crm:quote:read)"),
  request: { params: IdParam },
  responses: { 200: json(QuoteSchema, "The quote"), ...errors },
});
const update = createRoute({
  ...route("patch", "/{id}", "Change a draft; `lines` replaces every line (crm:quote:write)"),
  description: "409 once the quote is sent: a sent quote is the record of what was offered.",
  request: { params: IdParam, body: body(PatchBody) },
  responses: { 200: json(QuoteSchema, "The draft"), ...errors },
});
const remove = createRoute({
  ...route("delete", "/{id}", "Delete a draft (crm:quote:write)"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});
const send = createRoute({
  ...route(
    "post",
    "/{id}/send",
    "Send the quote by email (PDF attached) or in the lead's inbox conversation (crm:quote:write)",
  ),
  description:
    "The message carries a fresh single-use link (`/quote#token=…`); earlier links stop working. Sending again re-sends a sent quote.",
  request: { params: IdParam, body: body(SendBody) },
  responses: { 200: json(QuoteSchema, "The sent quote"), ...problemResponses(400, 401, 403, 404, 409, 503) },
});
const pdf = createRoute({
  ...route("get", "/{id}/pdf", "The quote as a PDF (crm:quote:read)"),
  request: { params: IdParam },
  responses: { 200: pdfResponse, ...errors },
});
const preview = createRoute({
  ...route(
    "get",
    "/{id}/preview",
    "The quote as an HTML page with the PDF's figures, for a sandboxed frame (crm:quote:read)",
  ),
  request: { params: IdParam },
  responses: { 200: { description: "HTML", content: { "text/html": { schema: z.string() } } }, ...errors },
});

/** Staff quotes: the builder, the PDF, the preview and sending. */
export const quotes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Quote.list(c.req.valid("query")), 200))
  .openapi(create, async (c) => c.json(await Quote.create(c.req.valid("json")), 201))
  .openapi(get, async (c) => c.json(await Quote.get(c.req.valid("param").id), 200))
  .openapi(update, async (c) =>
    c.json(await Quote.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(remove, async (c) => {
    await Quote.remove(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(send, async (c) => c.json(await Quote.send({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200))
  .openapi(pdf, async (c) => pdfDownload(c, await Quote.pdf(c.req.valid("param").id)))
  .openapi(preview, async (c) => {
    const html = await Quote.preview(c.req.valid("param").id);
    // Replaces the portal's policy for this one document: framed by the portal itself, never run.
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
    );
    c.header("X-Frame-Options", "SAMEORIGIN");
    c.header("Cache-Control", "private, no-store");
    return c.body(html, 200, { "Content-Type": "text/html; charset=utf-8" });
  });

const listOrders = createRoute({
  ...route("get", "/", "Sales orders, newest first (operations:sales_order:read)"),
  request: { query: z.object(Quote.Order.ListInput.shape) },
  responses: { 200: json(page(OrderSummarySchema), "One page"), ...errors },
});
const getOrder = createRoute({
  ...route("get", "/{id}", "One order with its lines, payments and project (operations:sales_order:read)"),
  request: { params: IdParam },
  responses: { 200: json(OrderSchema, "The order"), ...errors },
});
const pay = createRoute({
  ...route("post", "/{id}/payments", "Record a payment (operations:sales_order:write)"),
  description:
    "`amount` is a decimal string in the order's currency. The same `idempotencyKey` again records nothing more. The payment that clears the balance marks the order paid and emits `sales_order.paid` once.",
  request: { params: IdParam, body: body(PaymentBody) },
  responses: { 200: json(OrderSchema, "The order after"), ...errors },
});
const waive = createRoute({
  ...route("post", "/{id}/waive", "Waive what is left to pay, with a reason (operations:sales_order:write)"),
  request: { params: IdParam, body: body(ReasonBody) },
  responses: { 200: json(OrderSchema, "The order after"), ...errors },
});
const cancel = createRoute({
  ...route(
    "post",
    "/{id}/cancel",
    "Cancel an order that is not fulfilled, with a reason (operations:sales_order:write)",
  ),
  request: { params: IdParam, body: body(ReasonBody) },
  responses: { 200: json(OrderSchema, "The order after"), ...errors },
});
const fulfil = createRoute({
  ...route("post", "/{id}/fulfil", "Mark a paid or waived order fulfilled (operations:sales_order:write)"),
  request: { params: IdParam },
  responses: { 200: json(OrderSchema, "The order after"), ...errors },
});

/** Sales orders: what accepted quotes became, and their payments. */
export const salesOrders = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listOrders, async (c) => c.json(await Quote.Order.list(c.req.valid("query")), 200))
  .openapi(getOrder, async (c) => c.json(await Quote.Order.get(c.req.valid("param").id), 200))
  .openapi(pay, async (c) =>
    c.json(await Quote.Order.recordPayment({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(waive, async (c) =>
    c.json(await Quote.Order.waive({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(cancel, async (c) =>
    c.json(await Quote.Order.cancel({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(fulfil, async (c) => c.json(await Quote.Order.fulfil({ id: c.req.valid("param").id }), 200));

const Token = z.string().describe("From the quote link's fragment (`/quote#token=…`)");
const TokenBody = z.object({ token: Token }).openapi("QuoteLinkRequest");
const AcceptBody = z.object({ ...Quote.AcceptFields.shape, token: Token }).openapi("QuoteLinkAccept");
const RejectBody = z.object({ ...Quote.RejectFields.shape, token: Token }).openapi("QuoteLinkReject");
const LinkViewSchema = z.object(Quote.LinkView.shape).openapi("QuoteLinkView");
const linkErrors = problemResponses(400, 404, 409, 429);
const notFound = "An unknown, replaced or expired link answers the same 404; a used link shows only its answer.";

const view = createRoute({
  ...route("post", "/view", "What a quote link shows (public: the token in the body is the credential)"),
  description: notFound,
  request: { body: body(TokenBody) },
  responses: { 200: json(LinkViewSchema, "The quote"), ...linkErrors },
});
const linkPdf = createRoute({
  ...route("post", "/pdf", "The quote's PDF through its unused link (public)"),
  request: { body: body(TokenBody) },
  responses: { 200: pdfResponse, ...linkErrors },
});
const accept = createRoute({
  ...route("post", "/accept", "Accept the quote with a signature (public; single use, a retry changes nothing)"),
  description: `Accepting makes the order and the project. 409 when the quote expired or was answered otherwise. ${notFound}`,
  request: { body: body(AcceptBody) },
  responses: { 200: json(LinkViewSchema, "The answered quote"), ...linkErrors },
});
const reject = createRoute({
  ...route("post", "/reject", "Decline the quote with a reason (public; single use)"),
  request: { body: body(RejectBody) },
  responses: { 200: json(LinkViewSchema, "The answered quote"), ...linkErrors },
});

/** The emailed single-use link to answer a quote, without signing in. */
export const quoteLinks = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(view, async (c) => c.json(await Quote.viewByLink(c.req.valid("json")), 200))
  .openapi(linkPdf, async (c) => pdfDownload(c, await Quote.pdfByLink(c.req.valid("json"))))
  .openapi(accept, async (c) => c.json(await Quote.acceptByLink(c.req.valid("json")), 200))
  .openapi(reject, async (c) => c.json(await Quote.rejectByLink(c.req.valid("json")), 200));
