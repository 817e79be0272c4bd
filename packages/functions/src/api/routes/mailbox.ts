import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for the local development mailbox (only with MAIL_DRIVER=local). */
export const mailbox = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
