import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const AttachmentSchema = z.object(Ticket.Attachment.AttachmentInfo.shape).openapi("TicketAttachment");
const SlotSchema = z.object(Ticket.Attachment.SlotInfo.shape).openapi("TicketAttachmentSlot");
const DownloadSchema = z.object(Ticket.Attachment.DownloadInfo.shape).openapi("TicketAttachmentDownload");
const SlotBody = z.object(Ticket.Attachment.SlotInput.shape).openapi("TicketAttachmentSlotRequest");
const AttachBody = z.object(Ticket.Attachment.AttachInput.shape).openapi("TicketAttachmentCreate");
const AttachmentParam = z.object(Ticket.Attachment.download.schema.shape);

const slot = createRoute({
  method: "post",
  path: "/{id}/attachments/slots",
  summary: "An upload slot for a file on the ticket or one of its comments (support:ticket:update)",
  description:
    "Checks the ticket, the comment, `size` against the upload limit and `contentType` against the allowlist, then " +
    "answers a presigned POST: send every entry of `fields`, then the file as `file`, as multipart/form-data to " +
    "`url`. The first bytes are checked when the file lands; then attach it with `uploadId`.",
  request: { params: IdParam, body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The upload slot"), ...problemResponses(400, 401, 403, 404, 412, 413) },
});

const attach = createRoute({
  method: "post",
  path: "/{id}/attachments",
  summary: "Attach an uploaded file once its check passed (support:ticket:update)",
  description:
    "409 while the file is still being checked (retry shortly); 415 with the reason when the check quarantined it. " +
    "Attaching the same upload again returns the first attachment. `isInternal` hides the file from the customer.",
  request: { params: IdParam, body: body(AttachBody) },
  responses: {
    201: json(AttachmentSchema, "The attachment"),
    ...problemResponses(400, 401, 403, 404, 409, 412, 415),
  },
});

const list = createRoute({
  method: "get",
  path: "/{id}/attachments",
  summary: "The ticket's attachments, internal ones included, oldest first (support:ticket:read)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(AttachmentSchema) }), "The attachments"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const download = createRoute({
  method: "get",
  path: "/{id}/attachments/{attachmentId}/download",
  summary: "A download link valid for a minute (support:ticket:read)",
  description:
    "The link serves the type detected from the bytes with `X-Content-Type-Options: nosniff`, as an attachment " +
    "except images and PDFs, which open inline.",
  request: { params: AttachmentParam },
  responses: { 200: json(DownloadSchema, "The signed link"), ...problemResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}/attachments/{attachmentId}",
  summary: "Remove an attachment from the ticket (support:ticket:update)",
  request: { params: AttachmentParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

/** Ticket and comment attachments for staff: slot → upload → attach, list, download, remove. */
export const ticketAttachments = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(slot, async (c) =>
    c.json(await Ticket.Attachment.createSlot({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(attach, async (c) =>
    c.json(await Ticket.Attachment.attach({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(list, async (c) => c.json({ items: await Ticket.Attachment.list(c.req.valid("param").id) }, 200))
  .openapi(download, async (c) => c.json(await Ticket.Attachment.download(c.req.valid("param")), 200))
  .openapi(remove, async (c) => {
    await Ticket.Attachment.remove(c.req.valid("param"));
    return c.body(null, 204);
  });
