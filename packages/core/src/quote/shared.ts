import { and, asc, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import { requirePortal } from "../access";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import type { Transaction, Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { percentOf } from "../platform/money";
import { live } from "../platform/soft-delete";
import { projectTypes } from "../project/values";
import { leadTable } from "../sales/sales.sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { quoteDecisionTable, quoteLineTable, quoteTable, salesOrderTable } from "./quote.sql";
import { decisionChannels, quoteStatuses, signatureKinds } from "./values";

export type QuoteRow = typeof quoteTable.$inferSelect;
export type LineRow = typeof quoteLineTable.$inferSelect;

/** Quotes and sales orders share the ticket sequence table, each in its own row. */
export const QUOTE_NUMBERS = { scope: "quote", pattern: "QUO-{YYYY}-", padding: 6 };
export const ORDER_NUMBERS = { scope: "sales_order", pattern: "SO-", padding: 6 };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const Totals = z.object({
  grossMinor: z.number().int(),
  discountMinor: z.number().int(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});

export const LineInfo = Totals.extend({
  id: z.string(),
  position: z.number().int(),
  inventoryItemId: z.string().nullable(),
  description: z.string(),
  /** Thousandths of a unit: 1500 is 1.5. */
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  discountBp: z.number().int(),
  taxRateBp: z.number().int(),
});
export type LineInfo = z.infer<typeof LineInfo>;

export const DecisionInfo = z.object({
  decision: z.enum(["accepted", "rejected"]),
  via: z.enum(decisionChannels),
  signerName: z.string(),
  signatureKind: z.enum(signatureKinds).nullable(),
  hasSignature: z.boolean(),
  termsVersion: z.string(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  decidedAt: z.string(),
});

export const Info = Totals.extend({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(quoteStatuses),
  personId: z.string(),
  personName: z.string(),
  personEmail: z.string().nullable(),
  leadId: z.string().nullable(),
  leadNumber: z.string().nullable(),
  resellerOrganizationId: z.string().nullable(),
  projectType: z.enum(projectTypes).nullable(),
  currency: z.string(),
  depositBp: z.number().int(),
  depositMinor: z.number().int(),
  expiresAt: z.string(),
  termsVersion: z.string(),
  notes: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  sentAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lines: z.array(LineInfo),
  decision: DecisionInfo.nullable(),
  /** The sales order an accepted quote became. */
  salesOrderId: z.string().nullable(),
});
export type Info = z.infer<typeof Info>;

export const toLineInfo = (l: LineRow): LineInfo => ({
  id: l.id,
  position: l.position,
  inventoryItemId: l.inventoryItemId,
  description: l.description,
  quantity: l.quantity,
  unitPriceMinor: l.unitPriceMinor,
  discountBp: l.discountBp,
  taxRateBp: l.taxRateBp,
  grossMinor: l.grossMinor,
  discountMinor: l.discountMinor,
  netMinor: l.netMinor,
  taxMinor: l.taxMinor,
  totalMinor: l.totalMinor,
});

export const linesOf = (tx: Tx, quoteId: string) =>
  tx.select().from(quoteLineTable).where(eq(quoteLineTable.quoteId, quoteId)).orderBy(asc(quoteLineTable.position));

/** The full view of a quote: lines, person, lead number, the customer's answer and the order it made. */
export async function infoOf(tx: Tx, q: QuoteRow): Promise<Info> {
  const [lines, [person], [lead], [decision], [order]] = await Promise.all([
    linesOf(tx, q.id),
    tx.select().from(personTable).where(eq(personTable.id, q.personId)),
    q.leadId ? tx.select({ number: leadTable.number }).from(leadTable).where(eq(leadTable.id, q.leadId)) : [],
    tx.select().from(quoteDecisionTable).where(eq(quoteDecisionTable.quoteId, q.id)),
    tx.select({ id: salesOrderTable.id }).from(salesOrderTable).where(eq(salesOrderTable.quoteId, q.id)),
  ]);
  return {
    id: q.id,
    number: q.number,
    title: q.title,
    status: q.status,
    personId: q.personId,
    personName: person?.displayName ?? "",
    personEmail: person?.email ?? null,
    leadId: q.leadId,
    leadNumber: lead?.number ?? null,
    resellerOrganizationId: q.resellerOrganizationId,
    projectType: q.projectType,
    currency: q.currency,
    grossMinor: q.grossMinor,
    discountMinor: q.discountMinor,
    netMinor: q.netMinor,
    taxMinor: q.taxMinor,
    totalMinor: q.totalMinor,
    depositBp: q.depositBp,
    depositMinor: percentOf(q.totalMinor, q.depositBp),
    expiresAt: q.expiresAt.toISOString(),
    termsVersion: q.termsVersion,
    notes: q.notes,
    ownerUserId: q.ownerUserId,
    sentAt: iso(q.sentAt),
    decidedAt: iso(q.decidedAt),
    createdAt: q.createdAt.toISOString(),
    updatedAt: q.updatedAt.toISOString(),
    lines: lines.map(toLineInfo),
    decision: decision
      ? {
          decision: decision.decision,
          via: decision.via,
          signerName: decision.signerName,
          signatureKind: decision.signatureKind,
          hasSignature: decision.signaturePng !== null || decision.signatureKind === "typed",
          termsVersion: decision.termsVersion,
          reason: decision.reason,
          ip: decision.ip,
          userAgent: decision.userAgent,
          decidedAt: decision.decidedAt.toISOString(),
        }
      : null,
    salesOrderId: order?.id ?? null,
  };
}

export const notFound = (what: string, id: string) =>
  new AppError("not_found", `${what} ${id} does not exist`, [{ path: "id", message: "does not exist" }]);

/** The live quote with this id, locked when asked. */
export async function quoteRow(tx: Transaction, quoteId: string, lock = false): Promise<QuoteRow> {
  const query = tx
    .select()
    .from(quoteTable)
    .where(and(eq(quoteTable.id, quoteId), live(quoteTable)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Quote", quoteId);
  return row;
}

/**
 * The people a signed-in customer account speaks for: the account's person and the person behind its
 * subscriber. Everything a customer sees of quotes and orders is filtered by these ids in SQL.
 */
export async function customerPersonIds(tx: Tx): Promise<{ userId: string; personIds: string[] }> {
  const actor = requirePortal("customer");
  const [account] = await tx
    .select({ personId: userTable.personId, subscriberPersonId: subscriberTable.personId })
    .from(userTable)
    .leftJoin(subscriberTable, eq(subscriberTable.id, userTable.subscriberId))
    .where(and(eq(userTable.id, actor.properties.userId), eq(userTable.portal, "customer")));
  const ids = [account?.personId, account?.subscriberPersonId].filter((v): v is string => Boolean(v));
  return { userId: actor.properties.userId, personIds: [...new Set(ids)] };
}

/** A customer's own quote (sent or answered, never a draft); anyone else's is not_found, like a missing id. */
export async function customerQuote(tx: Transaction, quoteId: string, lock = false): Promise<QuoteRow> {
  const { personIds } = await customerPersonIds(tx);
  if (personIds.length === 0) throw notFound("Quote", quoteId);
  const query = tx
    .select()
    .from(quoteTable)
    .where(
      and(
        eq(quoteTable.id, quoteId),
        inArray(quoteTable.personId, personIds),
        inArray(quoteTable.status, ["sent", "accepted", "rejected", "expired"]),
        live(quoteTable),
      ),
    );
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Quote", quoteId);
  return row;
}
