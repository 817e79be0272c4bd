import * as Auth from "@dotmac/core/auth";
import * as Csrf from "@dotmac/core/platform/csrf";
import { safeRedirect } from "@dotmac/core/platform/redirect";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../base";
import { CSRF_COOKIE, SESSION_COOKIE } from "../middleware";
import { openapiHook, problemResponses } from "../openapi";

// Re-wrapped so the schema is created after @hono/zod-openapi has extended zod.
const User = z.object(Auth.Info.shape).openapi("User");

const login = createRoute({
  method: "post",
  path: "/login",
  summary: "Sign in as staff; sets the session cookie and returns the user",
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
            expiresAt: z.string(),
            redirectTo: z.string().openapi({ description: "`next` when it is a same-origin path, else /status" }),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 415, 429),
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
  summary: "Sign out: clears the session cookie",
  responses: { 204: { description: "Signed out" }, ...problemResponses(401, 403) },
});

/** The signed double-submit cookie for this session's user, unless a valid one is already there. */
async function ensureCsrfCookie(c: Context<AppEnv>, userId: string, expires?: Date) {
  if (!expires && (await Csrf.verify(getCookie(c, CSRF_COOKIE), userId))) return;
  setCookie(c, CSRF_COOKIE, await Csrf.issue(userId), {
    path: "/",
    secure: true,
    sameSite: "Strict",
    ...(expires ? { expires } : {}),
  });
}

export const auth = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(login, async (c) => {
    const { next, ...credentials } = c.req.valid("json");
    const { user, token, expiresAt } = await Auth.login(credentials);
    setCookie(c, SESSION_COOKIE, token, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      expires: expiresAt,
    });
    await ensureCsrfCookie(c, user.id, expiresAt);
    return c.json({ user, expiresAt: expiresAt.toISOString(), redirectTo: safeRedirect(next, "/status") }, 200);
  })
  .openapi(me, async (c) => {
    const user = await Auth.me();
    if (c.get("authVia") === "cookie") await ensureCsrfCookie(c, user.id);
    return c.json({ user }, 200);
  })
  .openapi(logout, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    deleteCookie(c, CSRF_COOKIE, { path: "/", secure: true });
    return c.body(null, 204);
  });
