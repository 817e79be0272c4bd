import { eq, sql } from "drizzle-orm";
import type { Transaction } from "../platform/db";
import { emit } from "../platform/outbox";
import { Events } from "./events";
import { inboxConversationTable, inboxMessageTable } from "./inbox.sql";

type MessageRow = typeof inboxMessageTable.$inferSelect;

/** What a customer's reaction leaves on the message it reacts to: the emoji (null: taken back) and when. */
export interface Reaction {
  emoji: string | null;
  at: string;
}

/** The thread redraws (live hint) without counting anything as a new customer message. */
async function touched(tx: Transaction, conversationId: string) {
  const [c] = await tx
    .update(inboxConversationTable)
    .set({ version: sql`${inboxConversationTable.version} + 1` })
    .where(eq(inboxConversationTable.id, conversationId))
    .returning();
  if (!c) return;
  await emit(Events.ConversationUpdated, {
    conversationId,
    version: c.version,
    changes: ["message"],
    status: c.status,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
  });
}

/**
 * A customer's reaction annotates the message it reacts to (`payload.reactions.customer`), in that
 * message's conversation: no unread count, no reply obligation, and a resolved conversation stays
 * resolved. Reactions can arrive in any order: only a newer one replaces the one shown. The reaction's
 * own row (kept for dedupe, marked `applied`) is written by the caller.
 */
export async function react(tx: Transaction, target: MessageRow, emoji: string | null, at: Date): Promise<void> {
  const shown = (target.payload.reactions as { customer?: Reaction } | undefined)?.customer;
  if (shown && new Date(shown.at) > at) return;
  const reaction: Reaction = { emoji, at: at.toISOString() };
  await tx
    .update(inboxMessageTable)
    .set({
      payload: sql`jsonb_set(${inboxMessageTable.payload}, '{reactions}', coalesce(${inboxMessageTable.payload}->'reactions', '{}'::jsonb) || ${JSON.stringify({ customer: reaction })}::jsonb)`,
    })
    .where(eq(inboxMessageTable.id, target.id));
  await touched(tx, target.conversationId);
}

/**
 * The customer unsent a message (Instagram's `is_deleted`): its text is removed and it is marked
 * `payload.unsent`, so the thread says so instead of showing what the customer took back. Once only
 * (false: nothing changed).
 */
export async function unsend(tx: Transaction, original: MessageRow, at: Date): Promise<boolean> {
  if (original.direction !== "inbound" || original.payload.unsent) return false;
  await tx
    .update(inboxMessageTable)
    .set({
      body: null,
      payload: sql`${inboxMessageTable.payload} || ${JSON.stringify({ unsent: { at: at.toISOString() } })}::jsonb`,
    })
    .where(eq(inboxMessageTable.id, original.id));
  await touched(tx, original.conversationId);
  return true;
}
