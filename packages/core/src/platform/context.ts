import { AsyncLocalStorage } from "node:async_hooks";
import { AppError } from "./errors";

/** A signed-in account of one of the portals. */
export interface UserProperties {
  userId: string;
  email: string;
  /** Which portal's session this is: a token of one portal never opens another. */
  portal: "staff" | "customer" | "reseller" | "vendor";
  roles: string[];
  /** Permission keys from roles and direct grants (staff); the admin role bypasses them. */
  permissions: string[];
  /** The signed-in session a request came with (absent for other credentials). */
  sessionId?: string | undefined;
  /** Reseller and vendor accounts: the organisation they act for. */
  organizationId?: string | null | undefined;
  /** Customer accounts: the subscriber whose records they see. */
  subscriberId?: string | null | undefined;
  /** Set while the account must first set up MFA or change its password: every verb refuses. */
  restriction?: "mfa_setup" | "password_change" | undefined;
  /** A role (or the vendor portal) makes two-factor authentication mandatory for this account. */
  mfaRequired?: boolean | undefined;
}

/** Who is acting. Set once per entry point; verbs read it and check permissions themselves. */
export type Actor =
  | { type: "public"; properties: { ip?: string } }
  | {
      type: "user";
      properties: UserProperties;
    }
  | { type: "apiKey"; properties: { keyId: string; name: string; scopes: string[] } }
  | { type: "webhook"; properties: { provider: string } }
  | { type: "system"; properties: { job: string } };

export type ActorType = Actor["type"];

/** Where a request came from, for audit rows and rate limits. The IP is the platform's, never a header's. */
export interface RequestMeta {
  requestId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

const storage = new AsyncLocalStorage<{ actor: Actor; request: RequestMeta }>();

export function withActor<T>(actor: Actor, fn: () => T, request: RequestMeta = {}): T {
  return storage.run({ actor, request }, fn);
}

export function useActor(): Actor {
  const store = storage.getStore();
  if (!store) throw new AppError("internal", "No actor is set for this operation");
  return store.actor;
}

export function useRequestMeta(): RequestMeta {
  return storage.getStore()?.request ?? {};
}

export function assertActor<T extends ActorType>(type: T): Extract<Actor, { type: T }> {
  const actor = useActor();
  if (actor.type !== type) {
    throw new AppError(type === "user" ? "unauthenticated" : "forbidden", `This operation needs a ${type} actor`);
  }
  return actor as Extract<Actor, { type: T }>;
}

/** Who an actor is as rows record it: its kind, a stable id (user, key, provider, job) and a human label. */
export interface ActorIdentity {
  type: ActorType;
  id: string | null;
  label: string | null;
}

/** The one mapping from an actor to what audit rows and append-only logs store of it. */
export function actorIdentity(actor: Actor): ActorIdentity {
  switch (actor.type) {
    case "user":
      return { type: "user", id: actor.properties.userId, label: actor.properties.email };
    case "apiKey":
      return { type: "apiKey", id: actor.properties.keyId, label: actor.properties.name };
    case "webhook":
      return { type: "webhook", id: actor.properties.provider, label: null };
    case "system":
      return { type: "system", id: actor.properties.job, label: null };
    case "public":
      return { type: "public", id: null, label: null };
  }
}

/** The `actor_type` and `actor_id` columns of a log row, for the current actor unless one is given. */
export function actorRef(actor: Actor = useActor()): { actorType: ActorType; actorId: string | null } {
  const { type, id } = actorIdentity(actor);
  return { actorType: type, actorId: id };
}
