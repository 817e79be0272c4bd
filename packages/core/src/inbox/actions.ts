import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import * as Contact from "../contact/merge";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError, errorCodes, isAppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, labels, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import * as Ticket from "../ticket";
import { ticketPriorities } from "../ticket/ticket.sql";
import { requireVisible } from "./access";
import * as Assignment from "./assignment";
import { actingUserId, applyChange } from "./change";
import { type Info, summaryOf } from "./conversations";
import { conversationPriorities, inboxConversationTable, inboxMessageTable } from "./inbox.sql";
import { assertMove } from "./status";
import { inboxLabelTable } from "./workspace.sql";

const c = inboxConversationTable;
type Row = typeof c.$inferSelect;

async function writable(tx: Transaction, conversationId: string, lock = true): Promise<Row> {
  requirePermission("crm:inbox:write");
  const row = await requireVisible(tx, conversationId);
  if (!lock) return row;
  const [locked] = await tx.select().from(c).where(eq(c.id, conversationId)).for("update");
  return locked as Row;
}

/** Statuses an agent sets directly; snoozing and converting to a ticket have their own verbs. */
export const settableStatuses = ["open", "pending", "resolved"] as const;

/** Moves the conversation along v1's transitions; resolving stamps `resolved_at`, reopening clears it and any snooze. */
export async function moveStatus(tx: Transaction, row: Row, to: (typeof settableStatuses)[number], reason?: string) {
  assertMove(row.status, to);
  if (row.status === to) return row;
  return applyChange(
    tx,
    row,
    {
      status: to,
      resolvedAt: to === "resolved" ? new Date() : null,
      snoozedUntil: null,
      snoozeUntilReply: false,
    },
    [{ kind: row.status === "snoozed" && to === "open" ? "reopened" : "status_changed", from: row.status, to, reason }],
  );
}

export const setStatus = fn(
  z.object({ id: id(), status: z.enum(settableStatuses) }),
  async ({ id, status }): Promise<Info> => {
    await createTransaction(async (tx) => moveStatus(tx, await writable(tx, id), status));
    return summaryOf(id);
  },
);

export const setPriority = fn(
  z.object({ id: id(), priority: z.enum(conversationPriorities) }),
  async ({ id, priority }): Promise<Info> => {
    await createTransaction(async (tx) => {
      const row = await writable(tx, id);
      await applyChange(tx, row, { priority }, [{ kind: "priority_changed", from: row.priority, to: priority }]);
    });
    return summaryOf(id);
  },
);

/** Refuses label names that are not in the catalogue, naming them. Answers the catalogue's spelling. */
async function catalogued(tx: Transaction, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await tx
    .select({ name: inboxLabelTable.name })
    .from(inboxLabelTable)
    .where(
      inArray(
        sql`lower(${inboxLabelTable.name})`,
        names.map((n) => n.toLowerCase()),
      ),
    );
  const known = new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
  const unknown = names.filter((n) => !known.has(n.toLowerCase()));
  if (unknown.length > 0) {
    throw new AppError(
      "validation",
      `labels: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not in the label catalogue; add ${unknown.length === 1 ? "it" : "them"} under Settings › Inbox › Labels first`,
      [{ path: "labels", message: `unknown: ${unknown.join(", ")}` }],
      { reason: { key: "unknown_label", params: { labels: unknown.join(", ") } } },
    );
  }
  return [...new Set(names.map((n) => known.get(n.toLowerCase()) as string))];
}

async function changeLabels(tx: Transaction, row: Row, next: string[]) {
  const sorted = [...next].sort();
  if (JSON.stringify(sorted) === JSON.stringify([...row.labels].sort())) return row;
  return applyChange(tx, row, { labels: sorted }, [{ kind: "labels_changed", from: row.labels, to: sorted }]);
}

/** Replaces the conversation's labels (catalogue names only). */
export const setLabels = fn(z.object({ id: id(), labels: labels(20, 50) }), async (input): Promise<Info> => {
  await createTransaction(async (tx) => {
    const row = await writable(tx, input.id);
    await changeLabels(tx, row, await catalogued(tx, input.labels));
  });
  return summaryOf(input.id);
});

/**
 * Snoozes until an instant, or until the customer's next message (`untilReply`), or both: whichever comes
 * first reopens it (the `inbox.snooze_wake` job, or the next inbound message).
 */
export const snooze = fn(
  z
    .object({ id: id(), until: instant().optional(), untilReply: z.boolean().default(false) })
    .refine((s) => s.until || s.untilReply, { message: "give `until` or `untilReply: true`", path: ["until"] }),
  async ({ id, until, untilReply }): Promise<Info> => {
    if (until && until.getTime() <= Date.now()) {
      throw new AppError("validation", "until: must be in the future", [{ path: "until", message: "in the past" }]);
    }
    await createTransaction(async (tx) => {
      const row = await writable(tx, id);
      assertMove(row.status, "snoozed");
      await applyChange(tx, row, { status: "snoozed", snoozedUntil: until ?? null, snoozeUntilReply: untilReply }, [
        { kind: "snoozed", from: row.status, to: { until: until?.toISOString() ?? null, untilReply } },
      ]);
    });
    return summaryOf(id);
  },
);

