import { and, eq, ilike, inArray, isNull, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, id, pageLimit, text } from "../platform/input";
import { keyset } from "../platform/keyset";
import { emit } from "../platform/outbox";
import { live, liveRow } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { Events } from "./events";
import { accountTypes, organizationStatuses, organizationTable } from "./organization.sql";
import { subtreeCte } from "./tree";

export { Events } from "./events";

export const Info = z.object({
  id: z.uuid(),
  name: z.string(),
  accountType: z.enum(accountTypes),
  parentId: z.uuid().nullable(),
  status: z.enum(organizationStatuses),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Info = z.infer<typeof Info>;

type Row = typeof organizationTable.$inferSelect;
/** An organisation row as every caller sees it (staff, the reseller tree, the vendor profile). */
export const toInfo = (row: Row): Info => ({
  id: row.id,
  name: row.name,
  accountType: row.accountType,
  parentId: row.parentId,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const name = text(200);

const liveOrganization = (tx: Transaction, id: string, lock = false): Promise<Row> =>
  liveRow(tx, organizationTable, "Organization", id, lock);

/** The ids of `id` and everything below it, nearest first (a recursive CTE over live rows). */
async function subtreeIds(tx: Tx, id: string) {
  const result = await tx.execute<{ id: string; depth: number }>(
    sql`${subtreeCte(id)} select id, min(depth)::int as depth from tree group by id order by depth, id`,
  );
  return (result as unknown as { rows: { id: string; depth: number }[] }).rows;
}

/** Refuses a parent that is the organisation itself or one of its descendants. */
async function assertNoCycle(tx: Transaction, id: string, parentId: string) {
  if (parentId === id) throw new AppError("precondition_failed", `Organization ${id} cannot be its own parent`);
  const below = await subtreeIds(tx, id);
  if (below.some((r) => r.id === parentId)) {
    throw new AppError(
      "precondition_failed",
      `Organization ${parentId} is below ${id} in the hierarchy; making it the parent would create a cycle`,
    );
  }
}

export const create = fn(
  z.object({
    name,
    accountType: z.enum(accountTypes),
    parentId: id().nullish(),
    status: z.enum(organizationStatuses).default("active"),
  }),
  async (input): Promise<Info> => {
    requirePermission("customer:create");
    return createTransaction(async (tx) => {
      if (input.parentId) await liveOrganization(tx, input.parentId);
      const [row] = await tx
        .insert(organizationTable)
        .values({
          name: input.name,
          accountType: input.accountType,
          parentId: input.parentId ?? null,
          status: input.status,
        })
        .returning();
      const org = row as Row;
      await emit(Events.Created, { organizationId: org.id, accountType: org.accountType, parentId: org.parentId });
      await Audit.record({
        action: "organization.created",
        entityType: "organization",
        entityId: org.id,
        changes: Audit.diff(null, {
          name: org.name,
          accountType: org.accountType,
          parentId: org.parentId,
          status: org.status,
        }),
      });
      return toInfo(org);
    });
  },
);

export const update = fn(
  z.object({
    id: id(),
    name: name.optional(),
    accountType: z.enum(accountTypes).optional(),
    /** `null` detaches the organisation from its parent. */
    parentId: id().nullable().optional(),
    status: z.enum(organizationStatuses).optional(),
  }),
  async ({ id, ...changes }): Promise<Info> => {
    requirePermission("customer:update");
    return createTransaction(async (tx) => {
      if (changes.parentId !== undefined) {
        // Re-parenting is serialised: two concurrent moves could otherwise each pass the check and form a cycle.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('organization.hierarchy'))`);
      }
      const current = await liveOrganization(tx, id, true);
      if (changes.parentId) {
        await liveOrganization(tx, changes.parentId);
        await assertNoCycle(tx, id, changes.parentId);
      }
      const fields = Object.entries(changes)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k);
      if (fields.length === 0) return toInfo(current);
      const [row] = await tx.update(organizationTable).set(changes).where(eq(organizationTable.id, id)).returning();
      const org = row as Row;
      await emit(Events.Updated, { organizationId: id, fields, parentId: org.parentId, status: org.status });
      const diff = Audit.diff(current, org, fields);
      if (Object.keys(diff).length > 0) {
        await Audit.record({ action: "organization.updated", entityType: "organization", entityId: id, changes: diff });
      }
      return toInfo(org);
    });
  },
);

export const fromID = fn(id(), async (id): Promise<Info | undefined> => {
  requirePermission("customer:read");
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(organizationTable)
      .where(and(eq(organizationTable.id, id), live(organizationTable))),
  );
  return row ? toInfo(row) : undefined;
});

/** Organisations by name, on (name, id). */
const byName = keyset({
  columns: [organizationTable.name, organizationTable.id],
  direction: "asc",
  position: z.tuple([text(200, { trim: false }), id()]),
});

/** Organisations by name in keyset pages; `q` matches the name case-insensitively. */
export const list = fn(
  z.object({
    accountType: z.enum(accountTypes).optional(),
    /** Direct children of this organisation; `null` lists the roots. */
    parentId: id().nullable().optional(),
    status: z.enum(organizationStatuses).optional(),
    q: text(200).optional(),
    cursor: cursor().optional(),
    limit: pageLimit(200, 50),
  }),
  async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
    requirePermission("customer:read");
    const where: (SQL | undefined)[] = [live(organizationTable), byName.after(input.cursor)];
    if (input.accountType) where.push(eq(organizationTable.accountType, input.accountType));
    if (input.parentId === null) where.push(isNull(organizationTable.parentId));
    else if (input.parentId) where.push(eq(organizationTable.parentId, input.parentId));
    if (input.status) where.push(eq(organizationTable.status, input.status));
    if (input.q) where.push(ilike(organizationTable.name, containsPattern(input.q)));
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(organizationTable)
        .where(and(...where))
        .orderBy(...byName.orderBy)
        .limit(byName.take(input.limit)),
    );
    const page = byName.page(rows, input.limit, (r) => [r.name, r.id]);
    return { items: page.items.map(toInfo), nextCursor: page.nextCursor };
  },
);

/**
 * The organisation and every live organisation below it, nearest first (`depth` 0 is the organisation
 * itself). Reseller scoping reads this: a reseller sees its own organisation and its children.
 */
export const descendants = fn(id(), async (id): Promise<(Info & { depth: number })[]> => {
  return useTransaction(async (tx) => {
    const tree = await subtreeIds(tx, id);
    if (tree.length === 0) throw new AppError("not_found", `Organization ${id} does not exist`);
    const rows = await tx
      .select()
      .from(organizationTable)
      .where(
        inArray(
          organizationTable.id,
          tree.map((r) => r.id),
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return tree.flatMap((t) => {
      const row = byId.get(t.id);
      return row ? [{ ...toInfo(row), depth: Number(t.depth) }] : [];
    });
  });
});
