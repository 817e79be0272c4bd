import * as Sla from "@dotmac/core/sla";
import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const CalendarSchema = z.object(Sla.CalendarInfo.shape).openapi("SlaCalendar");
const PolicySchema = z.object(Sla.PolicyInfo.shape).openapi("SlaPolicy");
const ExplainSchema = z.object(Sla.Explain.shape).openapi("SlaExplain");
const CalendarBody = z.object(Sla.saveCalendar.schema.shape).omit({ name: true }).openapi("SlaCalendarSave");
const PolicyBody = z.object(Sla.savePolicy.schema.shape).openapi("SlaPolicySave");
const SettingsSchema = z.object(Ticket.SettingsInfo.shape).openapi("SupportSettings");
const SettingsBody = z.object(Ticket.saveSettings.schema.shape).openapi("SupportSettingsSave");
const BreachesSchema = z
  .object({ days: z.array(z.object(Sla.ComplianceDay.shape)), recent: z.array(z.object(Sla.BreachInfo.shape)) })
  .openapi("SlaBreaches");
const RangeQuery = Sla.breaches.schema;
const NameParam = z.object({ name: Sla.saveCalendar.schema.shape.name });

const listCalendars = createRoute({
  method: "get",
  path: "/calendars",
  summary: "The SLA business calendars, the default first (system:settings:read)",
  responses: {
    200: json(z.object({ items: z.array(CalendarSchema) }), "The calendars"),
    ...problemResponses(401, 403),
  },
});

const saveCalendar = createRoute({
  method: "put",
  path: "/calendars/{name}",
  summary: "Create or replace a business calendar by name (system:settings:write)",
  description:
    "`timeZone` is an IANA zone; `weekly` maps weekday 0–7 (0 and 7 = Sunday) to `HH:mm` ranges; `holidays` are " +
    "ISO dates closed all day. `isDefault: true` takes the default role from the previous default calendar.",
  request: { params: NameParam, body: body(CalendarBody) },
  responses: { 200: json(CalendarSchema, "The calendar"), ...problemResponses(400, 401, 403) },
});

const listPolicies = createRoute({
  method: "get",
  path: "/policies",
  summary: "The SLA policies, most specific first (system:settings:read)",
  responses: {
    200: json(z.object({ items: z.array(PolicySchema) }), "The policies"),
    ...problemResponses(401, 403),
  },
});

const savePolicy = createRoute({
  method: "put",
  path: "/policies",
  summary: "Create or replace the policy for a ticket type and priority, null meaning any (system:settings:write)",
  description:
    "A ticket gets the most specific match: type and priority, then type, then priority, then the any/any row. " +
    "`calendarId` null uses the default calendar.",
  request: { body: body(PolicyBody) },
  responses: { 200: json(PolicySchema, "The policy"), ...problemResponses(400, 401, 403) },
});

const removeCalendar = createRoute({
  method: "delete",
  path: "/calendars/{name}",
  summary: "Delete a calendar that is not the default and no policy uses (system:settings:write)",
  request: { params: NameParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404, 412) },
});

const removePolicy = createRoute({
  method: "delete",
  path: "/policies/{id}",
  summary: "Delete a policy; its tickets fall back to the next most specific match (system:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
});

const readSettings = createRoute({
  method: "get",
  path: "/settings",
  summary: "The statuses that pause SLA clocks and the confirmation grace (support:ticket:read)",
  responses: { 200: json(SettingsSchema, "The settings"), ...problemResponses(401, 403) },
});

const saveSettings = createRoute({
  method: "put",
  path: "/settings",
  summary: "Change the pause statuses and/or the confirmation grace; omitted fields stay (system:settings:write)",
  description:
    "`pauseStatuses` may hold any working status (not new, open, closed, canceled or merged). Changing it " +
    "re-checks every open ticket's clocks.",
  request: { body: body(SettingsBody) },
  responses: { 200: json(SettingsSchema, "The settings"), ...problemResponses(400, 401, 403) },
});

const breaches = createRoute({
  method: "get",
  path: "/breaches",
  summary:
    "SLA compliance per day (tickets resolved that day: met or breached) and the latest breaches (support:ticket:read)",
  request: { query: RangeQuery },
  responses: { 200: json(BreachesSchema, "Compliance and breaches"), ...problemResponses(400, 401, 403) },
});

const explain = createRoute({
  method: "get",
  path: "/tickets/{id}",
  summary:
    "A ticket's first-response and resolution clocks as of now, with every counted stretch (support:ticket:read)",
  request: { params: IdParam },
  responses: { 200: json(ExplainSchema, "The SLA explanation"), ...problemResponses(400, 401, 403, 404, 412) },
});

export const sla = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listCalendars, async (c) => c.json({ items: await Sla.calendars({}) }, 200))
  .openapi(saveCalendar, async (c) =>
    c.json(await Sla.saveCalendar({ ...c.req.valid("json"), name: c.req.valid("param").name }), 200),
  )
  .openapi(listPolicies, async (c) => c.json({ items: await Sla.policies({}) }, 200))
  .openapi(savePolicy, async (c) => c.json(await Sla.savePolicy(c.req.valid("json")), 200))
  .openapi(removeCalendar, async (c) => {
    await Sla.removeCalendar({ name: c.req.valid("param").name });
    return c.body(null, 204);
  })
  .openapi(removePolicy, async (c) => {
    await Sla.removePolicy({ id: c.req.valid("param").id });
    return c.body(null, 204);
  })
  .openapi(readSettings, async (c) => c.json(await Ticket.settings({}), 200))
  .openapi(saveSettings, async (c) => c.json(await Ticket.saveSettings(c.req.valid("json")), 200))
  .openapi(breaches, async (c) => c.json(await Sla.breaches(c.req.valid("query")), 200))
  .openapi(explain, async (c) => c.json(await Sla.forTicket({ id: c.req.valid("param").id }), 200));
