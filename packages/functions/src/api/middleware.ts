import * as Auth from "@dotmac/core/auth/verify";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import * as Csrf from "@dotmac/core/platform/csrf";
import { AppError } from "@dotmac/core/platform/errors";
import { unstorableError } from "@dotmac/core/platform/fn";
import { findUnstorable } from "@dotmac/core/platform/storable";
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "./base";
import { clientIp } from "./client-ip";

/**
 * Each portal's cookies: its access token (SameSite=Lax), its rotating refresh token (Strict), and the
 * device token that makes a browser a trusted device of the account last signed in with it (Strict).
 */
export const cookiesOf = (portal: Auth.Portal) => ({
  session: `__Host-dotmac_${portal}`,
  refresh: `__Host-dotmac_${portal}_refresh`,
  device: `__Host-dotmac_${portal}_device`,
});
export const SESSION_COOKIE = cookiesOf("staff").session;
/** Not HttpOnly: the portal reads it and echoes it in `x-csrf-token` (signed double submit). */
export const CSRF_COOKIE = "__Host-dotmac_csrf";
export const CSRF_HEADER = "x-csrf-token";
/** The rotating refresh token: HttpOnly, SameSite=Strict, read only by POST /api/v1/auth/refresh. */
export const REFRESH_COOKIE = cookiesOf("staff").refresh;

/** Which portal's credentials a path takes: `/api/v1/customer/…` the customer's, and so on; else staff. */
export function portalOf(path: string): Auth.Portal {
  const match = /^\/api\/v1\/(customer|reseller|vendor)(?:\/|$)/.exec(path);
  return (match?.[1] as Auth.Portal | undefined) ?? "staff";
}

/** The field app's routes (v1's technician app): staff technicians' and vendor crews' bearer tokens both work. */
export const isFieldPath = (path: string) => path === "/api/v1/field" || path.startsWith("/api/v1/field/");

/**
 * The public routes under each portal's auth prefix, and whether each checks a credential (a password,
 * a code, an emailed token): those share the strict per-IP sign-in budget. Refresh is left out (a
 * 256-bit rotating token, refreshed often by apps); link requests have their own limits in core.
 */
const everyPortalAuth = [
  ["POST login", true],
  ["POST refresh", false],
  ["POST mfa/verify", true],
  ["POST password/forgot", false],
  ["POST password/reset", true],
  ["POST invitations/accept", true],
] as const;
/** The customer portal also signs in by emailed link. */
const customerAuth = [
  ["POST magic-link", false],
  ["POST magic-link/verify", true],
] as const;
/** v1's technician app finishes a vendor crew's sign-in here (its staff path is `mfa/verify`). */
const vendorAuth = [["POST mfa", true]] as const;
const authPrefix = (portal: Auth.Portal) => (portal === "staff" ? "/api/v1/auth" : `/api/v1/${portal}/auth`);
const portalAuth = Auth.portals.flatMap((portal) =>
  [...everyPortalAuth, ...(portal === "customer" ? customerAuth : []), ...(portal === "vendor" ? vendorAuth : [])].map(
    ([route, checksCredential]) => {
      const [method, path] = route.split(" ");
      return { route: `${method} ${authPrefix(portal)}/${path}`, checksCredential };
    },
  ),
);

/**
 * Every portal's credential-checking routes, from the same list as the public routes: a new portal or
 * sign-in route gets the strict per-IP budget by being listed there (rate-limit.ts).
 */
export const signInRoutes: ReadonlySet<string> = new Set(
  portalAuth.filter((r) => r.checksCredential).map((r) => r.route),
);

/** `x-client: app` marks a bearer client (technician app): tokens travel in bodies, never in cookies. */
export const CLIENT_HEADER = "x-client";

/**
 * Routes that answer without a session. Each one authenticates some other way (a webhook signature,
 * a signed URL) or shows nothing private. tests/security asserts every other route needs a session.
 */
