import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for the customer portal's tickets. */
export const customerTickets = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
