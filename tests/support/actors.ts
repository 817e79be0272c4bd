import type { Actor, UserProperties } from "@dotmac/core/platform/context";

/** A staff user actor as the middleware would build it (tests that call verbs directly). */
export function staffActor(
  user: { id: string; email: string; roles?: string[] },
  extra: Partial<UserProperties> = {},
): Extract<Actor, { type: "user" }> {
  return {
    type: "user",
    properties: {
      userId: user.id,
      email: user.email,
      portal: "staff",
      roles: user.roles ?? [],
      permissions: [],
      ...extra,
    },
  };
}
