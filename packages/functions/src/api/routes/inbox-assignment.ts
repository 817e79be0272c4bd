import { Assignment, conversationPriorities, Obligation, Presence, RoutingSettings } from "@dotmac/core/inbox";
import { id } from "@dotmac/core/platform/input";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const PresenceSchema = z.object(Presence.Info.shape).openapi("InboxPresence");
const AgentSchema = z.object(RoutingSettings.Agent.shape).openapi("InboxAgent");
const TeamRoutingSchema = z.object(RoutingSettings.TeamRouting.shape).openapi("InboxTeamRouting");
const RuleSchema = z.object(RoutingSettings.Rule.shape).openapi("InboxRoutingRule");
const QueueEntrySchema = z.object(RoutingSettings.QueueEntry.shape).openapi("InboxQueueEntry");
const RecentSchema = z.object(RoutingSettings.RecentAssignment.shape).openapi("InboxRecentAssignment");
const HistorySchema = z.object(Assignment.HistoryEntry.shape).openapi("InboxAssignmentEntry");
const StatsSchema = z.object(Obligation.Stats.shape).openapi("InboxReplyStats");
const PolicySchema = z.object(Obligation.ReplyPolicy.shape).openapi("InboxReplyPolicy");
const Assigned = z.object({ conversationId: z.uuid(), assigneeId: z.uuid().nullable() });
const UserParam = z.object({
  id: id().openapi({ param: { name: "id", in: "path" } }),
  userId: id().openapi({ param: { name: "userId", in: "path" } }),
});
const PriorityParam = z.object({
  priority: z.enum(conversationPriorities).openapi({ param: { name: "priority", in: "path" } }),
});

const conflictResponses = problemResponses(400, 401, 403, 404, 409);

