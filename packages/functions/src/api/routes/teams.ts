import * as Team from "@dotmac/core/team";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const TeamSchema = z.object(Team.Info.shape).openapi("Team");
const CreateBody = z.object(Team.create.schema.shape).openapi("TeamCreate");
const UpdateBody = z.object(Team.update.schema.shape).omit({ id: true }).openapi("TeamUpdate");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The teams tickets are routed to, by name (support:ticket:read or system:settings:read)",
  responses: { 200: json(z.object({ items: z.array(TeamSchema) }), "The teams"), ...problemResponses(401, 403) },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Add a team (system:settings:write); names are unique ignoring case",
  request: { body: body(CreateBody) },
  responses: { 201: json(TeamSchema, "The team"), ...problemResponses(400, 401, 403, 409) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Rename a team or change its description (system:settings:write)",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: json(TeamSchema, "The team"), ...problemResponses(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Remove a team from the list (system:settings:write); tickets that had it keep it",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

/** The managed list of teams (settings › teams) and what ticket forms and filters pick from. */
export const teams = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Team.list({}) }, 200))
  .openapi(create, async (c) => c.json(await Team.create(c.req.valid("json")), 201))
  .openapi(update, async (c) => c.json(await Team.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200))
  .openapi(remove, async (c) => {
    await Team.remove(c.req.valid("param").id);
    return c.body(null, 204);
  });
