import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { inboxReports } from "../routes/inbox-reports";
import { widgetSettings } from "../routes/widget-settings";

/**
 * The agents' inbox: conversations, messages, replies, assignment and the inbox settings. Each part
 * of the inbox adds its routes module here with one `.route()` line (fixed paths before `/{id}` ones).
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/inbox/reports", inboxReports)
  .route("/api/v1/inbox/settings/widgets", widgetSettings);
