import { arrayContains, eq } from "drizzle-orm";
import { builtinRole } from "../access";
import { userTable } from "../auth/auth.sql";
import { type Actor, withActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import { Expense, Rates } from "../timecost";
import { billingRateTable, costRateTable, expenseRequestTable } from "../timecost/timecost.sql";

const system: Actor = { type: "system", properties: { job: "demo.seed" } };

const asUser = (id: string, email: string): Actor => ({
  type: "user",
  properties: {
    userId: id,
    email,
    portal: "staff",
    roles: ["field_technician"],
    permissions: [...(builtinRole("field_technician")?.permissions ?? [])],
  },
});

/**
 * Time and cost demo data: an hourly cost rate for each technician (default: every staff user with the
 * field_technician role), the `standard` billing rate, and one submitted expense request from the first
 * technician so a manager finds something in the approval queue. Safe to run on every start.
 */
export async function seedTimecost(options: { technicianUserIds?: string[] } = {}): Promise<void> {
  const technicians = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, email: userTable.email })
      .from(userTable)
      .where(arrayContains(userTable.roles, ["field_technician"])),
  );
  const chosen = options.technicianUserIds
    ? technicians.filter((t) => options.technicianUserIds?.includes(t.id))
    : technicians;
  const year = new Date().getUTCFullYear();
  await withActor(system, async () => {
    const [billing] = await useTransaction((tx) => tx.select().from(billingRateTable).limit(1));
    if (!billing) {
      await Rates.saveBillingRate({
        code: "standard",
        name: "Standard",
        hourlyMinor: 1_500_000,
        currency: "NGN",
        effectiveFrom: `${year}-01-01`,
      });
    }
    for (const [i, tech] of chosen.entries()) {
      const [rate] = await useTransaction((tx) =>
        tx.select().from(costRateTable).where(eq(costRateTable.userId, tech.id)).limit(1),
      );
      if (rate) continue;
      await Rates.saveCostRate({
        userId: tech.id,
        hourlyMinor: 450_000 + i * 50_000,
        currency: "NGN",
        effectiveFrom: `${year}-01-01`,
      });
    }
  });
  const first = chosen[0];
  if (!first) return;
  const [existing] = await useTransaction((tx) =>
    tx.select().from(expenseRequestTable).where(eq(expenseRequestTable.requesterId, first.id)).limit(1),
  );
  if (existing) return;
  await withActor(asUser(first.id, first.email), () =>
    Expense.create({
      purpose: "Fuel and parking for the Lekki fibre repair",
      clientRef: "demo-expense-1",
      submit: true,
      items: [
        { category: "fuel", amountMinor: 2_500_000, currency: "NGN", vendor: "Total Lekki Phase 1" },
        { category: "parking", amountMinor: 150_000, currency: "NGN", vendor: "Admiralty Mall car park" },
      ],
    }),
  );
}
