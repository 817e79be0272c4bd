import * as Inbox from "../inbox";
import type { InboxChannelKind } from "../inbox/inbox.sql";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { type Item, toInbound } from "./meta";

/**
 * Applies a delivery's items in order, in the consumer's transaction: each message exactly once by its
 * provider id, each receipt through the monotone status rule. A channel that is not connected fails
 * the delivery with the reason (dead letter, replayable once connected); it is never a 5xx to Meta.
 */
export async function apply(items: readonly Item[]): Promise<{ messages: number; receipts: number }> {
  const channels = new Map<string, { id: string; name: string; status: "active" | "disabled" }>();
  const channelOf = async (kind: InboxChannelKind, account: string) => {
    const key = `${kind}:${account}`;
    let channel = channels.get(key);
    if (!channel) {
      channel = await createTransaction((tx) => Inbox.Receive.channelFor(tx, kind, account));
      channels.set(key, channel);
    }
    return channel;
  };
  const channelId = async (kind: InboxChannelKind, account: string) => (await channelOf(kind, account)).id;
  /** A disabled channel takes no new messages: the delivery dead-letters, replayable once it is enabled. */
  const openChannelId = async (kind: InboxChannelKind, account: string) => {
    const channel = await channelOf(kind, account);
    if (channel.status === "disabled") {
      throw new AppError(
        "precondition_failed",
        `The ${kind} channel “${channel.name}” is disabled; enable it in Settings › Inbox › Channels, then replay`,
      );
    }
    return channel.id;
  };
  let messages = 0;
  let receipts = 0;
  for (const item of items) {
    switch (item.type) {
      case "message": {
        const result = await Inbox.Receive.inbound(
          toInbound(await openChannelId(item.channelKind, item.account), item),
        );
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
  return { messages, receipts };
}

/** Meta's error as one line: the title and the details, which say what went wrong (e.g. 131047's 24 hours). */
function describe(error: Record<string, unknown>): string | null {
  const title = typeof error.title === "string" ? error.title : typeof error.message === "string" ? error.message : "";
  const data = error.error_data as { details?: unknown } | undefined;
  const details = typeof data?.details === "string" ? data.details : "";
  return [title, details].filter(Boolean).join(": ").slice(0, 2000) || null;
}
