import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { vendorPortal } from "../routes/vendor";

/** The vendor portal (its sign-in is in the auth group). */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route("/api/v1/vendor", vendorPortal);
