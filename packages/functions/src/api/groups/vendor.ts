import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { asBuiltReads, invoiceReads, mapRead, projectReads, quoteReads } from "../routes/contract-reads";
import { vendorPortal } from "../routes/vendor";
import { vendorNotifications, vendorProjects } from "../routes/vendor-projects";

/**
 * The vendor portal (its sign-in is in the auth group): its profile and users, its installation
 * projects (the reads shared with staff mounted under /vendor) and its users' notifications.
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/vendor", vendorPortal)
  .route("/api/v1/vendor", vendorProjects)
  .route("/api/v1/vendor", mapRead)
  .route("/api/v1/vendor", vendorNotifications)
  .route("/api/v1/vendor/projects", projectReads)
  .route("/api/v1/vendor/quotes", quoteReads)
  .route("/api/v1/vendor/as-builts", asBuiltReads)
  .route("/api/v1/vendor/invoices", invoiceReads);
