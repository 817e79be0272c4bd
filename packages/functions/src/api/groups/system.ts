import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { mailbox } from "../routes/mailbox";
import { system } from "../routes/system";

/** The status page and the development mailbox. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/system", system)
  .route("/api/v1/dev/mailbox", mailbox);
