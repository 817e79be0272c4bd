import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { resellerPortal } from "../routes/reseller";
import { resellerCommissions } from "../routes/reseller-commissions";
import { resellerTickets } from "../routes/reseller-tickets";

/** The reseller portal (its sign-in is in the auth group). */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/reseller/tickets", resellerTickets)
  .route("/api/v1/reseller", resellerPortal)
  .route("/api/v1/reseller", resellerCommissions);
