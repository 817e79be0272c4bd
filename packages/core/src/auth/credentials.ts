import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import * as z from "zod/mini";
import type { UserProperties } from "../platform/context";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { sessionSecret } from "../platform/secrets";
import { accessColumns, userProperties } from "./access";
import { apiKeyTable, type Portal, sessionTable, userTable } from "./auth.sql";

/**
 * Checking a credential: an access token or an API key, resolved to whom it acts as. Every API request
 * does this before its route, so this file (reached through `@dotmac/core/auth/verify`) imports no verb,
 * no output schema and only zod's functional build: the API's entry loads it without the auth domain's
 * verbs (sign-in, MFA, recovery, users), which load with the routes that use them.
 */

export const ISSUER = "dotmac-crm";
/** Each portal's tokens carry its name as the audience; a token is verified against one portal only. */
export const audienceOf = (portal: Portal) => portal;

export async function signingKey(): Promise<Uint8Array> {
  return new TextEncoder().encode(await sessionSecret());
}

/** Every key starts with this, so transport tells a key from a JWT without trying to parse it. */
export const KEY_PREFIX = "dmk_";
/** `dmk_<8 hex: the visible prefix>_<32 random bytes, base64url (43 chars)>`. */
const KEY_FORMAT = /^dmk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
/** `lastUsedAt` is written at most this often per key, so a busy integration is not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
// A plain SHA-256 (no salt, no slow KDF) is enough: the secret is 256 random bits, so there is no
// dictionary to guess from, and a fast hash keeps verification cheap on every API call.
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest();

export const unauthenticated = () => new AppError("unauthenticated", "Session is invalid or expired; sign in again");
const uuid = z.uuid();

/**
 * Resolves an access token of `portal` to the acting user. One query checks that the session is live
 * and of this portal, that the user is active, and gathers their permissions (custom roles and direct
 * grants; built-in roles' keys come from code) and whether a role makes MFA mandatory. Revocation and
 * role changes take effect on the next request.
 */
export async function verifySession(token: string, portal: Portal, now: Date = new Date()): Promise<UserProperties> {
  let payload: { sub?: string; typ?: unknown; sid?: unknown };
  try {
    // jose loads with the first token to check: API keys and public routes never need it (cold path).
    const { jwtVerify } = await import("jose");
    ({ payload } = await jwtVerify(token, await signingKey(), {
      issuer: ISSUER,
      audience: audienceOf(portal),
      algorithms: ["HS256"],
      currentDate: now,
    }));
  } catch {
    throw unauthenticated();
  }
  const { sub, sid } = payload;
  if (payload.typ !== "access" || !sub || typeof sid !== "string" || !uuid.safeParse(sid).success) {
    throw unauthenticated();
  }
  const [found] = await useTransaction((tx) =>
    tx
      .select({ user: userTable, access: accessColumns })
      .from(sessionTable)
      .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
      .where(
        and(
          eq(sessionTable.id, sid),
          eq(sessionTable.userId, sub),
          eq(sessionTable.audience, audienceOf(portal)),
          isNull(sessionTable.revokedAt),
          gt(sessionTable.expiresAt, now),
        ),
      ),
  );
  if (!found || found.user.deactivatedAt || found.user.portal !== portal) throw unauthenticated();
  return userProperties(found.user, found.access, sid);
}

export interface Identity {
  keyId: string;
  name: string;
  scopes: string[];
}

/**
 * Resolves a raw key to the identity it acts as. Unknown prefix, wrong secret, revoked and expired
 * all answer the same `unauthenticated`, so a caller learns nothing about which part was wrong.
 */
export async function verifyApiKey(rawKey: string, now: Date = new Date()): Promise<Identity> {
  const fail = () => new AppError("unauthenticated", "API key is invalid, revoked or expired");
  const match = KEY_FORMAT.exec(rawKey);
  if (!match) throw fail();
  const [, prefix = "", secret = ""] = match;
  const [row] = await useTransaction((tx) => tx.select().from(apiKeyTable).where(eq(apiKeyTable.prefix, prefix)));
  const expected = row ? Buffer.from(row.secretHash, "hex") : hashSecret("");
  const given = hashSecret(secret);
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  if (!row || !same || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) throw fail();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests in the same minute write once between them.
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await useTransaction((tx) =>
      tx
        .update(apiKeyTable)
        .set({ lastUsedAt: now })
        .where(and(eq(apiKeyTable.id, row.id), or(isNull(apiKeyTable.lastUsedAt), lt(apiKeyTable.lastUsedAt, stale)))),
    );
  }
  return { keyId: row.id, name: row.name, scopes: row.scopes };
}
