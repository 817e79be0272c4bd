import { and, desc, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import { SignJWT } from "jose";
import * as z from "zod";
import * as Audit from "../audit";
import { assertActor, useRequestMeta } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { type Portal, sessionTable, userTable } from "./auth.sql";
import { unauthenticated } from "./credentials";
import { audienceOf, type Info, ISSUER, signingKey, toInfo } from "./info";
import { hashToken, newToken } from "./token";

export const ACCESS_TTL_SECONDS = 15 * 60;
/** Absolute lifetime of a session, from sign-in. */
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;
/** A session unused (no refresh) for this long ends. */
export const IDLE_TTL_SECONDS = 7 * 24 * 3600;
/** Two tabs refreshing with the same token at once: the slower one is tolerated this long. */
export const REUSE_GRACE_SECONDS = 30;

export type RevokeReason =
  | "logout"
  | "revoked"
  | "refresh_reuse"
  | "password_changed"
  | "user_deactivated"
  | "mfa_reset";

/** What a sign-in or a refresh hands the transport. `refreshToken` is absent for a tolerated concurrent refresh. */
export interface Tokens {
  user: Info;
  sessionId: string;
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken?: string | undefined;
  refreshExpiresAt: Date;
}

const secondsAfter = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

async function signAccess(userId: string, sessionId: string, portal: Portal, now: Date) {
  const expiresAt = secondsAfter(now, ACCESS_TTL_SECONDS);
  const token = await new SignJWT({ typ: "access", sid: sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(audienceOf(portal))
    .setSubject(userId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await signingKey());
  return { token, expiresAt };
}

/** Idle and absolute expiry: the earlier of the two. */
const endsAt = (row: typeof sessionTable.$inferSelect) =>
  new Date(Math.min(row.expiresAt.getTime(), secondsAfter(row.lastUsedAt, IDLE_TTL_SECONDS).getTime()));

/** What a session hands its client: a fresh access token, and the refresh token when one was just issued. */
async function tokensOf(
  user: Info,
  session: typeof sessionTable.$inferSelect,
  now: Date,
  refreshToken?: string,
): Promise<Tokens> {
  const access = await signAccess(user.id, session.id, user.portal, now);
  return {
    user,
    sessionId: session.id,
    accessToken: access.token,
    accessExpiresAt: access.expiresAt,
    ...(refreshToken ? { refreshToken } : {}),
    refreshExpiresAt: endsAt(session),
  };
}

/**
 * Opens a session for a user who has just proven who they are (in the sign-in transaction), in the
 * portal of their account. `mfaVerified`: the second factor was checked too.
 */
export async function start(
  tx: Transaction,
  user: Info,
  { mfaVerified = false, now = new Date() }: { mfaVerified?: boolean; now?: Date } = {},
): Promise<Tokens> {
  const request = useRequestMeta();
  const refreshToken = newToken();
  const [row] = await tx
    .insert(sessionTable)
    .values({
      userId: user.id,
      audience: audienceOf(user.portal),
      mfaVerifiedAt: mfaVerified ? now : null,
      refreshHash: hashToken(refreshToken),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: secondsAfter(now, SESSION_TTL_SECONDS),
      ip: request.ip ?? null,
      userAgent: request.userAgent?.slice(0, 500) ?? null,
    })
    .returning();
  if (!row) throw new AppError("internal", "Session was not created");
  return tokensOf(user, row, now, refreshToken);
}

async function revokeWhere(tx: Transaction, reason: RevokeReason, now: Date, ...conditions: SQL[]) {
  return tx
    .update(sessionTable)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(...conditions, isNull(sessionTable.revokedAt)))
    .returning({ id: sessionTable.id });
}

/** Revokes every live session of a user (password change, deactivation), in the caller's transaction. */
export async function revokeAllFor(tx: Transaction, userId: string, reason: RevokeReason, now: Date = new Date()) {
  return (await revokeWhere(tx, reason, now, eq(sessionTable.userId, userId))).length;
}

/**
 * Exchanges a refresh token for a new access token and rotates it. The previous token stays valid
 * for REUSE_GRACE_SECONDS after its rotation but only yields an access token (the newest refresh
 * token is never handed to a second presenter); after that, presenting it revokes the whole session.
 */
export async function refresh(token: string, portal: Portal, now: Date = new Date()): Promise<Tokens> {
  if (typeof token !== "string" || token.length < 20 || token.length > 200) throw unauthenticated();
  const hash = hashToken(token);
  // Revocation on reuse must commit, so the transaction returns an outcome and the throw comes after.
  const outcome = await createTransaction(async (tx): Promise<Tokens | { error: string }> => {
    const [found] = await tx
      .select({ session: sessionTable, user: userTable })
      .from(sessionTable)
      .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
      .where(or(eq(sessionTable.refreshHash, hash), eq(sessionTable.previousRefreshHash, hash)))
      .for("update");
    // A refresh token of another portal is unknown here, the same as one that never existed.
    if (!found || found.session.audience !== audienceOf(portal)) return { error: "unknown" };
    const { session, user } = found;
    if (session.revokedAt || endsAt(session) <= now || user.deactivatedAt) return { error: "ended" };
    const actor = { type: "user", id: user.id, label: user.email };
    if (session.refreshHash !== hash) {
      const rotatedAt = session.rotatedAt?.getTime() ?? 0;
      if (now.getTime() - rotatedAt > REUSE_GRACE_SECONDS * 1000) {
        await revokeWhere(tx, "refresh_reuse", now, eq(sessionTable.id, session.id));
        await Audit.record({
          action: "auth.session.reuse_detected",
          entityType: "session",
          entityId: session.id,
          changes: { reason: { to: "refresh_reuse" } },
          actor,
        });
        return { error: "reuse" };
      }
      return tokensOf(toInfo(user), session, now);
    }
    const refreshToken = newToken();
    const [rotated] = await tx
      .update(sessionTable)
      .set({ refreshHash: hashToken(refreshToken), previousRefreshHash: hash, rotatedAt: now, lastUsedAt: now })
      .where(eq(sessionTable.id, session.id))
      .returning();
    await Audit.record({ action: "auth.session.refreshed", entityType: "session", entityId: session.id, actor });
    return tokensOf(toInfo(user), rotated ?? session, now, refreshToken);
  });
  if ("error" in outcome) throw unauthenticated();
  return outcome;
}

export { verifySession } from "./credentials";

export const SessionInfo = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  mfa: z.boolean(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The signed-in user's live sessions, newest first; `current` marks the one making this call. */
export async function listSessions(now: Date = new Date()): Promise<SessionInfo[]> {
  const actor = assertActor("user");
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(sessionTable)
      .where(
        and(
          eq(sessionTable.userId, actor.properties.userId),
          isNull(sessionTable.revokedAt),
          gt(sessionTable.expiresAt, now),
        ),
      )
      .orderBy(desc(sessionTable.createdAt)),
  );
  return rows
    .filter((row) => endsAt(row) > now)
    .map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt.toISOString(),
      expiresAt: endsAt(row).toISOString(),
      ip: row.ip,
      userAgent: row.userAgent,
      mfa: row.mfaVerifiedAt !== null,
      current: row.id === actor.properties.sessionId,
    }));
}

