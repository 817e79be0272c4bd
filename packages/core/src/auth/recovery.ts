import { and, eq, gt, isNull } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { queueSecureEmail, type Reissue } from "../notification/delivery";
import { useConfig } from "../platform/config";
import { useActor, useRequestMeta, withActor } from "../platform/context";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { email } from "../platform/input";
import { emit } from "../platform/outbox";
import { publicUrl } from "../platform/public-url";
import * as RateLimit from "../platform/rate-limit";
import {
  authTokenTable,
  type Portal,
  portals,
  type RequestPurpose,
  recoveryRequestTable,
  type TokenPurpose,
  userTable,
} from "./auth.sql";
import { insertUser } from "./create-user";
import { Events } from "./events";
import { type Info, toInfo } from "./info";
import { type Challenge, challenge } from "./mfa";
import { hashPassword, NewPassword } from "./password";
import { revokeAllFor, start, type Tokens } from "./session";
import { forgiveSource } from "./throttle";
import { hashToken, newToken } from "./token";

/** How long an emailed link works. Each is single use; a newer one of the same purpose replaces it. */
export const TOKEN_TTL_MINUTES: Record<TokenPurpose, number> = {
  password_reset: 60,
  invitation: 60,
  magic_link: 15,
};

/** 32 random bytes in base64url are 43 characters; anything far off cannot be one of ours. */
const Token = z.string().min(20).max(200);

type UserRow = typeof userTable.$inferSelect;

/** The base URL of a portal's pages: PUBLIC_URL, never a request header (a forged Host would steal links). */
const portalUrl = (portal: Portal) => `${publicUrl()}${portal === "staff" ? "" : `/${portal}`}`;

/** A link that carries the token in the fragment: browsers never send it to a server, a proxy or a Referer. */
const linkTo = (portal: Portal, page: string, token: string) => `${portalUrl(portal)}/${page}#token=${token}`;

const invalidLink = () =>
  new AppError("validation", "token: this link is invalid or has expired; ask for a new one", [
    { path: "token", message: "is invalid or has expired" },
  ]);

/** Ends every unused token of a user (of one purpose, or all), so only the newest link works. */
async function invalidateTokens(tx: Transaction, userId: string, purpose?: TokenPurpose, now = new Date()) {
  await tx
    .update(authTokenTable)
    .set({ expiresAt: now })
    .where(
      and(
        eq(authTokenTable.userId, userId),
        purpose ? eq(authTokenTable.purpose, purpose) : undefined,
        isNull(authTokenTable.usedAt),
        gt(authTokenTable.expiresAt, now),
      ),
    );
}

/** Stores the hash of a fresh token for `userId`, replacing its older unused ones of that purpose. */
async function issueToken(tx: Transaction, userId: string, purpose: TokenPurpose, token: string): Promise<void> {
  const now = new Date();
  await invalidateTokens(tx, userId, purpose, now);
  const actor = useActor();
  await tx.insert(authTokenTable).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    createdBy: actor.type === "user" ? actor.properties.userId : null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MINUTES[purpose] * 60_000),
  });
}

/**
 * Marks a live token of `purpose` for an active account of `portal` used and returns its account, or
 * throws one "invalid or expired" error for anything else (unknown, used, expired, other portal).
 * The update claims the token, so two concurrent uses cannot both succeed.
 */
async function consumeToken(tx: Transaction, portal: Portal, purpose: TokenPurpose, token: string): Promise<UserRow> {
  const now = new Date();
  const [claimed] = await tx
    .update(authTokenTable)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokenTable.tokenHash, hashToken(token)),
        eq(authTokenTable.purpose, purpose),
        isNull(authTokenTable.usedAt),
        gt(authTokenTable.expiresAt, now),
      ),
    )
    .returning({ userId: authTokenTable.userId });
  if (!claimed) throw invalidLink();
  const [row] = await tx.select().from(userTable).where(eq(userTable.id, claimed.userId)).for("update");
  if (!row || row.portal !== portal || row.deactivatedAt) throw invalidLink();
  return row;
}

