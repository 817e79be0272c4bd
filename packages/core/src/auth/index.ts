import { and, eq } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
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
import * as Throttle from "./throttle";

export { changePassword, deactivate } from "./account";
export { type Portal, portals } from "./auth.sql";
export { Events } from "./events";
export { Info, ISSUER, STAFF_AUDIENCE } from "./info";
export type { Challenge } from "./mfa";
export * as Mfa from "./mfa";
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
export { DEVICE_TTL_SECONDS } from "./throttle";
export * as Users from "./users";

const Email = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());

const Credentials = z.object({
  portal: z.enum(portals).default("staff"),
  email: Email,
  password: z.string().min(1).max(1024),
  /** The portal's device token, when the client holds one; a malformed one is simply an untrusted client. */
  device: z.string().max(200).optional().catch(undefined),
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

/** The account of `portal` with this (normalised) email, or undefined: one indexed read, the same for any email. */
async function findAccount(portal: Portal, email: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.portal, portal), eq(userTable.email, email))),
  );
  return row;
}

/**
 * Checks a password. Wrong email and wrong password answer the same, and so do throttled attempts:
 * failures are budgeted per source (a trusted device, or an IP) and per account for untrusted clients,
 * keyed by the email whether or not an account has it (see throttle.ts). Success opens a session (a
 * 15-minute access token and a rotating refresh token) or asks for the TOTP code, and hands back a
 * device token that makes this client a trusted device of the account.
 */
export const login = fn(Credentials, async (input): Promise<(Tokens | Challenge) & { device: string }> => {
  const now = new Date();
  const buckets = await Throttle.budgetOf(input.portal, input.email, input.device);
  // Failures are recorded as the anonymous caller, labelled with the email it tried.
  const attempt = (row: { id: string } | undefined, action: Audit.Action, changes: Audit.Changes) =>
    Audit.record({
      action,
      entityType: "user",
      entityId: row?.id ?? null,
      changes: { portal: { to: input.portal }, ...changes },
      actor: { ...Audit.currentActor(), label: input.email },
    });
  const refused = await Throttle.spend(buckets, now);
  if (refused) {
    await attempt(await findAccount(input.portal, input.email), "auth.login.throttled", {
      budget: { to: refused.bucket.kind },
    });
    throw RateLimit.limited("Too many failed sign-ins for this email", refused.result);
  }
  const row = await findAccount(input.portal, input.email);
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash()));
  const reason = !row
    ? "unknown_email"
    : row.deactivatedAt
      ? "deactivated"
      : !row.passwordHash
        ? "no_password"
        : !ok
          ? "wrong_password"
          : undefined;
  if (!row || reason) {
    // The failure slot taken above stays spent.
    await attempt(row, "auth.login.failed", { reason: { to: reason } });
    throw new AppError("unauthenticated", "Email or password is incorrect");
  }
  await Throttle.succeeded(buckets, now);
  const result = await createTransaction(async (tx): Promise<Tokens | Challenge> => {
    // The hash ran outside the transaction: refuse if the password changed or the account closed meanwhile.
    const [fresh] = await tx
      .select({ passwordHash: userTable.passwordHash, deactivatedAt: userTable.deactivatedAt })
      .from(userTable)
      .where(eq(userTable.id, row.id))
      .for("update");
    if (!fresh || fresh.deactivatedAt || fresh.passwordHash !== row.passwordHash) {
      throw new AppError("unauthenticated", "Email or password is incorrect");
    }
    // The password is right; an account with TOTP on gets a challenge instead of a session.
    if (row.totpEnabledAt) return challenge(toInfo(row));
    await tx.update(userTable).set({ lastLoginAt: new Date() }).where(eq(userTable.id, row.id));
    // From here on the caller acts as this user.
    await Audit.record({
      action: "auth.login.succeeded",
      entityType: "user",
      entityId: row.id,
      actor: { type: "user", id: row.id, label: row.email },
    });
    return start(tx, toInfo(row));
  });
  return { ...result, device: await Throttle.trustDevice(input.portal, input.email) };
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
