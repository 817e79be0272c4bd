import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { searchRoutes } from "../routes/search";

/** Global search across the desk's records: a group of its own, so parties' first request does not load it. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route("/api/v1/search", searchRoutes);
