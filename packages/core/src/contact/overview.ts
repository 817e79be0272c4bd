import { and, desc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import { visibleWhere } from "../inbox/access";
import { inboxChannelTable, inboxConversationTable } from "../inbox/inbox.sql";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { liveChannels, mergeCandidates, Info as PersonInfo, toInfo } from "../person/shared";
import type { Tx } from "../platform/db";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { live } from "../platform/soft-delete";
import { projectTable } from "../project/project.sql";
import { quoteTable, salesOrderTable } from "../quote/quote.sql";
import { leadTable } from "../sales/sales.sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { ticketTable } from "../ticket/ticket.sql";
import { workOrderTable } from "../workorder/workorder.sql";

/** How many of each kind of record the page lists; `total` says how many there are. */
export const SECTION_SIZE = 5;

/** One record of a section: enough for a row that links to its own page. */
export const Item = z.object({
  id: z.uuid(),
  /** The record's human number (TCK-…, WO-…, LEAD-…), or null when it has none. */
  number: z.string().nullable(),
  title: z.string(),
  status: z.string(),
  /** The instant the list is ordered by (updated, scheduled, last message…), or null. */
  at: z.string().nullable(),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  /** A short qualifier: a conversation's channel kind, an order's payment status. */
  kind: z.string().nullable(),
});
export type Item = z.infer<typeof Item>;

/** A short list and the count of all; null when the actor may not read that kind of record. */
export const Section = z.object({ items: z.array(Item), total: z.number().int() }).nullable();
export type Section = z.infer<typeof Section>;

export const sectionNames = [
  "subscribers",
  "conversations",
  "tickets",
  "workOrders",
  "leads",
  "quotes",
  "orders",
  "projects",
] as const;
export type SectionName = (typeof sectionNames)[number];

export const Overview = z.object({
  person: PersonInfo,
  organization: z.object({ id: z.uuid(), name: z.string(), accountType: z.string() }).nullable(),
  sections: z.object(Object.fromEntries(sectionNames.map((n) => [n, Section])) as Record<SectionName, typeof Section>),
  /** Other live people with one of this person's addresses: likely the same contact, to merge. */
  mergeCandidates: z.array(z.object({ id: z.uuid(), displayName: z.string(), matched: z.string() })),
});
export type Overview = z.infer<typeof Overview>;

type Row = Omit<Item, "at" | "amountMinor" | "currency" | "kind"> & {
  at: Date | string | null;
  amountMinor?: number | null;
  currency?: string | null;
  kind?: string | null;
  total: number;
};

/** `count(*) over ()` is computed before the limit: one query gives the page and the total. */
const total = sql<number>`(count(*) over ())::int`;

const toSection = (rows: Row[]): NonNullable<Section> => ({
  items: rows.map(({ total: _, at, amountMinor, currency, kind, ...r }) => ({
    ...r,
    at: at instanceof Date ? at.toISOString() : (at ?? null),
    amountMinor: amountMinor ?? null,
    currency: currency ?? null,
    kind: kind ?? null,
  })),
  total: rows[0]?.total ?? 0,
});

/** The section's rows when the actor holds `key` (null otherwise): a fixed query, never one per row. */
async function section(key: Parameters<typeof holds>[0], query: () => Promise<Row[]>): Promise<Section> {
  return holds(key) ? toSection(await query()) : null;
}

/**
 * Everything the contact's page shows, in one read: the person and their channels, organisation,
 * subscribers, conversations (those the agent may see), tickets, work orders, leads, quotes, orders and
 * projects, each the newest few with a total, and people sharing an address. One query per section,
 * whatever the numbers; a section the actor may not read is null.
 */
export const overview = fn(z.object({ id: id() }), async ({ id: personId }): Promise<Overview> => {
  requirePermission("crm:contact:read");
  return useTransaction(async (tx) => {
    const [person] = await tx
      .select()
      .from(personTable)
      .where(and(eq(personTable.id, personId), live(personTable)));
    if (!person) {
      const [merged] = await tx
        .select({ into: personTable.mergedIntoId })
        .from(personTable)
        .where(eq(personTable.id, personId));
      throw new AppError(
        "not_found",
        merged?.into ? `Person ${personId} was merged into ${merged.into}` : `Person ${personId} does not exist`,
        merged?.into ? [{ path: "mergedIntoId", message: merged.into }] : [],
      );
    }
    const channels = await liveChannels(tx, personId);
    const [organization] = person.organizationId
      ? await tx
          .select({
            id: organizationTable.id,
            name: organizationTable.name,
            accountType: organizationTable.accountType,
          })
          .from(organizationTable)
          .where(and(eq(organizationTable.id, person.organizationId), live(organizationTable)))
      : [];

    const s = subscriberTable;
    const subscribers = await section("subscribers:subscriber:read", () =>
      tx
        .select({
          id: s.id,
          number: s.subscriberNumber,
          title: sql<string>`coalesce(${s.planName}, ${s.subscriberNumber})`,
          status: s.status,
          at: s.lastSyncedAt,
          total,
        })
        .from(s)
        .where(and(eq(s.personId, personId), live(s)))
        .orderBy(s.subscriberNumber)
        .limit(SECTION_SIZE),
    );

    const cv = inboxConversationTable;
    const conversations = await section("crm:inbox:read", () =>
      tx
        .select({
          id: cv.id,
          number: sql<string | null>`null`,
          title: sql<string>`coalesce(${cv.subject}, ${inboxChannelTable.name})`,
          status: cv.status,
          at: cv.lastMessageAt,
          kind: inboxChannelTable.kind,
          total,
        })
        .from(cv)
        .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, cv.channelId))
        .where(and(eq(cv.personId, personId), visibleWhere()))
        .orderBy(desc(cv.lastMessageAt), desc(cv.id))
        .limit(SECTION_SIZE),
    );

    const tk = ticketTable;
    const tickets = await section("support:ticket:read", () =>
      tx
        .select({ id: tk.id, number: tk.number, title: tk.title, status: tk.status, at: tk.updatedAt, total })
        .from(tk)
        .where(and(eq(tk.personId, personId), live(tk)))
        .orderBy(desc(tk.createdAt), desc(tk.id))
        .limit(SECTION_SIZE),
    );

    const wo = workOrderTable;
    const workOrders = await section("operations:work_order:read", () =>
      tx
        .select({
          id: wo.id,
          number: wo.number,
          title: wo.title,
          status: wo.status,
          at: sql<Date | null>`coalesce(${wo.scheduledStart}, ${wo.createdAt})`,
          total,
        })
        .from(wo)
        .where(and(eq(wo.personId, personId), live(wo)))
        .orderBy(desc(wo.createdAt), desc(wo.id))
        .limit(SECTION_SIZE),
    );

    const ld = leadTable;
    const leads = await section("crm:lead:read", () =>
      tx
        .select({
          id: ld.id,
          number: ld.number,
          title: ld.title,
          status: ld.status,
          at: ld.updatedAt,
          amountMinor: ld.valueMinor,
          currency: ld.currency,
          total,
        })
        .from(ld)
        .where(and(eq(ld.personId, personId), live(ld)))
        .orderBy(desc(ld.createdAt), desc(ld.id))
        .limit(SECTION_SIZE),
    );

    const pj = projectTable;
    const projects = await section("project:read", () =>
      tx
        .select({ id: pj.id, number: pj.number, title: pj.name, status: pj.status, at: pj.startAt, total })
        .from(pj)
        .where(and(eq(pj.personId, personId), live(pj)))
        .orderBy(desc(pj.createdAt), desc(pj.id))
        .limit(SECTION_SIZE),
    );

    const { quotes, orders } = await salesSections(tx, personId);

    return {
      person: toInfo(person, channels),
      organization: organization ?? null,
      sections: { subscribers, conversations, tickets, workOrders, leads, quotes, orders, projects },
      mergeCandidates: await mergeCandidates(tx, personId, [
        person.email,
        person.phone,
        ...channels.map((c) => c.value),
      ]),
    };
  });
});

async function salesSections(tx: Tx, personId: string): Promise<{ quotes: Section; orders: Section }> {
  const q = quoteTable;
  const quotes = await section("crm:quote:read", () =>
    tx
      .select({
        id: q.id,
        number: q.number,
        title: q.title,
        status: q.status,
        at: q.updatedAt,
        amountMinor: q.totalMinor,
        currency: q.currency,
        total,
      })
      .from(q)
      .where(and(eq(q.personId, personId), live(q)))
      .orderBy(desc(q.createdAt), desc(q.id))
      .limit(SECTION_SIZE),
  );
  const o = salesOrderTable;
  const orders = await section("operations:sales_order:read", () =>
    tx
      .select({
        id: o.id,
        number: o.number,
        title: o.number,
        status: o.status,
        at: o.createdAt,
        amountMinor: o.totalMinor,
        currency: o.currency,
        kind: o.paymentStatus,
        total,
      })
      .from(o)
      .where(and(eq(o.personId, personId), live(o)))
      .orderBy(desc(o.createdAt), desc(o.id))
      .limit(SECTION_SIZE),
  );
  return { quotes, orders };
}
