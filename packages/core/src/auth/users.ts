import { and, asc, eq, gt, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, id, key, pageLimit, text } from "../platform/input";
import { keyset } from "../platform/keyset";
import { containsPattern } from "../platform/sql";
import { grantTable, portals, sessionTable, userTable } from "./auth.sql";
import { Info, toInfo } from "./info";
import { IDLE_TTL_SECONDS } from "./session";

/**
 * Account administration for every portal (needs `auth:manage`): find accounts, see one in full,
 * rename it, force a password change, bring a deactivated account back. Roles and grants are `Rbac`.
 */

export const statuses = ["active", "invited", "deactivated"] as const;
export type Status = (typeof statuses)[number];

/** An account as the administration list shows it. */
export const Summary = Info.extend({
  status: z.enum(statuses),
  personId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type Summary = z.infer<typeof Summary>;

/** One account in full: its direct grants, live sessions and whether it is still only invited. */
export const Detail = Summary.extend({
  invited: z.boolean(),
  grants: z.array(z.object({ permission: z.string(), grantedAt: z.string() })),
  activeSessions: z.number().int(),
});
export type Detail = z.infer<typeof Detail>;

type Row = typeof userTable.$inferSelect;

/** Invited: no password chosen and never signed in (a magic-link customer who signed in is active). */
const isInvited = (row: Row) => row.passwordHash === null && row.lastLoginAt === null;

const statusOf = (row: Row): Status => (row.deactivatedAt ? "deactivated" : isInvited(row) ? "invited" : "active");

const toSummary = (row: Row): Summary => ({
  ...toInfo(row),
  status: statusOf(row),
  personId: row.personId,
  createdAt: row.createdAt.toISOString(),
});

const statusWhere: Record<Status, SQL | undefined> = {
  deactivated: isNotNull(userTable.deactivatedAt),
  invited: and(isNull(userTable.deactivatedAt), isNull(userTable.passwordHash), isNull(userTable.lastLoginAt)),
  active: and(
    isNull(userTable.deactivatedAt),
    sql`(${userTable.passwordHash} is not null or ${userTable.lastLoginAt} is not null)`,
  ),
};

// Pages are ordered by (email, id): emails are unique per portal, the id breaks ties across portals.
const byEmail = keyset({
  columns: [userTable.email, userTable.id],
  direction: "asc",
  position: z.tuple([text(320, { trim: false }), id()]),
});

/** Escapes LIKE wildcards so a search for `a_b` or `50%` matches those characters literally. */
const likePattern = containsPattern;

export const ListInput = z.object({
  portal: z.enum(portals).optional(),
  role: key(50).optional(),
  status: z.enum(statuses).optional(),
  q: text(200).optional().describe("Part of the email or the name"),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/** Accounts of every portal by email, filtered, in keyset pages (`nextCursor` is null on the last page). */
export const list = fn(ListInput, async (input): Promise<{ items: Summary[]; nextCursor: string | null }> => {
  requirePermission("auth:manage");
  const t = userTable;
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(t)
      .where(
        and(
          input.portal ? eq(t.portal, input.portal) : undefined,
          input.role ? sql`${input.role} = any(${t.roles})` : undefined,
          input.status ? statusWhere[input.status] : undefined,
          input.q
            ? sql`(${t.email} ilike ${likePattern(input.q)} or ${t.displayName} ilike ${likePattern(input.q)})`
            : undefined,
          byEmail.after(input.cursor),
        ),
      )
      .orderBy(...byEmail.orderBy)
      .limit(byEmail.take(input.limit)),
  );
  const { items, nextCursor } = byEmail.page(rows, input.limit, (r) => [r.email, r.id]);
  return { items: items.map(toSummary), nextCursor };
});

/** One account with its direct grants and how many sessions of it are live now. */
export const get = fn(z.object({ id: id() }), async ({ id }): Promise<Detail> => {
  requirePermission("auth:manage");
  return useTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, id));
    if (!row) throw new AppError("not_found", `No user ${id}`);
    const grants = await tx
      .select({ permission: grantTable.permission, grantedAt: grantTable.grantedAt })
      .from(grantTable)
      .where(eq(grantTable.userId, id))
      .orderBy(asc(grantTable.permission));
    const [sessions] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(sessionTable)
      .where(
        and(
          eq(sessionTable.userId, id),
          isNull(sessionTable.revokedAt),
          gt(sessionTable.expiresAt, sql`now()`),
          gt(sessionTable.lastUsedAt, sql`now() - make_interval(secs => ${IDLE_TTL_SECONDS})`),
        ),
      );
    return {
      ...toSummary(row),
      invited: isInvited(row),
      grants: grants.map((g) => ({ permission: g.permission, grantedAt: g.grantedAt.toISOString() })),
      activeSessions: Number(sessions?.count ?? 0),
    };
  });
});

export const UpdateInput = z.object({
  id: id(),
  displayName: text(200).optional(),
  /** Set: the user must choose a new password before anything else, from their next request on. */
  mustChangePassword: z.boolean().optional(),
});

/** Renames an account or makes its holder choose a new password; only what changed is audited. */
export const update = fn(UpdateInput, async ({ id, ...input }): Promise<Summary> => {
  requirePermission("auth:manage");
  return createTransaction(async (tx) => {
    const [before] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
    if (!before) throw new AppError("not_found", `No user ${id}`);
    if (input.mustChangePassword && !before.passwordHash) {
      throw new AppError("conflict", "This account has no password yet, so there is none to change", [
        { path: "mustChangePassword", message: "the account has no password yet" },
      ]);
    }
    const next = {
      displayName: input.displayName ?? before.displayName,
      mustChangePassword: input.mustChangePassword ?? before.mustChangePassword,
    };
    const changes = Audit.diff(
      { displayName: before.displayName, mustChangePassword: before.mustChangePassword },
      next,
    );
    if (!Object.keys(changes).length) return toSummary(before);
    const [after] = await tx
      .update(userTable)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(userTable.id, id))
      .returning();
    await Audit.record({ action: "user.updated", entityType: "user", entityId: id, changes });
    return toSummary(after ?? before);
  });
});

/**
 * Lets a deactivated account sign in again. Sessions ended by the
 * deactivation stay ended: the user signs in afresh. Reactivating an active account changes nothing.
 */
export const reactivate = fn(z.object({ id: id() }), async ({ id }): Promise<Summary> => {
  requirePermission("auth:manage");
  return createTransaction(async (tx) => {
    const [row] = await tx.select().from(userTable).where(eq(userTable.id, id)).for("update");
    if (!row) throw new AppError("not_found", `No user ${id}`);
    if (!row.deactivatedAt) return toSummary(row);
    const [after] = await tx
      .update(userTable)
      .set({ deactivatedAt: null, updatedAt: new Date() })
      .where(eq(userTable.id, id))
      .returning();
    await Audit.record({
      action: "user.reactivated",
      entityType: "user",
      entityId: id,
      changes: { deactivatedAt: { from: row.deactivatedAt.toISOString(), to: null } },
    });
    return toSummary(after ?? row);
  });
});
