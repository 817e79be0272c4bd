import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { requirePortal } from "../access";
import { organizationTable } from "../organization/organization.sql";
import { subtree } from "../organization/tree";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { PageInput, page, type TicketPage } from "./customer";
import { ticketTable } from "./ticket.sql";

/**
 * A reseller's view: tickets of subscribers (or for organisations) in the reseller's organisation
 * subtree, newest first. Scoped in SQL by the subtree, never filtered afterwards.
 */
export const list = fn(PageInput, async (input): Promise<TicketPage> => {
  const actor = requirePortal("reseller");
  const rootId = actor.properties.organizationId;
  if (!rootId) throw new AppError("forbidden", "This reseller account is not linked to an organisation");
  return useTransaction(async (tx) => {
    const [root] = await tx
      .select({ id: organizationTable.id })
      .from(organizationTable)
      .where(and(eq(organizationTable.id, rootId), live(organizationTable)));
    if (!root) throw new AppError("forbidden", "This reseller account's organisation no longer exists");
    const tree = subtree(rootId);
    const inTree = or(
      sql`${ticketTable.organizationId} in ${tree}`,
      inArray(
        ticketTable.subscriberId,
        tx
          .select({ id: subscriberTable.id })
          .from(subscriberTable)
          .where(sql`${subscriberTable.organizationId} in ${tree}`),
      ),
    ) as SQL;
    return page(tx, and(live(ticketTable), inTree) as SQL, input);
  });
});
