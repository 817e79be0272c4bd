import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { apiKeys } from "../routes/api-keys";
import { audit } from "../routes/audit";
import { roles } from "../routes/roles";
import { users } from "../routes/users";

/** Administration of who may do what: roles, users, API keys, and the audit log. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/roles", roles)
  .route("/api/v1/audit", audit)
  .route("/api/v1/api-keys", apiKeys)
  .route("/api/v1/users", users);
