import * as Organization from "@dotmac/core/organization";
import { AppError } from "@dotmac/core/platform/errors";
import { id } from "@dotmac/core/platform/input";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const OrganizationSchema = z.object(Organization.Info.shape).openapi("Organization");
const CreateBody = z.object(Organization.create.schema.shape).openapi("OrganizationCreate");
// A query string cannot say `null`: the list's "roots only" is not offered here.
const ListQuery = z.object({ ...Organization.list.schema.shape, parentId: id().optional() });

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create an organisation: customer, reseller, vendor or partner, optionally under a parent (staff only)",
  request: { body: body(CreateBody) },
  responses: { 201: json(OrganizationSchema, "The new organisation"), ...problemResponses(400, 401, 404) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One organisation (staff only)",
  request: { params: IdParam },
  responses: { 200: json(OrganizationSchema, "The organisation"), ...problemResponses(400, 401, 404) },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Organisations by account type and parent, ordered by name (staff only)",
  request: { query: ListQuery },
  responses: {
    200: json(
      z.object({ items: z.array(OrganizationSchema), nextCursor: z.string().nullable() }),
      "One page of organisations",
    ),
    ...problemResponses(400, 401),
  },
});

export const organizations = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(create, async (c) => c.json(await Organization.create(c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json(await Organization.list(c.req.valid("query")), 200))
  .openapi(get, async (c) => {
    const org = await Organization.fromID(c.req.valid("param").id);
    if (!org) throw new AppError("not_found", `Organization ${c.req.valid("param").id} does not exist`);
    return c.json(org, 200);
  });
