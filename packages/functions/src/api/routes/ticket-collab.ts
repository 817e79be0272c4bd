import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const TicketSchema = z.object(Ticket.Info.shape).openapi("Ticket");
const LinkSchema = z.object(Ticket.LinkInfo.shape).openapi("TicketLink");
const LinkBody = z.object(Ticket.link.schema.shape).omit({ id: true }).openapi("TicketLinkCreate");
const MergeBody = z.object(Ticket.merge.schema.shape).omit({ id: true }).openapi("TicketMerge");
const BulkBody = z.object(Ticket.BulkInput.shape).openapi("TicketBulkChange");
const BulkSchema = z.object(Ticket.BulkResult.shape).openapi("TicketBulkResult");
const ConfirmationSchema = z.object(Ticket.ConfirmationInfo.shape).openapi("TicketConfirmation");

const listLinks = createRoute({
  method: "get",
  path: "/{id}/links",
  summary: "The ticket's links from both ends, oldest first (support:ticket:read)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(LinkSchema) }), "The links"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const addLink = createRoute({
  method: "post",
  path: "/{id}/links",
  summary: "Link the ticket to another, by number or id (support:ticket:update)",
  description:
    "Idempotent: the same target and kind again answers the existing link. Self-links and links to merged or " +
    "deleted tickets answer 400 naming `targetRef`.",
  request: { params: IdParam, body: body(LinkBody) },
  responses: { 201: json(LinkSchema, "The link"), ...problemResponses(400, 401, 403, 404, 412) },
});

const removeLink = createRoute({
  method: "delete",
  path: "/{id}/links/{linkId}",
  summary: "Remove a link of the ticket, from either end (support:ticket:update)",
  request: { params: z.object(Ticket.unlink.schema.shape) },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404, 412) },
});

const merge = createRoute({
  method: "post",
  path: "/{id}/merge",
  summary: "Merge this ticket into another (support:ticket:update)",
  description:
    "The ticket becomes `merged`; its comments, attachments, links and assignees move to the target, which is " +
    "returned. Merging a ticket that is already merged answers 409 and changes nothing.",
  request: { params: IdParam, body: body(MergeBody) },
  responses: { 200: json(TicketSchema, "The target ticket"), ...problemResponses(400, 401, 403, 404, 409) },
});

const bulk = createRoute({
  method: "post",
  path: "/bulk",
  summary: "Change the status, primary assignee or team of up to 200 tickets (support:ticket:update)",
  description:
    "Each part (team, then primary assignee, then status) of each ticket goes through the ordinary change in its " +
    "own transaction, with the caller's permissions: what is allowed is applied, and a ticket that refused a part " +
    "(a transition that is not allowed, an assignment the caller may not make, a merged ticket) is listed in " +
    "`failed` with what it applied and, per refused part, the error code, the reason's key and values (for a " +
    "client to word it) and the reason in English.",
  request: { body: body(BulkBody) },
  responses: { 200: json(BulkSchema, "What changed and what did not"), ...problemResponses(400, 401, 403) },
});

const confirmation = createRoute({
  method: "get",
  path: "/{id}/confirmation",
  summary: "The ticket's newest customer confirmation; null if it was never resolved (support:ticket:read)",
  request: { params: IdParam },
  responses: {
    200: json(ConfirmationSchema.nullable(), "The confirmation, or null"),
    ...problemResponses(400, 401, 403, 404),
  },
});

/** Routes for links, merge, bulk changes and the confirmation state (mounted before tickets' `/{idOrNumber}`). */
export const ticketCollab = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(bulk, async (c) => c.json(await Ticket.bulk(c.req.valid("json")), 200))
  .openapi(listLinks, async (c) => c.json({ items: await Ticket.links(c.req.valid("param").id) }, 200))
  .openapi(addLink, async (c) =>
    c.json(await Ticket.link({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(removeLink, async (c) => {
    await Ticket.unlink(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(merge, async (c) => c.json(await Ticket.merge({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200))
  .openapi(confirmation, async (c) => {
    // A ticket never resolved has no confirmation yet: that is an answer (null), not a missing resource.
    return c.json((await Ticket.confirmationOf(c.req.valid("param").id)) ?? null, 200);
  });
