import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const TypeSchema = z.object(Ticket.Admin.TypeInfo.shape).openapi("TicketTypeSettings");
const TransitionSchema = z.object(Ticket.Admin.TransitionInfo.shape).openapi("TicketTransition");
const NumberingSchema = z.object(Ticket.Admin.NumberingSettings.shape).openapi("TicketNumbering");
const TypeBody = z.object(Ticket.Admin.saveType.schema.shape).omit({ name: true }).openapi("TicketTypeSave");
const TransitionBody = z.object(Ticket.Admin.saveTransition.schema.shape).openapi("TicketTransitionSave");
const NumberingBody = z.object(Ticket.Admin.saveNumbering.schema.shape).openapi("TicketNumberingSave");
const PreviewQuery = z.object(Ticket.Admin.previewNumbering.schema.shape);

const types = createRoute({
  method: "get",
  path: "/types",
  summary: "Every ticket type, inactive ones included (system:settings:read)",
  responses: { 200: json(z.object({ items: z.array(TypeSchema) }), "The types"), ...problemResponses(401, 403) },
});

const saveType = createRoute({
  method: "put",
  path: "/types/{name}",
  summary: "Create or change a ticket type by name (system:settings:write)",
  description: "Types are never deleted; an inactive type is no longer offered for new tickets.",
  request: { params: z.object({ name: Ticket.Admin.saveType.schema.shape.name }), body: body(TypeBody) },
  responses: { 200: json(TypeSchema, "The type"), ...problemResponses(400, 401, 403) },
});

const transitions = createRoute({
  method: "get",
  path: "/transitions",
  summary: "Every status transition, inactive ones included (system:settings:read)",
  description: "With no active transition at all, every status change is allowed.",
  responses: {
    200: json(z.object({ items: z.array(TransitionSchema) }), "The transitions"),
    ...problemResponses(401, 403),
  },
});

const saveTransition = createRoute({
  method: "put",
  path: "/transitions",
  summary: "Allow a status change, or change whether it needs a note (system:settings:write)",
  description: "`merged` is reached only by merging and is never a target.",
  request: { body: body(TransitionBody) },
  responses: { 200: json(TransitionSchema, "The transition"), ...problemResponses(400, 401, 403) },
});

const removeTransition = createRoute({
  method: "delete",
  path: "/transitions/{id}",
  summary: "Remove a status transition (system:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const numbering = createRoute({
  method: "get",
  path: "/numbering",
  summary: "The ticket number format and the number the next ticket gets (system:settings:read)",
  responses: { 200: json(NumberingSchema, "The numbering"), ...problemResponses(401, 403) },
});

const preview = createRoute({
  method: "get",
  path: "/numbering/preview",
  summary: "The next ticket number a format would give, without saving it (system:settings:read)",
  request: { query: PreviewQuery },
  responses: { 200: json(z.object({ preview: z.string() }), "The preview"), ...problemResponses(400, 401, 403) },
});

const saveNumbering = createRoute({
  method: "put",
  path: "/numbering",
  summary: "Change the ticket number format (system:settings:write)",
  description:
    "`pattern` may hold `{YYYY}`, `{MM}` and `{DD}` (UTC). A pattern whose rendered prefix differs restarts the " +
    "counter at `start`; the counter never goes back for the same prefix.",
  request: { body: body(NumberingBody) },
  responses: { 200: json(NumberingSchema, "The numbering"), ...problemResponses(400, 401, 403) },
});

/** The support catalogue an administrator configures: ticket types, status transitions, numbering. */
export const supportAdmin = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(types, async (c) => c.json({ items: await Ticket.Admin.types({}) }, 200))
  .openapi(saveType, async (c) =>
    c.json(await Ticket.Admin.saveType({ ...c.req.valid("json"), name: c.req.valid("param").name }), 200),
  )
  .openapi(transitions, async (c) => c.json({ items: await Ticket.Admin.transitions({}) }, 200))
  .openapi(saveTransition, async (c) => c.json(await Ticket.Admin.saveTransition(c.req.valid("json")), 200))
  .openapi(removeTransition, async (c) => {
    await Ticket.Admin.removeTransition(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(numbering, async (c) => c.json(await Ticket.Admin.numbering({}), 200))
  .openapi(preview, async (c) => c.json(await Ticket.Admin.previewNumbering(c.req.valid("query")), 200))
  .openapi(saveNumbering, async (c) => c.json(await Ticket.Admin.saveNumbering(c.req.valid("json")), 200));
