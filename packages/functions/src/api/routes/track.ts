import * as Track from "@dotmac/core/track";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Core's schemas re-wrapped (so @hono/zod-openapi can name them), with the descriptions a client needs.
const Token = Track.view.schema.shape.token.describe("From the tracking link's fragment (`/track#…`)");
const TokenBody = z.object({ token: Token }).openapi("TrackTokenRequest");
const RescheduleBody = z
  .object({
    token: Token,
    preferredAt: Track.RescheduleInput.shape.preferredAt.describe("When the customer would rather be visited"),
    reason: Track.RescheduleInput.shape.reason.describe("Why the visit should move"),
  })
  .openapi("TrackRescheduleRequest");
const VisitSchema = z.object(Track.VisitInfo.shape).openapi("TrackedVisit");
const notFound =
  "An unknown, replaced or expired link, or one whose job ended more than the grace ago, answers the same 404.";

const view = createRoute({
  method: "post",
  path: "/view",
  summary: "What a track-my-visit link shows: window, technician's first name, status, ETA (public)",
  description: `The token travels in the body, never in a URL. ${notFound}`,
  request: { body: body(TokenBody) },
  responses: { 200: json(VisitSchema, "The visit"), ...problemResponses(400, 403, 404, 429) },
});

const confirm = createRoute({
  method: "post",
  path: "/confirm",
  summary: "The customer confirms the appointment (public; recorded once, a repeat changes nothing)",
  description: `409 once the technician has started or the job is over. ${notFound}`,
  request: { body: body(TokenBody) },
  responses: { 200: json(VisitSchema, "The visit, confirmed"), ...problemResponses(400, 403, 404, 409, 429) },
});

const reschedule = createRoute({
  method: "post",
  path: "/reschedule",
  summary: "The customer asks to reschedule, with a preferred time and a reason (public; recorded once)",
  description: `The dispatchers are notified. 409 once the technician has started or the job is over. ${notFound}`,
  request: { body: body(RescheduleBody) },
  responses: { 200: json(VisitSchema, "The visit, with the request"), ...problemResponses(400, 403, 404, 409, 429) },
});

/** The customer's "track my visit" (public, token in the body). */
export const trackPublic = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(view, async (c) => c.json(await Track.view(c.req.valid("json")), 200))
  .openapi(confirm, async (c) => c.json(await Track.confirm(c.req.valid("json")), 200))
  .openapi(reschedule, async (c) => c.json(await Track.requestReschedule(c.req.valid("json")), 200));

const CreateBody = z.object(Track.createLink.schema.shape).openapi("TrackLinkCreateRequest");
const CreatedSchema = z
  .object({
    ...Track.LinkCreated.shape,
    url: Track.LinkCreated.shape.url.describe("Send this to the customer; the token is in the fragment"),
  })
  .openapi("TrackLinkCreated");
const AnswerSchema = z.object(Track.AnswerInfo.shape).openapi("TrackLink");
const ListQuery = z.object({ workOrderId: Track.createLink.schema.shape.workOrderId });
const MapSchema = z.object(Track.MapSettings.shape).openapi("DispatchMapSettings");

const create = createRoute({
  method: "post",
  path: "/",
  summary: "A new track-my-visit link for a work order (staff who dispatch); earlier links of the job stop working",
  request: { body: body(CreateBody) },
  responses: {
    201: json(CreatedSchema, "The link, shown once"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "A work order's tracking links and the customer's answers, newest first",
  request: { query: ListQuery },
  responses: { 200: json(z.object({ items: z.array(AnswerSchema) }), "The links"), ...problemResponses(400, 401, 403) },
});

const requests = createRoute({
  method: "get",
  path: "/requests",
  summary: "Customers' reschedule requests nobody has handled yet, oldest first (staff who dispatch)",
  responses: { 200: json(z.object({ items: z.array(AnswerSchema) }), "Open requests"), ...problemResponses(401, 403) },
});

const handled = createRoute({
  method: "post",
  path: "/{id}/handled",
  summary: "Mark a customer's reschedule request dealt with (idempotent)",
  request: { params: IdParam },
  responses: { 200: json(AnswerSchema, "The link"), ...problemResponses(400, 401, 403, 404) },
});

/** Staff side of the tracking links. */
export const trackLinks = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(create, async (c) => c.json(await Track.createLink(c.req.valid("json")), 201))
  .openapi(requests, async (c) => c.json({ items: await Track.openRequests({}) }, 200))
  .openapi(list, async (c) => c.json({ items: await Track.linksOf(c.req.valid("query").workOrderId) }, 200))
  .openapi(handled, async (c) => c.json(await Track.markHandled(c.req.valid("param").id), 200));

const map = createRoute({
  method: "get",
  path: "/map",
  summary: "The dispatch board map's tile source (MAP_TILE_URL); the board works without tiles",
  responses: { 200: json(MapSchema, "Tile URL template and attribution"), ...problemResponses(401, 403) },
});

/** Settings the dispatch board page needs beyond the dispatch API. */
export const dispatchBoard = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(map, async (c) =>
  c.json(await Track.mapSettings({}), 200),
);
