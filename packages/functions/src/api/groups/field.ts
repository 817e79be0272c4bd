import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { fieldRoutes } from "../routes/field";
import { fieldExpenseRoutes } from "../routes/field-expenses";
import { fieldJobRoutes } from "../routes/field-jobs";
import { fieldManagerRoutes } from "../routes/field-manager";
import { fieldOfficeRoutes } from "../routes/field-office";

/** v1's technician app (`/api/v1/field/*`): transport over the work-order, time, stock and dispatch verbs. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/", fieldJobRoutes)
  .route("/", fieldOfficeRoutes)
  .route("/", fieldExpenseRoutes)
  .route("/", fieldManagerRoutes)
  .route("/", fieldRoutes);
