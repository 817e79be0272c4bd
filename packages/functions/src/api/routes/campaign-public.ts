import { click, open, UnsubscribeInfo, unsubscribe, unsubscribeLookup } from "@dotmac/core/campaign";
import { lookup, PublicSurvey, respond } from "@dotmac/core/survey";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";

const errors = problemResponses(400, 404, 409, 429);
const SignedQuery = z.object({ r: z.string().max(64), s: z.string().max(100) });
const UnsubscribeSchema = z.object(UnsubscribeInfo.shape).openapi("Unsubscribe");
const PublicSurveySchema = z.object(PublicSurvey.shape).openapi("PublicSurvey");
const LookupBody = z
  .object({ slug: z.string().max(60).optional(), token: z.string().max(200).optional() })
  .openapi("PublicSurveyLookup");
const RespondBody = z.object(respond.schema.shape).openapi("PublicSurveyAnswer");

// The smallest transparent GIF: the open pixel.
const PIXEL = Uint8Array.from(atob("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), (ch) =>
  ch.charCodeAt(0),
);

const openPixel = createRoute({
  method: "get",
  path: "/t/open",
  summary: "The open pixel of a campaign email (signed recipient link; always a 1×1 GIF)",
  request: { query: SignedQuery },
  responses: { 200: { description: "A 1×1 GIF", content: { "image/gif": { schema: z.string() } } } },
});
const clickRoute = createRoute({
  method: "get",
  path: "/t/click",
  summary: "A tracked link: redirects only when the signature covers this recipient and this exact URL",
  description: "An unsigned or altered URL is refused with 400: never an open redirect.",
  request: { query: SignedQuery.extend({ u: z.string().max(2048) }) },
  responses: { 302: { description: "To the link's URL" }, ...errors },
});
const unsubscribePage = createRoute({
  method: "get",
  path: "/t/unsubscribe",
  summary: "The List-Unsubscribe URL opened in a browser: redirects to the unsubscribe page (GET changes nothing)",
  request: { query: SignedQuery },
  responses: { 302: { description: "To the unsubscribe page" }, ...errors },
});
const unsubscribeLookupRoute = createRoute({
  method: "post",
  path: "/t/unsubscribe/lookup",
  summary: "What the unsubscribe page shows: the campaign, the masked address, whether already unsubscribed",
  request: { query: SignedQuery },
  responses: { 200: json(UnsubscribeSchema, "The subscription"), ...errors },
});
const unsubscribeRoute = createRoute({
  method: "post",
  path: "/t/unsubscribe",
  summary: "RFC 8058 one-click unsubscribe (List-Unsubscribe-Post) and the page's button; idempotent",
  description:
    "Mail providers POST `List-Unsubscribe=One-Click` form-encoded, without cookies or Origin; the signed query is the only authority.",
  request: { query: SignedQuery },
  responses: { 200: json(UnsubscribeSchema, "Unsubscribed"), ...errors },
});
const surveyLookup = createRoute({
  method: "post",
  path: "/public-surveys/lookup",
  summary: "A survey by public slug or invitation token (token in the body, never the URL)",
  request: { body: body(LookupBody) },
  responses: { 200: json(PublicSurveySchema, "The survey"), ...errors },
});
const surveyRespond = createRoute({
  method: "post",
  path: "/public-surveys/respond",
  summary: "Answer a survey once: by invitation token, or by slug with the form token the lookup gave",
  request: { body: body(RespondBody) },
  responses: { 200: json(z.object({ state: z.literal("answered") }), "Answered"), ...errors },
});

/** Public campaign links (signed) and public survey answers (token-bound), under /api/v1. */
export const campaignPublic = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(openPixel, async (c) => {
    await open(c.req.valid("query")).catch(() => undefined);
    return c.body(PIXEL, 200, { "content-type": "image/gif", "cache-control": "no-store" });
  })
  .openapi(clickRoute, async (c) => c.redirect((await click(c.req.valid("query"))).url, 302))
  .openapi(unsubscribePage, async (c) => {
    const { r, s } = c.req.valid("query");
    return c.redirect(`/unsubscribe?r=${encodeURIComponent(r)}&s=${encodeURIComponent(s)}`, 302);
  })
  .openapi(unsubscribeLookupRoute, async (c) => c.json(await unsubscribeLookup(c.req.valid("query")), 200))
  .openapi(unsubscribeRoute, async (c) => c.json(await unsubscribe(c.req.valid("query")), 200))
  .openapi(surveyLookup, async (c) => c.json(await lookup(c.req.valid("json")), 200))
  .openapi(surveyRespond, async (c) => c.json(await respond(c.req.valid("json")), 200));
