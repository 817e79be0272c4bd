import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { jwtVerify, SignJWT } from "jose";
import { Secret, TOTP } from "otpauth";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { useConfig } from "../platform/config";
import { assertActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import * as RateLimit from "../platform/rate-limit";
import { sessionSecret } from "../platform/secrets";
import { accessColumns, mfaMandatory } from "./access";
import { portals, recoveryCodeTable, sessionTable, userTable } from "./auth.sql";
import { audienceOf, type Info, ISSUER, signingKey, toInfo } from "./info";
import { revokeAllFor, start, type Tokens } from "./session";

/** TOTP as authenticator apps expect it: SHA-1, 6 digits, 30-second steps; one step of drift either way. */
const PERIOD = 30;
const WINDOW = 1;
const RECOVERY_CODES = 10;
/** How long the password step's proof lasts while the user reads their authenticator. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

// --- the secret at rest: AES-256-GCM under a key derived from the session secret ---

async function encryptionKey(): Promise<Buffer> {
  return Buffer.from(hkdfSync("sha256", await sessionSecret(), "dotmac-crm", "totp-secret v1", 32));
}

async function encrypt(plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

async function decrypt(stored: string): Promise<string> {
  const [version, iv, body, tag] = stored.split(".");
  if (version !== "v1" || !iv || !body || !tag) throw new AppError("internal", "Unreadable TOTP secret");
  const decipher = createDecipheriv("aes-256-gcm", await encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

const totpFor = (secret: string, label: string) =>
  new TOTP({
    issuer: "DotMac CRM",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });

/**
 * The time step a code matches within ±1 step, or null. A step at or before `lastStep` is refused,
 * so a code seen over a shoulder cannot be replayed in the same half minute.
 */
function matchStep(secret: string, code: string, lastStep: number | null, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, "").validate({ token: code, window: WINDOW, timestamp: now.getTime() });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

const hashCode = (code: string) =>
  createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("base64url");

function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

async function replaceRecoveryCodes(tx: Transaction, userId: string): Promise<string[]> {
  await tx.delete(recoveryCodeTable).where(eq(recoveryCodeTable.userId, userId));
  const codes = newRecoveryCodes();
  await tx.insert(recoveryCodeTable).values(codes.map((code) => ({ userId, codeHash: hashCode(code) })));
  return codes;
}

/** Uses one recovery code (single use): true when it was an unused code of this user. */
async function useRecoveryCode(tx: Transaction, userId: string, code: string): Promise<boolean> {
  const used = await tx
    .update(recoveryCodeTable)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodeTable.userId, userId),
        eq(recoveryCodeTable.codeHash, hashCode(code)),
        isNull(recoveryCodeTable.usedAt),
      ),
    )
    .returning({ id: recoveryCodeTable.id });
  return used.length === 1;
}

const invalidCode = () =>
  new AppError("validation", "That code is not valid; use the current code from your app", [
    { path: "code", message: "is not valid" },
  ]);

