/**
 * Who may do what: the permission keys with their hierarchy and the built-in roles, the scopes an API
 * key may hold, and the checks every verb starts with (`requirePermission`, `requirePortal`).
 */
export {
  type BuiltinRole,
  builtinRole,
  builtinRoles,
  grantingKeys,
  isPermission,
  type Permission,
  permissions,
  satisfies,
} from "./permissions";
export { holds, requirePermission, requirePortal, type Scope, scopes } from "./scope";
