import * as Auth from "@dotmac/core/auth";
import * as Csrf from "@dotmac/core/platform/csrf";
import { safeRedirect } from "@dotmac/core/platform/redirect";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../base";
import { CLIENT_HEADER, CSRF_COOKIE, REFRESH_COOKIE, SESSION_COOKIE } from "../middleware";
import { openapiHook, problemResponses } from "../openapi";

// Re-wrapped so the schema is created after @hono/zod-openapi has extended zod.
const User = z.object(Auth.Info.shape).openapi("User");

const SessionSchema = z.object(Auth.SessionInfo.shape).openapi("Session");

/** What a bearer client receives instead of cookies. `refreshToken` is absent on a tolerated concurrent refresh. */
const BearerTokens = {
  accessToken: z.string().optional().openapi({ description: "Only for `x-client: app`" }),
  refreshToken: z
    .string()
    .optional()
    .openapi({ description: "Only for `x-client: app`; absent inside the reuse grace" }),
  expiresIn: z.number().int().optional().openapi({ description: "Access token lifetime in seconds" }),
};

const login = createRoute({
  method: "post",
  path: "/login",
  summary: "Sign in as staff: opens a session (cookies, or tokens in the body for `x-client: app`)",
  description:
    "Browsers get `__Host-dotmac_staff` (15-minute access token, SameSite=Lax), `__Host-dotmac_refresh` (rotating " +
    "refresh token, SameSite=Strict) and the CSRF cookie. With `x-client: app` the tokens are in the body and no " +
    "cookie is set.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              email: z.string(),
              password: z.string(),
              next: z.string().optional().openapi({ description: "Where the portal wants to go after sign-in" }),
            })
            .openapi("LoginRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in",
      content: {
        "application/json": {
          schema: z.object({
            user: User,
            expiresAt: z.string().openapi({ description: "When the access token expires" }),
            redirectTo: z.string().openapi({ description: "`next` when it is a same-origin path, else /status" }),
            ...BearerTokens,
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 415, 429),
  },
});

const refresh = createRoute({
  method: "post",
  path: "/refresh",
  summary: "Exchange the refresh token for a new access token; the refresh token rotates",
  description:
    "Browsers send the `__Host-dotmac_refresh` cookie (same-origin only); `x-client: app` sends `refreshToken` in " +
    "the body. A refresh token used again more than 30 s after it was rotated revokes the whole session.",
  request: {
    body: {
      required: false,
      content: { "application/json": { schema: z.object({ refreshToken: z.string().max(200).optional() }) } },
    },
  },
  responses: {
    200: {
      description: "A new access token (cookie or body)",
      content: { "application/json": { schema: z.object({ user: User, expiresAt: z.string(), ...BearerTokens }) } },
    },
    ...problemResponses(401, 403, 415),
  },
});

const me = createRoute({
  method: "get",
  path: "/me",
  summary: "The signed-in user; sets the CSRF cookie if it is missing",
  responses: {
    200: { description: "The user", content: { "application/json": { schema: z.object({ user: User }) } } },
    ...problemResponses(401),
  },
});

const logout = createRoute({
  method: "post",
  path: "/logout",
  summary: "Sign out: revokes this session and clears the cookies",
  responses: { 204: { description: "Signed out" }, ...problemResponses(401, 403) },
});

const password = createRoute({
  method: "post",
  path: "/password",
  summary: "Change your password; every session of yours (this one too) is signed out",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ current: z.string(), next: z.string() }).openapi("ChangePasswordRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Changed; sign in again with the new password",
      content: { "application/json": { schema: z.object({ revokedSessions: z.number().int() }) } },
    },
    ...problemResponses(400, 401, 403, 429),
  },
});

const sessions = createRoute({
  method: "get",
  path: "/sessions",
  summary: "Your active sessions, newest first; `current` is the one making this call",
  responses: {
    200: {
      description: "Sessions",
      content: { "application/json": { schema: z.object({ items: z.array(SessionSchema) }) } },
    },
    ...problemResponses(401),
  },
});

