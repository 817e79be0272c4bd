import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps } from "../platform/sql";

/** The catalogue of conversation labels with their colours; conversations hold label names (`labels text[]`). */
export const inboxLabelTable = pgTable(
  "inbox_label",
  {
    id: id(),
    name: text("name").notNull(),
    /** `#rrggbb`. */
    colour: text("colour").notNull().default("#64748b"),
    description: text("description"),
    ...timestamps,
  },
  (t) => [uniqueIndex("inbox_label_name_idx").on(sql`lower(${t.name})`)],
);

/** Canned responses an agent inserts with `/shortcut` in the composer; `{{contact.first_name}}` style variables. */
export const inboxCannedResponseTable = pgTable(
  "inbox_canned_response",
  {
    id: id(),
    shortcut: text("shortcut").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("inbox_canned_response_shortcut_idx").on(sql`lower(${t.shortcut})`)],
);
