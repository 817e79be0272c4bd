import { AsyncLocalStorage } from "node:async_hooks";
import { AppError } from "./errors";

/** Who is acting. Set once per entry point; verbs read it and check permissions themselves. */
export type Actor =
  | { type: "public"; properties: { ip?: string } }
  | {
      type: "user";
      /** `sessionId`: the signed-in session a request came with (absent for other credentials). */
      properties: { userId: string; orgId: string; email: string; roles: string[]; sessionId?: string | undefined };
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
