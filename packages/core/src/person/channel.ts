import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { Events } from "./events";
import { channelKinds, personChannelTable, personTable } from "./person.sql";
import {
  attachChannel,
  type ChannelInfo,
  ChannelInput,
  type Info,
  liveChannels,
  livePerson,
  normalisedValue,
  toChannel,
  toInfo,
} from "./shared";

/** Adds a channel to a person; a value another person owns is a conflict that names the owner. */
export const addChannel = fn(
  z.object({ personId: id(), channel: ChannelInput }),
  async ({ personId, channel }): Promise<ChannelInfo> => {
    requirePermission("crm:contact:write");
    return createTransaction(async (tx) => {
      await livePerson(tx, personId, true);
      // Adding a value the person already has may promote it to primary: that is audited as a change.
      const primaryBefore = channel.isPrimary
        ? (await liveChannels(tx, personId)).find((c) => c.kind === channel.kind && c.isPrimary)
        : undefined;
      const { channel: row, added } = await attachChannel(tx, personId, channel);
      if (added) {
        await emit(Events.ChannelAdded, { personId, channelId: row.id, kind: row.kind });
        await Audit.record({
          action: "person.channel_added",
          entityType: "person",
          entityId: personId,
          changes: Audit.diff(null, {
            channelId: row.id,
            kind: row.kind,
            value: row.value,
            label: row.label,
            isPrimary: row.isPrimary,
          }),
        });
      } else if (channel.isPrimary && primaryBefore?.id !== row.id) {
        await Audit.record({
          action: "person.updated",
          entityType: "person",
          entityId: personId,
          changes: Audit.diff(
            { [`primary.${row.kind}`]: primaryBefore?.value },
            { [`primary.${row.kind}`]: row.value },
          ),
        });
      }
      return toChannel(row);
    });
  },
);

/**
 * The live person who owns a channel, looked up by its normal form ("ADA@Example.com" and
 * "ada@example.com", "+234 803-000-0000" and "2348030000000" are the same). Inbound messages use this.
 */
export const findByChannel = fn(
  z
    .object({ kind: z.enum(channelKinds), value: z.string().max(320) })
    .transform((c, ctx) => ({ ...c, value: normalisedValue(c.kind, c.value, ctx, ["value"]) })),
  async ({ kind, value }): Promise<Info | undefined> => {
    return useTransaction(async (tx) => {
      const [row] = await tx
        .select({ person: personTable })
        .from(personChannelTable)
        .innerJoin(personTable, eq(personTable.id, personChannelTable.personId))
        .where(
          and(
            eq(personChannelTable.kind, kind),
            eq(personChannelTable.value, value),
            live(personChannelTable),
            live(personTable),
          ),
        );
      return row ? toInfo(row.person, await liveChannels(tx, row.person.id)) : undefined;
    });
  },
);
