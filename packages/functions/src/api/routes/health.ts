import * as System from "@dotmac/core/system";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { json } from "../route-helpers";

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness, including one database round trip",
  responses: {
    200: json(z.object({ status: z.literal("ok"), database: z.literal("ok") }), "The API and its database answer"),
  },
});

export const health = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(route, async (c) =>
  c.json({ status: "ok" as const, ...(await System.health()) }, 200),
);
