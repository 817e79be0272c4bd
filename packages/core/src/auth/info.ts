import * as z from "zod";
import { portals, type userTable } from "./auth.sql";
import { audienceOf } from "./credentials";

export { audienceOf, ISSUER, signingKey } from "./credentials";
export const STAFF_AUDIENCE = audienceOf("staff");

export const Info = z.object({
  id: z.uuid(),
  portal: z.enum(portals),
  email: z.email(),
  displayName: z.string(),
  roles: z.array(z.string()),
  organizationId: z.uuid().nullable(),
  subscriberId: z.uuid().nullable(),
  mfaEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  deactivatedAt: z.string().nullable(),
});
export type Info = z.infer<typeof Info>;

export const toInfo = (row: typeof userTable.$inferSelect): Info => ({
  id: row.id,
  portal: row.portal,
  email: row.email,
  displayName: row.displayName,
  roles: row.roles,
  organizationId: row.organizationId,
  subscriberId: row.subscriberId,
  mfaEnabled: row.totpEnabledAt !== null,
  mustChangePassword: row.mustChangePassword,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
});
