import { and, asc, eq, exists, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import * as z from "zod";
import { requirePermission } from "../access";
import { userTable } from "../auth/auth.sql";
import { organizationTable } from "../organization/organization.sql";
import { personChannelTable, personTable } from "../person/person.sql";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { subscriberTable } from "../subscriber/subscriber.sql";

/**
 * Look-ups for pickers: the staff a ticket can be assigned to, and the customers (subscribers,
 * people, organisations) a ticket can be opened for. Small pages of labels, not full records.
 */

const LIMIT = 20;

const Query = z.object({
  /** Matched case-insensitively anywhere in the searched fields; empty lists the first ones by name. */
  q: text(200, { min: 0 }).optional(),
});

const pattern = containsPattern;

const StaffQuery = Query.extend({
  /** Exactly these accounts (comma-separated ids), to name the assignees a screen already shows. */
  ids: z
    .preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(id()).max(50))
    .optional(),
});

export const StaffInfo = z.object({ id: z.uuid(), email: z.string(), name: z.string() });
export type StaffInfo = z.infer<typeof StaffInfo>;

/**
 * Active staff accounts by name or email, at most 20, by name: the assignee pickers. With `ids`,
 * those accounts (deactivated ones too, so old assignees keep their names), at most 50.
 */
export const staff = fn(StaffQuery, async ({ q, ids }): Promise<StaffInfo[]> => {
  requirePermission("support:ticket:read");
  const u = userTable;
  const where: (SQL | undefined)[] = [eq(u.portal, "staff")];
  if (ids) where.push(ids.length > 0 ? inArray(u.id, ids) : sql`false`);
  else where.push(isNull(u.deactivatedAt));
  if (q) where.push(or(ilike(u.email, pattern(q)), ilike(u.displayName, pattern(q))));
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: u.id, email: u.email, name: u.displayName })
      .from(u)
      .where(and(...where))
      .orderBy(asc(u.displayName), asc(u.email))
      .limit(ids ? 50 : LIMIT),
  );
  return rows;
});

export const customerKinds = ["subscriber", "person", "organization"] as const;

export const CustomerInfo = z.object({
  kind: z.enum(customerKinds),
  id: z.uuid(),
  /** What the picker shows: the subscriber number, the person's or organisation's name. */
  label: z.string(),
  /** A second line that tells two similar labels apart (plan and address, email and phone, type). */
  detail: z.string(),
  /** The ids to put on a ticket opened for this customer. */
  subscriberId: z.uuid().optional(),
  personId: z.uuid().optional(),
  organizationId: z.uuid().optional(),
});
export type CustomerInfo = z.infer<typeof CustomerInfo>;

const joinParts = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join(" · ");

const CustomerQuery = Query.extend({
  /** Exactly these records (a ticket's customer, to label it), instead of a search. */
  subscriberId: id().optional(),
  personId: id().optional(),
  organizationId: id().optional(),
});

/**
 * Subscribers by number, account number or the name of the party they belong to; people by name,
 * email or phone; organisations by name. At most 20 in all, shared fairly between the three kinds.
 * With `subscriberId`, `personId` or `organizationId`: just those records, for anyone who reads tickets.
 */
