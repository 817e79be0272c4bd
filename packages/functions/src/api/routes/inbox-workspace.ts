import { Actions, Conversations, Labels, Notes, Thread } from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ConversationSchema = z.object(Conversations.Info.shape).openapi("InboxConversation");
const DetailSchema = z.object(Thread.Detail.shape).openapi("InboxConversationDetail");
const MessageSchema = z.object(Thread.ThreadMessage.shape).openapi("InboxThreadMessage");
const CountsSchema = z.object(Conversations.Counts.shape).openapi("InboxCounts");
const NoteSchema = z.object(Notes.NoteInfo.shape).openapi("InboxNote");
const BulkBody = z.object(Actions.BulkInput.shape).openapi("InboxBulkChange");
const BulkSchema = z.object(Actions.BulkResult.shape).openapi("InboxBulkResult");
const ListQuery = z.object(Conversations.ListFilters.shape);
const MessagesQuery = z.object(Thread.messages.schema.shape).omit({ id: true });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Conversations the caller may see, newest activity first, keyset-paged (crm:inbox:read)",
  description:
    "Folders: `mine` (assigned to me), `unassigned`, `all`, `mentions` (a note mentions me). Status defaults to " +
    "open and pending; `status`, `priority` take one value, repeated keys or a comma-separated list.",
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ items: z.array(ConversationSchema), nextCursor: z.string().nullable() }), "A page"),
    ...problemResponses(400, 401, 403),
  },
});

const counts = createRoute({
  method: "get",
  path: "/counts",
  summary: "Folder badges: unread, mine, unassigned, mentions and all open or pending (crm:inbox:read)",
  responses: { 200: json(CountsSchema, "The counts"), ...problemResponses(401, 403) },
});

