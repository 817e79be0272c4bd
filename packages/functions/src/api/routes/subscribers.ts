import { AppError } from "@dotmac/core/platform/errors";
import * as Subscriber from "@dotmac/core/subscriber";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const SubscriberSchema = z.object(Subscriber.View.shape).openapi("Subscriber");
const ListQuery = z.object(Subscriber.list.schema.shape);

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Subscribers by number, in cursor pages (subscribers:subscriber:read)",
  description:
    "`q` matches the subscriber or account number or the person's name; `personId` and `organizationId` narrow " +
    "to one party. Pass `nextCursor` back as `cursor` for the next page.",
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ items: z.array(SubscriberSchema), nextCursor: z.string().nullable() }), "One page"),
    ...problemResponses(400, 401, 403),
  },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One subscriber with its person and organisation (subscribers:subscriber:read)",
  request: { params: IdParam },
  responses: { 200: json(SubscriberSchema, "The subscriber"), ...problemResponses(400, 401, 403, 404) },
});

export const subscribers = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Subscriber.list(c.req.valid("query")), 200))
  .openapi(get, async (c) => {
    const subscriber = await Subscriber.fromID(c.req.valid("param").id);
    if (!subscriber) throw new AppError("not_found", `Subscriber ${c.req.valid("param").id} does not exist`);
    return c.json(subscriber, 200);
  });
