import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const StatsSchema = z.object(Ticket.Stats.StatsInfo.shape).openapi("TicketStats");
const ComplianceSchema = z.object(Ticket.Stats.ComplianceInfo.shape).openapi("TicketSlaCompliance");
const ComplianceQuery = z.object(Ticket.Stats.compliance.schema.unwrap().shape);

const stats = createRoute({
  method: "get",
  path: "/stats",
  summary: "Support dashboard figures: tickets by status, team and priority, unassigned, at risk, breached",
  description:
    "Counts over live tickets as of `asOf`. `byStatus` covers every status (closed ones all time); the other " +
    "figures count open tickets only. A clock running past its deadline counts as breached before the SLA scan " +
    "records it. Needs support:ticket:read.",
  responses: { 200: json(StatsSchema, "The figures"), ...problemResponses(401, 403) },
});

const compliance = createRoute({
  method: "get",
  path: "/stats/compliance",
  summary: "Daily SLA resolution compliance and the latest breaches (support:ticket:read)",
  description:
    "One entry per UTC day: tickets resolved that day whose resolution clock had a policy, split into met and " +
    "breached (breached before they were resolved). `recent` lists the latest breach alerts of either clock.",
  request: { query: ComplianceQuery },
  responses: { 200: json(ComplianceSchema, "The series"), ...problemResponses(400, 401, 403) },
});

/** Routes for support dashboard figures. */
export const ticketStats = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(stats, async (c) => c.json(await Ticket.Stats.stats({}), 200))
  .openapi(compliance, async (c) => c.json(await Ticket.Stats.compliance(c.req.valid("query")), 200));
