import { and, eq, gte, ilike, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import * as z from "zod";
import { requirePermission } from "../access";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instant, instantText, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { slaAtRisk, slaBreached } from "../sla/conditions";
import { slaSummaries } from "../sla/registry";
import { ticketSlaTable } from "../sla/sla.sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { assigneesOf, type Info, toInfo } from "./shared";
import { ticketAssigneeTable, ticketPriorities, ticketStatuses, ticketTable } from "./ticket.sql";

const subscriberPerson = alias(personTable, "subscriber_person");

/** Tickets newest first, on (created_at, id): the staff list, its export and the portals' lists. */
export const byCreated = keyset({
  columns: [ticketTable.createdAt, ticketTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});
/** The cursor's half of a ticket's position: `created_at` to the microsecond. */
export const createdText = microseconds(ticketTable.createdAt);

/** One value or several (a query string repeats the key, or separates values with commas). */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z.array(z.enum(values)).max(values.length),
  );

export const ListFilters = z.object({
  status: many(ticketStatuses).optional(),
  priority: many(ticketPriorities).optional(),
  ticketTypeId: id().optional(),
  /** Primary or additional assignee. */
  assigneeId: id().optional(),
  teamId: id().optional(),
  subscriberId: id().optional(),
  /** The customer's tickets: those opened for this person (the person and organisation screens). */
  personId: id().optional(),
  organizationId: id().optional(),
  createdFrom: instant().optional().describe("Earliest creation instant, inclusive (ISO 8601)"),
  createdTo: instant().optional().describe("Latest creation instant, exclusive (ISO 8601)"),
  /** Matches the number, title or description, case-insensitively. */
  q: text(200).optional(),
  /** `true`: no primary and no other assignee. */
  unassigned: z.union([z.boolean(), z.stringbool()]).optional(),
  /** Tickets with a clock breached, or running past its warning threshold (the dashboard's tiles). */
  sla: z.enum(["at_risk", "breached"]).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/** Tickets newest first, filtered, in keyset pages on (created_at, id); `nextCursor` is null on the last page. */
export type ListFilters = z.output<typeof ListFilters>;

/**
 * The list's filters as one SQL condition on `ticket` (the cursor aside): the list and the CSV export
 * build their queries from it, so both always agree on what a filter means.
 */
export function listWhere(input: Omit<ListFilters, "cursor" | "limit">): SQL {
  const t = ticketTable;
  const where: (SQL | undefined)[] = [
    live(t),
    input.status?.length ? inArray(t.status, input.status) : undefined,
    input.priority?.length ? inArray(t.priority, input.priority) : undefined,
    input.ticketTypeId ? eq(t.ticketTypeId, input.ticketTypeId) : undefined,
    input.teamId ? eq(t.teamId, input.teamId) : undefined,
    input.subscriberId ? eq(t.subscriberId, input.subscriberId) : undefined,
    input.personId ? eq(t.personId, input.personId) : undefined,
    input.organizationId ? eq(t.organizationId, input.organizationId) : undefined,
    input.createdFrom ? gte(t.createdAt, input.createdFrom) : undefined,
    input.createdTo ? lt(t.createdAt, input.createdTo) : undefined,
  ];
  if (input.q) {
    const pattern = containsPattern(input.q);
    where.push(or(ilike(t.number, pattern), ilike(t.title, pattern), ilike(t.description, pattern)));
  }
  const others = () =>
    sql`exists (select 1 from ${ticketAssigneeTable} where ${ticketAssigneeTable.ticketId} = ${t.id})`;
  if (input.assigneeId) {
    // `id = any(array(subquery))` rather than `exists`: the array is computed once, so the planner can
    // OR two index scans (primary assignee, primary key) instead of walking every live ticket.
    const extra = sql`${t.id} = any(array(select ${ticketAssigneeTable.ticketId} from ${ticketAssigneeTable} where ${ticketAssigneeTable.userId} = ${input.assigneeId}))`;
    where.push(or(eq(t.primaryAssigneeId, input.assigneeId), extra));
  }
  if (input.unassigned === true) where.push(sql`${t.primaryAssigneeId} is null and not ${others()}`);
  if (input.unassigned === false) where.push(sql`(${t.primaryAssigneeId} is not null or ${others()})`);
  if (input.sla) {
    const condition =
      input.sla === "breached" ? slaBreached : sql`${slaAtRisk} and not coalesce(${slaBreached}, false)`;
    where.push(
      sql`exists (select 1 from ${ticketSlaTable} where ${ticketSlaTable.ticketId} = ${t.id} and ${condition})`,
    );
  }
  return and(...where) as SQL;
}

/** Tickets newest first, filtered, in keyset pages on (created_at, id); `nextCursor` is null on the last page. */
export const list = fn(ListFilters, async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
  requirePermission("support:ticket:read");
  const t = ticketTable;
  const where = and(listWhere(input), byCreated.after(input.cursor));
  return useTransaction(async (tx) => {
    // The customer's name comes in the same keyset query (left joins on primary keys), not per row.
    const rows = await tx
      .select({
        row: t,
        createdText,
        personName: personTable.displayName,
        subscriberNumber: subscriberTable.subscriberNumber,
        subscriberPersonName: subscriberPerson.displayName,
        organizationName: organizationTable.name,
      })
      .from(t)
      .leftJoin(personTable, eq(personTable.id, t.personId))
      .leftJoin(subscriberTable, eq(subscriberTable.id, t.subscriberId))
      .leftJoin(subscriberPerson, eq(subscriberPerson.id, subscriberTable.personId))
      .leftJoin(organizationTable, eq(organizationTable.id, t.organizationId))
      .where(where)
      .orderBy(...byCreated.orderBy)
      .limit(byCreated.take(input.limit));
    const page = byCreated.page(rows, input.limit, (r) => [r.createdText, r.row.id]);
    const ids = page.items.map((r) => r.row.id);
    const [assignees, sla] = await Promise.all([assigneesOf(tx, ids), slaSummaries(tx, ids)]);
    return {
      items: page.items.map((r) => ({
        ...toInfo(r.row, assignees.get(r.row.id) ?? []),
        sla: sla.get(r.row.id) ?? null,
        customerName: r.personName ?? r.subscriberPersonName ?? r.organizationName ?? r.subscriberNumber ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  });
});
