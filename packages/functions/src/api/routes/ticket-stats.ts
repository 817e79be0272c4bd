import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for support dashboard figures. */
export const ticketStats = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
