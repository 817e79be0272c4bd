import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** The reseller portal's own routes under `/api/v1/reseller`: everything is scoped to the signed-in account in core. */
export const resellerPortal = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
