import * as Person from "@dotmac/core/person";
import { AppError } from "@dotmac/core/platform/errors";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const PersonSchema = z
  .object({ ...Person.Info.shape, channels: z.array(z.object(Person.ChannelInfo.shape)) })
  .openapi("Person");
const CreateBody = z.object(Person.create.schema.shape).openapi("PersonCreate");
const ListQuery = z.object(Person.list.schema.shape);

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a person (lead, contact, customer or subscriber) with their channels (staff only)",
  request: { body: body(CreateBody) },
  responses: { 201: json(PersonSchema, "The new person"), ...problemResponses(400, 401, 404, 409) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One person with their channels (staff only)",
  request: { params: IdParam },
  responses: { 200: json(PersonSchema, "The person"), ...problemResponses(400, 401, 404) },
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "People, by organisation and party status, ordered by name (staff only)",
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ items: z.array(PersonSchema), nextCursor: z.string().nullable() }), "One page of people"),
    ...problemResponses(400, 401),
  },
});

export const people = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(create, async (c) => c.json(await Person.create(c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json(await Person.list(c.req.valid("query")), 200))
  .openapi(get, async (c) => {
    const person = await Person.fromID(c.req.valid("param").id);
    if (!person) throw new AppError("not_found", `Person ${c.req.valid("param").id} does not exist`);
    return c.json(person, 200);
  });
