import * as System from "@dotmac/core/system";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness, including one database round trip",
  responses: {
    200: {
      description: "The API and its database answer",
      content: { "application/json": { schema: z.object({ status: z.literal("ok"), database: z.literal("ok") }) } },
    },
  },
});

export const health = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(route, async (c) =>
  c.json({ status: "ok" as const, ...(await System.health()) }, 200),
);