/** Per-IP and per-email limits on requests that send mail, stricter than sign-in's. */
async function limitRequests(kind: "reset" | "magic", portal: Portal, email: string) {
  const config = useConfig();
  const windowSeconds = config.RATE_LIMIT_RECOVERY_WINDOW_SECONDS;
  const message = kind === "reset" ? "Too many password reset requests" : "Too many sign-in link requests";
  // Without connection info (an in-process call) every caller shares one bucket, as in the API's limiter.
  const ip = useRequestMeta().ip ?? "unknown";
  await RateLimit.enforce(`${kind}:ip:${ip}`, { limit: config.RATE_LIMIT_RECOVERY_IP, windowSeconds }, message);
  await RateLimit.enforce(
    `${kind}:email:${portal}:${email}`,
    { limit: config.RATE_LIMIT_RECOVERY_EMAIL, windowSeconds },
    message,
  );
}

/** The anonymous caller of a recovery request, labelled with the email it named. */
const requester = (email: string) => ({ ...Audit.currentActor(), label: email });
const asUser = (row: UserRow) => ({ type: "user", id: row.id, label: row.email });

const portalName: Record<Portal, string> = {
  staff: "DotMac CRM",
  customer: "the DotMac customer portal",
  reseller: "the DotMac reseller portal",
  vendor: "the DotMac vendor portal",
};

type MailBody = { subject: string; text: string };

/** What each kind of request mails, with its fresh token, and how it is audited. */
const requested: Record<RequestPurpose, { action: Audit.Action; mail(portal: Portal, token: string): MailBody }> = {
  password_reset: {
    action: "auth.password.reset_requested",
    mail: (portal, token) => ({
      subject: "Reset your DotMac CRM password",
      text: [
        `Someone asked to reset the password of your account on ${portalName[portal]}.`,
        `To choose a new password, open this link within ${TOKEN_TTL_MINUTES.password_reset} minutes:`,
        "",
        linkTo(portal, "reset-password", token),
        "",
        "If it was not you, ignore this email: your password stays as it is.",
      ].join("\n"),
    }),
  },
  magic_link: {
    action: "auth.magic_link.requested",
    mail: (portal, token) => ({
      subject: "Your DotMac sign-in link",
      text: [
        `Open this link within ${TOKEN_TTL_MINUTES.magic_link} minutes to sign in to ${portalName[portal]}:`,
        "",
        linkTo(portal, "magic-link", token),
        "",
        "It works once. If you did not ask for it, ignore this email.",
      ].join("\n"),
    }),
  },
};

/**
 * Records a link request and its event (which carries only the row's id) in one transaction: the
 * same statements for any email, so neither the answer nor its timing says whether an account exists.
 */
async function queueRequest(purpose: RequestPurpose, portal: Portal, email: string): Promise<void> {
  const meta = useRequestMeta();
  await createTransaction(async (tx) => {
    const [row] = await tx
      .insert(recoveryRequestTable)
      .values({
        purpose,
        portal,
        email,
        requestId: meta.requestId ?? null,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
      })
      .returning({ id: recoveryRequestTable.id });
    await emit(Events.RecoveryRequested, { requestId: row?.id as string });
  });
}

/**
 * The `auth.recovery-mail` subscriber: when an active account of the request's portal has its email,
 * issues the token (replacing older unused ones), audits it as the requester and mails the link, in
 * the delivery's transaction. The request row is consumed, so a redelivery finds nothing to do.
 */
export async function fulfilRequest(requestId: string): Promise<void> {
  await createTransaction(async (tx) => {
    const [request] = await tx.delete(recoveryRequestTable).where(eq(recoveryRequestTable.id, requestId)).returning();
    if (!request) return;
    // Recorded as the anonymous requester, from where and when it asked.
    const origin = {
      requestId: request.requestId ?? undefined,
      ip: request.ip ?? undefined,
      userAgent: request.userAgent ?? undefined,
    };
    await withActor({ type: "public", properties: {} }, () => mailLink(tx, request), origin);
  });
}

async function mailLink(tx: Transaction, request: typeof recoveryRequestTable.$inferSelect) {
  const { purpose, portal, email } = request;
  const [row] = await tx
    .select()
    .from(userTable)
    .where(and(eq(userTable.portal, portal), eq(userTable.email, email)))
    .for("update");
  if (!row || row.deactivatedAt) return;
  const token = newToken();
  await issueToken(tx, row.id, purpose, token);
  await Audit.record({
    action: requested[purpose].action,
    entityType: "user",
    entityId: row.id,
    changes: purpose === "password_reset" ? { portal: { to: portal } } : null,
    actor: requester(email),
  });
  await queueSecureEmail({
    template: purpose,
    linkKey: `user:${row.id}:${purpose}`,
    ref: { userId: row.id },
    message: { to: row.email, ...requested[purpose].mail(portal, token) },
  });
}

