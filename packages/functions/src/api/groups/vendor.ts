import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { vendorPortal } from "../routes/vendor";
import { vendorProjects } from "../routes/vendor-projects";

/** The vendor portal (its sign-in is in the auth group): its profile and users, and its installation projects. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/vendor", vendorPortal)
  .route("/api/v1/vendor", vendorProjects);
