import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";

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

/** Who works in a team: agents answer its conversations; a `lead` is who reply-time escalations go to. */
export const teamMemberTable = pgTable(
  "team_member",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teamTable.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id),
    role: text("role", { enum: ["member", "lead"] })
      .notNull()
      .default("member"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_member_user_idx").on(t.userId)],
);
