import { AppError } from "@dotmac/core/platform/errors";
import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, csvDownload, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const TicketSchema = z.object(Ticket.Info.shape).openapi("Ticket");
const CustomerSchema = z.object(Ticket.CustomerContext.shape).openapi("TicketCustomer");
const TicketReadSchema = z.object({ ...Ticket.Info.shape, customer: CustomerSchema }).openapi("TicketWithCustomer");
const WarningSchema = z.object(Ticket.Warning.shape).openapi("TicketWarning");
const CommentSchema = z.object(Ticket.CommentInfo.shape).openapi("TicketComment");
const EventSchema = z.object(Ticket.EventInfo.shape).openapi("TicketEvent");
const TypeSchema = z.object(Ticket.TypeInfo.shape).openapi("TicketType");
const CreateBody = z.object(Ticket.create.schema.shape).openapi("TicketCreate");
const UpdateBody = z.object(Ticket.update.schema.shape).omit({ id: true }).openapi("TicketUpdate");
const StatusBody = z.object(Ticket.changeStatus.schema.shape).omit({ id: true }).openapi("TicketStatusChange");
const AssignBody = z.object(Ticket.assign.schema.shape).omit({ id: true }).openapi("TicketAssign");
const CommentBody = z.object(Ticket.addComment.schema.shape).omit({ id: true }).openapi("TicketCommentCreate");
const ListQuery = z.object(Ticket.list.schema.shape);
const ExportQuery = z.object(Ticket.exportCsv.schema.shape);
const RefParam = z.object({
  idOrNumber: Ticket.fromRef.schema.describe("The ticket's UUID or its number (TCK-2026-000123)"),
});

const types = createRoute({
  method: "get",
  path: "/types",
  summary: "The active ticket types, by name (staff with support:ticket:read)",
  responses: { 200: json(z.object({ items: z.array(TypeSchema) }), "The ticket types"), ...problemResponses(401, 403) },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Tickets, newest first, filtered and paginated by cursor (staff with support:ticket:read)",
  description:
    "`status` and `priority` take several values, repeated or comma-separated. `q` matches the number, title or " +
    "description. Pass `nextCursor` back as `cursor` for the next page.",
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ items: z.array(TicketSchema), nextCursor: z.string().nullable() }), "One page of tickets"),
    ...problemResponses(400, 401, 403),
  },
});

const exportCsv = createRoute({
  method: "get",
  path: "/export.csv",
  summary: "Every ticket the list filters match, as CSV (staff with support:ticket:read)",
  description:
    "Takes the list's filters. Streams UTF-8 CSV (RFC 4180, CRLF), newest first; text a spreadsheet would run as " +
    "a formula is prefixed with `'`.",
  request: { query: ExportQuery },
  responses: {
    200: { description: "CSV download", content: { "text/csv": { schema: z.string() } } },
    ...problemResponses(400, 401, 403),
  },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Open a ticket, numbered from the ticket sequence (staff with support:ticket:create)",
  description: "An open ticket of the same subscriber and type comes back in `warnings`; it does not stop the create.",
  request: { body: body(CreateBody) },
  responses: {
    201: json(z.object({ ticket: TicketSchema, warnings: z.array(WarningSchema) }), "The new ticket"),
    ...problemResponses(400, 401, 403),
  },
});

