import { and, asc, desc, eq, ilike, or } from "drizzle-orm";
import * as z from "zod";
import { holds } from "../access";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { int, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { subscriberStatuses, subscriberTable } from "../subscriber/subscriber.sql";
import { ticketStatuses, ticketTable } from "../ticket/ticket.sql";

/**
 * The staff portal's global search (Ctrl/⌘+K): tickets, people and subscribers in one call, a few of
 * each. Each kind is searched only when the caller may read it; a caller who may read none is refused.
 */

export const Input = z.object({
  q: text(100, { min: 2 }).describe("At least two characters, matched anywhere, case-insensitively"),
  limit: int(1, 10).default(5).describe("At most this many results of each kind"),
});

export const Result = z.object({
  tickets: z.array(z.object({ id: z.uuid(), number: z.string(), title: z.string(), status: z.enum(ticketStatuses) })),
  people: z.array(
    z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  ),
  subscribers: z.array(
    z.object({
      id: z.uuid(),
      subscriberNumber: z.string(),
      status: z.enum(subscriberStatuses),
      planName: z.string().nullable(),
      personName: z.string().nullable(),
    }),
  ),
});
export type Result = z.infer<typeof Result>;

export const search = fn(Input, async ({ q, limit }): Promise<Result> => {
  const actor = useActor();
  if (actor.type === "public") throw new AppError("unauthenticated", "Sign in first");
  const may = {
    tickets: holds("support:ticket:read"),
    people: holds("crm:contact:read"),
    subscribers: holds("subscribers:subscriber:read"),
  };
  if (!may.tickets && !may.people && !may.subscribers) {
    throw new AppError("forbidden", "You need support:ticket:read, crm:contact:read or subscribers:subscriber:read");
  }
  const pattern = containsPattern(q);
  return useTransaction(async (tx) => {
    const tickets = may.tickets
      ? await tx
          .select({
            id: ticketTable.id,
            number: ticketTable.number,
            title: ticketTable.title,
            status: ticketTable.status,
          })
          .from(ticketTable)
          .where(and(live(ticketTable), or(ilike(ticketTable.number, pattern), ilike(ticketTable.title, pattern))))
          .orderBy(desc(ticketTable.createdAt), desc(ticketTable.id))
          .limit(limit)
      : [];
    const people = may.people
      ? await tx
          .select({
            id: personTable.id,
            name: personTable.displayName,
            email: personTable.email,
            phone: personTable.phone,
          })
          .from(personTable)
          .where(
            and(
              live(personTable),
              or(
                ilike(personTable.displayName, pattern),
                ilike(personTable.email, pattern),
                ilike(personTable.phone, pattern),
              ),
            ),
          )
          .orderBy(asc(personTable.displayName), asc(personTable.id))
          .limit(limit)
      : [];
    const subscribers = may.subscribers
      ? await tx
          .select({
            id: subscriberTable.id,
            subscriberNumber: subscriberTable.subscriberNumber,
            status: subscriberTable.status,
            planName: subscriberTable.planName,
            personName: personTable.displayName,
          })
          .from(subscriberTable)
          .leftJoin(personTable, and(eq(personTable.id, subscriberTable.personId), live(personTable)))
          .where(
            and(
              live(subscriberTable),
              or(
                ilike(subscriberTable.subscriberNumber, pattern),
                ilike(subscriberTable.accountNumber, pattern),
                ilike(personTable.displayName, pattern),
              ),
            ),
          )
          .orderBy(asc(subscriberTable.subscriberNumber), asc(subscriberTable.id))
          .limit(limit)
      : [];
    return { tickets, people, subscribers };
  });
});
