import { and, eq, gt, inArray, or } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { inventoryItemTable, inventoryMaterialLineTable } from "../inventory/inventory.sql";
import { type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id, key } from "../platform/input";
import { live } from "../platform/soft-delete";
import { workOrderTable } from "../workorder/workorder.sql";
import { DEFAULT_BILLING_RATE, ratesFor } from "./rates";
import { dayOf, inForce, labourCost, liveWorkOrder, namesOf } from "./shared";
import { expenseItemTable, expenseRequestTable, worklogTable } from "./timecost.sql";

/** Expense requests whose amounts count as spent. */
const COUNTED = ["approved", "paid"] as const;

const CurrencyTotals = z.object({
  currency: z.string(),
  labourCostMinor: z.number().int(),
  labourBilledMinor: z.number().int(),
  expensesMinor: z.number().int(),
  materialsMinor: z.number().int(),
  /** labour cost + expenses + materials, in this currency only. */
  totalCostMinor: z.number().int(),
});

export const SummaryInfo = z.object({
  scope: z.enum(["work_order", "project"]),
  id: z.uuid(),
  billingRate: z.string(),
  workOrderIds: z.array(z.uuid()),
  labour: z.object({
    minutes: z.number().int(),
    worklogs: z.number().int(),
    people: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string().nullable(),
        minutes: z.number().int(),
        /** Minutes logged on days with no cost rate in force: left out of the money, never costed at 0. */
        unratedMinutes: z.number().int(),
        unbilledMinutes: z.number().int(),
      }),
    ),
    unratedMinutes: z.number().int(),
    unbilledMinutes: z.number().int(),
  }),
  expenses: z.object({ requests: z.number().int(), items: z.number().int() }),
  materials: z.object({
    /** Whether material costs are included (the inventory domain's consumed lines × unit price). */
    included: z.boolean(),
    /** Material lines with something consumed, and the units consumed on them. */
    lines: z.number().int(),
    units: z.number().int(),
    note: z.string().nullable(),
  }),
  /** One row per currency; amounts in different currencies are never summed. */
  totals: z.array(CurrencyTotals),
  /** The one currency when everything is in one, else null (read `totals`). */
  currency: z.string().nullable(),
});
export type SummaryInfo = z.infer<typeof SummaryInfo>;

type Totals = z.infer<typeof CurrencyTotals>;