export const RequestReset = z.object({ portal: z.enum(portals).default("staff"), email: email() });

/**
 * Emails a password-reset link when an active account of `portal` has this email. The request only
 * records what was asked (the same work for any email) and answers; the mail is the subscriber's job.
 */
export const requestPasswordReset = fn(RequestReset, async ({ portal, email }): Promise<{ status: "sent" }> => {
  await limitRequests("reset", portal, email);
  await queueRequest("password_reset", portal, email);
  return { status: "sent" };
});

export const ResetPassword = z.object({
  portal: z.enum(portals).default("staff"),
  token: Token,
  password: NewPassword,
});

/**
 * Sets a new password with a reset link's token and signs out every session, since whoever knew the
 * old password must lose access. Every other unused link of the user ends, and the resetting client's
 * own failed sign-ins are forgotten (the account-wide budget is not: an attacker keeps their count).
 */
export const resetPassword = fn(ResetPassword, async ({ portal, token, password }): Promise<void> => {
  const passwordHash = await hashPassword(password);
  const account = await createTransaction(async (tx) => {
    const row = await consumeToken(tx, portal, "password_reset", token);
    const now = new Date();
    await tx
      .update(userTable)
      .set({ passwordHash, passwordChangedAt: now, mustChangePassword: false })
      .where(eq(userTable.id, row.id));
    await invalidateTokens(tx, row.id, undefined, now);
    const revokedSessions = await revokeAllFor(tx, row.id, "password_changed", now);
    await Audit.record({
      action: "auth.password.reset",
      entityType: "user",
      entityId: row.id,
      changes: { passwordHash: { from: "", to: "" }, revokedSessions: { to: revokedSessions } },
      actor: asUser(row),
    });
    return row;
  });
  await forgiveSource(portal, account.email);
});

/**
 * `NewUser` without a password. Spelled out rather than derived: index.ts re-exports this module, so
 * its constants are not yet initialised while this one loads (a function declaration like insertUser is).
 */
export const Invite = z.object({
  portal: z.enum(portals).default("staff"),
  email: email(),
  displayName: z.string().trim().min(1).max(200),
  roles: z.array(z.string().min(1).max(100)).max(50).default([]),
  personId: z.uuid().nullable().default(null),
  organizationId: z.uuid().nullable().default(null),
  subscriberId: z.uuid().nullable().default(null),
});

function invitationMail(row: Pick<UserRow, "displayName" | "portal">, by: string | null, token: string): MailBody {
  return {
    subject: `You are invited to ${portalName[row.portal]}`,
    text: [
      `Hello ${row.displayName},`,
      "",
      `You have been invited${by ? ` by ${by}` : ""} to ${portalName[row.portal]}.`,
      `Open this link within ${TOKEN_TTL_MINUTES.invitation} minutes to choose your password:`,
      "",
      linkTo(row.portal, "accept-invitation", token),
    ].join("\n"),
  };
}

async function sendInvitation(row: UserRow | Info, token: string) {
  const inviter = useActor();
  const by = inviter.type === "user" ? inviter.properties.email : null;
  await queueSecureEmail({
    template: "invitation",
    linkKey: `user:${row.id}:invitation`,
    ref: { userId: row.id, by },
    message: { to: row.email, ...invitationMail(row, by, token) },
  });
}

const ReissueRef = z.object({ userId: z.uuid(), by: z.string().nullable().optional() });

/**
 * Re-issues an account link whose mail failed: a fresh token replaces the old one (which may never have
 * left), for the same address only. Nothing is sent for an account that is gone, deactivated, changed
 * its email, or (for an invitation) already accepted.
 */
const reissueFor =
  (purpose: TokenPurpose): Reissue =>
  async (tx, ref, to) => {
    const parsed = ReissueRef.safeParse(ref);
    if (!parsed.success) return undefined;
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, parsed.data.userId)).for("update");
    if (!row || row.deactivatedAt || row.email !== to) return undefined;
    if (purpose === "invitation" && row.passwordHash) return undefined;
    const token = newToken();
    await issueToken(tx, row.id, purpose, token);
    return purpose === "invitation"
      ? invitationMail(row, parsed.data.by ?? null, token)
      : requested[purpose].mail(row.portal, token);
  };

