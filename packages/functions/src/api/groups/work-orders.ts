import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { workOrders } from "../routes/work-orders";

/** Work orders: jobs in the field, their assignees, field events, notes, attachments and settings. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route("/api/v1/work-orders", workOrders);
