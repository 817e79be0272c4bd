import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for saved ticket-list filters per user. */
export const savedFilters = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
