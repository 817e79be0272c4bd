import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { leads, pipelines, salesReports } from "../routes/sales";

/** The sales pipeline: pipelines and stages, leads and the kanban, the forecast and pipeline reports. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/pipelines", pipelines)
  .route("/api/v1/leads", leads)
  .route("/api/v1/sales-reports", salesReports);
