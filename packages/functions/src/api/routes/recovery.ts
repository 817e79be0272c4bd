import type * as Auth from "@dotmac/core/auth";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Password reset and invitation acceptance of one portal (mounted next to its sign-in routes). */
export const recoveryRoutes = (_portal: Auth.Portal) => new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
