import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { inboxEmail } from "../routes/inbox-email";
import { inboxOutbound } from "../routes/inbox-outbound";
import { inboxReports } from "../routes/inbox-reports";
import { inboxCatalogue, inboxConversations } from "../routes/inbox-workspace";

/**
 * The agents' inbox: conversations, messages, replies, assignment and the inbox settings. Each part
 * of the inbox adds its routes module here with one `.route()` line (fixed paths before `/{id}` ones).
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/inbox/reports", inboxReports)
  .route("/api/v1/inbox", inboxCatalogue)
  .route("/api/v1/inbox", inboxOutbound)
  .route("/api/v1/inbox", inboxEmail)
  .route("/api/v1/inbox/conversations", inboxConversations);
