import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Roles and permissions (administration). */
export const roles = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