export const mute = fn(z.object({ id: id(), muted: z.boolean() }), async ({ id, muted }): Promise<Info> => {
  await createTransaction(async (tx) => {
    const row = await writable(tx, id);
    if (row.muted === muted) return;
    await applyChange(tx, row, { muted }, [{ kind: muted ? "muted" : "unmuted" }]);
  });
  return summaryOf(id);
});

/** Marks the conversation read for the team (unread count back to 0). Needs only read access. */
export const markRead = fn(id(), async (conversationId): Promise<Info> => {
  await createTransaction(async (tx) => {
    const row = await requireVisible(tx, conversationId);
    if (row.unreadCount === 0) return;
    await applyChange(tx, row, { unreadCount: 0 }, []);
  });
  return summaryOf(conversationId);
});

/** Reopens snoozed conversations whose time came (the `inbox.snooze_wake` job), 200 a run. */
export async function wakeSnoozed(): Promise<{ reopened: number }> {
  return createTransaction(async (tx) => {
    const due = await tx
      .select()
      .from(c)
      .where(and(eq(c.status, "snoozed"), lte(c.snoozedUntil, new Date())))
      .limit(200)
      .for("update", { skipLocked: true });
    for (const row of due) await moveStatus(tx, row, "open", "snooze ended");
    return { reopened: due.length };
  });
}

/**
 * Turns the conversation into a ticket through the ticket domain (numbered, its SLA clocks started),
 * linked both ways: the conversation becomes `resolved_to_ticket` with `ticket_id` set.
 */
export const toTicket = fn(
  z.object({
    id: id(),
    title: text(300).optional(),
    priority: z.enum(ticketPriorities).optional(),
    ticketTypeId: id().optional(),
  }),
  async (input): Promise<{ conversation: Info; ticketId: string; ticketNumber: string }> => {
    const ticket = await createTransaction(async (tx) => {
      const row = await writable(tx, input.id);
      if (row.ticketId) {
        throw new AppError("conflict", "This conversation already has a ticket; open it from the sidebar", [], {
          reason: { key: "already_ticketed", params: {} },
        });
      }
      assertMove(row.status, "resolved_to_ticket");
      const subscribers = await tx
        .select({ id: subscriberTable.id })
        .from(subscriberTable)
        .where(and(eq(subscriberTable.personId, row.personId), live(subscriberTable)))
        .limit(2);
      const inbound = await tx
        .select({ body: inboxMessageTable.body })
        .from(inboxMessageTable)
        .where(and(eq(inboxMessageTable.conversationId, row.id), eq(inboxMessageTable.direction, "inbound")))
        .orderBy(desc(inboxMessageTable.createdAt))
        .limit(5);
      const bodies = inbound
        .map((r) => r.body)
        .filter((b): b is string => !!b)
        .reverse();
      const { ticket } = await Ticket.create({
        title: input.title ?? row.subject ?? bodies.at(-1)?.slice(0, 120) ?? "Conversation from the inbox",
        description: bodies.length ? bodies.join("\n\n").slice(0, 20_000) : null,
        priority: input.priority ?? (row.priority === "none" ? undefined : row.priority),
        ticketTypeId: input.ticketTypeId ?? null,
        channel: "chat",
        personId: row.personId,
        subscriberId: subscribers.length === 1 ? subscribers[0]?.id : null,
        teamId: row.teamId,
      });
      await applyChange(tx, row, { status: "resolved_to_ticket", ticketId: ticket.id, resolvedAt: new Date() }, [
        { kind: "converted_to_ticket", from: row.status, to: { ticketId: ticket.id, number: ticket.number } },
      ]);
      return ticket;
    });
    return { conversation: await summaryOf(input.id), ticketId: ticket.id, ticketNumber: ticket.number };
  },
);

/**
 * Merges another person with one of this person's addresses into the conversation's person: the contact
 * merge moves every record of theirs (channels, subscribers, tickets, leads…, and their conversations
 * where that leaves at most one unresolved conversation per channel and person), audited once.
 */
export const mergePerson = fn(z.object({ id: id(), personId: id() }), async (input): Promise<Info> => {
  await createTransaction(async (tx) => {
    const row = await writable(tx, input.id);
    await Contact.merge({ sourceId: input.personId, targetId: row.personId });
    await applyChange(tx, row, { updatedAt: new Date() }, [
      { kind: "merged", from: { personId: input.personId }, to: { personId: row.personId } },
    ]);
  });
  return summaryOf(input.id);
});

