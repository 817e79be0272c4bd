import { and, eq, sql } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { useConfig } from "../platform/config";
import { assertActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import * as RateLimit from "../platform/rate-limit";
import { type Portal, portals, userTable } from "./auth.sql";
import { type Info, toInfo } from "./info";
import { type Challenge, challenge } from "./mfa";
import { dummyHash, hashPassword, verifyPassword } from "./password";
import { assertRolesFor } from "./rbac";
import { start, type Tokens } from "./session";

export { changePassword, deactivate } from "./account";
export { type Portal, portals } from "./auth.sql";
export { Info, ISSUER, STAFF_AUDIENCE } from "./info";
export type { Challenge } from "./mfa";
export * as Mfa from "./mfa";
export {
  builtinRoles,
  grantingKeys,
  isPermission,
  type Permission,
  permissions,
  satisfies,
} from "./permissions";
export * as Rbac from "./rbac";
export * as Recovery from "./recovery";
export {
  ACCESS_TTL_SECONDS,
  IDLE_TTL_SECONDS,
  listSessions,
  logout,
  REUSE_GRACE_SECONDS,
  refresh,
  revokeSession,
  SESSION_TTL_SECONDS,
  SessionInfo,
  type Tokens,
  verifySession,
} from "./session";
export * as Users from "./users";

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

const Email = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());

const Credentials = z.object({
  portal: z.enum(portals).default("staff"),
  email: Email,
  password: z.string().min(1).max(1024),
});

export const NewUser = z.object({
  portal: z.enum(portals).default("staff"),
  email: Email,
  displayName: z.string().trim().min(1).max(200),
  /** Absent for an invited user (they choose one) or a magic-link-only customer. */
  password: z.string().min(12, "must be at least 12 characters").max(1024).optional(),
  roles: z.array(z.string().min(1).max(100)).max(50).default([]),
  personId: z.uuid().nullable().default(null),
  organizationId: z.uuid().nullable().default(null),
  subscriberId: z.uuid().nullable().default(null),
});

/**
 * Creates an account in one portal, with roles that portal's accounts may hold. Used by the seed,
 * invitations and tests; the caller checks who may create it (core `inviteUser` does).
 */
export async function insertUser(tx: Transaction, input: z.output<typeof NewUser>): Promise<Info> {
  await assertRolesFor(tx, input.portal, input.roles);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const [row] = await tx
    .insert(userTable)
    .values({
      portal: input.portal,
      email: input.email,
      displayName: input.displayName,
      roles: input.roles,
      passwordHash,
      personId: input.personId,
      organizationId: input.organizationId,
      subscriberId: input.subscriberId,
      passwordChangedAt: passwordHash ? new Date() : null,
    })
    .onConflictDoNothing({ target: [userTable.portal, userTable.email] })
    .returning();
  if (!row) throw new AppError("conflict", `A ${input.portal} account with email ${input.email} already exists`);
  const user = toInfo(row);
  await Audit.record({
    action: "user.created",
    entityType: "user",
    entityId: user.id,
    changes: Audit.diff(null, {
      portal: user.portal,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      organizationId: user.organizationId,
      subscriberId: user.subscriberId,
    }),
  });
  return user;
}

/** Creates an account in its own transaction (the seed and tests). */
export const createUser = fn(NewUser, (input) => createTransaction((tx) => insertUser(tx, input)));

/**
 * Checks a password. Wrong email and wrong password answer the same; five failures lock the account
 * for fifteen minutes. Success opens a session: a 15-minute access token and a rotating refresh token.
 */
export const login = fn(Credentials, async (input): Promise<Tokens | Challenge> => {
  // Counted per email before the password hash, so spreading guesses over many IPs does not help.
  const config = useConfig();
  await RateLimit.enforce(
    `login:${input.portal}:${input.email}`,
    { limit: config.RATE_LIMIT_LOGIN_EMAIL, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    "Too many sign-in attempts for this email",
  );
  // The failure count must commit, so the transaction returns an outcome and the throw happens after it.
  const outcome = await createTransaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.portal, input.portal), eq(userTable.email, input.email)))
      .for("update");
    const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash()));
    const unusable = Boolean(row && !row.passwordHash);
    // Failures are recorded as the anonymous caller, labelled with the email it tried.
    const failed = async (reason: string, changes: Audit.Changes = {}) => {
      await Audit.record({
        action: "auth.login.failed",
        entityType: "user",
        entityId: row?.id ?? null,
        changes: { reason: { to: reason }, portal: { to: input.portal }, ...changes },
        actor: { ...Audit.currentActor(), label: input.email },
      });
    };
    if (!row || row.deactivatedAt || unusable) {
      await failed(!row ? "unknown_email" : row.deactivatedAt ? "deactivated" : "no_password");
      return { error: "invalid" as const };
    }
    if (row.lockedUntil && row.lockedUntil > new Date()) {
      await failed("locked");
      return { error: "locked" as const };
    }
    if (!ok) {
      const failures = row.failedLogins + 1;
      const locks = failures >= MAX_FAILURES;
      await tx
        .update(userTable)
        .set({
          failedLogins: locks ? 0 : failures,
          lockedUntil: locks ? sql`now() + interval '${sql.raw(String(LOCK_MINUTES))} minutes'` : null,
        })
        .where(eq(userTable.id, row.id));
      await failed("wrong_password", { failedLogins: { from: row.failedLogins, to: failures } });
      if (locks) {
        await Audit.record({
          action: "auth.locked",
          entityType: "user",
          entityId: row.id,
          changes: { lockedMinutes: { to: LOCK_MINUTES } },
          actor: { ...Audit.currentActor(), label: input.email },
        });
      }
      return { error: "invalid" as const };
    }
    // The password is right; an account with TOTP on gets a challenge instead of a session.
    if (row.totpEnabledAt) {
      await tx.update(userTable).set({ failedLogins: 0, lockedUntil: null }).where(eq(userTable.id, row.id));
      return challenge(toInfo(row));
    }
    await tx
      .update(userTable)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
      .where(eq(userTable.id, row.id));
    // From here on the caller acts as this user.
    await Audit.record({
      action: "auth.login.succeeded",
      entityType: "user",
      entityId: row.id,
      actor: { type: "user", id: row.id, label: row.email },
    });
    return start(tx, toInfo(row));
  });
  if ("error" in outcome) {
    throw outcome.error === "locked"
      ? new AppError("rate_limited", "Too many failed sign-ins; try again in 15 minutes", [], {
          retryAfterSeconds: LOCK_MINUTES * 60,
        })
      : new AppError("unauthenticated", "Email or password is incorrect");
  }
  return outcome;
});

/** The signed-in user of any portal. */
export async function me(): Promise<Info> {
  const actor = assertActor("user");
  const [row] = await useTransaction((tx) =>
    tx.select().from(userTable).where(eq(userTable.id, actor.properties.userId)),
  );
  if (!row) throw new AppError("unauthenticated", "Session user no longer exists; sign in again");
  return toInfo(row);
}

export async function fromEmail(email: string, portal: Portal = "staff") {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.portal, portal), eq(userTable.email, email.toLowerCase()))),
  );
  return row ? toInfo(row) : undefined;
}

export * as ApiKey from "./api-key";
