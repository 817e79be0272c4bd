import { inArray } from "drizzle-orm";
import { userTable } from "../auth/auth.sql";
import { useActor, useRequestMeta, withActor } from "../platform/context";
import { type CsvCell, csvStream } from "../platform/csv";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { requirePermission } from "../platform/scope";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { list } from "./list";
import type { Info } from "./shared";
import { ticketTypeTable } from "./ticket.sql";

export const csvHeader = [
  "number",
  "title",
  "status",
  "priority",
  "type",
  "channel",
  "subscriber_number",
  "primary_assignee_email",
  "team",
  "region",
  "tags",
  "created_at",
  "due_at",
  "resolved_at",
  "closed_at",
] as const;

/** The list's largest page: each page is one keyset query, so the filters are the list's own. */
const EXPORT_PAGE = 200;

const unique = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];

/** The names the CSV shows for one page's ids: type names, subscriber numbers, assignee emails. */
async function labels(items: Info[]) {
  const typeIds = unique(items.map((t) => t.ticketTypeId));
  const subscriberIds = unique(items.map((t) => t.subscriberId));
  const userIds = unique(items.map((t) => t.primaryAssigneeId));
  return useTransaction(async (tx) => {
    const [types, subscribers, users] = await Promise.all([
      typeIds.length
        ? tx
            .select({ id: ticketTypeTable.id, label: ticketTypeTable.name })
            .from(ticketTypeTable)
            .where(inArray(ticketTypeTable.id, typeIds))
        : [],
      subscriberIds.length
        ? tx
            .select({ id: subscriberTable.id, label: subscriberTable.subscriberNumber })
            .from(subscriberTable)
            .where(inArray(subscriberTable.id, subscriberIds))
        : [],
      userIds.length
        ? tx.select({ id: userTable.id, label: userTable.email }).from(userTable).where(inArray(userTable.id, userIds))
        : [],
    ]);
    const byId = (rows: { id: string; label: string }[]) => new Map(rows.map((r) => [r.id, r.label]));
    return { types: byId(types), subscribers: byId(subscribers), users: byId(users) };
  });
}

/**
 * Every ticket the list filters match, newest first, as CSV. Pages are fetched by keyset only as the
 * stream is read, so memory stays flat however many tickets match. The permission check runs now,
 * before any byte is sent.
 */
export const exportCsv = fn(list.schema.omit({ cursor: true, limit: true }), (filters): ReadableStream<Uint8Array> => {
  requirePermission("support:ticket:read");
  // A slow reader pulls later pages from its own async context, where no actor is set: carry it along.
  const actor = useActor();
  const request = useRequestMeta();
  async function* rows(): AsyncGenerator<CsvCell[]> {
    let cursor: string | undefined;
    do {
      const page = await withActor(actor, () => list({ ...filters, cursor, limit: EXPORT_PAGE }), request);
      const { types, subscribers, users } = await labels(page.items);
      for (const t of page.items) {
        yield [
          t.number,
          t.title,
          t.status,
          t.priority,
          t.ticketTypeId ? types.get(t.ticketTypeId) : null,
          t.channel,
          t.subscriberId ? subscribers.get(t.subscriberId) : null,
          t.primaryAssigneeId ? users.get(t.primaryAssigneeId) : null,
          t.serviceTeam,
          t.region,
          t.tags.join(";"),
          t.createdAt,
          t.dueAt,
          t.resolvedAt,
          t.closedAt,
        ];
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return csvStream(csvHeader, rows());
});
