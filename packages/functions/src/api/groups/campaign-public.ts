import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { campaignPublic } from "../routes/campaign-public";

/** What campaign and survey recipients reach without signing in: tracked links, unsubscribe, survey answers. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route("/api/v1", campaignPublic);
