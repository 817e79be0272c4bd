import { eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { staffMentions } from "../auth/mentions";
import { createTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { requireVisible } from "./access";
import { actingUserId, applyChange } from "./change";
import { Events } from "./events";
import { inboxConversationTable, inboxMessageTable } from "./inbox.sql";

export const NoteInfo = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  body: z.string(),
  authorId: z.uuid().nullable(),
  mentions: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
});
export type NoteInfo = z.infer<typeof NoteInfo>;

/**
 * An internal note in the thread, never sent to the customer. Mentioned staff are notified (through
 * `NoteAdded`); the conversation's version is bumped so every open list and thread redraws.
 */
export const addNote = fn(z.object({ id: id(), body: text(20_000) }), async ({ id, body }): Promise<NoteInfo> => {
  requirePermission("crm:inbox:write");
  return createTransaction(async (tx) => {
    const conversation = await requireVisible(tx, id);
    const mentions = await staffMentions(tx, body);
    const authorId = actingUserId();
    const [note] = await tx
      .insert(inboxMessageTable)
      .values({
        conversationId: id,
        channelId: conversation.channelId,
        direction: "internal",
        kind: "note",
        status: "received",
        body,
        authorId,
        mentions,
      })
      .returning();
    const row = note as typeof inboxMessageTable.$inferSelect;
    const [locked] = await tx
      .select()
      .from(inboxConversationTable)
      .where(eq(inboxConversationTable.id, id))
      .for("update");
    // A note is activity the list shows (it sorts by last activity), not a customer message.
    await applyChange(tx, locked as typeof inboxConversationTable.$inferSelect, { lastMessageAt: new Date() }, []);
    await emit(Events.NoteAdded, { conversationId: id, messageId: row.id, authorId, mentions });
    return {
      id: row.id,
      conversationId: id,
      body: row.body ?? "",
      authorId: row.authorId,
      mentions: row.mentions,
      createdAt: row.createdAt.toISOString(),
    };
  });
});
