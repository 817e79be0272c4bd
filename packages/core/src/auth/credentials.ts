import { createHash, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import type { UserProperties } from "../platform/context";
import { useTransaction } from "../platform/db";
import { executePrepared } from "../platform/db/prepared";
import { AppError } from "../platform/errors";
import { sessionSecret } from "../platform/secrets";
import { type Access, type AccessUser, grantedSql, mfaRequiredSql, userProperties } from "./grants";
import type { Portal } from "./values";

/**
 * Checking a credential: an access token or an API key, resolved to whom it acts as. Every API request
 * does this before its route, so this file (reached through `@dotmac/core/auth/verify`) imports no verb,
 * no output schema and only zod's functional build: the API's entry loads it without the auth domain's
 * verbs (sign-in, MFA, recovery, users), which load with the routes that use them. Its two queries are
 * constant texts run as prepared statements (planned once per connection), not drizzle queries over the
 * table definitions, which would put drizzle's query and column builders on that path (decision 218).
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

/** A live session of an audience and its active user, with what the user may do (grants.ts). */
const SESSION_USER = `select u.id, u.email, u.portal, u.roles, u.organization_id as "organizationId",
       u.subscriber_id as "subscriberId", u.must_change_password as "mustChangePassword",
       u.totp_enabled_at is not null as "totpEnabledAt",
       ${grantedSql("u")} as granted, ${mfaRequiredSql("u")} as "mfaRequired"
  from auth_session s join user_account u on u.id = s.user_id
 where s.id = $1::uuid and s.user_id = $2::uuid and s.audience = $3::text and s.revoked_at is null
   and s.expires_at > $4::timestamptz and u.deactivated_at is null`;

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
  if (
    payload.typ !== "access" ||
    typeof sub !== "string" ||
    typeof sid !== "string" ||
    !uuid.safeParse(sub).success ||
    !uuid.safeParse(sid).success
  ) {
    throw unauthenticated();
  }
  const [found] = await useTransaction((tx) =>
    executePrepared<AccessUser & Access>(tx, SESSION_USER, [sid, sub, audienceOf(portal), now.toISOString()]),
  );
  if (!found || found.portal !== portal) throw unauthenticated();
  return userProperties(found, found, sid);
}

export interface Identity {
  keyId: string;
  name: string;
  scopes: string[];
}

interface ApiKeyRow {
  id: string;
  name: string;
  secretHash: string;
  scopes: string[];
  /** Neither revoked nor expired at the time asked. */
  live: boolean;
  /** Last used before the resolution window (or never): the use is written. */
  stale: boolean;
}

const API_KEY = `select id, name, secret_hash as "secretHash", scopes,
       revoked_at is null and (expires_at is null or expires_at > $2::timestamptz) as live,
       last_used_at is null or last_used_at < $3::timestamptz as stale
  from api_key where prefix = $1::text`;
const API_KEY_USED = `update api_key set last_used_at = $2::timestamptz
 where id = $1::uuid and (last_used_at is null or last_used_at < $3::timestamptz)`;

/**
 * Resolves a raw key to the identity it acts as. Unknown prefix, wrong secret, revoked and expired
 * all answer the same `unauthenticated`, so a caller learns nothing about which part was wrong.
 */
export async function verifyApiKey(rawKey: string, now: Date = new Date()): Promise<Identity> {
  const fail = () => new AppError("unauthenticated", "API key is invalid, revoked or expired");
  const match = KEY_FORMAT.exec(rawKey);
  if (!match) throw fail();
  const [, prefix = "", secret = ""] = match;
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  const [row] = await useTransaction((tx) =>
    executePrepared<ApiKeyRow>(tx, API_KEY, [prefix, now.toISOString(), stale]),
  );
  const expected = row ? Buffer.from(row.secretHash, "hex") : hashSecret("");
  const given = hashSecret(secret);
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  if (!row || !same || !row.live) throw fail();
  // Conditional, so concurrent requests in the same minute write once between them.
  if (row.stale) await useTransaction((tx) => executePrepared(tx, API_KEY_USED, [row.id, now.toISOString(), stale]));
  return { keyId: row.id, name: row.name, scopes: row.scopes };
}
