import { type Actor, useActor } from "../platform/context";
import { AppError } from "../platform/errors";
import { type Permission, satisfies } from "./permissions";

/**
 * The permissions an API key can hold: a subset of the permission keys, each one a capability an
 * integrator may need. Adding an API capability means adding its key here first.
 */
export const scopes = [
  "system:monitoring:read",
  "audit:read",
  "crm:contact:read",
  "crm:contact:write",
  "customer:read",
  "customer:write",
  "subscribers:subscriber:read",
] as const satisfies readonly Permission[];
export type Scope = (typeof scopes)[number];

type UserActor = Extract<Actor, { type: "user" }>;

/** Why a signed-in user may not act yet: they must first set up MFA or change their password. */
export function restrictionError(user: UserActor): AppError | undefined {
  const { restriction } = user.properties;
  if (restriction === "mfa_setup") {
    return new AppError("forbidden", "Set up two-factor authentication first: your role requires it");
  }
  if (restriction === "password_change") return new AppError("forbidden", "Choose a new password first");
  return undefined;
}

/** Whether a staff user holds `key`: the admin role holds every key; others by role or direct grant. */
export function userHolds(user: UserActor, key: Permission): boolean {
  if (user.properties.portal !== "staff") return false;
  if (user.properties.roles.includes("admin")) return true;
  return satisfies(user.properties.permissions, key);
}

/**
 * Passes for a staff user holding `key` (by role, direct grant, or the admin bypass) and for an API
 * key whose scopes grant it (the same hierarchy rule); system jobs pass. Anyone else is refused:
 * anonymous callers with 401, portal accounts and users without the key with 403.
 */
export function requirePermission(key: Permission): void {
  const actor = useActor();
  switch (actor.type) {
    case "system":
      return;
    case "apiKey":
      if (!satisfies(actor.properties.scopes, key)) {
        throw new AppError("forbidden", `This API key lacks the ${key} scope; create a key that has it`, [], {
          reason: { key: "permission", params: { permission: key } },
        });
      }
      return;
    case "user": {
      const restricted = restrictionError(actor);
      if (restricted) throw restricted;
      if (!userHolds(actor, key)) {
        throw new AppError("forbidden", `You need the ${key} permission for this`, [], {
          reason: { key: "permission", params: { permission: key } },
        });
      }
      return;
    }
    default:
      throw new AppError(actor.type === "public" ? "unauthenticated" : "forbidden", "Sign in first");
  }
}

/** Whether the current actor holds `key`, without throwing (for verbs that widen what they show). */
export function holds(key: Permission): boolean {
  try {
    requirePermission(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * The signed-in account of `portal`, ready to act (no pending MFA set-up or password change); anyone
 * else is refused. Portal verbs start with this, then scope every query to what the account may see.
 */
export function requirePortal(portal: UserActor["properties"]["portal"]): UserActor {
  const actor = useActor();
  if (actor.type !== "user") {
    throw new AppError(actor.type === "public" ? "unauthenticated" : "forbidden", `Sign in to the ${portal} portal`);
  }
  if (actor.properties.portal !== portal) throw new AppError("forbidden", `This needs a ${portal} portal account`);
  const restricted = restrictionError(actor);
  if (restricted) throw restricted;
  return actor;
}
