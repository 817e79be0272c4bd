import * as Inbox from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam } from "../route-helpers";

const Query = z.object({
  images: z
    .enum(["0", "1"])
    .optional()
    .openapi({ description: "1 = the agent asked to load remote (https) images for this render" }),
});

const html = createRoute({
  method: "get",
  path: "/messages/{id}/html",
  summary: "An email message's body as a sandboxed HTML document (crm:inbox:read)",
  description:
    "For an `<iframe sandbox>` in the workspace: the sanitised HTML with inline (`cid:`) images embedded and remote " +
    "images blocked (kept as `data-blocked-src`) unless `images=1`. Sent with its own Content-Security-Policy " +
    "(nothing runs or loads; `img-src data:`, plus `https:` with `images=1`) and the CSP `sandbox` directive.",
  request: { params: IdParam, query: Query },
  responses: {
    200: { description: "The HTML document", content: { "text/html": { schema: z.string() } } },
    ...problemResponses(400, 401, 403, 404),
  },
});

/** The inbox's email-specific reads: the sandboxed HTML body. */
export const inboxEmail = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(html, async (c) => {
  const { id } = c.req.valid("param");
  const rendered = await Inbox.EmailHtml.render({ id, images: c.req.valid("query").images === "1" });
  // Replaces the portal's policy for this one document: framed by the portal itself, never run.
  c.header("Content-Security-Policy", rendered.csp);
  c.header("X-Frame-Options", "SAMEORIGIN");
  c.header("Cache-Control", "private, no-store");
  c.header("Content-Disposition", "inline");
  c.header("Referrer-Policy", "no-referrer");
  return c.body(rendered.html, 200, { "Content-Type": "text/html; charset=utf-8" });
});
