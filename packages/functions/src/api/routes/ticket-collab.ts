import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for links, merge, bulk changes. */
export const ticketCollab = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
