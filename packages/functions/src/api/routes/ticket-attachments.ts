import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

/** Routes for ticket and comment attachments. */
export const ticketAttachments = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
