import { and, desc, eq, ilike, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instantText, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { containsPattern } from "../platform/sql";
import { visibleWhere } from "./access";
import {
  conversationPriorities,
  conversationStatuses,
  inboxChannelKinds,
  inboxChannelTable,
  inboxConversationTable,
  inboxMessageTable,
} from "./inbox.sql";
import { inboxObligationTable } from "./routing.sql";

const c = inboxConversationTable;

/** What a list row and the thread header show of a conversation. */
export const Info = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  channelKind: z.enum(inboxChannelKinds),
  channelName: z.string(),
  personId: z.uuid(),
  personName: z.string(),
  status: z.enum(conversationStatuses),
  priority: z.enum(conversationPriorities),
  subject: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  labels: z.array(z.string()),
  ticketId: z.uuid().nullable(),
  lastMessageAt: z.iso.datetime(),
  /** The newest customer or agent message (notes excluded), cut to 160 characters. */
  preview: z.string().nullable(),
  unreadCount: z.number(),
  snoozedUntil: z.iso.datetime().nullable(),
  snoozeUntilReply: z.boolean(),
  muted: z.boolean(),
  /** End of the provider's customer-service window; null when the channel has none or no message came in. */
  windowExpiresAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  /** When the customer's waiting message must be answered (its reply target); null when nobody waits. */
  replyDueAt: z.iso.datetime().nullable(),
  version: z.number(),
});
export type Info = z.infer<typeof Info>;

/** Folders of the list: assigned to me, to nobody, everything visible, or with a note mentioning me. */
export const folders = ["mine", "unassigned", "all", "mentions"] as const;
/** "Open-ish": what the list shows unless asked for other statuses. */
export const activeStatuses = ["open", "pending"] as const;

const byRecent = keyset({
  columns: [c.lastMessageAt, c.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

const preview = sql<string | null>`(select left(${inboxMessageTable.body}, 160) from ${inboxMessageTable}
  where ${inboxMessageTable.conversationId} = ${c.id} and ${inboxMessageTable.direction} <> 'internal'
  order by ${inboxMessageTable.createdAt} desc, ${inboxMessageTable.id} desc limit 1)`;

/** The reply target of a customer who waits (the obligation, by its primary key), as ISO text on every driver. */
const replyDue = sql<
  string | null
>`(select to_char(${inboxObligationTable.responseDueAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  from ${inboxObligationTable} where ${inboxObligationTable.conversationId} = ${c.id}
  and ${inboxObligationTable.state} in ('awaiting_first_response', 'awaiting_follow_up'))`;

const summaryColumns = {
  row: c,
  replyDue,
  channelKind: inboxChannelTable.kind,
  channelName: inboxChannelTable.name,
  personName: personTable.displayName,
  preview,
  lastText: microseconds(c.lastMessageAt),
};
type SummaryRow = {
  row: typeof c.$inferSelect;
  channelKind: Info["channelKind"];
  channelName: string;
  personName: string;
  preview: string | null;
  replyDue: string | null;
};

export const toInfo = (r: SummaryRow): Info => ({
  id: r.row.id,
  channelId: r.row.channelId,
  channelKind: r.channelKind,
  channelName: r.channelName,
  personId: r.row.personId,
  personName: r.personName,
  status: r.row.status,
  priority: r.row.priority,
  subject: r.row.subject,
  assigneeId: r.row.assigneeId,
  teamId: r.row.teamId,
  labels: r.row.labels,
  ticketId: r.row.ticketId,
  lastMessageAt: r.row.lastMessageAt.toISOString(),
  preview: r.preview,
  unreadCount: r.row.unreadCount,
  snoozedUntil: r.row.snoozedUntil?.toISOString() ?? null,
  snoozeUntilReply: r.row.snoozeUntilReply,
  muted: r.row.muted,
  windowExpiresAt: r.row.windowExpiresAt?.toISOString() ?? null,
  resolvedAt: r.row.resolvedAt?.toISOString() ?? null,
  replyDueAt: r.replyDue,
  version: r.row.version,
});

function me(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

/** Conversations with an internal note mentioning the actor. */
function mentionsMe(userId: string | null): SQL {
  if (!userId) return sql`false`;
  return sql`exists (select 1 from ${inboxMessageTable} where ${inboxMessageTable.conversationId} = ${c.id}
    and ${inboxMessageTable.direction} = 'internal' and ${userId}::uuid = any(${inboxMessageTable.mentions}))`;
}

function folderWhere(folder: (typeof folders)[number]): SQL | undefined {
  const userId = me();
  switch (folder) {
    case "mine":
      return userId ? eq(c.assigneeId, userId) : sql`false`;
    case "unassigned":
      return isNull(c.assigneeId);
    case "mentions":
      return mentionsMe(userId);
    case "all":
      return undefined;
  }
}

/** A query-string value given once, repeated, or comma-separated. */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z.array(z.enum(values)).min(1).max(values.length),
  );

export const ListFilters = z.object({
  folder: z.enum(folders).default("all"),
  /** Default: open and pending. */
  status: many(conversationStatuses).optional(),
  priority: many(conversationPriorities).optional(),
  channelKind: z.enum(inboxChannelKinds).optional(),
  channelId: id().optional(),
  teamId: id().optional(),
  label: text(50).optional(),
  /** Matches the person's name or the subject. */
  q: text(200).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(100, 30),
});

/**
 * The conversations the actor may see, newest activity first, keyset-paged over (last_message_at, id)
 * so a page never skips or repeats a row while new messages arrive.
 */
export const list = fn(ListFilters, async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
  const visible = visibleWhere();
  const where = and(
    visible,
    folderWhere(input.folder),
    inArray(c.status, input.status ?? [...activeStatuses]),
    input.priority ? inArray(c.priority, input.priority) : undefined,
    input.channelKind ? eq(inboxChannelTable.kind, input.channelKind) : undefined,
    input.channelId ? eq(c.channelId, input.channelId) : undefined,
    input.teamId ? eq(c.teamId, input.teamId) : undefined,
    input.label ? sql`${input.label} = any(${c.labels})` : undefined,
    input.q
      ? or(ilike(personTable.displayName, containsPattern(input.q)), ilike(c.subject, containsPattern(input.q)))
      : undefined,
    byRecent.after(input.cursor),
  );
  const rows = await useTransaction((tx) =>
    tx
      .select(summaryColumns)
      .from(c)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, c.channelId))
      .innerJoin(personTable, eq(personTable.id, c.personId))
      .where(where)
      .orderBy(...byRecent.orderBy)
      .limit(byRecent.take(input.limit)),
  );
  const page = byRecent.page(rows, input.limit, (r) => [r.lastText, r.row.id]);
  return { items: page.items.map(toInfo), nextCursor: page.nextCursor };
});

