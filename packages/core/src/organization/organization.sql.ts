import { sql } from "drizzle-orm";
import { type AnyPgColumn, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { softDelete } from "../platform/soft-delete";
import { id, timestamps } from "../platform/sql";
import { accountTypes, organizationStatuses } from "./values";

export { accountTypes, organizationStatuses } from "./values";

/** Customer companies, resellers, vendors and partners; `parent_id` forms a tree (cycles refused in core). */
export const organizationTable = pgTable(
  "organization",
  {
    id: id(),
    name: text("name").notNull(),
    accountType: text("account_type", { enum: accountTypes }).notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => organizationTable.id),
    status: text("status", { enum: organizationStatuses }).notNull().default("active"),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index("organization_parent_idx").on(t.parentId).where(sql`${t.deletedAt} is null`),
    index("organization_type_idx").on(t.accountType, t.name).where(sql`${t.deletedAt} is null`),
  ],
);