export const customers = fn(CustomerQuery, async (input): Promise<CustomerInfo[]> => {
  const exact = input.subscriberId || input.personId || input.organizationId;
  requirePermission(exact ? "support:ticket:read" : "support:ticket:create");
  const q = exact ? undefined : input.q;
  /** Only the named record of a kind when ids are given; every record otherwise. */
  const only = (column: AnyPgColumn, id: string | undefined) =>
    exact ? (id ? eq(column, id) : sql`false`) : undefined;
  const like = q ? pattern(q) : undefined;
  // Phones are stored as E.164 (+2348035550101): "0803 555 0101" as typed matches without its spacing.
  const phoneDigits = q?.replace(/[\s().-]/g, "");
  const phoneLike = phoneDigits ? pattern(phoneDigits) : undefined;
  return useTransaction(async (tx) => {
    const s = subscriberTable;
    const p = personTable;
    const o = organizationTable;
    const subscribers = await tx
      .select({
        id: s.id,
        number: s.subscriberNumber,
        account: s.accountNumber,
        status: s.status,
        plan: s.planName,
        city: sql<string | null>`${s.serviceAddress}->>'city'`,
        line1: sql<string | null>`${s.serviceAddress}->>'line1'`,
        personId: s.personId,
        personName: p.displayName,
        organizationId: s.organizationId,
        organizationName: o.name,
      })
      .from(s)
      .leftJoin(p, and(eq(p.id, s.personId), live(p)))
      .leftJoin(o, and(eq(o.id, s.organizationId), live(o)))
      .where(
        and(
          live(s),
          only(s.id, input.subscriberId),
          like
            ? or(
                ilike(s.subscriberNumber, like),
                ilike(s.accountNumber, like),
                ilike(p.displayName, like),
                ilike(o.name, like),
              )
            : undefined,
        ),
      )
      .orderBy(asc(s.subscriberNumber))
      .limit(LIMIT);
    const people = await tx
      .select({ id: p.id, name: p.displayName, email: p.email, phone: p.phone, organizationId: p.organizationId })
      .from(p)
      .where(
        and(
          live(p),
          exact ? undefined : isNull(p.mergedIntoId),
          only(p.id, input.personId),
          like
            ? or(
                ilike(p.displayName, like),
                ilike(p.email, like),
                ilike(p.phone, phoneLike ?? like),
                // Phone numbers and addresses kept as channels (WhatsApp, a second phone) count too.
                exists(
                  tx
                    .select({ one: sql`1` })
                    .from(personChannelTable)
                    .where(
                      and(
                        eq(personChannelTable.personId, p.id),
                        live(personChannelTable),
                        or(ilike(personChannelTable.value, like), ilike(personChannelTable.value, phoneLike ?? like)),
                      ),
                    ),
                ),
              )
            : undefined,
        ),
      )
      .orderBy(asc(p.displayName), asc(p.id))
      .limit(LIMIT);
    const organizations = await tx
      .select({ id: o.id, name: o.name, accountType: o.accountType, status: o.status })
      .from(o)
      .where(and(live(o), only(o.id, input.organizationId), like ? ilike(o.name, like) : undefined))
      .orderBy(asc(o.name), asc(o.id))
      .limit(LIMIT);

    const lists: CustomerInfo[][] = [
      subscribers.map((r) => ({
        kind: "subscriber" as const,
        id: r.id,
        label: r.account && r.account !== r.number ? `${r.number} (${r.account})` : r.number,
        detail: joinParts([r.personName ?? r.organizationName, r.plan, joinParts([r.line1, r.city]), r.status]),
        subscriberId: r.id,
        ...(r.personId ? { personId: r.personId } : {}),
        ...(r.organizationId ? { organizationId: r.organizationId } : {}),
      })),
      people.map((r) => ({
        kind: "person" as const,
        id: r.id,
        label: r.name,
        detail: joinParts([r.email, r.phone]) || "Person",
        personId: r.id,
        ...(r.organizationId ? { organizationId: r.organizationId } : {}),
      })),
      organizations.map((r) => ({
        kind: "organization" as const,
        id: r.id,
        label: r.name,
        detail: joinParts([`${r.accountType} organisation`, r.status === "active" ? null : r.status]),
        organizationId: r.id,
      })),
    ];
    // Round-robin so one kind with many matches does not hide the others, then grouped by kind.
    const picked: CustomerInfo[] = [];
    for (let i = 0; picked.length < LIMIT && lists.some((l) => l.length > i); i++) {
      for (const list of lists) {
        const item = list[i];
        if (item && picked.length < LIMIT) picked.push(item);
      }
    }
    return customerKinds.flatMap((kind) => picked.filter((c) => c.kind === kind));
  });
});
