import { and, asc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { builtinRole, builtinRoles, isPermission, type Permission, permissions, requirePermission } from "../access";
import * as Audit from "../audit";
import { assertActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, key, text } from "../platform/input";
import { grantTable, type Portal, portals, roleTable, userTable } from "./auth.sql";
import { type Info, toInfo } from "./info";

export const Role = z.object({
  name: z.string(),
  description: z.string(),
  portal: z.enum(portals),
  permissions: z.array(z.string()),
  mfaRequired: z.boolean(),
  builtin: z.boolean(),
  /** How many active accounts hold it. */
  holders: z.number().int(),
});
export type Role = z.infer<typeof Role>;

const RoleName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,49}$/, "use 2–50 lower-case letters, digits or _, starting with a letter");
const PermissionKey = key(100).refine(isPermission, "is not a known permission key");

/**
 * Refuses role names an account of `portal` may not hold: unknown roles, and built-in roles of
 * another portal (a customer can never be made `admin`). Custom roles are staff roles.
 */
export async function assertRolesFor(tx: Transaction, portal: Portal, roles: readonly string[]): Promise<void> {
  const custom = roles.filter((name) => !builtinRole(name));
  const rows = custom.length
    ? await tx
        .select({ name: roleTable.name })
        .from(roleTable)
        .where(sql`${roleTable.name} = any(${sql.param(custom)}::text[])`)
    : [];
  const found = new Set(rows.map((r) => r.name));
  for (const name of roles) {
    const builtin = builtinRole(name);
    const rolePortal = builtin ? builtin.portal : found.has(name) ? "staff" : undefined;
    if (!rolePortal)
      throw new AppError("validation", `roles: no role named ${name}`, [{ path: "roles", message: `no role ${name}` }]);
    if (rolePortal !== portal) {
      throw new AppError("validation", `roles: ${name} is a ${rolePortal} role; a ${portal} account cannot hold it`, [
        { path: "roles", message: `${name} is not a ${portal} role` },
      ]);
    }
  }
}

/** Every role: the built-in ones (keys from code) and the custom ones, with how many accounts hold each. */
export async function listRoles(): Promise<Role[]> {
  requirePermission("rbac:roles:read");
  return useTransaction(async (tx) => {
    const rows = await tx.select().from(roleTable).orderBy(asc(roleTable.name));
    const counts = await tx
      .select({ name: sql<string>`unnest(${userTable.roles})`.as("name"), holders: sql<number>`count(*)::int` })
      .from(userTable)
      .where(sql`${userTable.deactivatedAt} is null`)
      .groupBy(sql`1`);
    const holders = new Map(counts.map((c) => [c.name, Number(c.holders)]));
    const byName = new Map(rows.map((r) => [r.name, r]));
    const builtins: Role[] = builtinRoles.map((b) => ({
      name: b.name,
      description: b.description,
      portal: b.portal,
      permissions: b.name === "admin" ? ["*"] : [...b.permissions],
      mfaRequired: byName.get(b.name)?.mfaRequired ?? false,
      builtin: true,
      holders: holders.get(b.name) ?? 0,
    }));
    const custom: Role[] = rows
      .filter((r) => !builtinRole(r.name))
      .map((r) => ({
        name: r.name,
        description: r.description,
        portal: "staff",
        permissions: r.permissions,
        mfaRequired: r.mfaRequired,
        builtin: false,
        holders: holders.get(r.name) ?? 0,
      }));
    return [...builtins, ...custom];
  });
}

/** The permission keys, for pickers. */
export function listPermissions(): readonly Permission[] {
  requirePermission("rbac:permissions:read");
  return permissions;
}

export const SaveRole = z.object({
  name: RoleName,
  description: text(500, { min: 0 }).default(""),
  permissions: z.array(PermissionKey).max(permissions.length).default([]),
  mfaRequired: z.boolean().default(false),
});

/** Creates a custom staff role. */
export const createRole = fn(SaveRole, async (input): Promise<void> => {
  requirePermission("rbac:roles:write");
  if (builtinRole(input.name)) throw new AppError("conflict", `${input.name} is a built-in role`);
  await createTransaction(async (tx) => {
    const [row] = await tx
      .insert(roleTable)
      .values({ ...input, permissions: [...new Set(input.permissions)].sort() })
      .onConflictDoNothing({ target: roleTable.name })
      .returning();
    if (!row) throw new AppError("conflict", `A role named ${input.name} already exists`);
    await Audit.record({
      action: "role.created",
      entityType: "role",
      entityId: row.id,
      changes: Audit.diff(null, { name: row.name, permissions: row.permissions, mfaRequired: row.mfaRequired }),
    });
  });
});

/**
 * Updates a role. A custom role's description, keys and MFA flag change; a built-in role's keys come
 * from code, so only its MFA flag does (stored in a row created on first change).
 */
