import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { dispatch } from "../routes/dispatch";

/** Scheduling and dispatch: technicians, skills, rules, appointments, auto-assign, the board and pings. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).route("/api/v1/dispatch", dispatch);
