import { sql } from "drizzle-orm";
import { builtinRole } from "../access";
import type { UserProperties } from "../platform/context";
import { userTable } from "./auth.sql";

/**
 * Columns to select next to a user row: the permission keys of their custom roles and direct grants
 * (built-in roles' keys are added in code), and whether any role they hold makes MFA mandatory.
 * Subqueries, so the session check stays one round trip.
 */
export const accessColumns = {
  granted: sql<string[]>`coalesce(array(
    select unnest(r.permissions) from role r where r.name = any(${userTable.roles}) and not r.builtin
    union select g.permission from user_grant g where g.user_id = ${userTable.id}
  ), '{}'::text[])`.as("granted"),
  mfaRequired: sql<boolean>`exists(
    select 1 from role r where r.name = any(${userTable.roles}) and r.mfa_required
  )`.as("mfa_required"),
};

export interface Access {
  granted: string[];
  mfaRequired: boolean;
}

/** Every key a user holds: built-in roles' keys from code, plus custom roles and grants from the database. */
export function permissionsOf(roles: readonly string[], granted: readonly string[]): string[] {
  const all = new Set(granted);
  for (const name of roles) for (const key of builtinRole(name)?.permissions ?? []) all.add(key);
  return [...all].sort();
}

/** Vendor accounts always need a second factor; others when a role they hold says so. */
export const mfaMandatory = (user: typeof userTable.$inferSelect, access: Access) =>
  user.portal === "vendor" || Boolean(access.mfaRequired);

/** The actor properties of a signed-in user, with what they must do before they may act. */
export function userProperties(
  user: typeof userTable.$inferSelect,
  access: Access,
  sessionId: string | undefined,
): UserProperties {
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
