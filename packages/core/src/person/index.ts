import { and, asc, eq, exists, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { actorRef, useActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, id, pageLimit, text } from "../platform/input";
import { keyset } from "../platform/keyset";
import { emit } from "../platform/outbox";
import { live, softRemove } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { Events } from "./events";
import { partyStatuses, personChannelTable, personStatuses, personStatusLogTable, personTable } from "./person.sql";
import {
  attachChannel,
  ChannelInput,
  type ChannelRow,
  emailConflict,
  emailOwner,
  type Info,
  isUniqueViolation,
  liveChannels,
  livePerson,
  normalisedValue,
  toInfo,
} from "./shared";

export { addChannel, findByChannel } from "./channel";
export { Events } from "./events";
export { resolveSender } from "./inbound";
export { merge } from "./merge";
export { ChannelInfo, Info, normaliseChannel } from "./shared";
export { changeStatus, statusLog, transitions } from "./status";

const name = (max: number) => text(max);
const email = z
  .string()
  .max(320)
  .transform((v, ctx) => normalisedValue("email", v, ctx, []));
const phone = z
  .string()
  .max(64)
  .transform((v, ctx) => normalisedValue("phone", v, ctx, []));
const timeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
const timezone = text(64).refine((tz) => timeZones.has(tz), "must be an IANA time zone such as Africa/Lagos");

const Fields = z.object({
  firstName: name(100).nullish(),
  lastName: name(100).nullish(),
  displayName: name(200).optional(),
  email: email.nullish(),
  phone: phone.nullish(),
  organizationId: id().nullish(),
  status: z.enum(personStatuses).optional(),
  locale: text(35, { min: 2 }).nullish(),
  timezone: timezone.nullish(),
});

async function assertOrganization(tx: Transaction, id: string) {
  const [org] = await tx
    .select({ id: organizationTable.id })
    .from(organizationTable)
    .where(and(eq(organizationTable.id, id), live(organizationTable)));
  if (!org) throw new AppError("not_found", `Organization ${id} does not exist`);
}

const displayNameOf = (p: { firstName?: string | null; lastName?: string | null; email?: string | null }) =>
  [p.firstName, p.lastName].filter(Boolean).join(" ") || p.email || null;

/** Creates a person with their channels; `email` and `phone` are also kept as (primary) channels. */
export const create = fn(
  Fields.extend({
    partyStatus: z.enum(partyStatuses).default("lead"),
    channels: z.array(ChannelInput).max(20).default([]),
  }),
  async (input): Promise<Info> => {
    requirePermission("crm:contact:write");
    const actor = useActor();
    const displayName = input.displayName ?? displayNameOf(input);
    if (!displayName) {
      throw new AppError("validation", "A person needs a display name, a first or last name, or an email", [
        { path: "displayName", message: "required when there is no name or email" },
      ]);
    }
    return createTransaction(async (tx) => {
      if (input.organizationId) await assertOrganization(tx, input.organizationId);
      const [row] = await tx
        .insert(personTable)
        .values({
          firstName: input.firstName ?? null,
          lastName: input.lastName ?? null,
          displayName,
          email: input.email ?? null,
          phone: input.phone ?? null,
          organizationId: input.organizationId ?? null,
          partyStatus: input.partyStatus,
          status: input.status ?? "active",
          locale: input.locale ?? null,
          timezone: input.timezone ?? null,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        const owner = input.email ? await emailOwner(tx, input.email) : undefined;
        if (owner && input.email) throw emailConflict(input.email, owner);
        throw new AppError("conflict", "This person could not be created; try again");
      }
      const channels = [...input.channels];
      const has = (kind: string, value: string) => channels.some((c) => c.kind === kind && c.value === value);
      if (input.email && !has("email", input.email)) channels.push({ kind: "email", value: input.email });
      if (input.phone && !has("phone", input.phone)) channels.push({ kind: "phone", value: input.phone });
      const attached: ChannelRow[] = [];
      for (const channel of channels) attached.push(await addOwnChannel(tx, row.id, channel));
      await tx
        .insert(personStatusLogTable)
        .values({ personId: row.id, fromStatus: null, toStatus: row.partyStatus, ...actorRef(actor) });
      await emit(Events.Created, {
        personId: row.id,
        partyStatus: row.partyStatus,
        organizationId: row.organizationId,
      });
      await Audit.record({
        action: "person.created",
        entityType: "person",
        entityId: row.id,
        changes: Audit.diff(
          null,
          { ...row, channels: attached.map((c) => ({ kind: c.kind, value: c.value, isPrimary: c.isPrimary })) },
          createdFields,
        ),
      });
      return toInfo(row, await liveChannels(tx, row.id));
    });
  },
);

/** Changes a person's details (party status has its own verb). A new email or phone is added as a channel. */
export const update = fn(Fields.extend({ id: id() }), async ({ id, ...changes }): Promise<Info> => {
  requirePermission("crm:contact:write");
  return createTransaction(async (tx) => {
    const current = await livePerson(tx, id, true);
    if (changes.organizationId) await assertOrganization(tx, changes.organizationId);
    if (changes.email && changes.email !== current.email) {
      const owner = await emailOwner(tx, changes.email, id);
      if (owner) throw emailConflict(changes.email, owner);
    }
    const fields = Object.entries(changes)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (fields.length === 0) return toInfo(current, await liveChannels(tx, id));
    const [row] = await tx
      .update(personTable)
      .set(changes)
      .where(eq(personTable.id, id))
      .returning()
      .catch((error: unknown) => {
        // Another transaction took the email between the check above and this write.
        if (isUniqueViolation(error))
          throw new AppError("conflict", `The email ${changes.email} was just taken; try again`);
        throw error;
      });
    if (changes.email && changes.email !== current.email) {
      await addOwnChannel(tx, id, { kind: "email", value: changes.email, isPrimary: true });
    }
    if (changes.phone && changes.phone !== current.phone) {
      await addOwnChannel(tx, id, { kind: "phone", value: changes.phone, isPrimary: true });
    }
    await emit(Events.Updated, { personId: id, fields });
    const diff = Audit.diff(current, row ?? current, fields);
    if (Object.keys(diff).length > 0) {
      await Audit.record({ action: "person.updated", entityType: "person", entityId: id, changes: diff });
    }
    return toInfo(row ?? current, await liveChannels(tx, id));
  });
});

async function addOwnChannel(tx: Transaction, personId: string, channel: ChannelInput) {
  const { channel: row, added } = await attachChannel(tx, personId, channel);
  if (added) await emit(Events.ChannelAdded, { personId, channelId: row.id, kind: row.kind });
  return row;
}

/** What a created person's audit row shows; ids and timestamps are the row's own. */
const createdFields = [
  "firstName",
  "lastName",
  "displayName",
  "email",
  "phone",
  "organizationId",
  "partyStatus",
  "status",
  "locale",
  "timezone",
  "channels",
];

/** The live person with their channels; merged or removed people are not found. */
export const fromID = fn(id(), async (id): Promise<Info | undefined> => {
  requirePermission("crm:contact:read");
  return useTransaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(personTable)
      .where(and(eq(personTable.id, id), live(personTable)));
    return row ? toInfo(row, await liveChannels(tx, id)) : undefined;
  });
});

