import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for ticket types, status transitions, numbering. */
export const supportAdmin = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
