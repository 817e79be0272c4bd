import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

const SavedFilterSchema = z.object(Ticket.SavedFilterInfo.shape).openapi("SavedFilter");
const SaveBody = z.object({ filters: z.object(Ticket.SavedFilterFields.shape).strict() }).openapi("SavedFilterSave");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Your saved ticket-list filters, by name (support:ticket:read)",
  responses: {
    200: json(z.object({ items: z.array(SavedFilterSchema) }), "Your saved filters"),
    ...problemResponses(401, 403),
  },
});

const save = createRoute({
  method: "put",
  path: "/{name}",
  summary: "Save the ticket list's filters under a name, replacing yours of that name (support:ticket:read)",
  description: "`filters` takes the list's query parameters (without `cursor` and `limit`); unknown keys answer 400.",
  request: {
    params: z.object({ name: Ticket.saveFilter.schema.shape.name }),
    body: body(SaveBody),
  },
  responses: { 200: json(SavedFilterSchema, "The saved filter"), ...problemResponses(400, 401, 403) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete one of your saved filters (support:ticket:read)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
});

/** Routes for saved ticket-list filters per user. */
export const savedFilters = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Ticket.listSavedFilters({}) }, 200))
  .openapi(save, async (c) =>
    c.json(await Ticket.saveFilter({ name: c.req.valid("param").name, filters: c.req.valid("json").filters }), 200),
  )
  .openapi(remove, async (c) => {
    await Ticket.removeSavedFilter(c.req.valid("param").id);
    return c.body(null, 204);
  });
