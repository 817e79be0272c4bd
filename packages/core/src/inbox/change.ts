import { eq, sql } from "drizzle-orm";
import { actorRef, useActor } from "../platform/context";
import type { Transaction, Tx } from "../platform/db";
import { emit } from "../platform/outbox";
import { Events } from "./events";
import { type ConversationEventKind, inboxConversationEventTable, inboxConversationTable } from "./inbox.sql";
import { reasonFor } from "./why";

type ConversationRow = typeof inboxConversationTable.$inferSelect;
type Patch = Partial<Omit<typeof inboxConversationTable.$inferInsert, "id" | "version">>;

export interface HistoryEntry {
  kind: ConversationEventKind;
  from?: unknown;
  to?: unknown;
  reason?: string;
}

/** The acting staff user's id (API keys and jobs have none). */
export function actingUserId(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

/** Appends one row to the conversation's history in the caller's transaction ("why did this change"). */
export async function logEvent(
  tx: Tx,
  conversationId: string,
  kind: ConversationEventKind,
  change: { from?: unknown; to?: unknown; reason: string | null },
): Promise<void> {
  await tx.insert(inboxConversationEventTable).values({
    conversationId,
    kind,
    from: change.from ?? null,
    to: change.to ?? null,
    reason: reasonFor(change.reason),
    ...actorRef(),
  });
}

/**
 * The one way the workspace changes a conversation: the patch with the version bumped, one history row
 * per entry, and `ConversationUpdated` with the new version naming the changed fields, in the caller's
 * transaction. A patch that changes nothing writes nothing.
 */
export async function applyChange(
  tx: Transaction,
  row: ConversationRow,
  patch: Patch,
  history: HistoryEntry[],
): Promise<ConversationRow> {
  const changes = Object.keys(patch).filter(
    (key) => JSON.stringify(patch[key as keyof Patch]) !== JSON.stringify(row[key as keyof ConversationRow]),
  );
  if (changes.length === 0) return row;
  const [updated] = await tx
    .update(inboxConversationTable)
    .set({ ...patch, version: sql`${inboxConversationTable.version} + 1` })
    .where(eq(inboxConversationTable.id, row.id))
    .returning();
  const next = updated as ConversationRow;
  if (history.length > 0) {
    const actor = actorRef();
    await tx.insert(inboxConversationEventTable).values(
      history.map((h) => ({
        conversationId: row.id,
        kind: h.kind,
        from: h.from ?? null,
        to: h.to ?? null,
        reason: reasonFor(h.reason),
        ...actor,
      })),
    );
  }
  await emit(Events.ConversationUpdated, {
    conversationId: next.id,
    version: next.version,
    changes,
    status: next.status,
    assigneeId: next.assigneeId,
    teamId: next.teamId,
  });
  return next;
}