const revokeSession = createRoute({
  method: "delete",
  path: "/sessions/{id}",
  summary: "Sign out one of your sessions (revoking the current one clears its cookies)",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 204: { description: "Revoked" }, ...problemResponses(400, 401, 403, 404) },
});

const isApp = (c: Context<AppEnv>) => c.req.header(CLIENT_HEADER) === "app";

/**
 * The signed double-submit cookie for this session's user. Without `expires`: set only when a valid
 * one is missing. With `expires`: a sign-in (`rotate`) mints a new token; a refresh keeps a valid
 * one's value and extends it, so a write already in flight never meets a changed cookie.
 */
async function ensureCsrfCookie(c: Context<AppEnv>, userId: string, expires?: Date, rotate = false) {
  const existing = getCookie(c, CSRF_COOKIE);
  const valid = !rotate && (await Csrf.verify(existing, userId));
  if (valid && !expires) return;
  setCookie(c, CSRF_COOKIE, valid && existing ? existing : await Csrf.issue(userId), {
    path: "/",
    secure: true,
    sameSite: "Strict",
    ...(expires ? { expires } : {}),
  });
}

/**
 * Hands out a sign-in or refresh: cookies for a browser, or the tokens in the body for a bearer
 * client (`x-client: app`), which never gets a cookie. Returns the response body.
 */
async function issue(c: Context<AppEnv>, tokens: Auth.Tokens, signIn: boolean) {
  const body = { user: tokens.user, expiresAt: tokens.accessExpiresAt.toISOString() };
  c.header("cache-control", "no-store");
  if (isApp(c)) {
    const expiresIn = Math.round((tokens.accessExpiresAt.getTime() - Date.now()) / 1000);
    return { ...body, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn };
  }
  const cookie = { path: "/", secure: true, httpOnly: true } as const;
  setCookie(c, SESSION_COOKIE, tokens.accessToken, { ...cookie, sameSite: "Lax", expires: tokens.accessExpiresAt });
  // Inside the reuse grace no refresh token is issued: the browser already holds the newest one.
  if (tokens.refreshToken) {
    setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
      ...cookie,
      sameSite: "Strict",
      expires: tokens.refreshExpiresAt,
    });
  }
  await ensureCsrfCookie(c, tokens.user.id, tokens.refreshExpiresAt, signIn);
  return body;
}

function clearSession(c: Context<AppEnv>) {
  for (const name of [SESSION_COOKIE, REFRESH_COOKIE, CSRF_COOKIE]) deleteCookie(c, name, { path: "/", secure: true });
}

export const auth = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(login, async (c) => {
    const { next, ...credentials } = c.req.valid("json");
    const body = await issue(c, await Auth.login(credentials), true);
    return c.json({ ...body, redirectTo: safeRedirect(next, "/status") }, 200);
  })
  .openapi(refresh, async (c) => {
    // A bearer client's token comes only from the body, a browser's only from its cookie.
    const token = isApp(c) ? c.req.valid("json")?.refreshToken : getCookie(c, REFRESH_COOKIE);
    return c.json(await issue(c, await Auth.refresh(token ?? ""), false), 200);
  })
  .openapi(me, async (c) => {
    const user = await Auth.me();
    if (c.get("authVia") === "cookie") await ensureCsrfCookie(c, user.id);
    return c.json({ user }, 200);
  })
  .openapi(logout, async (c) => {
    await Auth.logout();
    clearSession(c);
    return c.body(null, 204);
  })
  .openapi(password, async (c) => {
    const result = await Auth.changePassword(c.req.valid("json"));
    clearSession(c);
    return c.json(result, 200);
  })
  .openapi(sessions, async (c) => c.json({ items: await Auth.listSessions() }, 200))
  .openapi(revokeSession, async (c) => {
    const { current } = await Auth.revokeSession(c.req.valid("param"));
    if (current) clearSession(c);
    return c.body(null, 204);
  });
