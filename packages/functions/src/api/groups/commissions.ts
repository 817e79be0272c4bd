import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { commissions, payouts } from "../routes/commissions";

/** Staff: reseller commissions, payouts and rates. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/reseller-commissions", commissions)
  .route("/api/v1/reseller-payouts", payouts);