export const updateRole = fn(
  z.object({
    name: key(50),
    description: text(500, { min: 0 }).optional(),
    permissions: z.array(PermissionKey).max(permissions.length).optional(),
    mfaRequired: z.boolean().optional(),
  }),
  async (input): Promise<void> => {
    requirePermission("rbac:roles:write");
    const builtin = builtinRole(input.name);
    if (builtin && (input.permissions !== undefined || input.description !== undefined)) {
      throw new AppError("conflict", `${input.name} is a built-in role: only whether it requires MFA can change`);
    }
    await createTransaction(async (tx) => {
      if (builtin) {
        await tx
          .insert(roleTable)
          .values({ name: builtin.name, description: builtin.description, builtin: true })
          .onConflictDoNothing({ target: roleTable.name });
      }
      const [before] = await tx.select().from(roleTable).where(eq(roleTable.name, input.name)).for("update");
      if (!before) throw new AppError("not_found", `No role named ${input.name}`);
      const next = {
        description: input.description ?? before.description,
        permissions: input.permissions ? [...new Set(input.permissions)].sort() : before.permissions,
        mfaRequired: input.mfaRequired ?? before.mfaRequired,
      };
      await tx
        .update(roleTable)
        .set({ ...next, updatedAt: new Date() })
        .where(eq(roleTable.id, before.id));
      const changes = Audit.diff(
        { description: before.description, permissions: before.permissions, mfaRequired: before.mfaRequired },
        next,
      );
      if (Object.keys(changes).length) {
        await Audit.record({ action: "role.updated", entityType: "role", entityId: before.id, changes });
      }
    });
  },
);

/** Deletes a custom role and takes it from every account holding it. */
export const deleteRole = fn(z.object({ name: key(50) }), async ({ name }): Promise<void> => {
  requirePermission("rbac:roles:delete");
  if (builtinRole(name)) throw new AppError("conflict", `${name} is a built-in role and cannot be deleted`);
  await createTransaction(async (tx) => {
    const [row] = await tx.delete(roleTable).where(eq(roleTable.name, name)).returning();
    if (!row) throw new AppError("not_found", `No role named ${name}`);
    const stripped = await tx
      .update(userTable)
      .set({ roles: sql`array_remove(${userTable.roles}, ${name})` })
      .where(sql`${name} = any(${userTable.roles})`)
      .returning({ id: userTable.id });
    await Audit.record({
      action: "role.deleted",
      entityType: "role",
      entityId: row.id,
      changes: { name: { from: name, to: null }, holders: { from: stripped.length, to: 0 } },
    });
  });
});

/** Replaces an account's roles. An administrator cannot take `admin` from themselves (no lock-out). */
export const assignRoles = fn(
  z.object({ id: id(), roles: z.array(key(50)).max(50) }),
  async ({ id, roles }): Promise<Info> => {
    requirePermission("rbac:assign");
    const actor = assertActor("user");
    const unique = [...new Set(roles)].sort();
    return createTransaction(async (tx) => {
      const [row] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
      if (!row) throw new AppError("not_found", `No user ${id}`);
      await assertRolesFor(tx, row.portal, unique);
      if (id === actor.properties.userId && row.roles.includes("admin") && !unique.includes("admin")) {
        throw new AppError("conflict", "You cannot remove the admin role from yourself");
      }
      const [updated] = await tx
        .update(userTable)
        .set({ roles: unique, updatedAt: new Date() })
        .where(eq(userTable.id, id))
        .returning();
      const changes = Audit.diff({ roles: row.roles }, { roles: unique });
      if (Object.keys(changes).length) {
        await Audit.record({ action: "user.roles.changed", entityType: "user", entityId: id, changes });
      }
      return toInfo(updated ?? row);
    });
  },
);

/** Direct grants of one account. */
export async function listGrants(userId: string): Promise<{ permission: string; grantedAt: string }[]> {
  requirePermission("rbac:roles:read");
  const rows = await useTransaction((tx) =>
    tx.select().from(grantTable).where(eq(grantTable.userId, userId)).orderBy(asc(grantTable.permission)),
  );
  return rows.map((r) => ({ permission: r.permission, grantedAt: r.grantedAt.toISOString() }));
}

/** Grants one permission key to a staff account directly (idempotent). */
export const grant = fn(z.object({ id: id(), permission: PermissionKey }), async ({ id, permission }) => {
  requirePermission("rbac:assign");
  const actor = assertActor("user");
  await createTransaction(async (tx) => {
    const [row] = await tx.select({ portal: userTable.portal }).from(userTable).where(eq(userTable.id, id));
    if (!row) throw new AppError("not_found", `No user ${id}`);
    if (row.portal !== "staff") throw new AppError("conflict", "Permissions are granted to staff accounts only");
    const [inserted] = await tx
      .insert(grantTable)
      .values({ userId: id, permission, grantedBy: actor.properties.userId })
      .onConflictDoNothing({ target: [grantTable.userId, grantTable.permission] })
      .returning();
    if (inserted) {
      await Audit.record({
        action: "user.permission.granted",
        entityType: "user",
        entityId: id,
        changes: { permission: { to: permission } },
      });
    }
  });
});

/** Takes a direct grant back (a no-op when it is not held). */
export const revokeGrant = fn(z.object({ id: id(), permission: PermissionKey }), async ({ id, permission }) => {
  requirePermission("rbac:assign");
  await createTransaction(async (tx) => {
    const removed = await tx
      .delete(grantTable)
      .where(and(eq(grantTable.userId, id), eq(grantTable.permission, permission)))
      .returning();
    if (removed.length) {
      await Audit.record({
        action: "user.permission.revoked",
        entityType: "user",
        entityId: id,
        changes: { permission: { from: permission, to: null } },
      });
    }
  });
});
