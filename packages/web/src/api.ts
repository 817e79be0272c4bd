import type { AppType } from "@dotmac/functions/api/app";
import type { Hono } from "hono";
import { hc, type InferResponseType } from "hono/client";
import { t } from "./i18n";

const CSRF_COOKIE = "__Host-dotmac_csrf";

function csrfToken(): string | undefined {
  const entry = document.cookie.split("; ").find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** Every unsafe request echoes the CSRF cookie in `x-csrf-token` (the server's signed double submit). */
const withCsrf: typeof fetch = (input, init) => {
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const token = csrfToken();
  if (method === "GET" || method === "HEAD" || !token) return fetch(input, init);
  const headers = new Headers(init?.headers);
  headers.set("x-csrf-token", token);
  return fetch(input, { ...init, headers });
};

/** Each portal refreshes its own session: `/api/v1/<portal>/auth/refresh`, staff at `/api/v1/auth/refresh`. */
const portalOfPath = (path: string) => /^\/api\/v1\/(customer|reseller|vendor)(?:\/|$)/.exec(path)?.[1];
const authBase = (path: string) => {
  const portal = portalOfPath(path);
  return portal ? `/api/v1/${portal}/auth` : "/api/v1/auth";
};
const NO_RETRY =
  /\/auth\/(login|refresh|mfa\/verify|password\/(forgot|reset)|invitations\/accept|magic-link(\/verify)?)$/;

const refreshing = new Map<string, Promise<boolean>>();

/**
 * Exchanges the refresh cookie for a new access cookie. Concurrent callers share one request, so a
 * burst of 401s rotates the refresh token once.
 */
export function refreshSession(base = "/api/v1/auth"): Promise<boolean> {
  // JSON, as the CSRF check wants for every write; the token itself is the HttpOnly cookie.
  const init = {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: "{}",
  };
  let pending = refreshing.get(base);
  if (!pending) {
    pending = withCsrf(`${base}/refresh`, init as RequestInit)
      .then((res) => res.ok)
      .catch(() => false)
      .finally(() => refreshing.delete(base));
    refreshing.set(base, pending);
  }
  return pending;
}

/** A 401 (the 15-minute access cookie ran out) refreshes the session once and retries the call. */
const withRefresh: typeof fetch = async (input, init) => {
  const res = await withCsrf(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input), window.location.origin);
  if (res.status !== 401 || NO_RETRY.test(url.pathname)) return res;
  return (await refreshSession(authBase(url.pathname))) ? withCsrf(input, init) : res;
};

/**
 * The typed API client. Types only come from the functions package (`import type`), so no server
 * code reaches the bundle. The session is HttpOnly cookies on this origin: the portal never sees them.
 */
export const client = hc<AppType>(window.location.origin, { init: { credentials: "same-origin" }, fetch: withRefresh });

/**
 * A typed client for one sub-app mounted at `base`, for a group whose paths the whole app's type
 * cannot tell apart (the inventory group's `/{id}` routes swallow `/work-orders/...` there).
 */
// biome-ignore lint/suspicious/noExplicitAny: any sub-app, whatever its env and schema.
export const subClient = <T extends Hono<any, any, any>>(base: string) =>
  hc<T>(new URL(base, window.location.origin).href, { init: { credentials: "same-origin" }, fetch: withRefresh });

export type User = InferResponseType<typeof client.api.v1.auth.me.$get, 200>["user"];
export type SystemStatus = InferResponseType<typeof client.api.v1.system.status.$get, 200>;
export type InboundEvent = SystemStatus["inbound"][number];
export type Session = InferResponseType<typeof client.api.v1.auth.sessions.$get, 200>["items"][number];
export type Job = SystemStatus["jobs"][number];

/** One field the server refused, as problem+json names it (`path` is the dotted input path). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A failed call, carrying the problem+json fields; `message` is the server's `detail` and `fields`
 * its per-field `errors`, so a form can show each message beside its input.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = "unknown",
    readonly requestId?: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A failure as the user should read it: the server's `detail`, or a generic line for anything else. */
export const errorMessage = (failure: unknown): string =>
  failure instanceof ApiError ? failure.message : t("errors.generic");

/** The server's message for one field of a failed call, if it named that field. */
export function fieldMessage(failure: unknown, path: string): string | undefined {
  return failure instanceof ApiError ? failure.fields.find((f) => f.path === path)?.message : undefined;
}

let unauthorized: () => void = () => {};

/** Called when any call (other than signing in) answers 401: the app sends the user to the login page. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

type AnyResponse = { ok: boolean; status: number; headers: Headers; json(): Promise<unknown> };

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

async function problemOf(res: AnyResponse): Promise<ApiError> {
  let body: Problem = {};
  if (/json/.test(res.headers.get("content-type") ?? "")) {
    body = (await res.json().catch(() => ({}))) as Problem;
  }
  const fallback = res.status >= 500 ? t("errors.server") : t("errors.status", { status: res.status });
  const fields = Array.isArray(body.errors) ? body.errors : [];
  return new ApiError(res.status, body.detail ?? body.title ?? fallback, body.code, body.requestId, fields);
}

/** Awaits a client call and returns its JSON body, or throws an ApiError made from problem+json. */
export async function read<R extends AnyResponse>(
  call: Promise<R>,
  options: { on401?: "redirect" | "throw" } = {},
): Promise<JsonOf<R>> {
  const res = await send(call, options);
  return (await res.json()) as JsonOf<R>;
}

/** The JSON body type of a typed client call's success response. */
type JsonOf<R> = Extract<R, { ok: true }> extends { json(): Promise<infer T> } ? T : never;

/** Awaits a client call and returns the success response, or throws an ApiError made from problem+json. */
export async function send<R extends AnyResponse>(call: Promise<R>, options: { on401?: "redirect" | "throw" } = {}) {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, t("errors.network"), "network");
  }
  if (res.ok) return res as Extract<R, { ok: true }>;
  const error = await problemOf(res);
  if (res.status === 401 && options.on401 !== "throw") unauthorized();
  throw error;
}

