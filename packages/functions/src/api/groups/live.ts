import * as Live from "@dotmac/core/live";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

const Ticket = z
  .object({
    ticket: z.string().openapi({ description: "Single use, dead after 30 seconds" }),
    expiresAt: z.string(),
    url: z.string().openapi({ description: "Open `url?ticket=<ticket>` as a WebSocket" }),
  })
  .openapi("LiveTicket");

const issue = createRoute({
  method: "post",
  path: "/api/v1/live/tickets",
  summary: "A one-time ticket to open the live updates socket (signed-in staff session)",
  description:
    "Open a WebSocket to `url` with `?ticket=` within 30 seconds; the ticket works once. Then send " +
    '`{"action":"subscribe","topic":"inbox"|"presence"|"conversation:<id>"}`, `typing`, `presence` and a ' +
    "`ping` at least every 5 minutes. Events carry ids and versions: refetch through the API.",
  responses: { 201: json(Ticket, "The ticket and where to use it"), ...problemResponses(401, 403) },
});

/** Live updates: only the ticket route; the socket itself is API Gateway's (or the local runtime's `/live`). */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(issue, async (c) =>
  c.json(await Live.issueTicket({}), 201),
);
