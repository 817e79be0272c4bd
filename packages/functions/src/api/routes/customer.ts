import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** The customer portal's own routes under `/api/v1/customer`: everything is scoped to the signed-in account in core. */
export const customerPortal = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
