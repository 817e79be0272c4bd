import { asc, desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type * as z from "zod";
import { decodeCursor, encodeCursor } from "./input";

/**
 * An instant column as ISO text to the microsecond (Postgres precision, finer than a JS Date): a
 * cursor carries it, so keyset pages never skip or repeat rows that share a millisecond.
 */
export const microseconds = (column: PgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The one keyset pagination, over a sort column and the id that breaks its ties. `position` is the
 * cursor's content in the input vocabulary (e.g. `z.tuple([instantText(), id()])`), so a cursor is
 * validated before any of it reaches SQL; each value is cast to its column's type in the comparison.
 */
export function keyset<P extends z.ZodType<readonly [unknown, unknown]>>(options: {
  columns: readonly [sort: PgColumn, id: PgColumn];
  direction: "asc" | "desc";
  position: P;
}) {
  const [sort, id] = options.columns;
  const direction = options.direction === "asc" ? asc : desc;
  const beyond = options.direction === "asc" ? sql`>` : sql`<`;
  const cast = (column: PgColumn) => sql.raw(column.getSQLType());
  return {
    /** The rows after `cursor` in this order (no condition without one); a forged cursor is a 400. */
    after(cursor: string | undefined): SQL | undefined {
      if (!cursor) return undefined;
      const [value, key] = decodeCursor(cursor, options.position);
      return sql`(${sort}, ${id}) ${beyond} (${value}::${cast(sort)}, ${key}::${cast(id)})`;
    },
    orderBy: [direction(sort), direction(id)] as const,
    /** How many rows to read for a page of `limit`: the one extra says whether another page follows. */
    take: (limit: number) => limit + 1,
    /** The page of `limit` from rows read with `take(limit)`, and the cursor of the next page (null: last). */
    page<R>(rows: R[], limit: number, position: (row: R) => readonly [unknown, unknown]) {
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
    },
  };
}
