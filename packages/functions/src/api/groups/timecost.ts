import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { expenseRequests } from "../routes/expense-requests";
import { timecost } from "../routes/timecost";

/** Time, cost and expenses: worklogs, rates, cost summaries and expense requests. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/timecost", timecost)
  .route("/api/v1/expense-requests", expenseRequests);
