import { Attachments } from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam, json } from "../route-helpers";

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

/** The files of inbox messages (customers' media and agents' attachments), behind the conversation's access rule. */
export const inboxMedia = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(link, async (c) => c.json(await Attachments.download(c.req.valid("param").id), 200))
  .openapi(file, async (c) => {
    const { url } = await Attachments.download(c.req.valid("param").id);
    return c.body(null, 302, { location: url, "cache-control": "private, no-store" });
  });
