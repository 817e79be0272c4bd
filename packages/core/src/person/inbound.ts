import { and, eq, sql } from "drizzle-orm";
import * as Audit from "../audit";
import { actorRef, useActor } from "../platform/context";
import type { Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { Events } from "./events";
import { type ChannelKind, personChannelTable, personStatusLogTable, personTable } from "./person.sql";
import { type ChannelRow, normaliseChannel, type PersonRow } from "./shared";

/**
 * The person behind an inbound address, created when nobody owns it yet: unknown senders become new
 * people (party status `lead`) with that channel, so every conversation has a person. For trusted
 * inbound paths only (a verified webhook, a received mail): it checks no permission. The same phone or
 * email on another person is not merged here; the workspace offers the merge to an agent.
 *
 * Two messages from one new sender arriving at once create one person: the transaction holds an
 * advisory lock on the address until it commits, and the channel's unique index is the last word.
 */
export async function resolveSender(
  tx: Transaction,
  from: { kind: ChannelKind; value: string; name?: string | null | undefined },
): Promise<{ person: PersonRow; channel: ChannelRow; created: boolean }> {
  const normal = normaliseChannel(from.kind, from.value);
  if (!normal.ok) throw new AppError("validation", `Sender ${from.kind} ${from.value} ${normal.message}`);
  const value = normal.value;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`person_channel:${from.kind}:${value}`}, 0))`);
  const [owned] = await tx
    .select({ person: personTable, channel: personChannelTable })
    .from(personChannelTable)
    .innerJoin(personTable, eq(personTable.id, personChannelTable.personId))
    .where(
      and(
        eq(personChannelTable.kind, from.kind),
        eq(personChannelTable.value, value),
        live(personChannelTable),
        live(personTable),
      ),
    );
  if (owned) return { ...owned, created: false };

  const name = from.name?.trim().slice(0, 200) || value;
  const email = from.kind === "email" ? value : null;
  const [person] = await tx
    .insert(personTable)
    .values({ displayName: name, email, partyStatus: "lead" })
    .onConflictDoNothing()
    .returning();
  if (!person) {
    // The email is a person's `email` field but not (yet) one of their channels: use that person.
    const [byEmail] = email
      ? await tx
          .select()
          .from(personTable)
          .where(and(eq(personTable.email, email), live(personTable)))
      : [];
    if (!byEmail) throw new AppError("conflict", `The sender ${value} could not be recorded; try again`);
    const [channel] = await tx
      .insert(personChannelTable)
      .values({ personId: byEmail.id, kind: from.kind, value, isPrimary: true })
      .returning();
    if (!channel) throw new AppError("conflict", `The sender ${value} could not be recorded; try again`);
    await emit(Events.ChannelAdded, { personId: byEmail.id, channelId: channel.id, kind: channel.kind });
    return { person: byEmail, channel, created: false };
  }
  const [channel] = await tx
    .insert(personChannelTable)
    .values({ personId: person.id, kind: from.kind, value, isPrimary: true })
    .returning();
  if (!channel) throw new AppError("conflict", `The sender ${value} could not be recorded; try again`);
  await tx.insert(personStatusLogTable).values({
    personId: person.id,
    fromStatus: null,
    toStatus: "lead",
    reason: "first message",
    ...actorRef(useActor()),
  });
  await emit(Events.Created, { personId: person.id, partyStatus: "lead", organizationId: null });
  await Audit.record({
    action: "person.created",
    entityType: "person",
    entityId: person.id,
    changes: Audit.diff(null, { displayName: person.displayName, channel: `${from.kind}:${value}`, source: "inbox" }),
  });
  return { person, channel, created: true };
}