export const publicRoutes = [
  "GET /api/health",
  "GET /api/openapi.json",
  "GET /api/docs",
  ...portalAuth.map((r) => r.route),
  // The emailed resolution-confirmation link: its token (in the body) is the credential.
  "POST /api/v1/customer/confirmation/lookup",
  "POST /api/v1/customer/confirmation/confirm",
  "POST /api/v1/customer/confirmation/dispute",
  // The satisfaction-survey link sent after a conversation is resolved: its token (in the body) is the credential.
  "POST /api/v1/customer/csat/lookup",
  "POST /api/v1/customer/csat/answer",
  // The customer's "track my visit" link: its token (from the fragment, sent in the body) is the credential.
  "POST /api/v1/track/view",
  "POST /api/v1/track/confirm",
  "POST /api/v1/track/reschedule",
  // Campaign links in sent mail: the HMAC signature over the recipient (and URL) in the query is the
  // credential; the one-click unsubscribe is POSTed by mail providers (RFC 8058) without cookies.
  "GET /api/v1/t/open",
  "GET /api/v1/t/click",
  "GET /api/v1/t/unsubscribe",
  "POST /api/v1/t/unsubscribe",
  "POST /api/v1/t/unsubscribe/lookup",
  // Public surveys: a single-use invitation token or a signed form token (in the body) is the credential.
  "POST /api/v1/public-surveys/lookup",
  "POST /api/v1/public-surveys/respond",
  // The emailed single-use quote link: its token (from the fragment, sent in the body) is the credential.
  "POST /api/v1/quote-links/view",
  "POST /api/v1/quote-links/pdf",
  "POST /api/v1/quote-links/accept",
  "POST /api/v1/quote-links/reject",
  "POST /webhooks/billing/subscribers",
  // The field app asks whether it must update before anyone signs in (versions and feature flags only).
  "GET /api/v1/field/config",
  // The web chat widget on the ISP's site: the widget's allowed origins are checked on every call, and
  // the visitor token (Authorization: Bearer, signed by us, bound to the widget) by the route's verb.
  "GET /api/v1/widget/config",
  "POST /api/v1/widget/start",
  "POST /api/v1/widget/messages",
  "GET /api/v1/widget/messages",
  "POST /api/v1/widget/seen",
  // Meta's verification handshake (verify token) and signed deliveries (X-Hub-Signature-256).
  "GET /webhooks/whatsapp",
  "POST /webhooks/whatsapp",
  "GET /webhooks/meta",
  "POST /webhooks/meta",
  // The same at a channel's own URL; its handshake checks that channel's verify token.
  "GET /webhooks/whatsapp/:channelId",
  "POST /webhooks/whatsapp/:channelId",
  "GET /webhooks/meta/:channelId",
  "POST /webhooks/meta/:channelId",
];

const publicSet = new Set<string>(publicRoutes);

export type { AppEnv } from "./base";

/**
 * Authenticates (API key, session cookie or bearer token), sets the actor for everything downstream,
 * and refuses unauthenticated calls to any route that is not on the public list.
 */
export const authenticate = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const authorization = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  // An API key comes in Authorization (told from a JWT by its prefix) or X-API-Key; never in the URL.
  const apiKey = authorization?.startsWith(Auth.API_KEY_PREFIX) ? authorization : c.req.header("x-api-key");
  const bearer = authorization === apiKey ? undefined : authorization;
  // The path decides the portal: its cookie is the only one read, its audience the only one accepted.
  const portal = portalOf(c.req.path);
  const cookie = getCookie(c, cookiesOf(portal).session);
  const token = bearer ?? cookie;
  let actor: Actor = { type: "public", properties: {} };
  if (apiKey !== undefined) {
    // A key that does not verify is a 401 on every route: an integrator must learn the key is bad.
    actor = { type: "apiKey", properties: await Auth.verifyApiKey(apiKey) };
    c.set("authVia", "apiKey");
  } else if (token) {
    let user = await Auth.verifySession(token, portal).catch(() => undefined);
    // v1's technician app signs a vendor crew in at /vendor/auth and then calls /field with that bearer token.
    if (!user && bearer && isFieldPath(c.req.path))
      user = await Auth.verifySession(token, "vendor").catch(() => undefined);
    if (user) {
      actor = { type: "user", properties: user };
      c.set("authVia", bearer ? "bearer" : "cookie");
    }
  }
  if (actor.type === "public") c.set("authVia", "none");
  c.set("actor", actor);
  const route = `${c.req.method} ${c.req.path}`;
  if (actor.type === "public" && !publicSet.has(route) && c.req.method !== "OPTIONS") {
    throw new AppError("unauthenticated", "Sign in first: this route needs a session cookie or bearer token");
  }
  return withActor(actor, () => next(), {
    requestId: c.get("requestId"),
    ip: await clientIp(c),
    userAgent: c.req.header("user-agent"),
  });
};

