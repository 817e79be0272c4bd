import { builtinRole } from "../access";
import type { UserProperties } from "../platform/context";
import type { userTable } from "./auth.sql";

/**
 * What a user may do, from their row: the SQL that gathers the keys of their custom roles and direct
 * grants (built-in roles' keys come from code) and whether a role makes MFA mandatory, as text over a
 * user row named `user` (a table or an alias), so the request chain's session check (credentials.ts)
 * and the drizzle queries (access.ts) share one definition without the chain loading the tables.
 */
export const grantedSql = (user: string) => `coalesce(array(
    select unnest(r.permissions) from role r where r.name = any(${user}.roles) and not r.builtin
    union select g.permission from user_grant g where g.user_id = ${user}.id
  ), '{}'::text[])`;
export const mfaRequiredSql = (user: string) =>
  `exists(select 1 from role r where r.name = any(${user}.roles) and r.mfa_required)`;

export interface Access {
  granted: string[];
  mfaRequired: boolean;
}

/** The columns of a user row that decide what they may do and must do first. */
export type AccessUser = Pick<
  typeof userTable.$inferSelect,
  "id" | "email" | "portal" | "roles" | "organizationId" | "subscriberId" | "mustChangePassword"
> & { totpEnabledAt: unknown };

/** Every key a user holds: built-in roles' keys from code, plus custom roles and grants from the database. */
export function permissionsOf(roles: readonly string[], granted: readonly string[]): string[] {
  const all = new Set(granted);
  for (const name of roles) for (const key of builtinRole(name)?.permissions ?? []) all.add(key);
  return [...all].sort();
}

/** Vendor accounts always need a second factor; others when a role they hold says so. */
export const mfaMandatory = (user: Pick<AccessUser, "portal">, access: Access) =>
  user.portal === "vendor" || Boolean(access.mfaRequired);

/** The actor properties of a signed-in user, with what they must do before they may act. */
export function userProperties(user: AccessUser, access: Access, sessionId: string | undefined): UserProperties {
  const restriction = user.mustChangePassword
    ? "password_change"
    : mfaMandatory(user, access) && !user.totpEnabledAt
      ? "mfa_setup"
      : undefined;
  return {
    userId: user.id,
    email: user.email,
    portal: user.portal,
    roles: user.roles,
    permissions: permissionsOf(user.roles, access.granted),
    sessionId,
    organizationId: user.organizationId,
    subscriberId: user.subscriberId,
    restriction,
    mfaRequired: mfaMandatory(user, access),
  };
}