async function limitGuesses(userId: string) {
  const config = useConfig();
  await RateLimit.enforce(
    `mfa:user:${userId}`,
    { limit: config.RATE_LIMIT_LOGIN_EMAIL, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    "Too many two-factor attempts",
  );
}

// --- the sign-in challenge: proof that the password step passed, bound to one user and portal ---

export interface Challenge {
  mfaRequired: true;
  mfaToken: string;
  expiresAt: Date;
}

export async function challenge(user: Info, now: Date = new Date()): Promise<Challenge> {
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000);
  const mfaToken = await new SignJWT({ typ: "mfa" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(audienceOf(user.portal))
    .setSubject(user.id)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await signingKey());
  return { mfaRequired: true, mfaToken, expiresAt };
}

const Verify = z.object({
  portal: z.enum(portals),
  mfaToken: z.string().min(20).max(2000),
  code: z.string().trim().min(6).max(20),
});

/**
 * The second sign-in step: a TOTP code (±1 step, never the same step twice) or an unused recovery
 * code, with the challenge from the password step. Opens the session, marked as MFA-verified.
 */
export const verifyLogin = fn(Verify, async (input): Promise<Tokens> => {
  const now = new Date();
  let userId: string | undefined;
  try {
    const { payload } = await jwtVerify(input.mfaToken, await signingKey(), {
      issuer: ISSUER,
      audience: audienceOf(input.portal),
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (payload.typ === "mfa" && typeof payload.sub === "string") userId = payload.sub;
  } catch {}
  if (!userId) throw new AppError("unauthenticated", "The sign-in step expired; enter your password again");
  await limitGuesses(userId);
  const id = userId;
  const outcome = await createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
    if (!row || row.deactivatedAt || row.portal !== input.portal || !row.totpSecret || !row.totpEnabledAt) {
      return { error: "unauthenticated" as const };
    }
    const actor = { type: "user", id: row.id, label: row.email };
    const step = matchStep(await decrypt(row.totpSecret), input.code, row.totpLastStep, now);
    const recovery = step === null && (await useRecoveryCode(tx, row.id, input.code));
    if (step === null && !recovery) {
      await Audit.record({ action: "auth.mfa.failed", entityType: "user", entityId: row.id, actor });
      return { error: "invalid" as const };
    }
    await tx
      .update(userTable)
      .set({ totpLastStep: step ?? row.totpLastStep, lastLoginAt: now })
      .where(eq(userTable.id, row.id));
    await Audit.record({
      action: recovery ? "auth.mfa.recovery_used" : "auth.login.succeeded",
      entityType: "user",
      entityId: row.id,
      changes: { mfa: { to: recovery ? "recovery_code" : "totp" } },
      actor,
    });
    return start(tx, toInfo(row), { mfaVerified: true, now });
  });
  if ("error" in outcome) {
    if (outcome.error === "invalid") throw invalidCode();
    throw new AppError("unauthenticated", "The sign-in step expired; enter your password again");
  }
  return outcome;
});

// --- enrolment and management by the signed-in user ---

export interface Enrolment {
  /** The base32 secret, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI the QR code encodes. */
  uri: string;
  /** The QR code as an SVG document, rendered here so the secret never reaches a third party. */
  qrSvg: string;
}

/**
 * Starts TOTP enrolment: a new secret, stored encrypted but not yet enabled until `confirm` proves
 * the app has it. Refused while MFA is on (disable it first, with a code).
 */
export async function setup(): Promise<Enrolment> {
  const actor = assertActor("user");
  const secret = new Secret({ size: 20 }).base32;
  const stored = await encrypt(secret);
  const email = await createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, actor.properties.userId)).for("update");
    if (!row) throw new AppError("unauthenticated", "Session user no longer exists; sign in again");
    if (row.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on; turn it off first");
    await tx.update(userTable).set({ totpSecret: stored, totpLastStep: null }).where(eq(userTable.id, row.id));
    return row.email;
  });
  const uri = totpFor(secret, email).toString();
  const QRCode = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrSvg };
}

/**
 * Confirms enrolment with a code from the app: MFA is on from now, this session counts as verified,
 * and ten single-use recovery codes are returned, once.
 */
