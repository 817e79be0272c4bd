import { and, asc, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { sqlState, type Transaction, type Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { text } from "../platform/input";
import { live, liveRow } from "../platform/soft-delete";
import {
  type ChannelKind,
  channelKinds,
  partyStatuses,
  personChannelTable,
  personStatuses,
  personTable,
} from "./person.sql";

export type PersonRow = typeof personTable.$inferSelect;
export type ChannelRow = typeof personChannelTable.$inferSelect;

export const ChannelInfo = z.object({
  id: z.uuid(),
  kind: z.enum(channelKinds),
  value: z.string(),
  label: z.string().nullable(),
  isPrimary: z.boolean(),
});
export type ChannelInfo = z.infer<typeof ChannelInfo>;

export const Info = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  organizationId: z.uuid().nullable(),
  partyStatus: z.enum(partyStatuses),
  status: z.enum(personStatuses),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  channels: z.array(ChannelInfo),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Info = z.infer<typeof Info>;

export const toChannel = (c: ChannelRow): ChannelInfo => ({
  id: c.id,
  kind: c.kind,
  value: c.value,
  label: c.label,
  isPrimary: c.isPrimary,
});

export const toInfo = (p: PersonRow, channels: ChannelRow[]): Info => ({
  id: p.id,
  firstName: p.firstName,
  lastName: p.lastName,
  displayName: p.displayName,
  email: p.email,
  phone: p.phone,
  organizationId: p.organizationId,
  partyStatus: p.partyStatus,
  status: p.status,
  locale: p.locale,
  timezone: p.timezone,
  channels: channels.map(toChannel),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

type Normalised = { ok: true; value: string } | { ok: false; message: string };

const emailSchema = z.email();

/**
 * The one normal form of a channel value, so a lookup from an inbound message finds what staff typed:
 * emails lower-cased; phone and WhatsApp numbers as `+` and digits (E.164), `00` read as `+`.
 */
export function normaliseChannel(kind: ChannelKind, raw: string): Normalised {
  const value = raw.trim();
  if (kind === "email") {
    const email = value.toLowerCase();
    return emailSchema.safeParse(email).success
      ? { ok: true, value: email }
      : { ok: false, message: "must be an email address such as ada@example.com" };
  }
  if (kind === "phone" || kind === "whatsapp") {
    const compact = value.replace(/[\s().\-/]/g, "");
    const digits = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : compact;
    if (!/^\d+$/.test(digits)) {
      return { ok: false, message: "must be a phone number: digits, spaces, dashes, dots, brackets and a leading +" };
    }
    if (digits.startsWith("0")) {
      return { ok: false, message: "must include the country code, e.g. +234 803 000 0000 rather than 0803 000 0000" };
    }
    if (digits.length < 7 || digits.length > 15) return { ok: false, message: "must have 7 to 15 digits (E.164)" };
    return { ok: true, value: `+${digits}` };
  }
  if (value.length === 0 || value.length > 256) return { ok: false, message: "must be 1 to 256 characters" };
  return { ok: true, value };
}

/** A zod field that normalises `raw` as a channel of `kind`, reporting what to fix under `path`. */
export function normalisedValue(kind: ChannelKind, raw: string, ctx: z.RefinementCtx, path: string[]): string {
  const result = normaliseChannel(kind, raw);
  if (result.ok) return result.value;
  ctx.addIssue({ code: "custom", message: result.message, path });
  return z.NEVER;
}

export const ChannelInput = z
  .object({
    kind: z.enum(channelKinds),
    value: z.string().max(320),
    label: text(100, { min: 0 }).optional(),
    /** Defaults to true when the person has no primary channel of this kind yet. */
    isPrimary: z.boolean().optional(),
  })
  .transform((c, ctx) => ({ ...c, value: normalisedValue(c.kind, c.value, ctx, ["value"]) }));
export type ChannelInput = z.output<typeof ChannelInput>;

/** The live person with this id (locked when `lock`), or not_found. */
export const livePerson = (tx: Tx, id: string, lock = false): Promise<PersonRow> =>
  liveRow(tx, personTable, "Person", id, lock);

export async function liveChannels(tx: Tx, personId: string): Promise<ChannelRow[]> {
  return tx
    .select()
    .from(personChannelTable)
    .where(and(eq(personChannelTable.personId, personId), live(personChannelTable)))
    .orderBy(asc(personChannelTable.kind), asc(personChannelTable.createdAt), asc(personChannelTable.id));
}

const describe = (p: { id: string; displayName: string }) => `${p.displayName} (person ${p.id})`;

/**
 * Gives `personId` the channel, or says who owns it. The insert skips on the partial unique index, so
 * of two transactions adding the same value the second waits for the first and then sees its owner.
 */
export async function attachChannel(
  tx: Transaction,
  personId: string,
  input: ChannelInput,
): Promise<{ channel: ChannelRow; added: boolean }> {
  const sameKind = and(
    eq(personChannelTable.personId, personId),
    eq(personChannelTable.kind, input.kind),
    live(personChannelTable),
  );
  const [primary] = await tx
    .select({ id: personChannelTable.id })
    .from(personChannelTable)
    .where(and(sameKind, eq(personChannelTable.isPrimary, true)));
  const isPrimary = input.isPrimary ?? !primary;
  const [inserted] = await tx
    .insert(personChannelTable)
    .values({ personId, kind: input.kind, value: input.value, label: input.label ?? null, isPrimary })
    .onConflictDoNothing()
    .returning();
  if (inserted) {
    if (isPrimary && primary) await demoteOthers(tx, personId, input.kind, inserted.id);
    return { channel: inserted, added: true };
  }
  const [owner] = await tx
    .select({ channel: personChannelTable, person: { id: personTable.id, displayName: personTable.displayName } })
    .from(personChannelTable)
    .innerJoin(personTable, eq(personTable.id, personChannelTable.personId))
    .where(
      and(eq(personChannelTable.kind, input.kind), eq(personChannelTable.value, input.value), live(personChannelTable)),
    );
  if (!owner) throw new AppError("conflict", `The ${input.kind} ${input.value} changed while it was added; try again`);
  if (owner.person.id !== personId) {
    throw new AppError("conflict", `The ${input.kind} ${input.value} already belongs to ${describe(owner.person)}`);
  }
  if (input.isPrimary && !owner.channel.isPrimary) {
    await demoteOthers(tx, personId, input.kind, owner.channel.id);
    const [promoted] = await tx
      .update(personChannelTable)
      .set({ isPrimary: true })
      .where(eq(personChannelTable.id, owner.channel.id))
      .returning();
    return { channel: promoted ?? owner.channel, added: false };
  }
  return { channel: owner.channel, added: false };
}

async function demoteOthers(tx: Transaction, personId: string, kind: ChannelKind, keepId: string) {
  await tx
    .update(personChannelTable)
    .set({ isPrimary: false })
    .where(
      and(
        eq(personChannelTable.personId, personId),
        eq(personChannelTable.kind, kind),
        eq(personChannelTable.isPrimary, true),
        live(personChannelTable),
      ),
    );
  await tx.update(personChannelTable).set({ isPrimary: true }).where(eq(personChannelTable.id, keepId));
}

/** Says who already has `email`, or nothing; the partial unique index is the final word under races. */
export async function emailOwner(tx: Tx, email: string, except?: string) {
  const [owner] = await tx
    .select({ id: personTable.id, displayName: personTable.displayName })
    .from(personTable)
    .where(and(eq(personTable.email, email), live(personTable)));
  return owner && owner.id !== except ? owner : undefined;
}

export function emailConflict(email: string, owner: { id: string; displayName: string }) {
  return new AppError("conflict", `The email ${email} already belongs to ${describe(owner)}`);
}

/** A unique index said no (drizzle wraps the driver's error, whose SQLSTATE is 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}

/**
 * Up to five other live people whose email, phone or a channel is one of `addresses`: the same customer
 * under another record, offered for a merge (the inbox sidebar and the contact page).
 */
export async function mergeCandidates(tx: Tx, personId: string, addresses: (string | null)[]) {
  const values = [...new Set(addresses)].filter((v): v is string => !!v);
  if (values.length === 0) return [];
  return tx
    .selectDistinctOn([personTable.id], {
      id: personTable.id,
      displayName: personTable.displayName,
      matched: sql<string>`coalesce(${personChannelTable.value}, ${personTable.email}, ${personTable.phone})`,
    })
    .from(personTable)
    .leftJoin(
      personChannelTable,
      and(
        eq(personChannelTable.personId, personTable.id),
        live(personChannelTable),
        inArray(personChannelTable.value, values),
      ),
    )
    .where(
      and(
        live(personTable),
        ne(personTable.id, personId),
        or(
          inArray(personTable.email, values),
          inArray(personTable.phone, values),
          sql`${personChannelTable.id} is not null`,
        ) as SQL,
      ),
    )
    .limit(5);
}
