import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { widget } from "../routes/widget";

/** The web chat widget's visitor API, called cross-site from the ISP's own pages (CORS per widget). */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route("/api/v1/widget", widget);