/** How the retry job re-issues each account link whose mail failed. */
export const reissueLinkMail = {
  password_reset: reissueFor("password_reset"),
  magic_link: reissueFor("magic_link"),
  invitation: reissueFor("invitation"),
} satisfies Record<TokenPurpose, Reissue>;

/**
 * Creates an account of any portal without a password (needs `auth:manage`) and emails an
 * invitation link; the invitee chooses their password when they accept it.
 */
export const invite = fn(Invite, async (input): Promise<Info> => {
  requirePermission("auth:manage");
  const token = newToken();
  return createTransaction(async (tx) => {
    const user = await insertUser(tx, { ...input, password: undefined });
    await issueToken(tx, user.id, "invitation", token);
    await Audit.record({
      action: "user.invited",
      entityType: "user",
      entityId: user.id,
      changes: { portal: { to: user.portal }, email: { to: user.email } },
    });
    await sendInvitation(user, token);
    return user;
  });
});

/** Emails a fresh invitation to an account that has not accepted yet; older invitation links stop working. */
export const resendInvitation = fn(z.object({ id: z.uuid() }), async ({ id }): Promise<Info> => {
  requirePermission("auth:manage");
  const token = newToken();
  return createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
    if (!row) throw new AppError("not_found", `No user ${id}`);
    if (row.deactivatedAt) throw new AppError("conflict", "This account is deactivated; reactivate it first");
    if (row.passwordHash) throw new AppError("conflict", "This user has already accepted their invitation");
    await issueToken(tx, row.id, "invitation", token);
    await Audit.record({
      action: "user.invited",
      entityType: "user",
      entityId: row.id,
      changes: { resent: { to: true } },
    });
    await sendInvitation(row, token);
    return toInfo(row);
  });
});

export const AcceptInvitation = z.object({
  portal: z.enum(portals).default("staff"),
  token: Token,
  password: NewPassword,
  displayName: z.string().trim().min(1).max(200).optional(),
});

/** Sets the invited account's password (and optionally its display name) with the invitation's token. */
export const acceptInvitation = fn(AcceptInvitation, async ({ portal, token, password, displayName }) => {
  const passwordHash = await hashPassword(password);
  await createTransaction(async (tx) => {
    const row = await consumeToken(tx, portal, "invitation", token);
    const now = new Date();
    await tx
      .update(userTable)
      .set({
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: false,
        ...(displayName ? { displayName } : {}),
      })
      .where(eq(userTable.id, row.id));
    await invalidateTokens(tx, row.id, undefined, now);
    await Audit.record({
      action: "auth.invitation.accepted",
      entityType: "user",
      entityId: row.id,
      changes: {
        passwordHash: { from: "", to: "" },
        ...(displayName && displayName !== row.displayName
          ? { displayName: { from: row.displayName, to: displayName } }
          : {}),
      },
      actor: asUser(row),
    });
  });
});

export const RequestMagicLink = z.object({ email: email() });

/**
 * Emails a customer a one-time sign-in link (customer portal only), the same way as a reset link:
 * answered before any lookup; staff, reseller and vendor emails get nothing.
 */
export const requestMagicLink = fn(RequestMagicLink, async ({ email }): Promise<{ status: "sent" }> => {
  await limitRequests("magic", "customer", email);
  await queueRequest("magic_link", "customer", email);
  return { status: "sent" };
});

/**
 * Signs a customer in with a magic link's token: a session, or an MFA challenge when the account
 * has TOTP on (the link proves the email, not the second factor).
 */
export const verifyMagicLink = fn(z.object({ token: Token }), async ({ token }): Promise<Tokens | Challenge> => {
  return createTransaction(async (tx) => {
    const row = await consumeToken(tx, "customer", "magic_link", token);
    const mfa = row.totpEnabledAt !== null;
    await Audit.record({
      action: "auth.magic_link.used",
      entityType: "user",
      entityId: row.id,
      changes: mfa ? { mfa: { to: "pending" } } : null,
      actor: asUser(row),
    });
    if (mfa) return challenge(toInfo(row));
    await tx.update(userTable).set({ lastLoginAt: new Date() }).where(eq(userTable.id, row.id));
    return start(tx, toInfo(row));
  });
});
