import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { docsPage } from "../routes/docs";
import { health } from "../routes/health";

/**
 * Health, the API reference page and the OpenAPI document. The document is loaded on its first
 * request: in a Lambda bundle it is the JSON built at build time (openapi-document.ts).
 */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api", health)
  .get("/api/openapi.json", async (c) => c.json(await (await import("../openapi-document")).openApiDocument()))
  .get("/api/docs", (c) => c.html(docsPage("/api/openapi.json")));
