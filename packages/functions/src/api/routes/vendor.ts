import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** The vendor portal's own routes under `/api/v1/vendor`: everything is scoped to the signed-in account in core. */
export const vendorPortal = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
