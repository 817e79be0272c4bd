import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../platform/db";

/** Deep enough for any real reseller tree; the bound also stops the walk should a cycle ever slip in. */
export const MAX_DEPTH = 32;

/**
 * `with recursive tree(id, depth)`: `rootId` (depth 0) and every live organisation below it. Follow it
 * with a select from `tree`; organisation moves, reseller scoping and the portal tree all use this one.
 */
export const subtreeCte = (rootId: string) => sql`
    with recursive tree(id, depth) as (
      select id, 0 from organization where id = ${rootId} and deleted_at is null
      union all
      select o.id, tree.depth + 1 from organization o join tree on o.parent_id = tree.id
      where o.deleted_at is null and tree.depth < ${MAX_DEPTH}
    )`;

/**
 * The ids of `rootId` and every live organisation below it, as a SQL subquery: reseller scoping is
 * `column in (subtree)`, evaluated by the database, never a list filtered in JavaScript.
 */
export function subtree(rootId: string): SQL {
  return sql`(${subtreeCte(rootId)} select id from tree)`;
}

/** How far below `rootId` the organisation `id` sits (0: the root itself), or undefined outside the tree. */
export async function depthBelow(tx: Tx, rootId: string, id: string): Promise<number | undefined> {
  const result = await tx.execute<{ depth: number }>(
    sql`${subtreeCte(rootId)} select min(depth)::int as depth from tree where id = ${id} having count(*) > 0`,
  );
  const [row] = (result as unknown as { rows: { depth: number }[] }).rows;
  return row ? Number(row.depth) : undefined;
}
