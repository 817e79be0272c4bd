import { jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, instant, timestamps } from "../platform/sql";
import { inboxChannelTable } from "./inbox.sql";

/**
 * A WhatsApp Business Account's message templates, mirrored from Meta by `Templates.sync` (the only
 * messages allowed outside the 24-hour window). `components` is Meta's own array (header, body,
 * footer, buttons) as synced; the composer counts the body's `{{n}}` from it.
 */
export const inboxTemplateTable = pgTable(
  "inbox_template",
  {
    id: id(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => inboxChannelTable.id),
    name: text("name").notNull(),
    language: text("language").notNull(),
    /** MARKETING, UTILITY or AUTHENTICATION. */
    category: text("category").notNull(),
    /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED...: only APPROVED ones can be sent. */
    status: text("status").notNull(),
    /** Meta's template id. */
    externalId: text("external_id"),
    components: jsonb("components").$type<Record<string, unknown>[]>().notNull().default([]),
    syncedAt: instant("synced_at").notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex("inbox_template_key_idx").on(t.channelId, t.name, t.language)],
);
