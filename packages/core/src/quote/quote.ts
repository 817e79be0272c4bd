import { and, desc, eq, ilike, inArray, lt, or, type SQL } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { inventoryItemTable } from "../inventory/inventory.sql";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError, isAppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, decodeCursor, encodeCursor, id, instant, pageLimit, text } from "../platform/input";
import {
  documentTotals,
  lineAmounts,
  minorExponent,
  parseAmount,
  parsePercent,
  parseQuantity,
} from "../platform/money";
import { live, liveRow } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { projectTypes } from "../project/values";
import { leadTable } from "../sales/sales.sql";
import { nextInSeries } from "../ticket/numbering";
import { quoteLineTable, quoteTable } from "./quote.sql";
import { type Info, infoOf, QUOTE_NUMBERS, type QuoteRow, quoteRow } from "./shared";
import { quoteStatuses } from "./values";

/** The terms a quote carries unless it names others. */
export const DEFAULT_TERMS_VERSION = "standard-2026-01";
/** How long a quote stays open when no expiry is given. */
export const DEFAULT_VALIDITY_DAYS = 30;

/** A decimal as text ("12.5") or a JSON number; parsed exactly by platform/money, never through a float sum. */
const decimal = (max: number) => z.union([z.string().trim().max(max), z.number()]);

/**
 * One line as a person types it: quantity, price and percentages are decimal strings parsed exactly
 * (platform/money), never floats. An inventory item fills the description and price when left out.
 */
export const LineInput = z.object({
  inventoryItemId: id().nullish(),
  description: text(500).optional(),
  /** Units, up to three decimals ("1.5"). */
  quantity: decimal(20).default("1"),
  /** Major units of the quote's currency ("12500.50"); the item's price when omitted. */
  unitPrice: decimal(24).optional(),
  /** Percent, up to two decimals ("7.5"). */
  discountPercent: decimal(10).default("0"),
  taxPercent: decimal(10).default("0"),
});
export type LineInput = z.input<typeof LineInput>;

const Fields = z.object({
  title: text(200),
  personId: id().optional(),
  leadId: id().nullish(),
  projectType: z.enum(projectTypes).nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as NGN")
    .optional(),
  expiresAt: instant().optional(),
  /** Percent of the total asked as a deposit on acceptance ("50"). */
  depositPercent: decimal(10).optional(),
  termsVersion: text(50).optional(),
  notes: text(5000, { min: 0 }).nullish(),
  lines: z.array(LineInput).max(200).optional(),
});

const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);

/** Runs a money parser, naming the field when it refuses. */
function parsed<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isAppError(error) && error.code === "validation") throw invalid(path, error.message);
    throw error;
  }
}

/** Computes the lines' exact figures and writes them, replacing the quote's lines; returns the totals. */
async function writeLines(tx: Transaction, quote: QuoteRow, lines: z.output<typeof LineInput>[]) {
  const itemIds = lines.map((l) => l.inventoryItemId).filter((v): v is string => Boolean(v));
  const items = itemIds.length
    ? await tx
        .select()
        .from(inventoryItemTable)
        .where(and(inArray(inventoryItemTable.id, itemIds), live(inventoryItemTable)))
    : [];
  const rows = lines.map((l, i) => {
    const at = `lines.${i}`;
    const item = l.inventoryItemId ? items.find((it) => it.id === l.inventoryItemId) : undefined;
    if (l.inventoryItemId && !item) throw invalid(`${at}.inventoryItemId`, "does not exist");
    const description = l.description ?? item?.name;
    if (!description) throw invalid(`${at}.description`, "is required for a free-text line");
    let unitPriceMinor: number;
    if (l.unitPrice !== undefined) {
      const price = l.unitPrice;
      unitPriceMinor = parsed(`${at}.unitPrice`, () => parseAmount(String(price), quote.currency));
      if (unitPriceMinor < 0) throw invalid(`${at}.unitPrice`, "must not be negative");
    } else if (item && item.currency === quote.currency) {
      unitPriceMinor = item.unitPriceMinor;
    } else if (item) {
      throw invalid(
        `${at}.unitPrice`,
        `is required: the item is priced in ${item.currency}, the quote in ${quote.currency}`,
      );
    } else {
      throw invalid(`${at}.unitPrice`, "is required for a free-text line");
    }
    const figures = {
      quantity: parsed(`${at}.quantity`, () => parseQuantity(String(l.quantity))),
      unitPriceMinor,
      discountBp: parsed(`${at}.discountPercent`, () => parsePercent(String(l.discountPercent))),
      taxRateBp: parsed(`${at}.taxPercent`, () => parsePercent(String(l.taxPercent))),
    };
    const amounts = parsed(at, () => lineAmounts(figures));
    return {
      quoteId: quote.id,
      position: i + 1,
      inventoryItemId: item?.id ?? null,
      description,
      ...figures,
      ...amounts,
    };
  });
  const totals = parsed("lines", () => documentTotals(rows));
  await tx.delete(quoteLineTable).where(eq(quoteLineTable.quoteId, quote.id));
  if (rows.length > 0) await tx.insert(quoteLineTable).values(rows);
  return totals;
}

