import * as z from "zod";
import { sessionSecret } from "../platform/secrets";
import type { userTable } from "./auth.sql";

export const ISSUER = "dotmac-crm";
export const STAFF_AUDIENCE = "staff";

export const Info = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string(),
  roles: z.array(z.string()),
});
export type Info = z.infer<typeof Info>;

export const toInfo = (row: typeof userTable.$inferSelect): Info => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  roles: row.roles,
});

export async function signingKey(): Promise<Uint8Array> {
  return new TextEncoder().encode(await sessionSecret());
}
