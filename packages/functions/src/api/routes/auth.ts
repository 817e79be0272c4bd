import * as Auth from "@dotmac/core/auth";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../base";
import { SESSION_COOKIE } from "../middleware";
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
          schema: z.object({ email: z.string(), password: z.string() }).openapi("LoginRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in",
      content: { "application/json": { schema: z.object({ user: User, expiresAt: z.string() }) } },
    },
    ...problemResponses(400, 401, 429),
  },
});

const me = createRoute({
  method: "get",
  path: "/me",
  summary: "The signed-in user",
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

export const auth = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(login, async (c) => {
    const { user, token, expiresAt } = await Auth.login(c.req.valid("json"));
    setCookie(c, SESSION_COOKIE, token, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      expires: expiresAt,
    });
    return c.json({ user, expiresAt: expiresAt.toISOString() }, 200);
  })
  .openapi(me, async (c) => c.json({ user: await Auth.me() }, 200))
  .openapi(logout, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.body(null, 204);
  });