const get = createRoute({
  method: "get",
  path: "/{idOrNumber}",
  summary: "One ticket by UUID or number, with its customer (staff with support:ticket:read)",
  description:
    "`customer` is resolved server-side: the person (channels with crm:contact:read), the subscriber (with " +
    "subscribers:subscriber:read), the organisation, up to five other tickets of the same customer, and the names " +
    "of the portal accounts that wrote on or changed the ticket.",
  request: { params: RefParam },
  responses: { 200: json(TicketReadSchema, "The ticket"), ...problemResponses(400, 401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a ticket's fields; status and assignees have their own routes (support:ticket:update)",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: json(TicketSchema, "The ticket"), ...problemResponses(400, 401, 403, 404) },
});

const changeStatus = createRoute({
  method: "post",
  path: "/{id}/status",
  summary: "Move a ticket to another status, as the transition table allows (support:ticket:update)",
  description:
    "A transition flagged `requiresNote` answers 400 naming `note` without one; the note becomes an internal comment. " +
    "Resolving (`pending_confirmation`) emails the customer a link to confirm the fix; a ticket with nobody to ask " +
    "(no customer address) is closed as resolved at once instead, and the answer says `closed`.",
  request: { params: IdParam, body: body(StatusBody) },
  responses: { 200: json(TicketSchema, "The ticket"), ...problemResponses(400, 401, 403, 404, 412) },
});

const assign = createRoute({
  method: "post",
  path: "/{id}/assign",
  summary: "Set the primary assignee and the others (support:ticket:assign; support:ticket:take only yourself)",
  description:
    "With support:ticket:assign anyone may be set. Holding only support:ticket:take, the caller may make " +
    "themselves the primary assignee of an unassigned ticket; anything else answers 403, and a ticket someone " +
    "else holds 409. A `new` ticket given a primary assignee becomes `open` (when the transition table allows it " +
    "without a note).",
  request: { params: IdParam, body: body(AssignBody) },
  responses: { 200: json(TicketSchema, "The ticket"), ...problemResponses(400, 401, 403, 404, 409, 412) },
});

const take = createRoute({
  method: "post",
  path: "/{id}/take",
  summary: "Become the primary assignee of an unassigned ticket (support:ticket:take)",
  description:
    "A `new` ticket becomes `open` as it is taken (when the transition table allows it without a note). Taking a " +
    "ticket you already hold changes nothing; a ticket someone else holds answers 409 naming them.",
  request: { params: IdParam },
  responses: { 200: json(TicketSchema, "The ticket"), ...problemResponses(400, 401, 403, 404, 409, 412) },
});

const listComments = createRoute({
  method: "get",
  path: "/{id}/comments",
  summary: "The ticket's comments, oldest first (support:ticket:read)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(CommentSchema) }), "The comments"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const addComment = createRoute({
  method: "post",
  path: "/{id}/comments",
  summary: "Add an internal note or a public reply; `@email` mentions of staff are resolved (support:ticket:update)",
  request: { params: IdParam, body: body(CommentBody) },
  responses: { 201: json(CommentSchema, "The comment"), ...problemResponses(400, 401, 403, 404, 412) },
});

const removeComment = createRoute({
  method: "delete",
  path: "/{id}/comments/{commentId}",
  summary: "Remove a comment: its author, or anyone with support:ticket:delete (kept in the database)",
  request: { params: z.object(Ticket.removeComment.schema.shape) },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const events = createRoute({
  method: "get",
  path: "/{id}/events",
  summary: "The ticket's append-only event log, oldest first (support:ticket:read)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(EventSchema) }), "The events"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Soft-delete a ticket (support:ticket:delete)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
});

export const tickets = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(types, async (c) => c.json({ items: await Ticket.types({}) }, 200))
  .openapi(list, async (c) => c.json(await Ticket.list(c.req.valid("query")), 200))
  // Before `/{idOrNumber}`, so `export.csv` is not read as a ticket number.
  .openapi(exportCsv, (c) => csvDownload(c, Ticket.exportCsv(c.req.valid("query")), "tickets"))
  .openapi(create, async (c) => c.json(await Ticket.create(c.req.valid("json")), 201))
  .openapi(get, async (c) => {
    const ticket = await Ticket.read(c.req.valid("param").idOrNumber);
    if (!ticket) throw new AppError("not_found", `Ticket ${c.req.valid("param").idOrNumber} does not exist`);
    return c.json(ticket, 200);
  })
  .openapi(update, async (c) =>
    c.json(await Ticket.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(changeStatus, async (c) =>
    c.json(await Ticket.changeStatus({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(assign, async (c) =>
    c.json(await Ticket.assign({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(take, async (c) => c.json(await Ticket.take({ id: c.req.valid("param").id }), 200))
  .openapi(listComments, async (c) => c.json({ items: await Ticket.comments(c.req.valid("param").id) }, 200))
  .openapi(addComment, async (c) =>
    c.json(await Ticket.addComment({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  )
  .openapi(removeComment, async (c) => {
    await Ticket.removeComment(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(events, async (c) => c.json({ items: await Ticket.events(c.req.valid("param").id) }, 200))
  .openapi(remove, async (c) => {
    await Ticket.remove(c.req.valid("param").id);
    return c.body(null, 204);
  });
