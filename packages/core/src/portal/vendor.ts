import { and, asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePortal } from "../access";
import { userTable } from "../auth/auth.sql";
import { toInfo as toUserInfo, type Info as UserInfo } from "../auth/info";
import * as Organization from "../organization";
import { organizationTable } from "../organization/organization.sql";
import { type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { live } from "../platform/soft-delete";

export const Profile = Organization.Info;
export type Profile = Organization.Info;

/** The signed-in vendor account's organisation, which must be a live vendor organisation. */
export async function ownOrganization(tx: Tx): Promise<typeof organizationTable.$inferSelect> {
  const actor = requirePortal("vendor");
  const id = actor.properties.organizationId;
  if (!id) throw new AppError("forbidden", "This vendor account is not linked to an organisation");
  const [row] = await tx
    .select()
    .from(organizationTable)
    .where(and(eq(organizationTable.id, id), eq(organizationTable.accountType, "vendor"), live(organizationTable)));
  if (!row) throw new AppError("forbidden", "Your vendor organisation is no longer active; contact your provider");
  return row;
}

/** The vendor's own organisation; a vendor never sees any other. */
export const profile = fn(z.void(), async (): Promise<Profile> => {
  return Organization.toInfo(await useTransaction(ownOrganization));
});

/** The vendor accounts of the vendor's own organisation, by name. */
export const users = fn(z.void(), async (): Promise<UserInfo[]> => {
  return useTransaction(async (tx) => {
    const org = await ownOrganization(tx);
    const rows = await tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.portal, "vendor"), eq(userTable.organizationId, org.id)))
      .orderBy(asc(userTable.displayName), asc(userTable.id));
    return rows.map(toUserInfo);
  });
});
