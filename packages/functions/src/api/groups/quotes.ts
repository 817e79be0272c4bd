import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { quoteLinks, quotes, salesOrders } from "../routes/quotes";

/** Quotes, the sales orders accepted quotes become, and the public single-use quote link. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/quotes", quotes)
  .route("/api/v1/sales-orders", salesOrders)
  .route("/api/v1/quote-links", quoteLinks);
