import * as Auth from "@dotmac/core/auth";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const User = z.object(Auth.Info.shape).openapi("User");
const UserSummary = z.object(Auth.Users.Summary.shape).openapi("UserSummary");
const UserDetail = z.object(Auth.Users.Detail.shape).openapi("UserDetail");
const ListQuery = z.object(Auth.Users.list.schema.shape);
const UpdateBody = z.object(Auth.Users.update.schema.shape).omit({ id: true }).openapi("UserUpdate");
const RolesBody = z.object(Auth.Rbac.assignRoles.schema.shape).omit({ id: true }).openapi("UserRoles");
const GrantBody = z.object(Auth.Rbac.grant.schema.shape).omit({ id: true }).openapi("UserGrant");
const InviteBody = z.object(Auth.Recovery.invite.schema.shape).openapi("UserInvite");

const GrantParam = z.object(Auth.Rbac.revokeGrant.schema.shape);
const userResponse = (description: string) => json(z.object({ user: UserSummary }), description);

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Accounts of every portal by email, filtered and paginated by cursor (needs auth:manage)",
  request: { query: ListQuery },
  responses: {
    200: json(
      z.object({ items: z.array(UserSummary), nextCursor: z.string().nullable() }),
      "One page of accounts; pass `nextCursor` back as `cursor` for the next",
    ),
    ...problemResponses(400, 401, 403),
  },
});

const invite = createRoute({
  method: "post",
  path: "/",
  summary: "Invite someone: the account is created without a password and they are emailed a link to choose one",
  request: { body: body(InviteBody) },
  responses: {
    201: json(z.object({ user: User }), "The invited account"),
    ...problemResponses(400, 401, 403, 409),
  },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One account with its direct grants, live sessions and MFA state (needs auth:manage)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ user: UserDetail }), "The account"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Rename an account or make its holder choose a new password at their next request",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: userResponse("The updated account"), ...problemResponses(400, 401, 403, 404, 409) },
});

const deactivate = createRoute({
  method: "post",
  path: "/{id}/deactivate",
  summary: "Deactivate an account: sign-in refused and every session ended at once (needs auth:manage)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ user: User }), "Deactivated (or already inactive)"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

const reactivate = createRoute({
  method: "post",
  path: "/{id}/reactivate",
  summary: "Let a deactivated account sign in again (needs auth:manage)",
  request: { params: IdParam },
  responses: { 200: userResponse("Reactivated (or already active)"), ...problemResponses(400, 401, 403, 404) },
});

const resend = createRoute({
  method: "post",
  path: "/{id}/invitation",
  summary: "Send the invitation again with a fresh link; the previous link stops working",
  request: { params: IdParam },
  responses: { 204: { description: "Sent" }, ...problemResponses(400, 401, 403, 404, 409) },
});

const resetMfa = createRoute({
  method: "post",
  path: "/{id}/mfa/reset",
  summary: "Turn an account's two-factor authentication off (a lost phone); its sessions end",
  request: { params: IdParam },
  responses: { 204: { description: "MFA is off" }, ...problemResponses(400, 401, 403, 404) },
});

const setRoles = createRoute({
  method: "put",
  path: "/{id}/roles",
  summary: "Replace an account's roles with roles its portal may hold (needs rbac:assign)",
  request: { params: IdParam, body: body(RolesBody) },
  responses: {
    200: json(z.object({ user: User }), "The account with its new roles"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

const addGrant = createRoute({
  method: "post",
  path: "/{id}/grants",
  summary: "Grant one permission key to a staff account directly, on top of its roles (needs rbac:assign)",
  request: { params: IdParam, body: body(GrantBody) },
  responses: { 204: { description: "Granted (or already held)" }, ...problemResponses(400, 401, 403, 404, 409) },
});

const removeGrant = createRoute({
  method: "delete",
  path: "/{id}/grants/{permission}",
  summary: "Take a direct grant back (needs rbac:assign)",
  request: { params: GrantParam },
  responses: { 204: { description: "Revoked (or was not held)" }, ...problemResponses(400, 401, 403) },
});

/** Account administration across every portal. */
export const users = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Auth.Users.list(c.req.valid("query")), 200))
  .openapi(invite, async (c) => c.json({ user: await Auth.Recovery.invite(c.req.valid("json")) }, 201))
  .openapi(get, async (c) => c.json({ user: await Auth.Users.get(c.req.valid("param")) }, 200))
  .openapi(update, async (c) =>
    c.json({ user: await Auth.Users.update({ ...c.req.valid("json"), ...c.req.valid("param") }) }, 200),
  )
  .openapi(deactivate, async (c) => c.json({ user: await Auth.deactivate(c.req.valid("param")) }, 200))
  .openapi(reactivate, async (c) => c.json({ user: await Auth.Users.reactivate(c.req.valid("param")) }, 200))
  .openapi(resend, async (c) => {
    await Auth.Recovery.resendInvitation(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(resetMfa, async (c) => {
    await Auth.Mfa.reset(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(setRoles, async (c) =>
    c.json({ user: await Auth.Rbac.assignRoles({ ...c.req.valid("json"), ...c.req.valid("param") }) }, 200),
  )
  .openapi(addGrant, async (c) => {
    await Auth.Rbac.grant({ ...c.req.valid("json"), ...c.req.valid("param") });
    return c.body(null, 204);
  })
  .openapi(removeGrant, async (c) => {
    await Auth.Rbac.revokeGrant(c.req.valid("param"));
    return c.body(null, 204);
  });
