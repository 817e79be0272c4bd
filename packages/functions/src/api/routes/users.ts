import * as Auth from "@dotmac/core/auth";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";

// Re-wrapped so the schema is created after @hono/zod-openapi has extended zod.
const User = z.object(Auth.Info.shape).openapi("User");

const deactivate = createRoute({
  method: "post",
  path: "/{id}/deactivate",
  summary: "Deactivate a staff user: sign-in refused and every session ended at once (administrators only)",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: {
      description: "Deactivated (or already inactive)",
      content: { "application/json": { schema: z.object({ user: User }) } },
    },
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

export const users = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(deactivate, async (c) =>
  c.json({ user: await Auth.deactivate(c.req.valid("param")) }, 200),
);
