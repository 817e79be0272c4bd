import * as Inbox from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { csvDownload, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ReportSchema = z.object(Inbox.Reports.ReportInfo.shape).openapi("InboxReport");
const ReportQuery = z.object(Inbox.Reports.ReportQuery.unwrap().shape);

const report = createRoute({
  method: "get",
  path: "/",
  summary: "Inbox report: volume, first response and resolution times, per agent and team",
  description:
    "Days are UTC, `from` and `to` inclusive (default: the last 14 days, at most 366). A conversation counts on " +
    "the day it was opened; resolutions on the day they happened. Times are seconds (median and 90th " +
    "percentile). Needs crm:inbox:manager_dashboard:read.",
  request: { query: ReportQuery },
  responses: { 200: json(ReportSchema, "The report"), ...problemResponses(400, 401, 403) },
});

const exportCsv = createRoute({
  method: "get",
  path: "/export.csv",
  summary: "The inbox report's agent, team and day rows as CSV",
  request: { query: ReportQuery },
  responses: {
    200: { description: "CSV download", content: { "text/csv": { schema: z.string() } } },
    ...problemResponses(400, 401, 403),
  },
});

/** The managers' inbox report. */
export const inboxReports = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(exportCsv, (c) => csvDownload(c, Inbox.Reports.exportCsv(c.req.valid("query")), "inbox-report"))
  .openapi(report, async (c) => c.json(await Inbox.Reports.report(c.req.valid("query")), 200));
