import { assertActor, useActor } from "./context";
import { AppError } from "./errors";

/**
 * The closed list of permissions an API key can hold. A verb an integrator may call names its scope
 * with `requireScope`; adding an API capability means adding its scope here first.
 */
export const scopes = [
  "system:status:read",
  "audit:read",
  "people:read",
  "people:write",
  "organizations:read",
  "organizations:write",
] as const;
export type Scope = (typeof scopes)[number];

/** Scopes a staff user needs a role for; the others any staff user holds (until RBAC maps roles to scopes). */
const staffRole: Partial<Record<Scope, { role: string; refusal: string }>> = {
  "audit:read": { role: "admin", refusal: "Only administrators can read the audit log" },
};

/**
 * Passes for a staff user (with the role the scope needs, if any) and for an API key that holds
 * `scope`; an API key without it is forbidden, an anonymous caller unauthenticated.
 */
export function requireScope(scope: Scope): void {
  const actor = useActor();
  if (actor.type === "apiKey") {
    if (!actor.properties.scopes.includes(scope)) {
      throw new AppError("forbidden", `This API key lacks the ${scope} scope; create a key that has it`);
    }
    return;
  }
  const user = assertActor("user");
  const rule = staffRole[scope];
  if (rule && !user.properties.roles.includes(rule.role)) throw new AppError("forbidden", rule.refusal);
}
