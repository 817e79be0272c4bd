import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { id, instant, timestamps } from "../platform/sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import type { Portal } from "./values";

export { type Portal, portals } from "./values";

/**
 * Sign-in accounts of every portal. Emails are stored lower-cased and unique per portal: one person
 * may hold a staff account and a customer account, which never open each other's portal.
 * `passwordHash` is null until an invitation is accepted (and for magic-link-only customers).
 */
export const userTable = pgTable(
  "user_account",
  {
    id: id(),
    portal: text("portal").$type<Portal>().notNull().default("staff"),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash"),
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    /** The party behind the account (customers, reseller and vendor users). */
    personId: uuid("person_id").references(() => personTable.id),
    /** Reseller and vendor accounts: the organisation they act for (resellers also see its children). */
    organizationId: uuid("organization_id").references(() => organizationTable.id),
    /** Customer accounts: the subscriber whose records they see. */
    subscriberId: uuid("subscriber_id").references(() => subscriberTable.id),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    passwordChangedAt: instant("password_changed_at"),
    /** TOTP secret, AES-256-GCM encrypted with a key derived from the session secret. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: instant("totp_enabled_at"),
    /** The last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer("totp_last_step"),
    lastLoginAt: instant("last_login_at"),
    deactivatedAt: instant("deactivated_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("user_account_portal_email_idx").on(t.portal, t.email),
    index("user_account_organization_idx").on(t.organizationId),
    index("user_account_subscriber_idx").on(t.subscriberId),
  ],
);

/** Roles: named sets of v1 permission keys. `mfaRequired` makes TOTP mandatory for holders. */
export const roleTable = pgTable(
  "role",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    permissions: text("permissions").array().notNull().default(sql`'{}'::text[]`),
    mfaRequired: boolean("mfa_required").notNull().default(false),
    /** Seeded roles cannot be deleted or renamed. */
    builtin: boolean("builtin").notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("role_name_idx").on(t.name)],
);

/** Permissions granted to one user directly, on top of their roles. */
export const grantTable = pgTable(
  "user_grant",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    permission: text("permission").notNull(),
    grantedBy: uuid("granted_by").references(() => userTable.id),
    grantedAt: instant("granted_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("user_grant_user_permission_idx").on(t.userId, t.permission)],
);

/** One-time MFA recovery codes, stored hashed. */
export const recoveryCodeTable = pgTable(
  "mfa_recovery_code",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    codeHash: text("code_hash").notNull(),
    usedAt: instant("used_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mfa_recovery_code_idx").on(t.userId, t.codeHash)],
);

export const tokenPurposes = ["password_reset", "invitation", "magic_link"] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/** Single-use emailed tokens (reset, invitation, magic link): only the hash is stored. */
export const authTokenTable = pgTable(
  "auth_token",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    purpose: text("purpose").$type<TokenPurpose>().notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
  },
  (t) => [uniqueIndex("auth_token_hash_idx").on(t.tokenHash), index("auth_token_user_idx").on(t.userId, t.purpose)],
);

export const requestPurposes = ["password_reset", "magic_link"] as const;
export type RequestPurpose = (typeof requestPurposes)[number];

/**
 * A reset or sign-in link someone asked for, waiting for the event subscriber that looks the account
 * up, issues the token and sends the mail. The request itself does only this insert, the same for any
 * email; the subscriber deletes the row, so no address stays behind.
 */
export const recoveryRequestTable = pgTable("recovery_request", {
  id: id(),
  purpose: text("purpose").$type<RequestPurpose>().notNull(),
  portal: text("portal").$type<Portal>().notNull(),
  email: text("email").notNull(),
  /** The requester, for the audit row the subscriber writes. */
  requestId: text("request_id"),
  ip: text("ip"),
  userAgent: text("user_agent"),
  createdAt: instant("created_at").notNull().defaultNow(),
});

/**
 * A signed-in session: short-lived access tokens carry its id; the refresh token is stored only as
 * a hash and rotates on every use. The previous hash is kept for the concurrent-tab grace window.
 */
export const sessionTable = pgTable(
  "auth_session",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    audience: text("audience").notNull(),
    refreshHash: text("refresh_hash").notNull(),
    previousRefreshHash: text("previous_refresh_hash"),
    rotatedAt: instant("rotated_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastUsedAt: instant("last_used_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
    revokedAt: instant("revoked_at"),
    revokedReason: text("revoked_reason"),
    /** When the second factor was checked for this session (null: the account has no MFA). */
    mfaVerifiedAt: instant("mfa_verified_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    uniqueIndex("auth_session_refresh_idx").on(t.refreshHash),
    index("auth_session_previous_idx").on(t.previousRefreshHash),
    index("auth_session_user_idx").on(t.userId, t.createdAt),
  ],
);

/** API keys: random, stored hashed; the visible prefix identifies a key in lists and logs. */
export const apiKeyTable = pgTable(
  "api_key",
  {
    id: id(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid("created_by").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    expiresAt: instant("expires_at"),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("api_key_prefix_idx").on(t.prefix), index("api_key_created_idx").on(t.createdAt)],
);
