import { eq, sql } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { useConfig } from "../platform/config";
import { assertActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import * as RateLimit from "../platform/rate-limit";
import { userTable } from "./auth.sql";
import { type Info, toInfo } from "./info";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password";
import { start, type Tokens } from "./session";

export { changePassword, deactivate } from "./account";
export { Info, ISSUER, STAFF_AUDIENCE } from "./info";
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

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

const Credentials = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(1024),
});

/** Creates a staff user (the seed, and later invitations). */
export const createUser = fn(
  Credentials.extend({ displayName: z.string().trim().min(1).max(200), roles: z.array(z.string()).default([]) }),
  async (input) => {
    const passwordHash = await hashPassword(input.password);
    return createTransaction(async (tx) => {
      const [row] = await tx
        .insert(userTable)
        .values({ email: input.email, displayName: input.displayName, roles: input.roles, passwordHash })
        .onConflictDoNothing({ target: userTable.email })
        .returning();
      if (!row) throw new AppError("conflict", `A user with email ${input.email} already exists`);
      const user = toInfo(row);
      await Audit.record({
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        changes: Audit.diff(null, { email: user.email, displayName: user.displayName, roles: user.roles }),
      });
      return user;
    });
  },
);

/**
 * Checks a password. Wrong email and wrong password answer the same; five failures lock the account
 * for fifteen minutes. Success opens a session: a 15-minute access token and a rotating refresh token.
 */
export const login = fn(Credentials, async (input): Promise<Tokens> => {
  // Counted per email before the password hash, so spreading guesses over many IPs does not help.
  const config = useConfig();
  await RateLimit.enforce(
    `login:email:${input.email}`,
    { limit: config.RATE_LIMIT_LOGIN_EMAIL, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    "Too many sign-in attempts for this email",
  );
  // The failure count must commit, so the transaction returns an outcome and the throw happens after it.
  const outcome = await createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.email, input.email)).for("update");
    const ok = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
    // Failures are recorded as the anonymous caller, labelled with the email it tried.
    const failed = async (reason: string, changes: Audit.Changes = {}) => {
      await Audit.record({
        action: "auth.login.failed",
        entityType: "user",
        entityId: row?.id ?? null,
        changes: { reason: { to: reason }, ...changes },
        actor: { ...Audit.currentActor(), label: input.email },
      });
    };
    if (!row || row.deactivatedAt) {
      await failed(row ? "deactivated" : "unknown_email");
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
    await tx.update(userTable).set({ failedLogins: 0, lockedUntil: null }).where(eq(userTable.id, row.id));
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

/** The signed-in staff user. */
export async function me(): Promise<Info> {
  const actor = assertActor("user");
  const [row] = await useTransaction((tx) =>
    tx.select().from(userTable).where(eq(userTable.id, actor.properties.userId)),
  );
  if (!row) throw new AppError("unauthenticated", "Session user no longer exists; sign in again");
  return toInfo(row);
}

export async function fromEmail(email: string) {
  const [row] = await useTransaction((tx) =>
    tx.select().from(userTable).where(eq(userTable.email, email.toLowerCase())),
  );
  return row ? toInfo(row) : undefined;
}

export * as ApiKey from "./api-key";
