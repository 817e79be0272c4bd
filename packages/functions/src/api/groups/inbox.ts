import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { inboxAssignment } from "../routes/inbox-assignment";
import { inboxChannels } from "../routes/inbox-channels";
import { inboxEmail } from "../routes/inbox-email";
import { inboxMacros } from "../routes/inbox-macros";
import { inboxMedia } from "../routes/inbox-media";
import { inboxOutbound, inboxTemplates } from "../routes/inbox-outbound";
import { inboxReports } from "../routes/inbox-reports";
import { inboxCatalogue, inboxConversations } from "../routes/inbox-workspace";
import { widgetSettings } from "../routes/widget-settings";

/**
 * The agents' inbox: conversations, messages, replies, assignment and the inbox settings. Each part
 * of the inbox adds its routes module here with one `.route()` line (fixed paths before `/{id}` ones).
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/inbox/reports", inboxReports)
  .route("/api/v1/inbox", inboxCatalogue)
  .route("/api/v1/inbox", inboxOutbound)
  .route("/api/v1/inbox", inboxTemplates)
  .route("/api/v1/inbox", inboxEmail)
  .route("/api/v1/inbox", inboxMedia)
  .route("/api/v1/inbox", inboxAssignment)
  .route("/api/v1/inbox", inboxMacros)
  .route("/api/v1/inbox/settings/widgets", widgetSettings)
  .route("/api/v1/inbox/settings/channels", inboxChannels)
  .route("/api/v1/inbox/conversations", inboxConversations);
