import * as Contact from "@dotmac/core/contact";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const OverviewSchema = z.object(Contact.Overview.shape).openapi("ContactOverview");
const MergeResultSchema = z.object(Contact.MergeResult.shape).openapi("ContactMergeResult");
const MergeBody = z.object({ sourceId: z.uuid() }).openapi("ContactMerge");

const errors = problemResponses(400, 401, 403, 404, 409, 412);

const overview = createRoute({
  method: "get",
  path: "/{id}",
  summary:
    "A person's page in one read: channels, organisation, subscribers, conversations, tickets, work orders, leads, quotes, orders, projects (the newest of each with a total; null where you may not read them) and people to merge",
  request: { params: IdParam },
  responses: { 200: json(OverviewSchema, "The contact"), ...errors },
});
const merge = createRoute({
  method: "post",
  path: "/{id}/merge",
  summary:
    "Fold another person (`sourceId`) into this one with all their records (crm:contact:write); the other is retired",
  request: { params: IdParam, body: body(MergeBody) },
  responses: {
    200: json(MergeResultSchema, "The surviving person and how many records of each kind moved"),
    ...errors,
  },
});

/** Routes under `/api/v1/contacts`. */
export const contacts = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(overview, async (c) => c.json(await Contact.overview(c.req.valid("param")), 200))
  .openapi(merge, async (c) =>
    c.json(await Contact.merge({ targetId: c.req.valid("param").id, sourceId: c.req.valid("json").sourceId }), 200),
  );
