import { requirePermission, requirePortal } from "../access";
import { useActor } from "../platform/context";
import { AppError } from "../platform/errors";

/** Who works from the field app: a technician (staff user) or a vendor's crew member (vendor user). */
export interface FieldUser {
  userId: string;
  portal: "staff" | "vendor";
  /** The vendor organisation a crew member acts for (null for staff). */
  organizationId: string | null;
}

/**
 * The signed-in field user, ready to act: a staff user holding `permission`, or a vendor portal account
 * (its own organisation's jobs are its scope). Customers, resellers and keys are refused.
 */
export function requireFieldUser(permission: Parameters<typeof requirePermission>[0]): FieldUser {
  const actor = useActor();
  if (actor.type === "user" && actor.properties.portal === "vendor") {
    const vendor = requirePortal("vendor");
    return {
      userId: vendor.properties.userId,
      portal: "vendor",
      organizationId: vendor.properties.organizationId ?? null,
    };
  }
  if (actor.type !== "user" || actor.properties.portal !== "staff") {
    throw new AppError(
      actor.type === "public" ? "unauthenticated" : "forbidden",
      "Sign in with a staff or vendor account",
    );
  }
  requirePermission(permission);
  return { userId: actor.properties.userId, portal: "staff", organizationId: null };
}
