import { asc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, id, key, text } from "../platform/input";
import { actingUser, currency, dayBefore, lockUser, minor, namesOf, periodsOverlap } from "./shared";
import { billingRateTable, costRateTable } from "./timecost.sql";

/** The billing rate a summary uses when none is named. */
export const DEFAULT_BILLING_RATE = "standard";

export const CostRateInfo = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string().nullable(),
  hourlyMinor: z.number().int(),
  currency: z.string(),
  /** First day in force (UTC calendar day). */
  effectiveFrom: z.iso.date(),
  /** Last day in force, inclusive; null: still in force. */
  effectiveTo: z.iso.date().nullable(),
  createdAt: z.iso.datetime(),
});
export type CostRateInfo = z.infer<typeof CostRateInfo>;

export const BillingRateInfo = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  hourlyMinor: z.number().int(),
  currency: z.string(),
  effectiveFrom: z.iso.date(),
  effectiveTo: z.iso.date().nullable(),
  createdAt: z.iso.datetime(),
});
export type BillingRateInfo = z.infer<typeof BillingRateInfo>;

type CostRow = typeof costRateTable.$inferSelect;
type BillingRow = typeof billingRateTable.$inferSelect;

const costInfo = (r: CostRow, names: Map<string, string>): CostRateInfo => ({
  id: r.id,
  userId: r.userId,
  userName: names.get(r.userId) ?? null,
  hourlyMinor: r.hourlyMinor,
  currency: r.currency,
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
  createdAt: r.createdAt.toISOString(),
});

const billingInfo = (r: BillingRow): BillingRateInfo => ({
  id: r.id,
  code: r.code,
  name: r.name,
  hourlyMinor: r.hourlyMinor,
  currency: r.currency,
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
  createdAt: r.createdAt.toISOString(),
});

const Period = {
  hourlyMinor: minor(0),
  currency: currency(),
  effectiveFrom: day(),
  effectiveTo: day().nullable().optional(),
};

type PeriodRow = { id: string; effectiveFrom: string; effectiveTo: string | null };

/**
 * Where a new period goes among the existing ones: an open-ended period that began earlier is closed the
 * day before the new one starts (the usual "new rate from 1 January"); any other shared day is a conflict.
 */
function placePeriod(existing: PeriodRow[], next: { effectiveFrom: string; effectiveTo: string | null }) {
  if (next.effectiveTo !== null && next.effectiveTo < next.effectiveFrom) {
    throw new AppError("validation", "effectiveTo: must be on or after effectiveFrom", [
      { path: "effectiveTo", message: "must be on or after effectiveFrom" },
    ]);
  }
  let close: PeriodRow | undefined;
  for (const row of existing) {
    if (!periodsOverlap(row, next)) continue;
    if (row.effectiveTo === null && row.effectiveFrom < next.effectiveFrom && !close) {
      close = row;
      continue;
    }
    const span = `${row.effectiveFrom}–${row.effectiveTo ?? "open"}`;
    throw new AppError("conflict", `This period overlaps the rate in force ${span}; change or remove that one first`, [
      { path: "effectiveFrom", message: `overlaps the period ${span}` },
    ]);
  }
  return close ? { id: close.id, effectiveTo: dayBefore(next.effectiveFrom) } : undefined;
}

/** Cost rates, newest period first per person (operations:technician:read). */
export const listCostRates = fn(z.object({ userId: id().optional() }), async ({ userId }) => {
  requirePermission("operations:technician:read");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select()
      .from(costRateTable)
      .where(userId ? eq(costRateTable.userId, userId) : undefined)
      .orderBy(asc(costRateTable.userId), sql`${costRateTable.effectiveFrom} desc`);
    const names = await namesOf(
      tx,
      rows.map((r) => r.userId),
    );
    return rows.map((r) => costInfo(r, names));
  });
});

/** A person's hourly cost from a day on (operations:technician:write); see placePeriod for overlaps. */
export const saveCostRate = fn(z.object({ userId: id(), ...Period }), async (input): Promise<CostRateInfo> => {
  requirePermission("operations:technician:write");
  const me = actingUser();
  return createTransaction(async (tx) => {
    await lockUser(tx, input.userId, "userId");
    const existing = await tx.select().from(costRateTable).where(eq(costRateTable.userId, input.userId));
    const next = { effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null };
    await closePrevious(tx, "cost", placePeriod(existing, next));
    const values = { ...input, effectiveTo: next.effectiveTo, createdById: me };
    const [row] = await tx.insert(costRateTable).values(values).returning();
    if (!row) throw new AppError("internal", "The rate was not stored");
    await Audit.record({
      action: "timecost.cost_rate_saved",
      entityType: "cost_rate",
      entityId: row.id,
      changes: Audit.diff(null, values, ["userId", "hourlyMinor", "currency", "effectiveFrom", "effectiveTo"]),
    });
    return costInfo(row, await namesOf(tx, [row.userId]));
  });
});

