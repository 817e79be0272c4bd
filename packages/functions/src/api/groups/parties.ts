import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { directory } from "../routes/directory";
import { organizations } from "../routes/organizations";
import { people } from "../routes/people";
import { subscribers } from "../routes/subscribers";

/** People, organisations, subscribers and the staff directory. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/people", people)
  .route("/api/v1/organizations", organizations)
  .route("/api/v1/subscribers", subscribers)
  .route("/api/v1/directory", directory);
