import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { authRoutes, vendorV1Routes } from "../routes/auth";
import { recoveryRoutes } from "../routes/recovery";

/** Every portal's sign-in, session, MFA and recovery routes. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/auth", authRoutes("staff"))
  .route("/api/v1/auth", recoveryRoutes("staff"))
  .route("/api/v1/customer/auth", authRoutes("customer"))
  .route("/api/v1/customer/auth", recoveryRoutes("customer"))
  .route("/api/v1/reseller/auth", authRoutes("reseller"))
  .route("/api/v1/reseller/auth", recoveryRoutes("reseller"))
  .route("/api/v1/vendor/auth", authRoutes("vendor"))
  .route("/api/v1/vendor/auth", recoveryRoutes("vendor"))
  .route("/api/v1/vendor/auth", vendorV1Routes);
