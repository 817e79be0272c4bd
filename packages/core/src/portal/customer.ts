import { and, asc, eq, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePortal } from "../access";
import { userTable } from "../auth/auth.sql";
import { type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { notFound, SubscriberView, selectSubscribers, toSubscriberView } from "./shared";

export { SubscriberView } from "./shared";

export const Overview = z.object({
  displayName: z.string(),
  email: z.string(),
  subscribers: z.array(SubscriberView),
});
export type Overview = z.infer<typeof Overview>;

/**
 * What the signed-in customer may see: the subscriber their account is linked to, and every
 * subscriber of the person behind the account. An account linked to neither sees nothing.
 */
async function scope(tx: Tx): Promise<{ where: SQL; displayName: string; email: string }> {
  const actor = requirePortal("customer");
  const [account] = await tx
    .select({
      subscriberId: userTable.subscriberId,
      personId: userTable.personId,
      displayName: userTable.displayName,
      email: userTable.email,
    })
    .from(userTable)
    .where(and(eq(userTable.id, actor.properties.userId), eq(userTable.portal, "customer")));
  const owns: SQL[] = [];
  if (account?.subscriberId) owns.push(eq(subscriberTable.id, account.subscriberId));
  if (account?.personId) owns.push(eq(subscriberTable.personId, account.personId));
  return {
    where: or(...owns) ?? sql`false`,
    displayName: account?.displayName ?? actor.properties.email,
    email: account?.email ?? actor.properties.email,
  };
}

/** The signed-in customer's service: their subscriber record(s), by subscriber number. */
export const overview = fn(z.void(), async (): Promise<Overview> => {
  return useTransaction(async (tx) => {
    const { where, displayName, email } = await scope(tx);
    const rows = await selectSubscribers(tx, where).orderBy(asc(subscriberTable.subscriberNumber));
    return { displayName, email, subscribers: rows.map(toSubscriberView) };
  });
});

/** One of the customer's own subscribers; anyone else's answers not_found, exactly like a missing id. */
export const subscriber = fn(z.object({ id: id() }), async ({ id }): Promise<SubscriberView> => {
  return useTransaction(async (tx) => {
    const { where } = await scope(tx);
    const [row] = await selectSubscribers(tx, and(eq(subscriberTable.id, id), where) as SQL);
    if (!row) throw notFound("Subscriber", id);
    return toSubscriberView(row);
  });
});
