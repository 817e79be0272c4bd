import { and, asc, desc, eq, ne, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import { userTable } from "../auth/auth.sql";
import { organizationTable } from "../organization/organization.sql";
import { channelKinds, personChannelTable, personTable } from "../person/person.sql";
import type { Tx } from "../platform/db";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { live } from "../platform/soft-delete";
import { subscriberStatuses, subscriberTable } from "../subscriber/subscriber.sql";
import { customerContact } from "./customer-scope";
import { findByRef, type Info, TicketRef, type TicketRow, withAssignees } from "./shared";
import { ticketCommentTable, ticketEventTable, ticketStatuses, ticketTable } from "./ticket.sql";

/** How many of the customer's other tickets the ticket screen shows (newest first). */
const OTHER_TICKETS = 5;

/**
 * Who a ticket is for, resolved server-side for the staff ticket screen. The person is the ticket's own,
 * else the one behind its subscriber; the organisation the ticket's, else the person's or subscriber's.
 * Each part is filled only when the reader may read that kind of record (channels need
 * crm:contact:read, the subscriber subscribers:subscriber:read); the person's name always shows.
 */
export const CustomerContext = z.object({
  person: z
    .object({
      id: z.uuid(),
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      channels: z.array(
        z.object({
          kind: z.enum(channelKinds),
          value: z.string(),
          label: z.string().nullable(),
          isPrimary: z.boolean(),
        }),
      ),
    })
    .nullable(),
  subscriber: z
    .object({
      id: z.uuid(),
      subscriberNumber: z.string(),
      accountNumber: z.string().nullable(),
      status: z.enum(subscriberStatuses),
      planName: z.string().nullable(),
      planSpeed: z.string().nullable(),
    })
    .nullable(),
  organization: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The same customer's other live tickets, newest first, at most five. */
  otherTickets: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      title: z.string(),
      status: z.enum(ticketStatuses),
      createdAt: z.iso.datetime(),
    }),
  ),
  /**
   * The portal accounts (not staff) that wrote on or changed this ticket, by id: what the timeline names
   * a customer's replies and events with, instead of "unknown".
   */
  accounts: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /**
   * Whether resolving asks someone to confirm the fix: there is an address to send the link to (the
   * person's, the subscriber's person's, or a customer-portal account's). When false, resolving closes the
   * ticket at once. Says nothing of the address itself.
   */
  confirmsResolution: z.boolean(),
});
export type CustomerContext = z.infer<typeof CustomerContext>;

export const ReadInfo = z.object({ customer: CustomerContext });

/** The customer context of one ticket row, in the caller's transaction. */
export async function customerContext(tx: Tx, ticket: TicketRow): Promise<CustomerContext> {
  const [subscriber] = ticket.subscriberId
    ? await tx
        .select()
        .from(subscriberTable)
        .where(and(eq(subscriberTable.id, ticket.subscriberId), live(subscriberTable)))
    : [];
  const personId = ticket.personId ?? subscriber?.personId ?? null;
  const [person] = personId
    ? await tx
        .select()
        .from(personTable)
        .where(and(eq(personTable.id, personId), live(personTable)))
    : [];
  const organizationId = ticket.organizationId ?? person?.organizationId ?? subscriber?.organizationId ?? null;
  const [organization] = organizationId
    ? await tx
        .select({ id: organizationTable.id, name: organizationTable.name })
        .from(organizationTable)
        .where(and(eq(organizationTable.id, organizationId), live(organizationTable)))
    : [];
  const mayContact = holds("crm:contact:read");
  const channels =
    person && mayContact
      ? await tx
          .select()
          .from(personChannelTable)
          .where(and(eq(personChannelTable.personId, person.id), live(personChannelTable)))
          .orderBy(desc(personChannelTable.isPrimary), asc(personChannelTable.kind), asc(personChannelTable.id))
      : [];

  const same: SQL[] = [];
  if (person) same.push(eq(ticketTable.personId, person.id));
  if (subscriber) same.push(eq(ticketTable.subscriberId, subscriber.id));
  if (same.length === 0 && organization) same.push(eq(ticketTable.organizationId, organization.id));
  const others =
    same.length > 0
      ? await tx
          .select({
            id: ticketTable.id,
            number: ticketTable.number,
            title: ticketTable.title,
            status: ticketTable.status,
            createdAt: ticketTable.createdAt,
          })
          .from(ticketTable)
          .where(and(live(ticketTable), ne(ticketTable.id, ticket.id), or(...same)))
          .orderBy(desc(ticketTable.createdAt), desc(ticketTable.id))
          .limit(OTHER_TICKETS)
      : [];

  // Portal accounts that acted on the ticket: comment authors and event actors who are not staff.
  const actorIds = sql`(select ${ticketCommentTable.authorId}::text from ${ticketCommentTable} where ${ticketCommentTable.ticketId} = ${ticket.id}
    union select ${ticketEventTable.actorId} from ${ticketEventTable} where ${ticketEventTable.ticketId} = ${ticket.id} and ${ticketEventTable.actorType} = 'user')`;
  const accounts = await tx
    .select({ id: userTable.id, name: userTable.displayName, personName: personTable.displayName })
    .from(userTable)
    .leftJoin(personTable, eq(personTable.id, userTable.personId))
    .where(and(ne(userTable.portal, "staff"), sql`${userTable.id}::text in ${actorIds}`))
    .orderBy(asc(userTable.id));

  return {
    person: person
      ? {
          id: person.id,
          name: person.displayName,
          email: mayContact ? person.email : null,
          phone: mayContact ? person.phone : null,
          channels: channels.map((c) => ({ kind: c.kind, value: c.value, label: c.label, isPrimary: c.isPrimary })),
        }
      : null,
    subscriber:
      subscriber && holds("subscribers:subscriber:read")
        ? {
            id: subscriber.id,
            subscriberNumber: subscriber.subscriberNumber,
            accountNumber: subscriber.accountNumber,
            status: subscriber.status,
            planName: subscriber.planName,
            planSpeed: subscriber.planSpeed,
          }
        : null,
    organization: organization ?? null,
    otherTickets: others.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    accounts: accounts.map((a) => ({ id: a.id, name: a.personName ?? a.name })),
    // The person already read here is the first address customerContact would try: only without one
    // does the answer need its lookups (the subscriber's person, a customer-portal account).
    confirmsResolution: Boolean(person?.email) || (await customerContact(tx, ticket)) !== undefined,
  };
}

/** One live ticket by UUID or number with its customer context: the staff ticket screen's read. */
export const read = fn(TicketRef, async (ref): Promise<(Info & { customer: CustomerContext }) | undefined> => {
  requirePermission("support:ticket:read");
  return useTransaction(async (tx) => {
    const row = await findByRef(tx, ref);
    if (!row) return undefined;
    const [info, customer] = await Promise.all([withAssignees(tx, row), customerContext(tx, row)]);
    return { ...info, customer };
  });
});
