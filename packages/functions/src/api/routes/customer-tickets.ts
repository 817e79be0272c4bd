import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const SummarySchema = z.object(Ticket.Customer.TicketSummary.shape).openapi("CustomerTicketSummary");
const PageSchema = z
  .object({ items: z.array(SummarySchema), nextCursor: z.string().nullable() })
  .openapi("CustomerTicketPage");
const CommentSchema = z
  .object({
    ...Ticket.Customer.PublicComment.shape,
    author: z.object(Ticket.Customer.PublicComment.shape.author.shape),
  })
  .openapi("CustomerTicketComment");
const AttachmentSchema = z.object(Ticket.Attachment.AttachmentInfo.shape).openapi("TicketAttachment");
const DetailSchema = z
  .object({
    ticket: z.object(Ticket.Customer.CustomerTicket.shape.ticket.shape),
    comments: z.array(CommentSchema),
    attachments: z.array(AttachmentSchema),
    confirmation: z.object(Ticket.Customer.CustomerTicket.shape.confirmation.unwrap().shape).nullable(),
  })
  .openapi("CustomerTicket");
const TypeSchema = z.object(Ticket.Customer.CustomerType.shape).openapi("CustomerTicketType");
const SlotSchema = z.object(Ticket.Attachment.SlotInfo.shape).openapi("TicketAttachmentSlot");
const DownloadSchema = z.object(Ticket.Attachment.DownloadInfo.shape).openapi("TicketAttachmentDownload");
const OpenBody = z.object(Ticket.Customer.open.schema.shape).openapi("CustomerTicketCreate");
const ReplyBody = z.object(Ticket.Customer.reply.schema.shape).omit({ id: true }).openapi("CustomerTicketReply");
const SlotBody = z.object(Ticket.Customer.createSlot.schema.shape).omit({ id: true }).openapi("CustomerAttachmentSlot");
const AttachBody = z.object(Ticket.Customer.attach.schema.shape).omit({ id: true }).openapi("CustomerAttachmentCreate");
const DisputeBody = z.object(Ticket.Customer.dispute.schema.shape).omit({ id: true }).openapi("CustomerTicketDispute");
const StateSchema = z.object({ state: z.string() }).openapi("CustomerConfirmationState");
const ListQuery = z.object(Ticket.Customer.list.schema.shape);
const RefParam = z.object({ ref: Ticket.Customer.detail.schema.describe("The ticket's UUID or its number") });
const AttachmentParam = z.object(Ticket.Customer.download.schema.shape);

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The signed-in customer's tickets, newest first, by cursor",
  request: { query: ListQuery },
  responses: { 200: json(PageSchema, "One page of tickets"), ...problemResponses(400, 401, 403) },
});

const types = createRoute({
  method: "get",
  path: "/types",
  summary: "The ticket types a customer may choose when opening a ticket",
  responses: { 200: json(z.object({ items: z.array(TypeSchema) }), "The types"), ...problemResponses(401, 403) },
});

const open = createRoute({
  method: "post",
  path: "/",
  summary: "Open a ticket for the signed-in customer's own service (web, normal priority)",
  request: { body: body(OpenBody) },
  responses: { 201: json(SummarySchema, "The new ticket"), ...problemResponses(400, 401, 403) },
});

const detail = createRoute({
  method: "get",
  path: "/{ref}",
  summary: "One of the customer's tickets with its public conversation (anyone else's is 404)",
  request: { params: RefParam },
  responses: { 200: json(DetailSchema, "The ticket"), ...problemResponses(400, 401, 403, 404) },
});

const reply = createRoute({
  method: "post",
  path: "/{id}/comments",
  summary: "Reply on one of the customer's tickets; a ticket waiting for the customer goes back to open",
  request: { params: IdParam, body: body(ReplyBody) },
  responses: { 201: json(CommentSchema, "The reply"), ...problemResponses(400, 401, 403, 404, 412) },
});

const slot = createRoute({
  method: "post",
  path: "/{id}/attachments/slots",
  summary: "An upload slot for a file on one of the customer's tickets",
  description: "POST every entry of `fields`, then the file as `file`, as multipart/form-data to `url`.",
  request: { params: IdParam, body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The upload slot"), ...problemResponses(400, 401, 403, 404, 412, 413) },
});

const attach = createRoute({
  method: "post",
  path: "/{id}/attachments",
  summary: "Attach the customer's uploaded file once its check passed",
  description: "409 while it is still being checked; 415 with the reason when the check quarantined it.",
  request: { params: IdParam, body: body(AttachBody) },
  responses: {
    201: json(AttachmentSchema, "The attachment"),
    ...problemResponses(400, 401, 403, 404, 409, 412, 415),
  },
});

const download = createRoute({
  method: "get",
  path: "/{id}/attachments/{attachmentId}/download",
  summary: "A download link valid for a minute, for a file the customer may see",
  request: { params: AttachmentParam },
  responses: { 200: json(DownloadSchema, "The signed link"), ...problemResponses(400, 401, 403, 404) },
});

const confirm = createRoute({
  method: "post",
  path: "/{id}/confirm",
  summary: "Confirm the resolution of one of the customer's tickets: closes it",
  request: { params: IdParam },
  responses: { 200: json(StateSchema, "The confirmation's state"), ...problemResponses(400, 401, 403, 404, 409) },
});

const dispute = createRoute({
  method: "post",
  path: "/{id}/dispute",
  summary: "Dispute the resolution of one of the customer's tickets: reopens it with the reason",
  request: { params: IdParam, body: body(DisputeBody) },
  responses: { 200: json(StateSchema, "The confirmation's state"), ...problemResponses(400, 401, 403, 404, 409) },
});

/** The customer portal's tickets under `/api/v1/customer/tickets`: everything is scoped to the account in core. */
export const customerTickets = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Ticket.Customer.list(c.req.valid("query")), 200))
  .openapi(types, async (c) => c.json({ items: await Ticket.Customer.types() }, 200))
  .openapi(open, async (c) => c.json(await Ticket.Customer.open(c.req.valid("json")), 201))
  .openapi(detail, async (c) => c.json(await Ticket.Customer.detail(c.req.valid("param").ref), 200))
  .openapi(reply, async (c) =>
    c.json(await Ticket.Customer.reply({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(slot, async (c) =>
    c.json(await Ticket.Customer.createSlot({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(attach, async (c) =>
    c.json(await Ticket.Customer.attach({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(download, async (c) => c.json(await Ticket.Customer.download(c.req.valid("param")), 200))
  .openapi(confirm, async (c) => c.json(await Ticket.Customer.confirm(c.req.valid("param")), 200))
  .openapi(dispute, async (c) =>
    c.json(await Ticket.Customer.dispute({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  );
