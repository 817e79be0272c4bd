import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { asBuiltReads, invoiceReads, mapRead, projectReads, quoteReads } from "../routes/contract-reads";
import { asBuiltRoutes, installationProjects, vendorInvoices, vendorQuotes } from "../routes/installation-projects";

/**
 * Staff's side of contractor work: installation projects, vendor quotes, as-builts and purchase
 * invoices. Static paths (`/settings`, `/map`, `/export.csv`) are mounted before the `/{id}` reads.
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/installation-projects", installationProjects)
  .route("/api/v1/installation-projects", mapRead)
  .route("/api/v1/installation-projects", projectReads)
  .route("/api/v1/vendor-quotes", vendorQuotes)
  .route("/api/v1/vendor-quotes", quoteReads)
  .route("/api/v1/as-builts", asBuiltRoutes)
  .route("/api/v1/as-builts", asBuiltReads)
  .route("/api/v1/vendor-invoices", vendorInvoices)
  .route("/api/v1/vendor-invoices", invoiceReads);
