import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { useConfig } from "../platform/config";
import { assertActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import * as RateLimit from "../platform/rate-limit";
import { type Portal, userTable } from "./auth.sql";
import { type Info, toInfo } from "./info";
import { hashPassword, NewPassword, verifyPassword } from "./password";
import { revokeAllFor } from "./session";

export const ChangePassword = z
  .object({
    current: z.string().min(1).max(1024),
    next: NewPassword,
  })
  .refine((v) => v.current !== v.next, { path: ["next"], message: "must differ from the current password" });

/**
 * Changes the signed-in user's password after checking the current one, and signs out every session
 * of theirs, this one included: whoever else knew the old password loses access at once.
 */
export const changePassword = fn(ChangePassword, async (input): Promise<{ revokedSessions: number }> => {
  const actor = assertActor("user");
  const config = useConfig();
  // Wrong guesses of the current password count like sign-in attempts.
  await RateLimit.enforce(
    `password:user:${actor.properties.userId}`,
    { limit: config.RATE_LIMIT_LOGIN_EMAIL, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    "Too many password change attempts",
  );
  const nextHash = await hashPassword(input.next);
  return createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, actor.properties.userId)).for("update");
    if (!row) throw new AppError("unauthenticated", "Session user no longer exists; sign in again");
    if (!row.passwordHash || !(await verifyPassword(input.current, row.passwordHash))) {
      throw new AppError("validation", "current: the current password is incorrect", [
        { path: "current", message: "is incorrect" },
      ]);
    }
    await tx
      .update(userTable)
      .set({ passwordHash: nextHash, mustChangePassword: false, passwordChangedAt: new Date() })
      .where(eq(userTable.id, row.id));
    const revokedSessions = await revokeAllFor(tx, row.id, "password_changed");
    await Audit.record({
      action: "auth.password.changed",
      entityType: "user",
      entityId: row.id,
      changes: { passwordHash: { from: "", to: "" }, revokedSessions: { to: revokedSessions } },
    });
    return { revokedSessions };
  });
});

/**
 * Deactivates an account of any portal (needs `auth:manage`): they can no longer sign in, and every
 * session of theirs ends now. Deactivating an inactive account changes nothing.
 */
export const deactivate = fn(z.object({ id: id() }), async ({ id }): Promise<Info> => {
  requirePermission("auth:manage");
  const actor = assertActor("user");
  if (id === actor.properties.userId) throw new AppError("conflict", "You cannot deactivate your own account");
  return createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
    if (!row) throw new AppError("not_found", `No user ${id}`);
    if (row.deactivatedAt) return toInfo(row);
    const now = new Date();
    const [updated] = await tx.update(userTable).set({ deactivatedAt: now }).where(eq(userTable.id, id)).returning();
    const revokedSessions = await revokeAllFor(tx, id, "user_deactivated", now);
    await Audit.record({
      action: "user.deactivated",
      entityType: "user",
      entityId: id,
      changes: { deactivatedAt: { from: null, to: now.toISOString() }, revokedSessions: { to: revokedSessions } },
    });
    return toInfo(updated ?? row);
  });
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
  const row = await findAccount(portal, email.toLowerCase());
  return row ? toInfo(row) : undefined;
}

/** The account of `portal` with this (normalised) email, or undefined: one indexed read, the same for any email. */
export async function findAccount(portal: Portal, email: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.portal, portal), eq(userTable.email, email))),
  );
  return row;
}