const bulk = createRoute({
  method: "post",
  path: "/bulk",
  summary: "Assign, change status, priority or labels of, or mark read, up to 200 conversations (crm:inbox:write)",
  description:
    "Each part of each conversation goes through the single-conversation rules in its own transaction; what is " +
    "refused is listed in `failed` with the error code, the reason's key and values, and the reason in English.",
  request: { body: body(BulkBody) },
  responses: { 200: json(BulkSchema, "What changed and what did not"), ...problemResponses(400, 401, 403) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A conversation with its contact sidebar: person, channel, subscribers, open tickets, past conversations",
  request: { params: IdParam },
  responses: { 200: json(DetailSchema, "The conversation"), ...problemResponses(400, 401, 403, 404) },
});

const messages = createRoute({
  method: "get",
  path: "/{id}/messages",
  summary: "The conversation's messages and notes, newest first, keyset-paged (crm:inbox:read)",
  request: { params: IdParam, query: MessagesQuery },
  responses: {
    200: json(z.object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() }), "A page"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const change = <P extends string, S extends z.ZodObject>(path: P, summary: string, schema: S, description?: string) =>
  createRoute({
    method: "post",
    path: `/{id}/${path}` as `/{id}/${P}`,
    summary,
    ...(description ? { description } : {}),
    request: { params: IdParam, body: body(schema) },
    responses: { 200: json(ConversationSchema, "The conversation"), ...problemResponses(400, 401, 403, 404, 409) },
  });

const markRead = createRoute({
  method: "post",
  path: "/{id}/read",
  summary: "Mark the conversation read (unread count back to 0) (crm:inbox:read)",
  description: "The body is an empty JSON object (writes are JSON, for the CSRF check).",
  request: { params: IdParam, body: body(z.object({}).openapi("InboxMarkRead")) },
  responses: { 200: json(ConversationSchema, "The conversation"), ...problemResponses(400, 401, 403, 404) },
});

const status = change(
  "status",
  "Move the conversation to open, pending or resolved (crm:inbox:write)",
  z.object(Actions.setStatus.schema.shape).omit({ id: true }).openapi("InboxStatusChange"),
  "A move the transitions do not allow answers 409 naming where the conversation can go.",
);
const priority = change(
  "priority",
  "Set the conversation's priority (crm:inbox:write)",
  z.object(Actions.setPriority.schema.shape).omit({ id: true }).openapi("InboxPriorityChange"),
);
const labels = change(
  "labels",
  "Replace the conversation's labels; names from the label catalogue only (crm:inbox:write)",
  z.object({ labels: z.array(z.string()) }).openapi("InboxLabelsChange"),
);
const snooze = change(
  "snooze",
  "Snooze until a time and/or until the customer's next message (crm:inbox:write)",
  z.object({ until: z.string().optional(), untilReply: z.boolean().optional() }).openapi("InboxSnooze"),
);
const mute = change(
  "mute",
  "Mute or unmute the conversation (crm:inbox:write)",
  z.object(Actions.mute.schema.shape).omit({ id: true }).openapi("InboxMute"),
);
const mergePerson = change(
  "merge-person",
  "Merge another person with one of this contact's addresses into the contact (crm:inbox:write, crm:contact:write)",
  z.object(Actions.mergePerson.schema.shape).omit({ id: true }).openapi("InboxMergePerson"),
);

const note = createRoute({
  method: "post",
  path: "/{id}/notes",
  summary: "Add an internal note; `@user@example.com` mentions notify those staff (crm:inbox:write)",
  request: {
    params: IdParam,
    body: body(z.object(Notes.addNote.schema.shape).omit({ id: true }).openapi("InboxNoteCreate")),
  },
  responses: { 201: json(NoteSchema, "The note"), ...problemResponses(400, 401, 403, 404) },
});

const toTicket = createRoute({
  method: "post",
  path: "/{id}/ticket",
  summary: "Turn the conversation into a linked ticket (crm:inbox:write, support:ticket:create)",
  description:
    "The ticket is created by the ticket domain (numbered, SLA started) for the conversation's person; the " +
    "conversation becomes `resolved_to_ticket`. A conversation that already has a ticket answers 409.",
  request: {
    params: IdParam,
    body: body(
      z
        .object({
          title: z.string().optional(),
          priority: z.enum(["low", "medium", "high", "urgent"]).optional(),
          ticketTypeId: z.string().optional(),
        })
        .openapi("InboxToTicket"),
    ),
  },
  responses: {
    201: json(
      z.object({ conversation: ConversationSchema, ticketId: z.string(), ticketNumber: z.string() }),
      "The ticket",
    ),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

/** The agents' workspace on conversations (mounted before `/{id}` routes of other inbox parts). */
export const inboxConversations = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Conversations.list(c.req.valid("query")), 200))
  .openapi(counts, async (c) => c.json(await Conversations.counts({}), 200))
  .openapi(bulk, async (c) => c.json(await Actions.bulk(c.req.valid("json")), 200))
  .openapi(read, async (c) => c.json(await Thread.read(c.req.valid("param").id), 200))
  .openapi(messages, async (c) =>
    c.json(await Thread.messages({ ...c.req.valid("query"), id: c.req.valid("param").id }), 200),
  )
  .openapi(markRead, async (c) => c.json(await Actions.markRead(c.req.valid("param").id), 200))
  .openapi(status, async (c) =>
    c.json(await Actions.setStatus({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(priority, async (c) =>
    c.json(await Actions.setPriority({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(labels, async (c) =>
    c.json(await Actions.setLabels({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(snooze, async (c) =>
    c.json(await Actions.snooze({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(mute, async (c) => c.json(await Actions.mute({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200))
  .openapi(mergePerson, async (c) =>
    c.json(await Actions.mergePerson({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(note, async (c) => c.json(await Notes.addNote({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201))
  .openapi(toTicket, async (c) =>
    c.json(await Actions.toTicket({ ...c.req.valid("json"), id: c.req.valid("param").id }), 201),
  );

const LabelSchema = z.object(Labels.LabelInfo.shape).openapi("InboxLabel");
const LabelBody = z
  .object({ name: z.string(), colour: z.string().optional(), description: z.string().nullish() })
  .openapi("InboxLabelCreate");
const CannedSchema = z.object(Labels.CannedInfo.shape).openapi("InboxCannedResponse");
const CannedBody = z.object({ shortcut: z.string(), title: z.string(), body: z.string() }).openapi("InboxCannedCreate");

const labelList = createRoute({
  method: "get",
  path: "/labels",
  summary: "The label catalogue with colours (crm:inbox:read)",
  responses: { 200: json(z.object({ items: z.array(LabelSchema) }), "The labels"), ...problemResponses(401, 403) },
});
const labelCreate = createRoute({
  method: "post",
  path: "/labels",
  summary: "Add a label to the catalogue (crm:inbox:settings:write)",
  request: { body: body(LabelBody) },
  responses: { 201: json(LabelSchema, "The label"), ...problemResponses(400, 401, 403, 409) },
});
const labelUpdate = createRoute({
  method: "patch",
  path: "/labels/{id}",
  summary: "Rename or recolour a label; a rename follows into conversations (crm:inbox:settings:write)",
  request: { params: IdParam, body: body(LabelBody.partial()) },
  responses: { 200: json(LabelSchema, "The label"), ...problemResponses(400, 401, 403, 404) },
});
const labelRemove = createRoute({
  method: "delete",
  path: "/labels/{id}",
  summary: "Remove a label from the catalogue and every conversation (crm:inbox:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});
const cannedList = createRoute({
  method: "get",
  path: "/canned-responses",
  summary: "Canned responses for `/shortcut` in the composer (crm:inbox:read)",
  responses: { 200: json(z.object({ items: z.array(CannedSchema) }), "The responses"), ...problemResponses(401, 403) },
});
const cannedCreate = createRoute({
  method: "post",
  path: "/canned-responses",
  summary: "Add a canned response (crm:inbox:settings:write)",
  request: { body: body(CannedBody) },
  responses: { 201: json(CannedSchema, "The response"), ...problemResponses(400, 401, 403, 409) },
});
const cannedRemove = createRoute({
  method: "delete",
  path: "/canned-responses/{id}",
  summary: "Remove a canned response (crm:inbox:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

/** The inbox's label catalogue and canned responses. */
export const inboxCatalogue = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(labelList, async (c) => c.json({ items: await Labels.labels({}) }, 200))
  .openapi(labelCreate, async (c) => c.json(await Labels.createLabel(c.req.valid("json")), 201))
  .openapi(labelUpdate, async (c) =>
    c.json(await Labels.updateLabel({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(labelRemove, async (c) => {
    await Labels.removeLabel(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(cannedList, async (c) => c.json({ items: await Labels.cannedResponses({}) }, 200))
  .openapi(cannedCreate, async (c) => c.json(await Labels.createCanned(c.req.valid("json")), 201))
  .openapi(cannedRemove, async (c) => {
    await Labels.removeCanned(c.req.valid("param").id);
    return c.body(null, 204);
  });
