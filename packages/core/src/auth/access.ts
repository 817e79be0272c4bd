import { sql } from "drizzle-orm";
import { grantedSql, mfaRequiredSql } from "./grants";

export { type Access, mfaMandatory, permissionsOf, userProperties } from "./grants";

/**
 * Columns to select next to a user row (`user_account`, not aliased): the permission keys of their
 * custom roles and direct grants, and whether any role they hold makes MFA mandatory. Subqueries, so
 * a query that reads the user reads what they may do in the same round trip.
 */
export const accessColumns = {
  granted: sql<string[]>`${sql.raw(grantedSql('"user_account"'))}`.as("granted"),
  mfaRequired: sql<boolean>`${sql.raw(mfaRequiredSql('"user_account"'))}`.as("mfa_required"),
};
