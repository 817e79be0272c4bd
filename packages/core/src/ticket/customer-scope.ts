import { and, asc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import { requirePortal } from "../access";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import type { Tx } from "../platform/db";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import type { TicketRow } from "./shared";
import { ticketTable } from "./ticket.sql";

/** The signed-in customer's account links, read fresh (an unlinked account sees no tickets). */
export async function account(tx: Tx) {
  const actor = requirePortal("customer");
  const [row] = await tx
    .select({ id: userTable.id, subscriberId: userTable.subscriberId, personId: userTable.personId })
    .from(userTable)
    .where(and(eq(userTable.id, actor.properties.userId), eq(userTable.portal, "customer")));
  return { userId: actor.properties.userId, subscriberId: row?.subscriberId ?? null, personId: row?.personId ?? null };
}

/**
 * The customer's tickets, in SQL: those of the subscriber the account is linked to or of any subscriber
 * of its person (as the service overview shows), and those opened for the person directly.
 */
export async function ownTickets(tx: Tx): Promise<SQL> {
  const { subscriberId, personId } = await account(tx);
  const owns: SQL[] = [];
  if (subscriberId) owns.push(eq(ticketTable.subscriberId, subscriberId));
  if (personId) {
    owns.push(eq(ticketTable.personId, personId));
    owns.push(
      sql`${ticketTable.subscriberId} in (select ${subscriberTable.id} from ${subscriberTable} where ${subscriberTable.personId} = ${personId})`,
    );
  }
  return and(live(ticketTable), or(...owns) ?? sql`false`) as SQL;
}

/**
 * Where to email the customer about a ticket: its person, else the person behind its subscriber, else
 * the active customer-portal account of that subscriber or person (the address they sign in with).
 */
export async function customerContact(
  tx: Tx,
  ticket: Pick<TicketRow, "personId" | "subscriberId">,
): Promise<{ email: string; name: string | null } | undefined> {
  let personId = ticket.personId;
  if (!personId && ticket.subscriberId) {
    const [sub] = await tx
      .select({ personId: subscriberTable.personId })
      .from(subscriberTable)
      .where(eq(subscriberTable.id, ticket.subscriberId));
    personId = sub?.personId ?? null;
  }
  if (personId) {
    const [person] = await tx
      .select({ email: personTable.email, name: personTable.displayName })
      .from(personTable)
      .where(and(eq(personTable.id, personId), live(personTable)));
    if (person?.email) return { email: person.email, name: person.name || null };
  }
  const links = [
    ticket.subscriberId ? eq(userTable.subscriberId, ticket.subscriberId) : undefined,
    personId ? eq(userTable.personId, personId) : undefined,
  ].filter((c) => c !== undefined);
  if (links.length === 0) return undefined;
  const [account] = await tx
    .select({ email: userTable.email, name: userTable.displayName })
    .from(userTable)
    .where(and(eq(userTable.portal, "customer"), isNull(userTable.deactivatedAt), or(...links)))
    .orderBy(asc(userTable.createdAt))
    .limit(1);
  return account ? { email: account.email, name: account.name || null } : undefined;
}
