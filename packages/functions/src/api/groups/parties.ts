import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { directory } from "../routes/directory";
import { organizations } from "../routes/organizations";
import { people } from "../routes/people";

/** People, organisations and the staff directory. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/people", people)
  .route("/api/v1/organizations", organizations)
  .route("/api/v1/directory", directory);
