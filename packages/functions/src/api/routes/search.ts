import * as Search from "@dotmac/core/search";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ResultSchema = z.object(Search.Result.shape).openapi("SearchResult");
const Query = z.object(Search.Input.shape);

const search = createRoute({
  method: "get",
  path: "/",
  summary: "Tickets, people and subscribers matching `q`, a few of each (staff; each kind by its read permission)",
  description:
    "Tickets match on number or title, people on name, email or phone, subscribers on subscriber or account " +
    "number or their person's name. A kind the caller may not read comes back empty; a caller who may read none " +
    "is refused with 403.",
  request: { query: Query },
  responses: { 200: json(ResultSchema, "Matches by kind"), ...problemResponses(400, 401, 403) },
});

export const searchRoutes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(search, async (c) =>
  c.json(await Search.search(c.req.valid("query")), 200),
);
