import { Rbac } from "@dotmac/core/auth";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const Role = z.object(Rbac.Role.shape).openapi("Role");
const CreateBody = z.object(Rbac.SaveRole.shape).openapi("RoleCreate");
const UpdateBody = z.object(Rbac.updateRole.schema.shape).omit({ name: true }).openapi("RoleUpdate");
const NameParam = z.object({ name: Rbac.deleteRole.schema.shape.name });
const PermissionGroup = z.object({ area: z.string(), permissions: z.array(z.string()) }).openapi("PermissionGroup");

/** Keys by their first segment (`crm`, `support`…), for pickers; the order of the key list is kept. */
function byArea(keys: readonly string[]): { area: string; permissions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const area = key.split(":")[0] ?? key;
    groups.set(area, [...(groups.get(area) ?? []), key]);
  }
  return [...groups].map(([area, permissions]) => ({ area, permissions }));
}

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Every role: built-in ones (keys in code) and custom ones, with how many active accounts hold each",
  responses: {
    200: json(z.object({ items: z.array(Role) }), "The roles"),
    ...problemResponses(401, 403),
  },
});

const permissions = createRoute({
  method: "get",
  path: "/permissions",
  summary: "The permission keys a role or a direct grant may hold, also grouped by area",
  responses: {
    200: json(z.object({ items: z.array(z.string()), groups: z.array(PermissionGroup) }), "The keys"),
    ...problemResponses(401, 403),
  },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a custom staff role (needs rbac:roles:write)",
  request: { body: body(CreateBody) },
  responses: {
    201: json(z.object({ name: z.string() }), "Created"),
    ...problemResponses(400, 401, 403, 409),
  },
});

const update = createRoute({
  method: "patch",
  path: "/{name}",
  summary: "Change a custom role; of a built-in role only whether it requires MFA (needs rbac:roles:write)",
  request: { params: NameParam, body: body(UpdateBody) },
  responses: { 204: { description: "Updated" }, ...problemResponses(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/{name}",
  summary: "Delete a custom role and take it from every account holding it (needs rbac:roles:delete)",
  request: { params: NameParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404, 409) },
});

/** Roles and permissions (administration). */
export const roles = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Rbac.listRoles() }, 200))
  .openapi(permissions, (c) => {
    const items = [...Rbac.listPermissions()];
    return c.json({ items, groups: byArea(items) }, 200);
  })
  .openapi(create, async (c) => {
    const input = c.req.valid("json");
    await Rbac.createRole(input);
    return c.json({ name: input.name }, 201);
  })
  .openapi(update, async (c) => {
    await Rbac.updateRole({ ...c.req.valid("json"), ...c.req.valid("param") });
    return c.body(null, 204);
  })
  .openapi(remove, async (c) => {
    await Rbac.deleteRole(c.req.valid("param"));
    return c.body(null, 204);
  });
