import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { customerProjects } from "../routes/customer-projects";
import { customerQuotes } from "../routes/customer-quotes";

/**
 * The customer portal's quotes, orders and projects: a group of its own so the quote acceptance's
 * dependencies (sales, person, project scheduling) stay off the portal's ticket and CSAT requests.
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/customer/projects", customerProjects)
  .route("/api/v1/customer", customerQuotes);
