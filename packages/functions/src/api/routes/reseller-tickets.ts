import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const SummarySchema = z.object(Ticket.Customer.TicketSummary.shape).openapi("CustomerTicketSummary");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Tickets of the subscribers and organisations in the reseller's tree, newest first, by cursor",
  request: { query: z.object(Ticket.Reseller.list.schema.shape) },
  responses: {
    200: json(
      z.object({ items: z.array(SummarySchema), nextCursor: z.string().nullable() }),
      "One page; pass `nextCursor` back as `cursor` for the next",
    ),
    ...problemResponses(400, 401, 403),
  },
});

/** The reseller portal's view of its customers' tickets under `/api/v1/reseller/tickets`. */
export const resellerTickets = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(list, async (c) =>
  c.json(await Ticket.Reseller.list(c.req.valid("query")), 200),
);
