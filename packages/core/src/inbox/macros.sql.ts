import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { id, instant, timestamps } from "../platform/sql";
import { inboxConversationTable } from "./inbox.sql";

export const macroVisibilities = ["personal", "shared"] as const;
export type MacroVisibility = (typeof macroVisibilities)[number];

/**
 * A named, ordered list of conversation actions an agent runs in one click (v1 `crm_conversation_macros`).
 * `actions` is the validated step list (`Macros.Step`); personal macros are their owner's alone.
 */
export const inboxMacroTable = pgTable(
  "inbox_macro",
  {
    id: id(),
    name: text("name").notNull(),
    visibility: text("visibility", { enum: macroVisibilities }).notNull().default("personal"),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => userTable.id),
    actions: jsonb("actions").$type<Record<string, unknown>[]>().notNull(),
    runCount: integer("run_count").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("inbox_macro_shared_name_idx").on(sql`lower(${t.name})`).where(sql`${t.visibility} = 'shared'`),
    uniqueIndex("inbox_macro_personal_name_idx")
      .on(t.ownerId, sql`lower(${t.name})`)
      .where(sql`${t.visibility} = 'personal'`),
  ],
);

/**
 * One macro run on one conversation, written in that conversation's transaction: the unique `run_id`
 * per conversation makes a double click (the same run id again) a no-op that answers the first run.
 */
export const inboxMacroRunTable = pgTable(
  "inbox_macro_run",
  {
    id: id(),
    runId: uuid("run_id").notNull(),
    macroId: uuid("macro_id")
      .notNull()
      .references(() => inboxMacroTable.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => inboxConversationTable.id),
    userId: uuid("user_id").references(() => userTable.id),
    steps: integer("steps").notNull(),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbox_macro_run_key_idx").on(t.runId, t.conversationId),
    index("inbox_macro_run_macro_idx").on(t.macroId, t.at),
  ],
);
