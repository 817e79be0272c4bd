import { eq } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { email } from "../platform/input";
import * as RateLimit from "../platform/rate-limit";
import { findAccount } from "./account";
import { portals, userTable } from "./auth.sql";
import { toInfo } from "./info";
import { type Challenge, challenge } from "./mfa";
import { dummyHash, verifyPassword } from "./password";
import { start, type Tokens } from "./session";
import * as Throttle from "./throttle";

const Credentials = z.object({
  portal: z.enum(portals).default("staff"),
  email: email(),
  password: z.string().min(1).max(1024),
  /** The portal's device token, when the client holds one; a malformed one is simply an untrusted client. */
  device: z.string().max(200).optional().catch(undefined),
});

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
