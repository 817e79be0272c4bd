import * as Auth from "@dotmac/core/auth";
import * as Csrf from "@dotmac/core/platform/csrf";
import { safeRedirect } from "@dotmac/core/platform/redirect";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../base";
import { CLIENT_HEADER, CSRF_COOKIE, cookiesOf } from "../middleware";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

// Re-wrapped so the schema is created after @hono/zod-openapi has extended zod.
const User = z.object(Auth.Info.shape).openapi("User");

const SessionSchema = z.object(Auth.SessionInfo.shape).openapi("Session");

/** Where each portal lands after sign-in when `next` is missing or not a same-origin path. */
export const homeOf: Record<Auth.Portal, string> = {
  staff: "/",
  customer: "/customer",
  reseller: "/reseller",
  vendor: "/vendor",
};

const MfaChallenge = z
  .object({
    mfaRequired: z.literal(true),
    mfaToken: z.string().openapi({ description: "Send it with the code to `mfa/verify` within 5 minutes" }),
    expiresAt: z.string(),
    mfa_required: z.literal(true).optional().openapi({ description: "v1's technician app" }),
    mfa_token: z.string().optional(),
  })
  .openapi("MfaChallenge");

const Restriction = z
  .enum(["mfa_setup", "password_change"])
  .nullable()
  .openapi({ description: "What the account must do before anything else works" });

/** What a bearer client receives instead of cookies. `refreshToken` is absent on a tolerated concurrent refresh. */
const BearerTokens = {
  accessToken: z.string().optional().openapi({ description: "Only for `x-client: app`" }),
  refreshToken: z
    .string()
    .optional()
    .openapi({ description: "Only for `x-client: app`; absent inside the reuse grace" }),
  expiresIn: z.number().int().optional().openapi({ description: "Access token lifetime in seconds" }),
  access_token: z
    .string()
    .optional()
    .openapi({ description: "v1's technician app (it sent `username`/`refresh_token`)" }),
  refresh_token: z.string().optional(),
  token_type: z.literal("bearer").optional(),
  expires_in: z.number().int().optional(),
  vendor_id: z.string().nullable().optional().openapi({ description: "v1's app: the vendor organisation" }),
};

const login = createRoute({
  method: "post",
  path: "/login",
  summary: "Sign in: opens a session (cookies, or tokens in the body for `x-client: app`), or asks for the TOTP code",
  description:
    "Browsers get `__Host-dotmac_<portal>` (15-minute access token, SameSite=Lax), `__Host-dotmac_<portal>_refresh` " +
    "(rotating refresh token, SameSite=Strict) and the CSRF cookie, and `__Host-dotmac_<portal>_device` once the " +
    "password is right: a browser holding it for this email spends its own failure budget, so guesses from " +
    "elsewhere never throttle it. With `x-client: app` the tokens are in the body and no cookie is set. An " +
    "account with two-factor authentication on gets `mfaRequired` and an `mfaToken` instead; `mfa/verify` with " +
    "the code finishes the sign-in. Failed attempts are budgeted per source and per email; a spent budget is a 429.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              email: z.string().max(320).optional().openapi({ description: "Required unless `username` is sent" }),
              username: z
                .string()
                .max(320)
                .optional()
                .openapi({ description: "v1's technician app: the email, and the tokens come back in the body" }),
              password: z.string().max(1024),
              next: z
                .string()
                .max(2048)
                .optional()
                .openapi({ description: "Where the portal wants to go after sign-in" }),
            })
            .refine((b) => b.email !== undefined || b.username !== undefined, {
              message: "Send email (or username) and password",
              path: ["email"],
            })
            .openapi("LoginRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in, or the TOTP code is needed",
      content: {
        "application/json": {
          schema: z.union([
            z.object({
              user: User,
              expiresAt: z.string().openapi({ description: "When the access token expires" }),
              redirectTo: z
                .string()
                .openapi({ description: "`next` when it is a same-origin path, else the portal's home" }),
              restriction: Restriction,
              ...BearerTokens,
            }),
            MfaChallenge,
          ]),
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
      content: {
        "application/json": {
          schema: z.object({
            refreshToken: z.string().max(200).optional(),
            refresh_token: z
              .string()
              .max(200)
              .optional()
              .openapi({ description: "v1's technician app: the same, and the answer carries snake_case tokens" }),
          }),
        },
      },
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

const mfaVerify = createRoute({
  method: "post",
  path: "/mfa/verify",
  summary: "Second sign-in step: the TOTP code (or a recovery code) with the `mfaToken` from login",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              mfaToken: z.string().max(2000).optional(),
              mfa_token: z.string().max(2000).optional().openapi({ description: "v1's technician app" }),
              code: z.string().max(20),
              next: z.string().max(2048).optional(),
            })
            .refine((b) => b.mfaToken !== undefined || b.mfa_token !== undefined, {
              message: "Send the mfaToken from the sign-in step",
              path: ["mfaToken"],
            })
            .openapi("MfaVerifyRequest"),
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
            redirectTo: z.string(),
            restriction: Restriction,
            ...BearerTokens,
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
  summary: "The signed-in user, what they may do, and what they must do first; sets the CSRF cookie if missing",
  responses: {
    200: {
      description: "The user",
      content: {
        "application/json": {
          schema: z.object({
            user: User,
            permissions: z.array(z.string()).openapi({ description: "Keys held; `*` for administrators" }),
            restriction: Restriction,
            mfaRequired: z.boolean().openapi({ description: "Two-factor authentication cannot be turned off" }),
            recoveryCodesLeft: z.number().int().nullable(),
          }),
        },
      },
    },
    ...problemResponses(401),
  },
});

const CodeBody = {
  body: {
    required: true,
    content: { "application/json": { schema: z.object({ code: z.string().max(20) }).openapi("MfaCodeRequest") } },
  },
} as const;

const mfaSetup = createRoute({
  method: "post",
  path: "/mfa/setup",
  summary: "Start two-factor set-up: a new TOTP secret, its otpauth URI and a QR code (SVG)",
  responses: {
    200: {
      description: "Scan the QR code, then confirm with a code",
      content: {
        "application/json": { schema: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }) },
      },
    },
    ...problemResponses(401, 403, 409),
  },
});

const RecoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).openapi({ description: "Shown once; each works one time" }),
});

const mfaConfirm = createRoute({
  method: "post",
  path: "/mfa/confirm",
  summary: "Confirm two-factor set-up with a code from the app; returns ten recovery codes, once",
  request: CodeBody,
  responses: {
    200: json(RecoveryCodes, "Two-factor authentication is on"),
    ...problemResponses(400, 401, 403, 409, 429),
  },
});

const mfaDisable = createRoute({
  method: "post",
  path: "/mfa/disable",
  summary: "Turn two-factor authentication off with a current code (refused when a role requires it)",
  request: CodeBody,
  responses: { 204: { description: "Off" }, ...problemResponses(400, 401, 403, 409, 429) },
});

const mfaRecovery = createRoute({
  method: "post",
  path: "/mfa/recovery-codes",
  summary: "Replace your recovery codes (the old ones stop working), with a current code",
  request: CodeBody,
  responses: {
    200: json(RecoveryCodes, "New codes"),
    ...problemResponses(400, 401, 403, 409, 429),
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
          schema: z
            .object({ current: z.string().max(1024), next: z.string().max(1024) })
            .openapi("ChangePasswordRequest"),
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
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
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
export async function issue(c: Context<AppEnv>, tokens: Auth.Tokens, signIn: boolean, v1 = false) {
  const body = { user: tokens.user, expiresAt: tokens.accessExpiresAt.toISOString() };
  const names = cookiesOf(tokens.user.portal);
  c.header("cache-control", "no-store");
  if (v1 || isApp(c)) {
    const expiresIn = Math.round((tokens.accessExpiresAt.getTime() - Date.now()) / 1000);
    const app = { ...body, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn };
    if (!v1) return app;
    // v1's technician app reads snake_case tokens (and `vendor_id` after a vendor crew's sign-in).
    return {
      ...app,
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      token_type: "bearer" as const,
      expires_in: expiresIn,
      vendor_id: tokens.user.portal === "vendor" ? tokens.user.organizationId : null,
    };
  }
  const cookie = { path: "/", secure: true, httpOnly: true } as const;
  setCookie(c, names.session, tokens.accessToken, { ...cookie, sameSite: "Lax", expires: tokens.accessExpiresAt });
  // Inside the reuse grace no refresh token is issued: the browser already holds the newest one.
  if (tokens.refreshToken) {
    setCookie(c, names.refresh, tokens.refreshToken, {
      ...cookie,
      sameSite: "Strict",
      expires: tokens.refreshExpiresAt,
    });
  }
  await ensureCsrfCookie(c, tokens.user.id, tokens.refreshExpiresAt, signIn);
  return body;
}

/** A browser that proved the password becomes a trusted device of the account (kept across sign-outs). */
function trustDevice(c: Context<AppEnv>, portal: Auth.Portal, token: string) {
  if (isApp(c)) return;
  setCookie(c, cookiesOf(portal).device, token, {
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Strict",
    maxAge: Auth.DEVICE_TTL_SECONDS,
  });
}

function clearSession(c: Context<AppEnv>, portal: Auth.Portal) {
  const names = cookiesOf(portal);
  for (const name of [names.session, names.refresh, CSRF_COOKIE]) deleteCookie(c, name, { path: "/", secure: true });
}

/** What a restricted account must do first (the actor the middleware resolved). */
function restrictionOf(c: Context<AppEnv>) {
  const actor = c.get("actor");
  return actor.type === "user" ? (actor.properties.restriction ?? null) : null;
}

/** The restriction of a freshly issued session: the same rule the middleware applies on the next request. */
async function restrictionFor(tokens: Auth.Tokens) {
  return (await Auth.verifySession(tokens.accessToken, tokens.user.portal)).restriction ?? null;
}

/** The second sign-in step; v1's technician app sends `mfa_token` and reads snake_case tokens. */
const verifyMfa = async (
  c: Context<AppEnv>,
  input: { mfaToken?: string | undefined; mfa_token?: string | undefined; code: string; next?: string | undefined },
  portal: Auth.Portal,
) => {
  const v1 = input.mfa_token !== undefined && input.mfaToken === undefined;
  const tokens = await Auth.Mfa.verifyLogin({
    mfaToken: input.mfaToken ?? input.mfa_token ?? "",
    code: input.code,
    portal,
  });
  const body = await issue(c, tokens, true, v1);
  const restriction = await restrictionFor(tokens);
  return { ...body, restriction, redirectTo: safeRedirect(input.next, homeOf[portal]) };
};

/** v1's vendor crews finish their sign-in at `/vendor/auth/mfa` (its staff path is `mfa/verify`). */
const vendorMfa = createRoute({
  ...mfaVerify,
  path: "/mfa",
  summary: "v1's path for the vendor crews' second sign-in step (same as `mfa/verify`)",
});

/**
 * The sign-in routes of one portal, mounted at `/api/v1/auth` (staff, and the technician app with
 * `x-client: app`) and `/api/v1/<portal>/auth`. Each portal signs in only its own accounts and sets
 * only its own cookies; the middleware accepts its tokens only under its prefix.
 */
export const authRoutes = (portal: Auth.Portal) =>
  new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
    .openapi(login, async (c) => {
      const { next, username, email, ...credentials } = c.req.valid("json");
      // v1's technician app sends `username` and reads its tokens from the body: a bearer client.
      const v1 = username !== undefined && email === undefined;
      // A browser's device cookie lets its own failures count apart from guesses elsewhere; apps have none.
      const device = v1 || isApp(c) ? undefined : getCookie(c, cookiesOf(portal).device);
      const { device: trusted, ...result } = await Auth.login({
        ...credentials,
        email: email ?? username ?? "",
        portal,
        device,
      });
      if ("mfaRequired" in result) {
        if (!v1) trustDevice(c, portal, trusted);
        c.header("cache-control", "no-store");
        const challenge = { ...result, expiresAt: result.expiresAt.toISOString() };
        return c.json(v1 ? { ...challenge, mfa_required: true as const, mfa_token: result.mfaToken } : challenge, 200);
      }
      const body = await issue(c, result, true, v1);
      if (!v1) trustDevice(c, portal, trusted);
      const restriction = await restrictionFor(result);
      return c.json({ ...body, restriction, redirectTo: safeRedirect(next, homeOf[portal]) }, 200);
    })
    .openapi(mfaVerify, async (c) => c.json(await verifyMfa(c, c.req.valid("json"), portal), 200))
    .openapi(refresh, async (c) => {
      // A bearer client's token comes only from the body, a browser's only from its cookie.
      const sent = c.req.valid("json");
      const v1 = sent?.refresh_token !== undefined;
      const token = v1 ? sent?.refresh_token : isApp(c) ? sent?.refreshToken : getCookie(c, cookiesOf(portal).refresh);
      return c.json(await issue(c, await Auth.refresh(token ?? "", portal), false, v1), 200);
    })
    .openapi(me, async (c) => {
      const user = await Auth.me();
      const actor = c.get("actor");
      if (c.get("authVia") === "cookie") await ensureCsrfCookie(c, user.id);
      const permissions =
        actor.type === "user"
          ? user.roles.includes("admin") && portal === "staff"
            ? ["*"]
            : actor.properties.permissions
          : [];
      return c.json(
        {
          user,
          permissions,
          restriction: restrictionOf(c),
          mfaRequired: actor.type === "user" && Boolean(actor.properties.mfaRequired),
          // Me already says whether MFA is on: count codes only then.
          recoveryCodesLeft: user.mfaEnabled ? await Auth.Mfa.countRecoveryCodes(user.id) : null,
        },
        200,
      );
    })
    .openapi(logout, async (c) => {
      await Auth.logout();
      clearSession(c, portal);
      return c.body(null, 204);
    })
    .openapi(password, async (c) => {
      const result = await Auth.changePassword(c.req.valid("json"));
      clearSession(c, portal);
      return c.json(result, 200);
    })
    .openapi(sessions, async (c) => c.json({ items: await Auth.listSessions() }, 200))
    .openapi(revokeSession, async (c) => {
      const { current } = await Auth.revokeSession(c.req.valid("param"));
      if (current) clearSession(c, portal);
      return c.body(null, 204);
    })
    .openapi(mfaSetup, async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Auth.Mfa.setup(), 200);
    })
    .openapi(mfaConfirm, async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Auth.Mfa.confirm(c.req.valid("json")), 200);
    })
    .openapi(mfaDisable, async (c) => {
      await Auth.Mfa.disable(c.req.valid("json"));
      return c.body(null, 204);
    })
    .openapi(mfaRecovery, async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await Auth.Mfa.regenerateRecoveryCodes(c.req.valid("json")), 200);
    });

/** v1's vendor sign-in path for the code step, mounted at `/api/v1/vendor/auth` beside the vendor's routes. */
export const vendorV1Routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(vendorMfa, async (c) =>
  c.json(await verifyMfa(c, c.req.valid("json"), "vendor"), 200),
);
