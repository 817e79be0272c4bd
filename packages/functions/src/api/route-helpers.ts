import { id } from "@dotmac/core/platform/input";
import { z } from "@hono/zod-openapi";

/** A JSON response of `schema`, for a route's `responses`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body of `schema`, for a route's `request.body`. */
export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** The `{id}` path parameter of a resource: a UUID, refused with a 400 before any verb runs. */
export const IdParam = z.object({ id: id().openapi({ param: { name: "id", in: "path" } }) });
