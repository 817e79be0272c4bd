import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { notifications } from "../routes/notifications";

/** The notification bell: polled by every signed-in page, so kept apart from the heavier groups. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route(
  "/api/v1/notifications",
  notifications,
);
