import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { validationError } from "../platform/fn";
import { emit } from "../platform/outbox";
import { Events } from "./events";
import { inboxConversationTable, inboxMessageTable, inboxReceiptTable } from "./inbox.sql";

type MessageRow = typeof inboxMessageTable.$inferSelect;
export type ReceiptStatus = "sent" | "delivered" | "read" | "failed";
/** A `read` receipt means delivered and sent too: each fills the timestamps it implies. */
const implied: Record<ReceiptStatus, readonly ReceiptStatus[]> = {
  sent: ["sent"],
  delivered: ["sent", "delivered"],
  read: ["sent", "delivered", "read"],
  failed: [],
};

const m = inboxMessageTable;
/** The order an outbound message climbs; `received` (inbound) and `failed` are outside it. */
const climb = sql`array['queued', 'sending', 'sent', 'delivered', 'read']::text[]`;
const rankOf = (status: SQL | string) => sql`coalesce(array_position(${climb}, ${status}::text), 0)`;

/**
 * Moves an outbound message's delivery status forward, never backwards, in one conditional UPDATE (so
 * two receipts applied at once cannot undo each other): `sent` < `delivered` < `read`; `failed` only
 * from below `delivered` (a failure reported after the customer's phone had it is recorded in the
 * receipt log, not shown); `delivered`/`read` after `failed` recover it (another of the customer's
 * devices got it). Timestamps fill once; a `read` implies `delivered` implies `sent`.
 * Returns the row when the status changed, and emits MessageStatusChanged.
 */
export async function applyStatus(
  tx: Transaction,
  messageId: string,
  status: ReceiptStatus,
  at: Date,
  error?: { code?: string | null; detail?: string | null } | null,
): Promise<MessageRow | undefined> {
  const guard =
    status === "failed"
      ? sql`${m.status} in ('queued', 'sending', 'sent')`
      : sql`${m.status} <> 'received' and ${rankOf(sql`${m.status}`)} < ${rankOf(status)}`;
  const reached = (s: ReceiptStatus) => implied[status].includes(s);
  const [row] = await tx
    .update(m)
    .set({
      status,
      ...(reached("sent") ? { sentAt: sql`coalesce(${m.sentAt}, ${at})` } : {}),
      ...(reached("delivered") ? { deliveredAt: sql`coalesce(${m.deliveredAt}, ${at})` } : {}),
      ...(reached("read") ? { readAt: sql`coalesce(${m.readAt}, ${at})` } : {}),
      ...(status === "failed"
        ? { failedAt: at, errorCode: error?.code ?? null, errorDetail: error?.detail ?? null, nextAttemptAt: null }
        : { errorCode: null, errorDetail: null }),
    })
    .where(and(eq(m.id, messageId), guard))
    .returning();
  if (!row) return undefined;
  if (row.direction === "outbound" && status !== "failed") {
    // The conversation's first response is the first agent message the provider confirmed.
    await tx
      .update(inboxConversationTable)
      .set({
        firstResponseAt: row.authorId
          ? sql`coalesce(${inboxConversationTable.firstResponseAt}, ${at})`
          : sql`${inboxConversationTable.firstResponseAt}`,
        lastOutboundAt: sql`greatest(coalesce(${inboxConversationTable.lastOutboundAt}, ${at}), ${at})`,
      })
      .where(eq(inboxConversationTable.id, row.conversationId));
  }
  await emit(Events.MessageStatusChanged, { conversationId: row.conversationId, messageId: row.id, status });
  return row;
}

export const ReceiptInput = z.object({
  channelId: z.uuid(),
  externalId: z.string().min(1).max(1024),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  at: z.coerce.date(),
  error: z.object({ code: z.string().max(100).nullish(), detail: z.string().max(2000).nullish() }).nullish(),
});
export type ReceiptInput = z.input<typeof ReceiptInput>;

/**
 * A provider's delivery receipt. Every receipt is logged once (channel, external id, status); when the
 * message is known it is applied at once, else it waits and is applied when the send records the
 * provider's id (the provider's webhook can beat its own API response). Replays change nothing.
 */
export async function receipt(input: ReceiptInput): Promise<{ outcome: "applied" | "unchanged" | "waiting" }> {
  const parsed = ReceiptInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "Delivery receipt is invalid");
  const r = parsed.data;
  return createTransaction(async (tx) => {
    const [logged] = await tx
      .insert(inboxReceiptTable)
      .values({
        channelId: r.channelId,
        externalId: r.externalId,
        status: r.status,
        at: r.at,
        error: r.error ? { code: r.error.code ?? null, detail: r.error.detail ?? null } : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!logged) return { outcome: "unchanged" as const };
    const [message] = await tx
      .select()
      .from(m)
      .where(and(eq(m.channelId, r.channelId), eq(m.externalId, r.externalId)));
    if (!message) return { outcome: "waiting" as const };
    if (message.direction !== "outbound") {
      throw new AppError("validation", `Receipt ${r.status} names ${r.externalId}, which is an inbound message`);
    }
    const changed = await applyStatus(tx, message.id, r.status, r.at, r.error);
    await tx.update(inboxReceiptTable).set({ appliedAt: new Date() }).where(eq(inboxReceiptTable.id, logged.id));
    return { outcome: changed ? ("applied" as const) : ("unchanged" as const) };
  });
}

/**
 * Applies the receipts that arrived before `message` had its provider id, oldest status first. The
 * sender calls this in the transaction that records the id.
 */
export async function applyWaitingReceipts(tx: Transaction, message: MessageRow): Promise<void> {
  if (!message.externalId) return;
  const waiting = await tx
    .select()
    .from(inboxReceiptTable)
    .where(
      and(
        eq(inboxReceiptTable.channelId, message.channelId),
        eq(inboxReceiptTable.externalId, message.externalId),
        isNull(inboxReceiptTable.appliedAt),
      ),
    )
    .orderBy(inboxReceiptTable.at);
  for (const r of waiting) {
    const error = r.error as { code?: string | null; detail?: string | null } | null;
    await applyStatus(tx, message.id, r.status, r.at, error);
    await tx.update(inboxReceiptTable).set({ appliedAt: new Date() }).where(eq(inboxReceiptTable.id, r.id));
  }
}