async function summarise(
  tx: Tx,
  scope: "work_order" | "project",
  scopeId: string,
  workOrderIds: string[],
  billingCode: string,
): Promise<SummaryInfo> {
  const totals = new Map<string, Totals>();
  const bucket = (currency: string) => {
    let row = totals.get(currency);
    if (!row) {
      row = {
        currency,
        labourCostMinor: 0,
        labourBilledMinor: 0,
        expensesMinor: 0,
        materialsMinor: 0,
        totalCostMinor: 0,
      };
      totals.set(currency, row);
    }
    return row;
  };

  const worklogs = workOrderIds.length
    ? await tx
        .select()
        .from(worklogTable)
        .where(and(inArray(worklogTable.workOrderId, workOrderIds), live(worklogTable)))
    : [];
  const userIds = [...new Set(worklogs.map((w) => w.userId))];
  const rates = await ratesFor(tx, userIds, billingCode);
  const people = new Map<string, { minutes: number; unratedMinutes: number; unbilledMinutes: number }>();
  // Each worklog is costed alone at the rates in force on its start day, so the order in which a phone's
  // worklogs arrived cannot change the sum.
  for (const w of worklogs) {
    const person = people.get(w.userId) ?? { minutes: 0, unratedMinutes: 0, unbilledMinutes: 0 };
    people.set(w.userId, person);
    person.minutes += w.minutes;
    const day = dayOf(w.startedAt);
    const cost = inForce(
      rates.cost.filter((r) => r.userId === w.userId),
      day,
    );
    if (cost) bucket(cost.currency).labourCostMinor += labourCost(w.minutes, cost.hourlyMinor);
    else person.unratedMinutes += w.minutes;
    const billing = inForce(rates.billing, day);
    if (billing) bucket(billing.currency).labourBilledMinor += labourCost(w.minutes, billing.hourlyMinor);
    else person.unbilledMinutes += w.minutes;
  }

  const parent =
    scope === "project"
      ? or(
          eq(expenseRequestTable.projectId, scopeId),
          workOrderIds.length ? inArray(expenseRequestTable.workOrderId, workOrderIds) : undefined,
        )
      : eq(expenseRequestTable.workOrderId, scopeId);
  const requests = await tx
    .select({ id: expenseRequestTable.id })
    .from(expenseRequestTable)
    .where(and(inArray(expenseRequestTable.status, COUNTED), parent));
  const requestIds = requests.map((r) => r.id);
  const items = requestIds.length
    ? await tx.select().from(expenseItemTable).where(inArray(expenseItemTable.requestId, requestIds))
    : [];
  for (const item of items) bucket(item.currency).expensesMinor += item.amountMinor;

  // Materials: what was consumed on each line × its item's unit price (integer minor units, per currency).
  const consumed = workOrderIds.length
    ? await tx
        .select({
          quantity: inventoryMaterialLineTable.consumedQuantity,
          unitPriceMinor: inventoryItemTable.unitPriceMinor,
          currency: inventoryItemTable.currency,
        })
        .from(inventoryMaterialLineTable)
        .innerJoin(inventoryItemTable, eq(inventoryItemTable.id, inventoryMaterialLineTable.itemId))
        .where(
          and(
            inArray(inventoryMaterialLineTable.workOrderId, workOrderIds),
            gt(inventoryMaterialLineTable.consumedQuantity, 0),
          ),
        )
    : [];
  for (const line of consumed) bucket(line.currency).materialsMinor += line.quantity * line.unitPriceMinor;

  for (const row of totals.values()) row.totalCostMinor = row.labourCostMinor + row.expensesMinor + row.materialsMinor;
  const names = await namesOf(tx, userIds);
  const list = [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  const peopleList = [...people].map(([userId, p]) => ({ userId, name: names.get(userId) ?? null, ...p }));
  return {
    scope,
    id: scopeId,
    billingRate: billingCode,
    workOrderIds,
    labour: {
      minutes: peopleList.reduce((s, p) => s + p.minutes, 0),
      worklogs: worklogs.length,
      people: peopleList,
      unratedMinutes: peopleList.reduce((s, p) => s + p.unratedMinutes, 0),
      unbilledMinutes: peopleList.reduce((s, p) => s + p.unbilledMinutes, 0),
    },
    expenses: { requests: requestIds.length, items: items.length },
    materials: {
      included: true,
      lines: consumed.length,
      units: consumed.reduce((sum, l) => sum + l.quantity, 0),
      note: "Consumed quantities at each item's current unit price",
    },
    totals: list,
    currency: list.length === 1 ? (list[0]?.currency ?? null) : null,
  };
}

const SummaryInput = { billingRate: key(40).optional() };

/** What a job cost: labour at cost and billed rates in force, approved expenses, consumed materials (operations:work_order:read). */
export const forWorkOrder = fn(z.object({ id: id(), ...SummaryInput }), async (input) => {
  requirePermission("operations:work_order:read");
  return useTransaction(async (tx) => {
    const workOrder = await liveWorkOrder(tx, input.id);
    return summarise(tx, "work_order", workOrder.id, [workOrder.id], input.billingRate ?? DEFAULT_BILLING_RATE);
  });
});

/** The same over a project's live work orders plus the expense requests filed on the project itself. */
export const forProject = fn(z.object({ id: id(), ...SummaryInput }), async (input) => {
  requirePermission("operations:work_order:read");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ id: workOrderTable.id })
      .from(workOrderTable)
      .where(and(eq(workOrderTable.projectId, input.id), live(workOrderTable)));
    return summarise(
      tx,
      "project",
      input.id,
      rows.map((r) => r.id),
      input.billingRate ?? DEFAULT_BILLING_RATE,
    );
  });
});
