import * as Auth from "@dotmac/core/auth";
import { Reseller } from "@dotmac/core/portal";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const NodeSchema = z.object(Reseller.OrganizationNode.shape).openapi("ResellerOrganization");
const SubscriberSchema = z.object(Reseller.SubscriberView.shape).openapi("PortalSubscriber");
const UserSchema = z.object(Auth.Info.shape).openapi("PortalUser");
const CreateBody = z.object(Reseller.createChildOrganization.schema.shape).openapi("ResellerOrganizationCreate");
const SubscribersQuery = z.object(Reseller.subscribers.schema.shape);

const organizations = createRoute({
  method: "get",
  path: "/organizations",
  summary: "The reseller's organisation and everything below it, depth-first, with subscriber counts",
  responses: {
    200: json(
      z.object({ items: z.array(NodeSchema) }),
      "The tree, depth-first (`depth` 0 is the reseller; children by name under their parent)",
    ),
    ...problemResponses(401, 403),
  },
});

const organization = createRoute({
  method: "get",
  path: "/organizations/{id}",
  summary: "One organisation of the reseller's tree (any other is 404, like a missing id)",
  request: { params: IdParam },
  responses: { 200: json(NodeSchema, "The organisation"), ...problemResponses(400, 401, 403, 404) },
});

const createOrganization = createRoute({
  method: "post",
  path: "/organizations",
  summary: "Create an organisation below one of the tree (reseller_admin only)",
  request: { body: body(CreateBody) },
  responses: { 201: json(NodeSchema, "The new organisation"), ...problemResponses(400, 401, 403, 404) },
});

const subscribers = createRoute({
  method: "get",
  path: "/subscribers",
  summary: "Subscribers of the reseller's organisations by subscriber number, optionally of one organisation",
  request: { query: SubscribersQuery },
  responses: {
    200: json(
      z.object({ items: z.array(SubscriberSchema), nextCursor: z.string().nullable() }),
      "One page; pass `nextCursor` back as `cursor` for the next",
    ),
    ...problemResponses(400, 401, 403, 404),
  },
});

const subscriber = createRoute({
  method: "get",
  path: "/subscribers/{id}",
  summary: "One subscriber of the reseller's organisations (any other is 404, like a missing id)",
  request: { params: IdParam },
  responses: { 200: json(SubscriberSchema, "The subscriber"), ...problemResponses(400, 401, 403, 404) },
});

const users = createRoute({
  method: "get",
  path: "/users",
  summary: "The reseller accounts of the organisations in the tree, by name",
  responses: { 200: json(z.object({ items: z.array(UserSchema) }), "The accounts"), ...problemResponses(401, 403) },
});

/** The reseller portal's own routes under `/api/v1/reseller`: everything is scoped to the signed-in account in core. */
export const resellerPortal = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(organizations, async (c) => c.json({ items: await Reseller.organizations() }, 200))
  .openapi(organization, async (c) => c.json(await Reseller.organization(c.req.valid("param")), 200))
  .openapi(createOrganization, async (c) => c.json(await Reseller.createChildOrganization(c.req.valid("json")), 201))
  .openapi(subscribers, async (c) => c.json(await Reseller.subscribers(c.req.valid("query")), 200))
  .openapi(subscriber, async (c) => c.json(await Reseller.subscriber(c.req.valid("param")), 200))
  .openapi(users, async (c) => c.json({ items: await Reseller.users() }, 200));
