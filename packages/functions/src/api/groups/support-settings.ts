import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { sla } from "../routes/sla";
import { supportAdmin } from "../routes/support-admin";
import { teams } from "../routes/teams";

/** The support desk's settings: ticket types, transitions and numbering, SLA policies and calendars. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/support", supportAdmin)
  .route("/api/v1/teams", teams)
  .route("/api/v1/sla", sla);