export const bulkFields = ["assignee", "status", "priority", "labels", "read"] as const;
export type BulkField = (typeof bulkFields)[number];

export const BulkInput = z.object({
  ids: z.array(id()).min(1).max(200),
  /** Yourself (taking, within your capacity) or, for supervisors, any agent: the assignment rules apply. */
  assigneeId: id().optional(),
  status: z.enum(settableStatuses).optional(),
  priority: z.enum(conversationPriorities).optional(),
  addLabels: labels(20, 50).optional(),
  removeLabels: labels(20, 50).optional(),
  markRead: z.literal(true).optional(),
});

export const BulkResult = z.object({
  updated: z.array(z.uuid()),
  failed: z.array(
    z.object({
      id: z.uuid(),
      detail: z.string(),
      applied: z.array(z.enum(bulkFields)),
      refused: z.array(
        z.object({
          field: z.enum(bulkFields),
          code: z.enum(errorCodes),
          /** The refusal's key (conversation_transition, unknown_label, permission…), or null. */
          reason: z.string().nullable(),
          params: z.record(z.string(), z.string()),
          detail: z.string(),
        }),
      ),
    }),
  ),
});
export type BulkResult = z.infer<typeof BulkResult>;

/**
 * The same status, priority, labels or read mark on up to 200 conversations. Each part of each goes
 * through the single-conversation rules in its own transaction: what is allowed is applied, and what is
 * refused is listed per conversation and part with the reason, as the ticket bulk does.
 */
export const bulk = fn(BulkInput, async (input): Promise<BulkResult> => {
  requirePermission("crm:inbox:write");
  const { assigneeId, status, priority, addLabels, removeLabels, markRead: read } = input;
  if (!assigneeId && !status && !priority && !addLabels?.length && !removeLabels?.length && !read) {
    throw new AppError(
      "validation",
      "Choose a change: assigneeId, status, priority, addLabels, removeLabels or markRead",
      [{ path: "status", message: "a change is required" }],
    );
  }
  const parts: Record<BulkField, ((tx: Transaction, id: string) => Promise<unknown>) | undefined> = {
    assignee: assigneeId
      ? async (_tx, id) =>
          assigneeId === actingUserId()
            ? Assignment.take({ conversationId: id })
            : Assignment.assign({ conversationId: id, userId: assigneeId })
      : undefined,
    status: status ? async (tx, id) => moveStatus(tx, await writable(tx, id), status) : undefined,
    priority: priority
      ? async (tx, id) => {
          const row = await writable(tx, id);
          await applyChange(tx, row, { priority }, [{ kind: "priority_changed", from: row.priority, to: priority }]);
        }
      : undefined,
    labels:
      addLabels?.length || removeLabels?.length
        ? async (tx, id) => {
            const row = await writable(tx, id);
            const add = await catalogued(tx, addLabels ?? []);
            const drop = new Set((removeLabels ?? []).map((l) => l.toLowerCase()));
            const next = [...new Set([...row.labels, ...add])].filter((l) => !drop.has(l.toLowerCase()));
            await changeLabels(tx, row, next);
          }
        : undefined,
    read: read
      ? async (tx, id) => {
          const row = await requireVisible(tx, id);
          if (row.unreadCount > 0) await applyChange(tx, row, { unreadCount: 0 }, []);
        }
      : undefined,
  };
  const updated: string[] = [];
  const failed: BulkResult["failed"] = [];
  for (const id of [...new Set(input.ids)]) {
    const applied: BulkField[] = [];
    const refused: BulkResult["failed"][number]["refused"] = [];
    for (const field of bulkFields) {
      const apply = parts[field];
      if (!apply) continue;
      try {
        await createTransaction((tx) => apply(tx, id));
        applied.push(field);
      } catch (error) {
        if (!isAppError(error) || error.code === "internal" || error.code === "unavailable") throw error;
        refused.push({
          field,
          code: error.code,
          reason: error.reason?.key ?? null,
          params: Object.fromEntries(Object.entries(error.reason?.params ?? {}).map(([k, v]) => [k, String(v)])),
          detail: error.message,
        });
        if (error.code === "not_found") break;
      }
    }
    if (refused.length === 0) updated.push(id);
    else failed.push({ id, detail: refused.map((r) => r.detail).join("; "), applied, refused });
  }
  await createTransaction(() =>
    Audit.record({
      action: "inbox.bulk_updated",
      entityType: "inbox_conversation",
      changes: {
        ids: { to: input.ids },
        assigneeId: { to: assigneeId ?? null },
        status: { to: status ?? null },
        priority: { to: priority ?? null },
        addLabels: { to: addLabels ?? null },
        removeLabels: { to: removeLabels ?? null },
        markRead: { to: read ?? null },
        failed: { to: failed.map((f) => f.id) },
      },
    }),
  );
  return { updated, failed };
});
