import { sql } from "drizzle-orm";

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
