import * as Audit from "@dotmac/core/audit/log";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { csvDownload, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const AuditEvent = z.object(Audit.Info.shape).openapi("AuditEvent");
const Filters = z.object(Audit.Filters.shape);
const ListQuery = z.object(Audit.list.schema.shape);

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Audit events, newest first, filtered and paginated by cursor (administrators only)",
  request: { query: ListQuery },
  responses: {
    200: json(
      z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() }),
      "One page of events; pass `nextCursor` back as `cursor` for the next",
    ),
    ...problemResponses(400, 401, 403),
  },
});

const exportCsv = createRoute({
  method: "get",
  path: "/export.csv",
  summary: "Every matching audit event as CSV (administrators only)",
  description: "Streams UTF-8 CSV (RFC 4180, CRLF); text a spreadsheet would run as a formula is prefixed with `'`.",
  request: { query: Filters },
  responses: {
    200: { description: "CSV download", content: { "text/csv": { schema: z.string() } } },
    ...problemResponses(400, 401, 403),
  },
});

export const audit = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Audit.list(c.req.valid("query")), 200))
  .openapi(exportCsv, (c) => csvDownload(c, Audit.exportCsv(c.req.valid("query")), "audit"));