const assign = createRoute({
  method: "post",
  path: "/conversations/{id}/assign",
  summary: "Assign to an agent (inbox admin or the team's lead; force goes past capacity)",
  request: { params: IdParam, body: body(z.object(Assignment.assign.schema.shape).omit({ conversationId: true })) },
  responses: { 200: json(Assigned, "Assigned"), ...conflictResponses },
});
const take = createRoute({
  method: "post",
  path: "/conversations/{id}/take",
  summary: "Take an unassigned conversation you can see, within your capacity",
  request: { params: IdParam },
  responses: { 200: json(Assigned, "Yours"), ...conflictResponses },
});
const unassign = createRoute({
  method: "post",
  path: "/conversations/{id}/unassign",
  summary: "Unassign (the assignee or a supervisor); it returns to its team's queue",
  request: { params: IdParam, body: body(z.object({ note: z.string().max(200).optional() })) },
  responses: { 200: json(Assigned, "Unassigned"), ...conflictResponses },
});
const transfer = createRoute({
  method: "post",
  path: "/conversations/{id}/transfer",
  summary: "Move to another team's queue (the assignee or a supervisor)",
  request: { params: IdParam, body: body(z.object({ teamId: z.uuid(), note: z.string().max(200).optional() })) },
  responses: {
    200: json(z.object({ conversationId: z.uuid(), teamId: z.uuid() }), "Transferred"),
    ...conflictResponses,
  },
});
const history = createRoute({
  method: "get",
  path: "/conversations/{id}/assignments",
  summary: "Why the conversation is where it is: its assignment and team changes with their reasons",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(HistorySchema) }), "Oldest first"),
    ...problemResponses(400, 401, 403, 404),
  },
});
const myPresence = createRoute({
  method: "get",
  path: "/presence",
  summary: "Your presence (online while your live connection or the open inbox keeps it fresh)",
  responses: { 200: json(PresenceSchema, "Your presence"), ...problemResponses(401, 403) },
});
const setPresence = createRoute({
  method: "put",
  path: "/presence",
  summary: "Set your status: online, away, offline, or null to follow your connection",
  request: { body: body(z.object(Presence.set.schema.shape)) },
  responses: { 200: json(PresenceSchema, "Your presence"), ...problemResponses(400, 401, 403) },
});
const heartbeat = createRoute({
  method: "post",
  path: "/presence/heartbeat",
  summary: "Keep-alive from the open inbox",
  responses: { 200: json(PresenceSchema, "Your presence"), ...problemResponses(401, 403) },
});
const agents = createRoute({
  method: "get",
  path: "/agents",
  summary: "Agents with presence, capacity and load (inbox admins and settings readers)",
  responses: { 200: json(z.object({ items: z.array(AgentSchema) }), "Agents"), ...problemResponses(401, 403) },
});
const queue = createRoute({
  method: "get",
  path: "/queue",
  summary: "Waiting conversations in the order they will be served (inbox admins and settings readers)",
  request: {
    query: z.object({ teamId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
  },
  responses: {
    200: json(z.object({ total: z.number(), items: z.array(QueueEntrySchema) }), "The queue"),
    ...problemResponses(400, 401, 403),
  },
});
const recent = createRoute({
  method: "get",
  path: "/assignments/recent",
  summary: "The latest assignments with their reasons, newest first (inbox admins and settings readers)",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }) },
  responses: {
    200: json(z.object({ items: z.array(RecentSchema) }), "Newest first"),
    ...problemResponses(400, 401, 403),
  },
});
const stats = createRoute({
  method: "get",
  path: "/reply-stats",
  summary: "Reply-SLA figures over the conversations you see: waiting, overdue, due within the hour, breaches",
  request: { query: z.object({ days: z.coerce.number().int().min(1).max(90).optional() }) },
  responses: { 200: json(StatsSchema, "Figures"), ...problemResponses(400, 401, 403) },
});
const teams = createRoute({
  method: "get",
  path: "/settings/routing/teams",
  summary: "Teams with routing mode, members (leads flagged) and waiting count",
  responses: { 200: json(z.object({ items: z.array(TeamRoutingSchema) }), "Teams"), ...problemResponses(401, 403) },
});
const setMode = createRoute({
  method: "put",
  path: "/settings/routing/teams/{id}/mode",
  summary: "Choose round-robin or least-loaded (crm:inbox:settings:write)",
  request: { params: IdParam, body: body(z.object({ mode: RoutingSettings.setMode.schema.shape.mode })) },
  responses: {
    200: json(z.object({ teamId: z.uuid(), mode: RoutingSettings.setMode.schema.shape.mode }), "Saved"),
    ...problemResponses(400, 401, 403, 404),
  },
});
const setMember = createRoute({
  method: "put",
  path: "/settings/routing/teams/{id}/members/{userId}",
  summary: "Add a member or change their role (crm:inbox:settings:write)",
  request: { params: UserParam, body: body(z.object({ role: z.enum(["member", "lead"]) })) },
  responses: {
    200: json(z.object({ teamId: z.uuid(), userId: z.uuid(), role: z.enum(["member", "lead"]) }), "Saved"),
    ...problemResponses(400, 401, 403, 404),
  },
});
const removeMember = createRoute({
  method: "delete",
  path: "/settings/routing/teams/{id}/members/{userId}",
  summary: "Remove a member (crm:inbox:settings:write); their assigned conversations stay theirs",
  request: { params: UserParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});
const setCapacity = createRoute({
  method: "put",
  path: "/settings/agents/{id}/capacity",
  summary: "Set how many open conversations an agent holds at most (crm:inbox:settings:write)",
  request: { params: IdParam, body: body(z.object({ capacity: z.number().int().min(0).max(1000) })) },
  responses: {
    200: json(z.object({ userId: z.uuid(), capacity: z.number() }), "Saved"),
    ...problemResponses(400, 401, 403, 404),
  },
});
const rules = createRoute({
  method: "get",
  path: "/settings/routing/rules",
  summary: "Routing rules in the order they are tried (crm:inbox:settings:read)",
  responses: { 200: json(z.object({ items: z.array(RuleSchema) }), "Rules"), ...problemResponses(401, 403) },
});
const createRule = createRoute({
  method: "post",
  path: "/settings/routing/rules",
  summary: "Add a routing rule (crm:inbox:settings:write)",
  request: { body: body(z.object(RoutingSettings.createRule.schema.shape)) },
  responses: { 201: json(RuleSchema, "The rule"), ...problemResponses(400, 401, 403) },
});
const updateRule = createRoute({
  method: "patch",
  path: "/settings/routing/rules/{id}",
  summary: "Change a routing rule (crm:inbox:settings:write)",
  request: { params: IdParam, body: body(z.object(RoutingSettings.updateRule.schema.shape).omit({ id: true })) },
  responses: { 200: json(RuleSchema, "The rule"), ...problemResponses(400, 401, 403, 404) },
});
const removeRule = createRoute({
  method: "delete",
  path: "/settings/routing/rules/{id}",
  summary: "Remove a routing rule (crm:inbox:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});
const policies = createRoute({
  method: "get",
  path: "/settings/reply-policies",
  summary: "Reply targets by priority (crm:inbox:settings:read)",
  responses: { 200: json(z.object({ items: z.array(PolicySchema) }), "Targets"), ...problemResponses(401, 403) },
});
const savePolicy = createRoute({
  method: "put",
  path: "/settings/reply-policies/{priority}",
  summary: "Save the reply target of a priority (crm:inbox:settings:write)",
  request: {
    params: PriorityParam,
    body: body(z.object(Obligation.ReplyPolicy.shape).omit({ priority: true })),
  },
  responses: { 200: json(PolicySchema, "Saved"), ...problemResponses(400, 401, 403) },
});

/** Assignment, presence, the queue and routing settings of the inbox. */
export const inboxAssignment = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(assign, async (c) =>
    c.json(await Assignment.assign({ ...c.req.valid("json"), conversationId: c.req.valid("param").id }), 200),
  )
  .openapi(take, async (c) => c.json(await Assignment.take({ conversationId: c.req.valid("param").id }), 200))
  .openapi(unassign, async (c) =>
    c.json(await Assignment.unassign({ ...c.req.valid("json"), conversationId: c.req.valid("param").id }), 200),
  )
  .openapi(transfer, async (c) =>
    c.json(await Assignment.transfer({ ...c.req.valid("json"), conversationId: c.req.valid("param").id }), 200),
  )
  .openapi(history, async (c) =>
    c.json({ items: await Assignment.history({ conversationId: c.req.valid("param").id }) }, 200),
  )
  .openapi(myPresence, async (c) => c.json(await Presence.mine({}), 200))
  .openapi(setPresence, async (c) => c.json(await Presence.set(c.req.valid("json")), 200))
  .openapi(heartbeat, async (c) => c.json(await Presence.beat({}), 200))
  .openapi(agents, async (c) => c.json({ items: await RoutingSettings.agents({}) }, 200))
  .openapi(queue, async (c) => c.json(await RoutingSettings.waiting(c.req.valid("query")), 200))
  .openapi(recent, async (c) =>
    c.json({ items: await RoutingSettings.recentAssignments({ limit: c.req.valid("query").limit ?? 20 }) }, 200),
  )
  .openapi(stats, async (c) => c.json(await Obligation.stats(c.req.valid("query")), 200))
  .openapi(teams, async (c) => c.json({ items: await RoutingSettings.teams({}) }, 200))
  .openapi(setMode, async (c) =>
    c.json(await RoutingSettings.setMode({ ...c.req.valid("json"), teamId: c.req.valid("param").id }), 200),
  )
  .openapi(setMember, async (c) => {
    const { id: teamId, userId } = c.req.valid("param");
    return c.json(await RoutingSettings.setMember({ ...c.req.valid("json"), teamId, userId }), 200);
  })
  .openapi(removeMember, async (c) => {
    const { id: teamId, userId } = c.req.valid("param");
    await RoutingSettings.removeMember({ teamId, userId });
    return c.body(null, 204);
  })
  .openapi(setCapacity, async (c) =>
    c.json(await RoutingSettings.setCapacity({ ...c.req.valid("json"), userId: c.req.valid("param").id }), 200),
  )
  .openapi(rules, async (c) => c.json({ items: await RoutingSettings.rules({}) }, 200))
  .openapi(createRule, async (c) => c.json(await RoutingSettings.createRule(c.req.valid("json")), 201))
  .openapi(updateRule, async (c) =>
    c.json(await RoutingSettings.updateRule({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeRule, async (c) => {
    await RoutingSettings.removeRule({ id: c.req.valid("param").id });
    return c.body(null, 204);
  })
  .openapi(policies, async (c) => c.json({ items: await Obligation.policies({}) }, 200))
  .openapi(savePolicy, async (c) =>
    c.json(await Obligation.savePolicy({ ...c.req.valid("json"), priority: c.req.valid("param").priority }), 200),
  );