export const confirm = fn(
  z.object({ code: z.string().trim().min(6).max(6) }),
  async ({ code }): Promise<{ recoveryCodes: string[] }> => {
    const now = new Date();
    const actor = assertActor("user");
    await limitGuesses(actor.properties.userId);
    const outcome = await createTransaction(async (tx) => {
      const [row] = await tx.select().from(userTable).where(eq(userTable.id, actor.properties.userId)).for("update");
      if (!row) throw new AppError("unauthenticated", "Session user no longer exists; sign in again");
      if (row.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on");
      if (!row.totpSecret) throw new AppError("conflict", "Start the set-up first");
      const step = matchStep(await decrypt(row.totpSecret), code, null, now);
      if (step === null) return { error: "invalid" as const };
      await tx.update(userTable).set({ totpEnabledAt: now, totpLastStep: step }).where(eq(userTable.id, row.id));
      if (actor.properties.sessionId) {
        await tx
          .update(sessionTable)
          .set({ mfaVerifiedAt: now })
          .where(eq(sessionTable.id, actor.properties.sessionId));
      }
      const recoveryCodes = await replaceRecoveryCodes(tx, row.id);
      await Audit.record({
        action: "auth.mfa.enabled",
        entityType: "user",
        entityId: row.id,
        changes: { mfa: { from: "off", to: "totp" } },
      });
      return { recoveryCodes };
    });
    if ("error" in outcome) throw invalidCode();
    return outcome;
  },
);

/** Checks a current code of the signed-in user (for turning MFA off or new recovery codes). */
async function requireCurrentCode(tx: Transaction, userId: string, code: string, now: Date) {
  const [row] = await tx
    .select({ user: userTable, access: accessColumns })
    .from(userTable)
    .where(eq(userTable.id, userId))
    .for("update", { of: userTable });
  if (!row) throw new AppError("unauthenticated", "Session user no longer exists; sign in again");
  if (!row.user.totpSecret || !row.user.totpEnabledAt) {
    throw new AppError("conflict", "Two-factor authentication is not on");
  }
  const step = matchStep(await decrypt(row.user.totpSecret), code, row.user.totpLastStep, now);
  if (step === null) return undefined;
  await tx.update(userTable).set({ totpLastStep: step }).where(eq(userTable.id, userId));
  return row;
}

/** Turns MFA off for the signed-in user, with a current code; refused when a role or portal requires it. */
export const disable = fn(z.object({ code: z.string().trim().min(6).max(6) }), async ({ code }): Promise<void> => {
  const now = new Date();
  const actor = assertActor("user");
  await limitGuesses(actor.properties.userId);
  const ok = await createTransaction(async (tx) => {
    const row = await requireCurrentCode(tx, actor.properties.userId, code, now);
    if (!row) return false;
    if (mfaMandatory(row.user, row.access)) {
      throw new AppError("forbidden", "Your role requires two-factor authentication; it cannot be turned off");
    }
    await tx
      .update(userTable)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(userTable.id, row.user.id));
    await tx.delete(recoveryCodeTable).where(eq(recoveryCodeTable.userId, row.user.id));
    await Audit.record({
      action: "auth.mfa.disabled",
      entityType: "user",
      entityId: row.user.id,
      changes: { mfa: { from: "totp", to: "off" } },
    });
    return true;
  });
  if (!ok) throw invalidCode();
});

/** New recovery codes (the old ones stop working), with a current code. */
export const regenerateRecoveryCodes = fn(
  z.object({ code: z.string().trim().min(6).max(6) }),
  async ({ code }): Promise<{ recoveryCodes: string[] }> => {
    const now = new Date();
    const actor = assertActor("user");
    await limitGuesses(actor.properties.userId);
    const codes = await createTransaction(async (tx) => {
      const row = await requireCurrentCode(tx, actor.properties.userId, code, now);
      if (!row) return undefined;
      const recoveryCodes = await replaceRecoveryCodes(tx, row.user.id);
      await Audit.record({ action: "auth.mfa.recovery_regenerated", entityType: "user", entityId: row.user.id });
      return recoveryCodes;
    });
    if (!codes) throw invalidCode();
    return { recoveryCodes: codes };
  },
);

/** How many unused recovery codes a user has left. */
export async function countRecoveryCodes(userId: string): Promise<number> {
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: recoveryCodeTable.id })
      .from(recoveryCodeTable)
      .where(and(eq(recoveryCodeTable.userId, userId), isNull(recoveryCodeTable.usedAt))),
  );
  return rows.length;
}

/**
 * An administrator turns a user's MFA off (a lost phone): the secret and recovery codes are gone and
 * every session of theirs ends; if their role requires MFA they set it up again at the next sign-in.
 */
export const reset = fn(z.object({ id: id() }), async ({ id }): Promise<void> => {
  requirePermission("auth:manage");
  await createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
    if (!row) throw new AppError("not_found", `No user ${id}`);
    if (!row.totpSecret && !row.totpEnabledAt) return;
    await tx
      .update(userTable)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(userTable.id, id));
    await tx.delete(recoveryCodeTable).where(eq(recoveryCodeTable.userId, id));
    const revokedSessions = await revokeAllFor(tx, id, "mfa_reset");
    await Audit.record({
      action: "auth.mfa.reset",
      entityType: "user",
      entityId: id,
      changes: { mfa: { from: "totp", to: "off" }, revokedSessions: { to: revokedSessions } },
    });
  });
});

/** For tests and the seed: the current code of a base32 secret. */
export const codeFor = (secret: string, now: Date = new Date()) =>
  totpFor(secret, "").generate({ timestamp: now.getTime() });
