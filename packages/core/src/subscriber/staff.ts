import { and, eq, ilike, or, type SQL } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, pageLimit, text } from "../platform/input";
import { keyset } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { subscriberStatuses, subscriberTable } from "./subscriber.sql";

/** A subscriber as staff screens show it: the billing facts and the party it belongs to, by name. */
export const View = z.object({
  id: z.uuid(),
  subscriberNumber: z.string(),
  accountNumber: z.string().nullable(),
  status: z.enum(subscriberStatuses),
  planName: z.string().nullable(),
  planSpeed: z.string().nullable(),
  /** One line: street, city, country. */
  address: z.string().nullable(),
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  organization: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  lastSyncedAt: z.iso.datetime(),
});
export type View = z.infer<typeof View>;

const byNumber = keyset({
  columns: [subscriberTable.subscriberNumber, subscriberTable.id],
  direction: "asc",
  position: z.tuple([text(200, { trim: false }), id()]),
});

function select(tx: Tx, where: SQL | undefined) {
  return tx
    .select({
      row: subscriberTable,
      personName: personTable.displayName,
      organizationName: organizationTable.name,
    })
    .from(subscriberTable)
    .leftJoin(personTable, and(eq(personTable.id, subscriberTable.personId), live(personTable)))
    .leftJoin(organizationTable, and(eq(organizationTable.id, subscriberTable.organizationId), live(organizationTable)))
    .where(and(live(subscriberTable), where));
}
type Selected = Awaited<ReturnType<typeof select>>[number];

const toView = ({ row, personName, organizationName }: Selected): View => {
  const a = row.serviceAddress;
  return {
    id: row.id,
    subscriberNumber: row.subscriberNumber,
    accountNumber: row.accountNumber,
    status: row.status,
    planName: row.planName,
    planSpeed: row.planSpeed,
    address: a ? [a.line1, a.line2, a.city, a.country].filter(Boolean).join(", ") : null,
    person: row.personId && personName ? { id: row.personId, name: personName } : null,
    organization: row.organizationId && organizationName ? { id: row.organizationId, name: organizationName } : null,
    lastSyncedAt: row.lastSyncedAt.toISOString(),
  };
};

/**
 * Subscribers by number in keyset pages, for staff with subscribers:subscriber:read; `q` matches the
 * subscriber or account number or the person's name. `personId` / `organizationId` narrow to one party.
 */
export const list = fn(
  z.object({
    personId: id().optional(),
    organizationId: id().optional(),
    q: text(200).optional(),
    cursor: cursor().optional(),
    limit: pageLimit(200, 50),
  }),
  async (input): Promise<{ items: View[]; nextCursor: string | null }> => {
    requirePermission("subscribers:subscriber:read");
    const where: (SQL | undefined)[] = [byNumber.after(input.cursor)];
    if (input.personId) where.push(eq(subscriberTable.personId, input.personId));
    if (input.organizationId) where.push(eq(subscriberTable.organizationId, input.organizationId));
    if (input.q) {
      const pattern = containsPattern(input.q);
      where.push(
        or(
          ilike(subscriberTable.subscriberNumber, pattern),
          ilike(subscriberTable.accountNumber, pattern),
          ilike(personTable.displayName, pattern),
        ),
      );
    }
    const rows = await useTransaction((tx) =>
      select(tx, and(...where))
        .orderBy(...byNumber.orderBy)
        .limit(byNumber.take(input.limit)),
    );
    const page = byNumber.page(rows, input.limit, (r) => [r.row.subscriberNumber, r.row.id]);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  },
);

/** One live subscriber for staff with subscribers:subscriber:read, or undefined. */
export const fromID = fn(id(), async (id): Promise<View | undefined> => {
  requirePermission("subscribers:subscriber:read");
  const [row] = await useTransaction((tx) => select(tx, eq(subscriberTable.id, id)));
  return row ? toView(row) : undefined;
});
