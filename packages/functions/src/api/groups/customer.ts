import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { confirmation } from "../routes/confirmation";
import { csat } from "../routes/csat";
import { customerPortal } from "../routes/customer";
import { customerTickets } from "../routes/customer-tickets";

/** The customer portal (its sign-in is in the auth group). */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/customer/confirmation", confirmation)
  .route("/api/v1/customer/csat", csat)
  .route("/api/v1/customer/tickets", customerTickets)
  .route("/api/v1/customer", customerPortal);
