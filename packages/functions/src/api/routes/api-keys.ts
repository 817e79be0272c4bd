import { ApiKey } from "@dotmac/core/auth";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ApiKeySchema = z.object(ApiKey.Info.shape).openapi("ApiKey");
const CreateBody = z.object(ApiKey.create.schema.shape).openapi("ApiKeyCreate");

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create an API key with scopes (administrators only)",
  description:
    "The response carries the full key (`dmk_<prefix>_<secret>`) this once; only a hash is stored. Send it as " +
    "`Authorization: Bearer dmk_…` or `X-API-Key: dmk_…`, never in the URL.",
  request: { body: body(CreateBody) },
  responses: {
    201: json(z.object({ key: z.string(), apiKey: ApiKeySchema }), "The new key, shown once, and its metadata"),
    ...problemResponses(400, 401, 403),
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Every API key, newest first, without secrets (administrators only)",
  responses: { 200: json(z.object({ items: z.array(ApiKeySchema) }), "The keys"), ...problemResponses(401, 403) },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Revoke an API key at once (administrators only)",
  request: { params: IdParam },
  responses: { 200: json(ApiKeySchema, "The revoked key"), ...problemResponses(400, 401, 403, 404) },
});

export const apiKeys = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(create, async (c) => c.json(await ApiKey.create(c.req.valid("json")), 201, { "cache-control": "no-store" }))
  .openapi(list, async (c) => c.json({ items: await ApiKey.list() }, 200))
  .openapi(revoke, async (c) => c.json(await ApiKey.revoke(c.req.valid("param").id), 200));