const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF for unsafe methods without a bearer token or API key (neither rides on a cookie): the browser
 * must say the request is same-origin (Origin or Sec-Fetch-Site), and JSON routes refuse the simple
 * content types a cross-site form can send. A cookie session must also echo its CSRF cookie in `x-csrf-token`, signed for its user.
 * Sign-in (no session yet) has only the first two checks.
 */
export const csrf =
  (publicOrigin?: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const exempt = c.get("authVia") === "bearer" || c.get("authVia") === "apiKey";
    if (!unsafe.has(c.req.method) || exempt || c.req.path.startsWith("/webhooks/")) {
      return next();
    }
    // The chat widget is called from the ISP's own site: it reads no cookie (its visitor token is a bearer
    // header) and checks `Origin` against the widget's allowed origins itself (inbox/widget).
    if (c.req.path.startsWith("/api/v1/widget/")) return next();
    // RFC 8058: a mail provider POSTs `List-Unsubscribe=One-Click` form-encoded from its servers. These
    // routes act only on the signed query and never on a cookie, so a forged post carries no authority.
    if (c.req.path.startsWith("/api/v1/t/")) return next();
    // A bearer client signing in or refreshing (its token in the body, no session cookie): no ambient
    // credential to abuse, and another site cannot send a custom header without a preflight we never grant.
    if (c.get("authVia") === "none" && c.req.header(CLIENT_HEADER) === "app") return next();
    // v1's technician app signing in or refreshing: JSON, no cookie, no Origin, no Sec-Fetch-Site. A browser
    // sends Origin on every cross-site POST (and a JSON one only after a preflight we never grant).
    if (c.get("authVia") === "none" && isNonBrowserJson(c)) return next();
    const expected = publicOrigin ?? new URL(c.req.url).origin;
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const sameOrigin = origin ? origin === expected : site === "same-origin";
    if (!sameOrigin) throw new AppError("forbidden", "Cross-site request refused: Origin must match this site");
    const type = c.req.header("content-type") ?? "";
    // A body must say it is JSON (what a cross-site form can send is text/plain, urlencoded or multipart).
    // A bodiless POST (an action button) or DELETE sends no content type: Node's server still hands it an
    // empty body stream, so without a type only a declared length above 0 or a chunked body counts.
    const length = c.req.header("content-length");
    const declared = length === undefined ? c.req.header("transfer-encoding") !== undefined : length !== "0";
    const hasBody = c.req.raw.body !== null && (type !== "" || declared);
    if (hasBody && !type.startsWith("application/json")) {
      throw new AppError("unsupported_media_type", "Send the body as application/json");
    }
    const actor = c.get("actor");
    if (c.get("authVia") === "cookie" && actor.type === "user") {
      const token = c.req.header(CSRF_HEADER);
      const valid = token === getCookie(c, CSRF_COOKIE) && (await Csrf.verify(token, actor.properties.userId));
      if (!valid) {
        throw new AppError("forbidden", `Send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header`);
      }
    }
    return next();
  };

function isNonBrowserJson(c: Parameters<MiddlewareHandler<AppEnv>>[0]): boolean {
  const h = (name: string) => c.req.header(name);
  return (
    !h("origin") && !h("sec-fetch-site") && !h("cookie") && (h("content-type") ?? "").startsWith("application/json")
  );
}

/** Percent-decodes a URL path; malformed escapes (`%ZZ`, invalid UTF-8) are the caller's error, a 400. */
export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new AppError("validation", "The URL path has a malformed %-escape", [
      { path: "(path)", message: "is malformed" },
    ]);
  }
}

/**
 * Refuses, before any route sees them, strings no column can store (NUL, lone surrogates) in the
 * path, the query or a JSON body: whatever a route's schema says, such input never reaches a verb
 * or SQL. A body that is not JSON is left to the route's validator, which says so.
 */
export const refuseUnstorable = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (findUnstorable(decodePath(new URL(c.req.url).pathname))) throw unstorableError("(path)");
  const inQuery = findUnstorable(c.req.queries());
  if (inQuery) throw unstorableError(inQuery.split(".")[0] ?? inQuery);
  if (c.req.raw.body !== null && (c.req.header("content-type") ?? "").startsWith("application/json")) {
    const body = await c.req.json().catch(() => undefined);
    const inBody = findUnstorable(body);
    if (inBody) throw unstorableError(inBody);
  }
  return next();
};
