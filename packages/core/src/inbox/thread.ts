import { and, asc, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { personChannelTable, personTable } from "../person/person.sql";
import { mergeCandidates } from "../person/shared";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instantText, pageLimit } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { subscriberStatuses, subscriberTable } from "../subscriber/subscriber.sql";
import { ticketTable } from "../ticket/ticket.sql";
import { requireVisible } from "./access";
import { Info, pastOf, summaryOf } from "./conversations";
import { inboxAttachmentTable, inboxChannelTable, inboxMessageTable } from "./inbox.sql";
import { MessageInfo, toMessageInfo } from "./message-info";

export const Detail = z.object({
  conversation: Info,
  person: z.object({
    id: z.uuid(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    channels: z.array(z.object({ kind: z.string(), value: z.string() })),
  }),
  channel: z.object({ id: z.uuid(), kind: z.string(), name: z.string(), status: z.string() }),
  /** The person's subscribers (accounts in the billing system) and their service status. */
  subscribers: z.array(
    z.object({
      id: z.uuid(),
      subscriberNumber: z.string(),
      status: z.enum(subscriberStatuses),
      planName: z.string().nullable(),
      planSpeed: z.string().nullable(),
    }),
  ),
  /** Tickets not closed, canceled or merged, of the person or their subscribers. */
  openTickets: z.array(
    z.object({ id: z.uuid(), number: z.string(), title: z.string(), status: z.string(), priority: z.string() }),
  ),
  /** The person's other conversations the actor may see, newest first (10 at most). */
  pastConversations: z.array(Info),
  /** Other people with one of this person's addresses: the same customer, to merge. */
  mergeCandidates: z.array(z.object({ id: z.uuid(), displayName: z.string(), matched: z.string() })),
});
export type Detail = z.infer<typeof Detail>;

/** The conversation with everything the contact sidebar shows. */
export const read = fn(id(), async (conversationId): Promise<Detail> => {
  const row = await useTransaction((tx) => requireVisible(tx, conversationId));
  return useTransaction(async (tx) => {
    const [person] = await tx.select().from(personTable).where(eq(personTable.id, row.personId));
    const channels = await tx
      .select({ kind: personChannelTable.kind, value: personChannelTable.value })
      .from(personChannelTable)
      .where(and(eq(personChannelTable.personId, row.personId), live(personChannelTable)));
    const [channel] = await tx
      .select({
        id: inboxChannelTable.id,
        kind: inboxChannelTable.kind,
        name: inboxChannelTable.name,
        status: inboxChannelTable.status,
      })
      .from(inboxChannelTable)
      .where(eq(inboxChannelTable.id, row.channelId));
    const subscribers = await tx
      .select({
        id: subscriberTable.id,
        subscriberNumber: subscriberTable.subscriberNumber,
        status: subscriberTable.status,
        planName: subscriberTable.planName,
        planSpeed: subscriberTable.planSpeed,
      })
      .from(subscriberTable)
      .where(and(eq(subscriberTable.personId, row.personId), live(subscriberTable)));
    const subscriberIds = subscribers.map((s) => s.id);
    const openTickets = await tx
      .select({
        id: ticketTable.id,
        number: ticketTable.number,
        title: ticketTable.title,
        status: ticketTable.status,
        priority: ticketTable.priority,
      })
      .from(ticketTable)
      .where(
        and(
          live(ticketTable),
          notInArray(ticketTable.status, ["closed", "canceled", "merged"]),
          or(
            eq(ticketTable.personId, row.personId),
            subscriberIds.length ? inArray(ticketTable.subscriberId, subscriberIds) : undefined,
          ),
        ),
      )
      .orderBy(asc(ticketTable.createdAt))
      .limit(20);
    const addresses = [person?.email ?? null, person?.phone ?? null, ...channels.map((ch) => ch.value)];
    const candidates = await mergeCandidates(tx, row.personId, addresses);
    return {
      conversation: await summaryOf(row.id),
      person: {
        id: row.personId,
        displayName: person?.displayName ?? "",
        email: person?.email ?? null,
        phone: person?.phone ?? null,
        channels,
      },
      channel: channel as Detail["channel"],
      subscribers,
      openTickets,
      pastConversations: await pastOf(row.personId, row.id),
      mergeCandidates: candidates,
    };
  });
});

export const AttachmentInfo = z.object({
  id: z.uuid(),
  filename: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().nullable(),
  state: z.enum(["pending", "stored", "rejected"]),
});

/** A message as the thread shows it: the outbound part's `MessageInfo`, with who wrote it and its files. */
export const ThreadMessage = MessageInfo.extend({
  /** Email: a sanitised HTML part exists (shown from `/messages/{id}/html` in a sandboxed frame). */
  hasHtml: z.boolean(),
  authorName: z.string().nullable(),
  mentions: z.array(z.uuid()),
  attachments: z.array(AttachmentInfo),
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;

const m = inboxMessageTable;
const byCreated = keyset({ columns: [m.createdAt, m.id], direction: "desc", position: z.tuple([instantText(), id()]) });

/** A conversation's messages and notes, newest first (a client reverses a page to show it), keyset-paged. */
export const messages = fn(
  z.object({ id: id(), cursor: cursor().optional(), limit: pageLimit(100, 50) }),
  async (input): Promise<{ items: ThreadMessage[]; nextCursor: string | null }> => {
    await useTransaction((tx) => requireVisible(tx, input.id));
    return useTransaction(async (tx) => {
      const rows = await tx
        .select({
          row: m,
          authorName: sql<string | null>`coalesce(nullif(${userTable.displayName}, ''), ${userTable.email})`,
          createdText: microseconds(m.createdAt),
        })
        .from(m)
        .leftJoin(userTable, eq(userTable.id, m.authorId))
        .where(
          and(
            eq(m.conversationId, input.id),
            // A reaction shown on the message it reacts to is not a message of its own.
            sql`not (${m.kind} = 'reaction' and (${m.payload} ->> 'applied') is not null)`,
            byCreated.after(input.cursor),
          ),
        )
        .orderBy(...byCreated.orderBy)
        .limit(byCreated.take(input.limit));
      const page = byCreated.page(rows, input.limit, (r) => [r.createdText, r.row.id]);
      const ids = page.items.map((r) => r.row.id);
      const attachments = ids.length
        ? await tx
            .select()
            .from(inboxAttachmentTable)
            .where(inArray(inboxAttachmentTable.messageId, ids))
            .orderBy(asc(inboxAttachmentTable.idx))
        : [];
      const items = page.items.map(({ row, authorName }) => ({
        ...toMessageInfo(row),
        hasHtml: typeof row.payload.html === "string",
        authorName: row.authorId ? authorName : null,
        mentions: row.mentions,
        attachments: attachments
          .filter((a) => a.messageId === row.id)
          .map((a) => ({
            id: a.id,
            filename: a.filename,
            contentType: a.detectedType ?? a.declaredType,
            size: a.size,
            state: a.state,
          })),
      }));
      return { items, nextCursor: page.nextCursor };
    });
  },
);