async function closePrevious(tx: Transaction, kind: "cost" | "billing", close: ReturnType<typeof placePeriod>) {
  if (!close) return;
  const table = kind === "cost" ? costRateTable : billingRateTable;
  await tx.update(table).set({ effectiveTo: close.effectiveTo }).where(eq(table.id, close.id));
  await Audit.record({
    action: kind === "cost" ? "timecost.cost_rate_saved" : "timecost.billing_rate_saved",
    entityType: `${kind}_rate`,
    entityId: close.id,
    changes: { effectiveTo: { from: null, to: close.effectiveTo } },
  });
}

export const removeCostRate = fn(z.object({ id: id() }), async ({ id: rateId }) => {
  requirePermission("operations:technician:write");
  actingUser();
  await createTransaction(async (tx) => {
    const [row] = await tx.delete(costRateTable).where(eq(costRateTable.id, rateId)).returning();
    if (!row) throw new AppError("not_found", `Cost rate ${rateId} does not exist`);
    await Audit.record({
      action: "timecost.cost_rate_removed",
      entityType: "cost_rate",
      entityId: row.id,
      changes: Audit.diff(row, {}, ["userId", "hourlyMinor", "currency", "effectiveFrom", "effectiveTo"]),
    });
  });
});

/** Named billing rates and their periods (operations:technician:read). */
export const listBillingRates = fn(z.object({}), async () => {
  requirePermission("operations:technician:read");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select()
      .from(billingRateTable)
      .orderBy(asc(billingRateTable.code), sql`${billingRateTable.effectiveFrom} desc`);
    return rows.map(billingInfo);
  });
});

/** A named billing rate from a day on (operations:technician:write); periods of one code never overlap. */
export const saveBillingRate = fn(
  z.object({ code: key(40).transform((c) => c.toLowerCase()), name: text(100), ...Period }),
  async (input): Promise<BillingRateInfo> => {
    requirePermission("operations:technician:write");
    const me = actingUser();
    return createTransaction(async (tx) => {
      // Serialises saves of one code (there may be no row to lock yet).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing_rate:${input.code}`}))`);
      const existing = await tx.select().from(billingRateTable).where(eq(billingRateTable.code, input.code));
      const next = { effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null };
      await closePrevious(tx, "billing", placePeriod(existing, next));
      const values = { ...input, effectiveTo: next.effectiveTo, createdById: me };
      const [row] = await tx.insert(billingRateTable).values(values).returning();
      if (!row) throw new AppError("internal", "The rate was not stored");
      await Audit.record({
        action: "timecost.billing_rate_saved",
        entityType: "billing_rate",
        entityId: row.id,
        changes: Audit.diff(null, values, ["code", "name", "hourlyMinor", "currency", "effectiveFrom", "effectiveTo"]),
      });
      return billingInfo(row);
    });
  },
);

export const removeBillingRate = fn(z.object({ id: id() }), async ({ id: rateId }) => {
  requirePermission("operations:technician:write");
  actingUser();
  await createTransaction(async (tx) => {
    const [row] = await tx.delete(billingRateTable).where(eq(billingRateTable.id, rateId)).returning();
    if (!row) throw new AppError("not_found", `Billing rate ${rateId} does not exist`);
    await Audit.record({
      action: "timecost.billing_rate_removed",
      entityType: "billing_rate",
      entityId: row.id,
      changes: Audit.diff(row, {}, ["code", "hourlyMinor", "currency", "effectiveFrom", "effectiveTo"]),
    });
  });
});

/** The rows the summary needs: every cost period of these people and every period of one billing code. */
export async function ratesFor(tx: Tx, userIds: string[], code: string) {
  const cost = userIds.length
    ? await tx.select().from(costRateTable).where(inArray(costRateTable.userId, userIds))
    : [];
  const billing = await tx.select().from(billingRateTable).where(eq(billingRateTable.code, code));
  return { cost, billing };
}
