import { Attachments, Uploads } from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schema is created after @hono/zod-openapi has extended zod.
const DownloadSchema = z.object(Attachments.DownloadInfo.shape).openapi("InboxAttachmentDownload");

const link = createRoute({
  method: "get",
  path: "/attachments/{id}/download",
  summary: "A link to a message's file, valid for a minute (crm:inbox:read, and sight of the conversation)",
  description:
    "The link serves the type detected from the file's bytes with `X-Content-Type-Options: nosniff`: images " +
    "inline, everything else as an attachment. A conversation the caller may not see answers 404.",
  request: { params: IdParam },
  responses: { 200: json(DownloadSchema, "The signed link"), ...problemResponses(400, 401, 403, 404) },
});

const file = createRoute({
  method: "get",
  path: "/attachments/{id}/file",
  summary: "Redirects to a fresh one-minute link to the file (for `<img>`, `<audio>`, `<video>` and links)",
  description:
    "The same check and link as `/download`, answered as `302 Location` (never cached), so a page can point " +
    "at this stable address and the browser always follows a link that is about to expire.",
  request: { params: IdParam },
  responses: { 302: { description: "To the signed link" }, ...problemResponses(400, 401, 403, 404) },
});

const SlotBody = z.object(Uploads.createSlot.schema.shape).openapi("InboxUploadSlotRequest");
const SlotSchema = z.object(Uploads.SlotInfo.shape).openapi("InboxUploadSlot");
const StateSchema = z.object(Uploads.UploadState.shape).openapi("InboxUploadState");

const slot = createRoute({
  method: "post",
  path: "/uploads/slots",
  summary: "An upload slot for a file to send: a template's media header or a reply's attachment (crm:inbox:write)",
  description:
    "Checks `size` against the upload limit and `contentType` against the allowlist, then answers a presigned " +
    "POST: send every entry of `fields`, then the file as `file`, as multipart/form-data to `url`. The first " +
    "bytes are checked when the file lands; send `uploadId` once `/uploads/{id}` says `accepted`.",
  request: { body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The upload slot"), ...problemResponses(400, 401, 403, 413) },
});

const uploadState = createRoute({
  method: "get",
  path: "/uploads/{id}",
  summary: "Whether your upload passed its check: pending, accepted, or rejected with the reason (crm:inbox:write)",
  request: { params: IdParam },
  responses: { 200: json(StateSchema, "The upload's state"), ...problemResponses(400, 401, 403, 404) },
});

/** The files of inbox messages (customers' media and agents' attachments), behind the conversation's access rule. */
export const inboxMedia = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(link, async (c) => c.json(await Attachments.download(c.req.valid("param").id), 200))
  .openapi(file, async (c) => {
    const { url } = await Attachments.download(c.req.valid("param").id);
    return c.body(null, 302, { location: url, "cache-control": "private, no-store" });
  })
  .openapi(slot, async (c) => c.json(await Uploads.createSlot(c.req.valid("json")), 201))
  .openapi(uploadState, async (c) => c.json(await Uploads.state(c.req.valid("param").id), 200));
