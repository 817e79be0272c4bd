import * as Inbox from "../inbox";
import type { InboxChannelKind } from "../inbox/inbox.sql";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { type Item, toInbound } from "./meta";

/**
 * Applies a delivery's items in order, in the consumer's transaction: each message exactly once by its
 * provider id, each receipt through the monotone status rule. Meta batches several accounts in one
 * delivery: an item for a channel that is not connected (or is disabled) is left out and named in
 * `unapplied`, the others are applied, and the consumer dead-letters the delivery with that reason; a
 * replay once the channel is connected applies only what was left out (the rest is deduped). It is
 * never a 5xx to Meta.
 */
export async function apply(
  items: readonly Item[],
): Promise<{ messages: number; receipts: number; unapplied?: string }> {
  const channels = new Map<string, string | AppError>();
  const channelId = async (kind: InboxChannelKind, account: string) => {
    const key = `${kind}:${account}`;
    let id = channels.get(key);
    if (id === undefined) {
      try {
        id = (await useTransaction((tx) => Inbox.Receive.channelFor(tx, kind, account))).id;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        id = error;
      }
      channels.set(key, id);
    }
    if (id instanceof AppError) throw id;
    return id;
  };
  const left = new Map<string, number>();
  let messages = 0;
  let receipts = 0;
  for (const item of items) {
    if (item.type !== "skipped") {
      try {
        await channelId(item.channelKind, item.account);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        left.set(error.message, (left.get(error.message) ?? 0) + 1);
        continue;
      }
    }
    switch (item.type) {
      case "message": {
        const result = await Inbox.Receive.inbound(toInbound(await channelId(item.channelKind, item.account), item));
        if (result.outcome === "inserted") messages++;
        break;
      }
      case "receipt": {
        const error = item.error;
        await Inbox.Receive.receipt({
          channelId: await channelId(item.channelKind, item.account),
          externalId: item.externalId,
          status: item.status,
          at: item.at,
          error: error
            ? {
                code: error.code === undefined || error.code === null ? null : String(error.code),
                detail: describe(error),
              }
            : null,
        });
        receipts++;
        break;
      }
      case "watermark": {
        const id = await channelId(item.channelKind, item.account);
        for (const mid of item.mids) {
          await Inbox.Receive.receipt({ channelId: id, externalId: mid, status: item.status, at: item.watermark });
        }
        await Inbox.Watermark.watermark({
          channelId: id,
          contact: item.contact,
          status: item.status,
          watermark: item.watermark,
        });
        receipts++;
        break;
      }
      case "skipped":
        break;
    }
  }
  if (left.size === 0) return { messages, receipts };
  const unapplied = [...left].map(([reason, n]) => `${n} item${n === 1 ? "" : "s"} left out: ${reason}`).join("; ");
  return { messages, receipts, unapplied };
}

/** Meta's error as one line: the title and the details, which say what went wrong (e.g. 131047's 24 hours). */
function describe(error: Record<string, unknown>): string | null {
  const title = typeof error.title === "string" ? error.title : typeof error.message === "string" ? error.message : "";
  const data = error.error_data as { details?: unknown } | undefined;
  const details = typeof data?.details === "string" ? data.details : "";
  return [title, details].filter(Boolean).join(": ").slice(0, 2000) || null;
}