/** People by name, on (display_name, id): the staff People screen and the organisation's people. */
const byName = keyset({
  columns: [personTable.displayName, personTable.id],
  direction: "asc",
  position: z.tuple([text(200, { trim: false }), id()]),
});

/**
 * People by name, in keyset pages; `q` matches the name, email or phone (or any channel value),
 * case-insensitively. `nextCursor` is null on the last page.
 */
export const list = fn(
  z.object({
    organizationId: id().optional(),
    partyStatus: z.enum(partyStatuses).optional(),
    status: z.enum(personStatuses).optional(),
    q: text(200).optional(),
    cursor: cursor().optional(),
    limit: pageLimit(200, 50),
  }),
  async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
    requirePermission("crm:contact:read");
    const where: (SQL | undefined)[] = [live(personTable), byName.after(input.cursor)];
    if (input.organizationId) where.push(eq(personTable.organizationId, input.organizationId));
    if (input.partyStatus) where.push(eq(personTable.partyStatus, input.partyStatus));
    if (input.status) where.push(eq(personTable.status, input.status));
    if (input.q) {
      const pattern = containsPattern(input.q);
      where.push(
        or(
          ilike(personTable.displayName, pattern),
          ilike(personTable.email, pattern),
          ilike(personTable.phone, pattern),
          exists(
            sql`(select 1 from ${personChannelTable} where ${personChannelTable.personId} = ${personTable.id} and ${personChannelTable.deletedAt} is null and ${personChannelTable.value} ilike ${pattern})`,
          ),
        ),
      );
    }
    return useTransaction(async (tx) => {
      const rows = await tx
        .select()
        .from(personTable)
        .where(and(...where))
        .orderBy(...byName.orderBy)
        .limit(byName.take(input.limit));
      const page = byName.page(rows, input.limit, (r) => [r.displayName, r.id]);
      if (page.items.length === 0) return { items: [], nextCursor: null };
      const channels = await tx
        .select()
        .from(personChannelTable)
        .where(
          and(
            inArray(
              personChannelTable.personId,
              page.items.map((r) => r.id),
            ),
            live(personChannelTable),
          ),
        )
        .orderBy(asc(personChannelTable.kind), asc(personChannelTable.createdAt), asc(personChannelTable.id));
      return {
        items: page.items.map((r) =>
          toInfo(
            r,
            channels.filter((c) => c.personId === r.id),
          ),
        ),
        nextCursor: page.nextCursor,
      };
    });
  },
);

/** Soft-deletes the person and their channels, which frees the email and channel values for reuse. */
export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("crm:contact:write");
  await createTransaction(async (tx) => {
    await livePerson(tx, id, true);
    const now = new Date();
    await softRemove(tx, personChannelTable, eq(personChannelTable.personId, id), { at: now });
    await softRemove(tx, personTable, eq(personTable.id, id), { at: now });
    await emit(Events.Removed, { personId: id });
    await Audit.record({
      action: "person.removed",
      entityType: "person",
      entityId: id,
      changes: Audit.diff({ deletedAt: null }, { deletedAt: now }),
    });
  });
});
