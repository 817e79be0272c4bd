import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { softDelete } from "../platform/soft-delete";
import { id, timestamps } from "../platform/sql";

/** The teams tickets are routed to (v1's service teams), managed by admins; a removed team stays on old tickets. */
export const teamTable = pgTable(
  "team",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    ...timestamps,
    ...softDelete,
  },
  (t) => [uniqueIndex("team_name_idx").on(sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`)],
);