export type PortalName = "staff" | "customer" | "reseller" | "vendor";

/** Where a portal's pages live: staff at the root, the others under `/<portal>`. */
export const portalBase = (portal: PortalName) => (portal === "staff" ? "" : `/${portal}`);

/** The portal a page path belongs to. */
export const portalOfPage = (path: string): PortalName =>
  (/^\/(customer|reseller|vendor)(?:\/|$)/.exec(path)?.[1] as PortalName | undefined) ?? "staff";

/** Each portal's auth routes have the same shape; the staff client's type describes them all. */
type AuthClient = typeof client.api.v1.auth;
const authClients: Record<PortalName, AuthClient> = {
  staff: client.api.v1.auth,
  customer: client.api.v1.customer.auth as unknown as AuthClient,
  reseller: client.api.v1.reseller.auth as unknown as AuthClient,
  vendor: client.api.v1.vendor.auth as unknown as AuthClient,
};
export const authClient = (portal: PortalName) => authClients[portal];

export type Me = InferResponseType<AuthClient["me"]["$get"], 200>;
export type LoginResult = InferResponseType<AuthClient["login"]["$post"], 200>;
export type Restriction = Me["restriction"];

/** The JSON content type the CSRF check wants on every cookie-authenticated write, even an empty one. */
export const JSON_HEADERS = { headers: { "content-type": "application/json" } };

/** Sign-in, second factor, profile and sessions of one portal. */
export const authApi = (portal: PortalName) => {
  const c = authClient(portal);
  return {
    /** Signs in, or answers `mfaRequired` with the token `verifyMfa` needs. */
    async login(email: string, password: string, next?: string): Promise<LoginResult> {
      const json = next === undefined ? { email, password } : { email, password, next };
      return (await send(c.login.$post({ json }), { on401: "throw" })).json();
    },
    async verifyMfa(mfaToken: string, code: string, next?: string) {
      const json = next === undefined ? { mfaToken, code } : { mfaToken, code, next };
      return (await send(c.mfa.verify.$post({ json }), { on401: "throw" })).json();
    },
    /** Who is signed in to this portal, or undefined without a session (no redirect: callers decide). */
    async me(): Promise<Me | undefined> {
      try {
        return await (await send(c.me.$get(), { on401: "throw" })).json();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return undefined;
        throw error;
      }
    },
    async logout(): Promise<void> {
      await send(c.logout.$post(undefined, JSON_HEADERS), { on401: "throw" }).catch((error: unknown) => {
        // Already signed out is the outcome we wanted.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      });
    },
    async sessions(): Promise<Session[]> {
      return (await (await send(c.sessions.$get())).json()).items;
    },
    async revokeSession(id: string): Promise<void> {
      await send(c.sessions[":id"].$delete({ param: { id } }));
    },
    /** Changes the password; the server signs out every session, this one included. */
    async changePassword(current: string, next: string): Promise<void> {
      await send(c.password.$post({ json: { current, next } }));
    },
    async mfaSetup() {
      return (await send(c.mfa.setup.$post(undefined, JSON_HEADERS))).json();
    },
    async mfaConfirm(code: string) {
      return (await send(c.mfa.confirm.$post({ json: { code } }))).json();
    },
    async mfaDisable(code: string): Promise<void> {
      await send(c.mfa.disable.$post({ json: { code } }));
    },
    async mfaRecoveryCodes(code: string) {
      return (await send(c.mfa["recovery-codes"].$post({ json: { code } }))).json();
    },
  };
};

export const api = {
  async status(): Promise<SystemStatus> {
    return (await send(client.api.v1.system.status.$get())).json();
  },
};
