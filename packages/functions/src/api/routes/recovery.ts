import * as Auth from "@dotmac/core/auth";
import { safeRedirect } from "@dotmac/core/platform/redirect";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";
import { homeOf, issue } from "./auth";

// Core's schemas re-wrapped (so @hono/zod-openapi can name them); the portal comes from the mount point.
const ForgotRequest = z
  .object(Auth.Recovery.RequestReset.shape)
  .omit({ portal: true })
  .openapi("ForgotPasswordRequest");
const ResetRequest = z.object(Auth.Recovery.ResetPassword.shape).omit({ portal: true }).openapi("ResetPasswordRequest");
const AcceptRequest = z
  .object(Auth.Recovery.AcceptInvitation.shape)
  .omit({ portal: true })
  .openapi("AcceptInvitationRequest");
const MagicLinkRequest = z.object(Auth.Recovery.RequestMagicLink.shape).openapi("MagicLinkRequest");
const MagicLinkVerify = z
  .object({
    token: z.string().max(200).openapi({ description: "From the link's fragment (`#token=…`)" }),
    next: z.string().max(2048).optional().openapi({ description: "Where the portal wants to go after sign-in" }),
  })
  .openapi("MagicLinkVerifyRequest");
const Sent = z
  .object({ status: z.literal("sent") })
  .openapi("RecoverySent", { description: "The same answer whether or not an account has this email" });
const User = z.object(Auth.Info.shape);

const forgot = createRoute({
  method: "post",
  path: "/password/forgot",
  summary: "Email a password-reset link (valid 60 minutes, once) if this portal has an account with the email",
  description:
    "Always 202 with the same body, whether or not the account exists. The link carries its token in the URL " +
    "fragment (`/reset-password#token=…`), which browsers never send to a server.",
  request: { body: body(ForgotRequest) },
  responses: {
    202: json(Sent, "Accepted"),
    ...problemResponses(400, 403, 415, 429),
  },
});

const reset = createRoute({
  method: "post",
  path: "/password/reset",
  summary: "Choose a new password with a reset link's token; every session of the account is signed out",
  request: { body: body(ResetRequest) },
  responses: { 204: { description: "Password changed" }, ...problemResponses(400, 403, 415, 429) },
});

const accept = createRoute({
  method: "post",
  path: "/invitations/accept",
  summary: "Accept an invitation: choose the account's password (and optionally the display name)",
  request: { body: body(AcceptRequest) },
  responses: { 204: { description: "Invitation accepted; sign in" }, ...problemResponses(400, 403, 415, 429) },
});

const magicLink = createRoute({
  method: "post",
  path: "/magic-link",
  summary: "Email a customer a one-time sign-in link (valid 15 minutes) if a customer account has the email",
  request: { body: body(MagicLinkRequest) },
  responses: {
    202: json(Sent, "Accepted"),
    ...problemResponses(400, 403, 415, 429),
  },
});

const magicLinkVerify = createRoute({
  method: "post",
  path: "/magic-link/verify",
  summary: "Sign in with a magic link's token: the same answer and cookies as `login`",
  request: { body: body(MagicLinkVerify) },
  responses: {
    200: {
      description: "Signed in, or the TOTP code is needed (finish with `mfa/verify`)",
      content: {
        "application/json": {
          schema: z.union([
            z.object({
              user: User,
              expiresAt: z.string(),
              redirectTo: z.string(),
              restriction: z.enum(["mfa_setup", "password_change"]).nullable(),
              accessToken: z.string().optional(),
              refreshToken: z.string().optional(),
              expiresIn: z.number().int().optional(),
            }),
            z.object({ mfaRequired: z.literal(true), mfaToken: z.string(), expiresAt: z.string() }),
          ]),
        },
      },
    },
    ...problemResponses(400, 403, 415, 429),
  },
});

/** Password reset and invitation acceptance, the same for every portal. */
const passwordRoutes = (portal: Auth.Portal) =>
  new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
    .openapi(forgot, async (c) =>
      c.json(await Auth.Recovery.requestPasswordReset({ ...c.req.valid("json"), portal }), 202),
    )
    .openapi(reset, async (c) => {
      await Auth.Recovery.resetPassword({ ...c.req.valid("json"), portal });
      return c.body(null, 204);
    })
    .openapi(accept, async (c) => {
      await Auth.Recovery.acceptInvitation({ ...c.req.valid("json"), portal });
      return c.body(null, 204);
    });

/** The customer portal adds sign-in by emailed link. */
const customerRoutes = () =>
  passwordRoutes("customer")
    .openapi(magicLink, async (c) => c.json(await Auth.Recovery.requestMagicLink(c.req.valid("json")), 202))
    .openapi(magicLinkVerify, async (c) => {
      const { token, next } = c.req.valid("json");
      const result = await Auth.Recovery.verifyMagicLink({ token });
      if ("mfaRequired" in result) {
        c.header("cache-control", "no-store");
        return c.json({ ...result, expiresAt: result.expiresAt.toISOString() }, 200);
      }
      const body = await issue(c, result, true);
      const { restriction } = await Auth.verifySession(result.accessToken, "customer");
      return c.json(
        { ...body, restriction: restriction ?? null, redirectTo: safeRedirect(next, homeOf.customer) },
        200,
      );
    });

/**
 * The recovery routes of one portal, mounted next to its sign-in routes. Overloaded so the typed
 * client sees the magic-link routes on the customer portal only.
 */
export function recoveryRoutes(portal: "customer"): ReturnType<typeof customerRoutes>;
export function recoveryRoutes(portal: Exclude<Auth.Portal, "customer">): ReturnType<typeof passwordRoutes>;
export function recoveryRoutes(portal: Auth.Portal) {
  return portal === "customer" ? customerRoutes() : passwordRoutes(portal);
}
