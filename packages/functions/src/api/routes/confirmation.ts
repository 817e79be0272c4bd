import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for the customer's resolution confirmation (public, token in the body). */
export const confirmation = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