async function assertPerson(tx: Transaction, personId: string) {
  const [row] = await tx
    .select({ id: personTable.id })
    .from(personTable)
    .where(and(eq(personTable.id, personId), live(personTable)));
  if (!row) throw invalid("personId", "does not exist");
}

const auditedFields = [
  "number",
  "title",
  "status",
  "personId",
  "leadId",
  "projectType",
  "currency",
  "totalMinor",
  "depositBp",
  "expiresAt",
  "termsVersion",
];

const actingUser = () => {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
};

/**
 * Drafts a quote numbered QUO-YYYY-NNNNNN for a person, or for a lead (its person, currency and
 * reseller come with it). Totals are the sums of the lines' rounded figures.
 */
export const create = fn(Fields, async (input): Promise<Info> => {
  requirePermission("crm:quote:write");
  return createTransaction(async (tx) => {
    const lead = input.leadId ? await liveRow(tx, leadTable, "Lead", input.leadId).catch(() => undefined) : undefined;
    if (input.leadId && !lead) throw invalid("leadId", "does not exist");
    const personId = input.personId ?? lead?.personId;
    if (!personId) throw invalid("personId", "is required (or give a leadId)");
    if (lead && input.personId && lead.personId !== input.personId) {
      throw invalid("personId", `is not the person of lead ${lead.number}`);
    }
    await assertPerson(tx, personId);
    const currency = input.currency ?? lead?.currency ?? "NGN";
    parsed("currency", () => minorExponent(currency));
    const now = new Date();
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_VALIDITY_DAYS * 86_400_000);
    if (expiresAt <= now) throw invalid("expiresAt", "must be in the future");
    const depositPercent = input.depositPercent;
    // 0 is a real answer ("no deposit"), so test for presence, not truthiness.
    const [row] = await tx
      .insert(quoteTable)
      .values({
        number: await nextInSeries(tx, QUOTE_NUMBERS, now),
        title: input.title,
        personId,
        leadId: lead?.id ?? null,
        resellerOrganizationId: lead?.resellerOrganizationId ?? null,
        projectType: input.projectType ?? null,
        currency,
        expiresAt,
        depositBp:
          depositPercent !== undefined ? parsed("depositPercent", () => parsePercent(String(depositPercent))) : 0,
        termsVersion: input.termsVersion ?? DEFAULT_TERMS_VERSION,
        notes: input.notes ?? null,
        ownerUserId: lead?.ownerUserId ?? actingUser(),
        createdById: actingUser(),
      })
      .returning();
    let quote = row as QuoteRow;
    if (input.lines?.length) {
      const totals = await writeLines(tx, quote, input.lines);
      [quote] = (await tx.update(quoteTable).set(totals).where(eq(quoteTable.id, quote.id)).returning()) as [QuoteRow];
    }
    await Audit.record({
      action: "quote.created",
      entityType: "quote",
      entityId: quote.id,
      changes: Audit.diff(null, quote, auditedFields),
    });
    return infoOf(tx, quote);
  });
});

