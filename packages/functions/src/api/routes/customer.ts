import { Customer } from "@dotmac/core/portal";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const SubscriberSchema = z.object(Customer.SubscriberView.shape).openapi("PortalSubscriber");
const OverviewSchema = z
  .object({ ...Customer.Overview.shape, subscribers: z.array(SubscriberSchema) })
  .openapi("CustomerOverview");

const overview = createRoute({
  method: "get",
  path: "/overview",
  summary: "The signed-in customer's service: their subscriber record(s) with plan, status and address",
  responses: { 200: json(OverviewSchema, "The customer's service"), ...problemResponses(401, 403) },
});

const subscriber = createRoute({
  method: "get",
  path: "/subscribers/{id}",
  summary: "One of the signed-in customer's subscribers (anyone else's is 404, like a missing id)",
  request: { params: IdParam },
  responses: { 200: json(SubscriberSchema, "The subscriber"), ...problemResponses(400, 401, 403, 404) },
});

/** The customer portal's own routes under `/api/v1/customer`: everything is scoped to the signed-in account in core. */
export const customerPortal = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(overview, async (c) => c.json(await Customer.overview(), 200))
  .openapi(subscriber, async (c) => c.json(await Customer.subscriber(c.req.valid("param")), 200));