/**
 * Revokes one of the signed-in user's own sessions. Another user's session id answers not_found,
 * the same as an id that does not exist. Returns whether it was the calling session.
 */
export const revokeSession = fn(z.object({ id: id() }), async ({ id }): Promise<{ current: boolean }> => {
  const actor = assertActor("user");
  return createTransaction(async (tx) => {
    const revoked = await revokeWhere(
      tx,
      "revoked",
      new Date(),
      eq(sessionTable.id, id),
      eq(sessionTable.userId, actor.properties.userId),
    );
    if (!revoked.length) throw new AppError("not_found", `No active session ${id} of yours`);
    await Audit.record({
      action: "auth.session.revoked",
      entityType: "session",
      entityId: id,
      changes: { reason: { to: "revoked" } },
    });
    return { current: id === actor.properties.sessionId };
  });
});

/** Signs out: revokes the calling session (a no-op when it is already gone). */
export async function logout(): Promise<void> {
  const actor = assertActor("user");
  const sessionId = actor.properties.sessionId;
  if (!sessionId) return;
  await createTransaction(async (tx) => {
    const revoked = await revokeWhere(tx, "logout", new Date(), eq(sessionTable.id, sessionId));
    if (revoked.length) await Audit.record({ action: "auth.logout", entityType: "session", entityId: sessionId });
  });
}
