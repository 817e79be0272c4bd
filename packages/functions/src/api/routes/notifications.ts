import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for in-app notifications of the signed-in user. */
export const notifications = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