/** Changes a draft: fields given are set, `lines` (when given) replace every line. A sent quote is frozen. */
export const update = fn(Fields.partial().extend({ id: id() }), async ({ id: quoteId, ...input }): Promise<Info> => {
  requirePermission("crm:quote:write");
  return createTransaction(async (tx) => {
    const before = await quoteRow(tx, quoteId, true);
    if (before.status !== "draft") {
      throw new AppError("conflict", `Quote ${before.number} is ${before.status}: only a draft can be changed`, [], {
        reason: { key: "quote_not_draft", params: { status: before.status } },
      });
    }
    if (input.leadId !== undefined && input.leadId !== before.leadId) {
      throw invalid("leadId", "cannot change: draft a new quote for another lead");
    }
    if (input.personId && input.personId !== before.personId) {
      if (before.leadId) throw invalid("personId", "cannot change on a lead's quote");
      await assertPerson(tx, input.personId);
    }
    if (input.currency) parsed("currency", () => minorExponent(input.currency as string));
    if (input.expiresAt && input.expiresAt <= new Date()) throw invalid("expiresAt", "must be in the future");
    const set: Partial<typeof quoteTable.$inferInsert> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.personId !== undefined) set.personId = input.personId;
    if (input.projectType !== undefined) set.projectType = input.projectType ?? null;
    if (input.currency !== undefined) set.currency = input.currency;
    if (input.expiresAt !== undefined) set.expiresAt = input.expiresAt;
    if (input.termsVersion !== undefined) set.termsVersion = input.termsVersion;
    if (input.notes !== undefined) set.notes = input.notes ?? null;
    if (input.depositPercent !== undefined) {
      const deposit = input.depositPercent;
      set.depositBp = parsed("depositPercent", () => parsePercent(String(deposit)));
    }
    const currencyChanged = input.currency !== undefined && input.currency !== before.currency;
    if (currencyChanged && input.lines === undefined && before.totalMinor > 0) {
      throw invalid("currency", "changes the meaning of every price: send the lines again with it");
    }
    let quote = { ...before, ...set } as QuoteRow;
    if (input.lines !== undefined) Object.assign(set, await writeLines(tx, quote, input.lines));
    if (Object.keys(set).length > 0) {
      [quote] = (await tx.update(quoteTable).set(set).where(eq(quoteTable.id, quoteId)).returning()) as [QuoteRow];
      await Audit.record({
        action: "quote.updated",
        entityType: "quote",
        entityId: quoteId,
        changes: Audit.diff(before, quote, auditedFields),
      });
    }
    return infoOf(tx, quote);
  });
});

/** One quote (crm:quote:read). */
export const get = fn(id(), async (quoteId): Promise<Info> => {
  requirePermission("crm:quote:read");
  return createTransaction(async (tx) => infoOf(tx, await quoteRow(tx, quoteId)));
});

export const ListInput = z.object({
  status: z.enum(quoteStatuses).optional(),
  personId: id().optional(),
  leadId: id().optional(),
  /** Number, title or customer name. */
  q: text(100).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(100, 50),
});

export const Summary = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(quoteStatuses),
  personId: z.string(),
  personName: z.string(),
  leadId: z.string().nullable(),
  currency: z.string(),
  totalMinor: z.number().int(),
  expiresAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Summary = z.infer<typeof Summary>;

/** Quotes, newest first, a page at a time (crm:quote:read). */
export const list = fn(ListInput, async (input): Promise<{ items: Summary[]; nextCursor: string | null }> => {
  requirePermission("crm:quote:read");
  return useTransaction(async (tx) => {
    const where: (SQL | undefined)[] = [live(quoteTable)];
    if (input.status) where.push(eq(quoteTable.status, input.status));
    if (input.personId) where.push(eq(quoteTable.personId, input.personId));
    if (input.leadId) where.push(eq(quoteTable.leadId, input.leadId));
    if (input.q) {
      const pattern = containsPattern(input.q);
      where.push(
        or(
          ilike(quoteTable.number, pattern),
          ilike(quoteTable.title, pattern),
          ilike(personTable.displayName, pattern),
        ),
      );
    }
    // UUIDv7 ids are time-ordered: the id alone is the keyset (newest first).
    if (input.cursor) where.push(lt(quoteTable.id, decodeCursor(input.cursor, z.tuple([id()]))[0]));
    const rows = await tx
      .select({ q: quoteTable, personName: personTable.displayName })
      .from(quoteTable)
      .innerJoin(personTable, eq(personTable.id, quoteTable.personId))
      .where(and(...where))
      .orderBy(desc(quoteTable.id))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ q, personName }) => ({
        id: q.id,
        number: q.number,
        title: q.title,
        status: q.status,
        personId: q.personId,
        personName,
        leadId: q.leadId,
        currency: q.currency,
        totalMinor: q.totalMinor,
        expiresAt: q.expiresAt.toISOString(),
        sentAt: q.sentAt?.toISOString() ?? null,
        createdAt: q.createdAt.toISOString(),
      })),
      nextCursor: rows.length > input.limit && last ? encodeCursor([last.q.id]) : null,
    };
  });
});

/** Deletes a draft (soft); a sent quote stays as the record of what was offered. */
export const remove = fn(id(), async (quoteId): Promise<void> => {
  requirePermission("crm:quote:write");
  await createTransaction(async (tx) => {
    const row = await quoteRow(tx, quoteId, true);
    if (row.status !== "draft") {
      throw new AppError("conflict", `Quote ${row.number} is ${row.status}: only a draft can be deleted`);
    }
    await tx.update(quoteTable).set({ deletedAt: new Date() }).where(eq(quoteTable.id, quoteId));
    await Audit.record({ action: "quote.deleted", entityType: "quote", entityId: quoteId });
  });
});
