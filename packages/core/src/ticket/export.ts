import { and, eq } from "drizzle-orm";
import { requirePermission } from "../access";
import { userTable } from "../auth/auth.sql";
import { type CsvCell, csvStream } from "../platform/csv";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { teamTable } from "../team/team.sql";
import { byCreated, createdText, list, listWhere } from "./list";
import { ticketTable, ticketTypeTable } from "./ticket.sql";

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

/** Rows per keyset page: one joined query each, so round trips stay few and memory stays flat. */
const EXPORT_PAGE = 1000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Every ticket the list filters match, newest first, as CSV. Each page is one keyset query on the
 * list's own filter builder that joins the labels the CSV shows (type name, subscriber number,
 * primary assignee email); pages are fetched only as the stream is read, so memory stays flat however
 * many tickets match. The permission check runs now, before any byte is sent.
 */
export const exportCsv = fn(
  list.schema.omit({ cursor: true, limit: true }),
  (filters): Promise<ReadableStream<Uint8Array>> => {
    requirePermission("support:ticket:read");
    const t = ticketTable;
    const where = listWhere(filters);
    async function* rows(): AsyncGenerator<CsvCell[]> {
      let cursor: string | undefined;
      do {
        const read = await useTransaction((tx) =>
          tx
            .select({
              createdText,
              id: t.id,
              number: t.number,
              title: t.title,
              status: t.status,
              priority: t.priority,
              type: ticketTypeTable.name,
              channel: t.channel,
              subscriber: subscriberTable.subscriberNumber,
              assignee: userTable.email,
              team: teamTable.name,
              region: t.region,
              tags: t.tags,
              createdAt: t.createdAt,
              dueAt: t.dueAt,
              resolvedAt: t.resolvedAt,
              closedAt: t.closedAt,
            })
            .from(t)
            .leftJoin(ticketTypeTable, eq(ticketTypeTable.id, t.ticketTypeId))
            .leftJoin(subscriberTable, eq(subscriberTable.id, t.subscriberId))
            .leftJoin(userTable, eq(userTable.id, t.primaryAssigneeId))
            .leftJoin(teamTable, eq(teamTable.id, t.teamId))
            .where(and(where, byCreated.after(cursor)))
            .orderBy(...byCreated.orderBy)
            .limit(byCreated.take(EXPORT_PAGE)),
        );
        const page = byCreated.page(read, EXPORT_PAGE, (r) => [r.createdText, r.id]);
        for (const r of page.items) {
          yield [
            r.number,
            r.title,
            r.status,
            r.priority,
            r.type,
            r.channel,
            r.subscriber,
            r.assignee,
            r.team,
            r.region,
            r.tags.join(";"),
            r.createdAt.toISOString(),
            iso(r.dueAt),
            iso(r.resolvedAt),
            iso(r.closedAt),
          ];
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return csvStream(csvHeader, rows());
  },
);
