import { and, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { personChannelTable } from "../person/person.sql";
import { createTransaction } from "../platform/db";
import { validationError } from "../platform/fn";
import { inboxConversationTable, inboxMessageTable } from "./inbox.sql";
import { applyStatus } from "./receipts";

export const WatermarkInput = z.object({
  channelId: z.uuid(),
  /** The customer's address on the channel (PSID, IGSID). */
  contact: z.string().min(1).max(320),
  status: z.enum(["delivered", "read"]),
  watermark: z.coerce.date(),
});
export type WatermarkInput = z.input<typeof WatermarkInput>;

/**
 * Messenger and Instagram report delivery and reading as a watermark: every message the page sent this
 * person up to that instant. Each such outbound message moves forward through the same monotone rule
 * as a single receipt (`applyStatus`), so a replayed or older watermark changes nothing.
 */
export async function watermark(input: WatermarkInput): Promise<{ changed: number }> {
  const parsed = WatermarkInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "Watermark is invalid");
  const w = parsed.data;
  const m = inboxMessageTable;
  const below = w.status === "read" ? ["sent", "delivered"] : ["sent"];
  return createTransaction(async (tx) => {
    const rows = await tx
      .select({ id: m.id })
      .from(m)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, m.conversationId))
      .innerJoin(personChannelTable, eq(personChannelTable.id, inboxConversationTable.personChannelId))
      .where(
        and(
          eq(m.channelId, w.channelId),
          eq(m.direction, "outbound"),
          inArray(m.status, below as ("sent" | "delivered")[]),
          eq(personChannelTable.value, w.contact),
          sql`coalesce(${m.sentAt}, ${m.providerAt}) <= ${w.watermark.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(m.createdAt);
    let changed = 0;
    for (const row of rows) {
      if (await applyStatus(tx, row.id, w.status, w.watermark)) changed++;
    }
    return { changed };
  });
}
