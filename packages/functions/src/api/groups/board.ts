import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { dispatchBoard, trackLinks, trackPublic } from "../routes/track";

/** The customer's "track my visit" (public) and the dispatch board's own routes. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/track", trackPublic)
  .route("/api/v1/track-links", trackLinks)
  .route("/api/v1/dispatch-board", dispatchBoard);
