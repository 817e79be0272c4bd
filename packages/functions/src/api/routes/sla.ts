import * as Sla from "@dotmac/core/sla";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const CalendarSchema = z.object(Sla.CalendarInfo.shape).openapi("SlaCalendar");
const PolicySchema = z.object(Sla.PolicyInfo.shape).openapi("SlaPolicy");
const ExplainSchema = z.object(Sla.Explain.shape).openapi("SlaExplain");
const CalendarBody = z.object(Sla.saveCalendar.schema.shape).omit({ name: true }).openapi("SlaCalendarSave");
const PolicyBody = z.object(Sla.savePolicy.schema.shape).openapi("SlaPolicySave");
const NameParam = z.object({ name: Sla.saveCalendar.schema.shape.name });
const IdParam = z.object({ id: z.uuid() });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

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
  request: { params: NameParam, body: { content: { "application/json": { schema: CalendarBody } }, required: true } },
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
  request: { body: { content: { "application/json": { schema: PolicyBody } }, required: true } },
  responses: { 200: json(PolicySchema, "The policy"), ...problemResponses(400, 401, 403) },
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
  .openapi(explain, async (c) => c.json(await Sla.forTicket({ id: c.req.valid("param").id }), 200));
