import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import { userTable } from "../auth/auth.sql";
import type { Database, Transaction } from "../platform/db";
import { requirePortal } from "../platform/scope";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { ticketTable } from "./ticket.sql";

type Tx = Transaction | Database;

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
  return and(isNull(ticketTable.deletedAt), or(...owns) ?? sql`false`) as SQL;
}
