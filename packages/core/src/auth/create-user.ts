import * as z from "zod";
import * as Audit from "../audit";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { email } from "../platform/input";
import { portals, userTable } from "./auth.sql";
import { type Info, toInfo } from "./info";
import { hashPassword, NewPassword } from "./password";
import { assertRolesFor } from "./rbac";

export const NewUser = z.object({
  portal: z.enum(portals).default("staff"),
  email: email(),
  displayName: z.string().trim().min(1).max(200),
  /** Absent for an invited user (they choose one) or a magic-link-only customer. */
  password: NewPassword.optional(),
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
