import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { campaigns, segments } from "../routes/campaigns";

/** Marketing: segments (audiences) and campaigns over email and WhatsApp templates. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/campaigns", campaigns)
  .route("/api/v1/segments", segments);