/** One conversation's list row (after a change, for the answer). */
export async function summaryOf(conversationId: string): Promise<Info> {
  const [row] = await useTransaction((tx) =>
    tx
      .select(summaryColumns)
      .from(c)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, c.channelId))
      .innerJoin(personTable, eq(personTable.id, c.personId))
      .where(eq(c.id, conversationId)),
  );
  if (!row) throw new Error(`conversation ${conversationId} vanished`);
  return toInfo(row);
}

export const Counts = z.object({
  /** Active conversations with messages nobody has read. */
  unread: z.number(),
  mine: z.number(),
  unassigned: z.number(),
  mentions: z.number(),
  all: z.number(),
});
export type Counts = z.infer<typeof Counts>;

/** The folder badges: active (open or pending) conversations the actor may see, in one pass. */
export const counts = fn(z.object({}).default({}), async (): Promise<Counts> => {
  const visible = visibleWhere();
  const userId = me();
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        unread: sql<number>`count(*) filter (where ${c.unreadCount} > 0)::int`,
        mine: userId ? sql<number>`count(*) filter (where ${c.assigneeId} = ${userId})::int` : sql<number>`0`,
        unassigned: sql<number>`count(*) filter (where ${c.assigneeId} is null)::int`,
        mentions: sql<number>`count(*) filter (where ${mentionsMe(userId)})::int`,
        all: sql<number>`count(*)::int`,
      })
      .from(c)
      .where(and(visible, inArray(c.status, [...activeStatuses]))),
  );
  return {
    unread: Number(row?.unread ?? 0),
    mine: Number(row?.mine ?? 0),
    unassigned: Number(row?.unassigned ?? 0),
    mentions: Number(row?.mentions ?? 0),
    all: Number(row?.all ?? 0),
  };
});

/** A visible conversation's id for the given person, other than `except` (past conversations). */
export async function pastOf(personId: string, except: string) {
  const rows = await useTransaction((tx) =>
    tx
      .select(summaryColumns)
      .from(c)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, c.channelId))
      .innerJoin(personTable, eq(personTable.id, c.personId))
      .where(and(visibleWhere(), eq(c.personId, personId), ne(c.id, except)))
      .orderBy(desc(c.lastMessageAt), desc(c.id))
      .limit(10),
  );
  return rows.map(toInfo);
}
