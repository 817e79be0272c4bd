import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { savedFilters } from "../routes/saved-filters";
import { ticketAttachments } from "../routes/ticket-attachments";
import { ticketCollab } from "../routes/ticket-collab";
import { ticketStats } from "../routes/ticket-stats";
import { tickets } from "../routes/tickets";

/** The support desk's tickets and saved views. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  // Fixed paths (/stats, /bulk) before tickets' /{idOrNumber}.
  .route("/api/v1/tickets", ticketStats)
  .route("/api/v1/tickets", ticketCollab)
  .route("/api/v1/tickets", ticketAttachments)
  .route("/api/v1/tickets", tickets)
  .route("/api/v1/saved-filters", savedFilters);
