import { and, eq, isNull } from "drizzle-orm";
import * as Auth from "../auth";
import * as Person from "../person";
import { type Actor, withActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import * as Sales from "../sales";
import { leadTable } from "../sales/sales.sql";

export const DEMO_SALES_EMAIL = "sales@demo-isp.example";
const MARKER = "Estate fibre: Lekki Gardens phase 2";

type Step = "stay" | 1 | 2 | 3 | 4 | "won" | "lost";
/** A dozen leads across the default pipeline: value in kobo, expected close in days from today. */
const leads: { person: string; title: string; valueMinor: number; days: number | null; step: Step }[] = [
  { person: "Tunde Bakare", title: MARKER, valueMinor: 1_250_000_000, days: 40, step: 4 },
  { person: "Ifeoma Nwankwo", title: "Home fibre 100 Mbps, Ikeja", valueMinor: 4_500_000, days: 10, step: "stay" },
  { person: "Segun Adeyemi", title: "Office link 200 Mbps with static IP", valueMinor: 32_000_000, days: 25, step: 1 },
  { person: "Halima Bello", title: "Hotel Wi-Fi backhaul", valueMinor: 85_000_000, days: 55, step: 2 },
  { person: "Kelechi Eze", title: "Home fibre 50 Mbps, Yaba", valueMinor: 3_000_000, days: 5, step: 1 },
  { person: "Bisi Alade", title: "School campus fibre", valueMinor: 150_000_000, days: 70, step: 3 },
  { person: "Musa Danjuma", title: "Shop fibre 50 Mbps", valueMinor: 3_500_000, days: 15, step: "stay" },
  { person: "Adaeze Okoro", title: "Clinic dedicated 100 Mbps", valueMinor: 48_000_000, days: 35, step: 2 },
  { person: "Femi Ogunleye", title: "Estate gatehouse CCTV link", valueMinor: 12_000_000, days: null, step: 3 },
  { person: "Zainab Yusuf", title: "Home fibre 300 Mbps, Lekki", valueMinor: 9_000_000, days: -3, step: "won" },
  { person: "Chuka Obi", title: "Warehouse link, Apapa", valueMinor: 27_000_000, days: -10, step: "lost" },
  { person: "Grace Effiong", title: "Church hall Wi-Fi", valueMinor: 6_500_000, days: 20, step: 1 },
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * The sales pipeline on one machine: a salesperson login (role `sales`, the demo password) and about
 * a dozen leads in the default pipeline's stages, two closed (one won, one lost with its reason).
 * Skipped once seeded.
 */
export async function seedSales(password: string, admin: Actor): Promise<void> {
  if (!(await Auth.fromEmail(DEMO_SALES_EMAIL))) {
    await Auth.createUser({ email: DEMO_SALES_EMAIL, password, displayName: "Sade Salako", roles: ["sales"] });
  }
  const seller = await Auth.fromEmail(DEMO_SALES_EMAIL);
  const seeded = await useTransaction((tx) =>
    tx
      .select({ id: leadTable.id })
      .from(leadTable)
      .where(and(eq(leadTable.title, MARKER), isNull(leadTable.deletedAt))),
  );
  if (seeded.length > 0) return;
  await withActor(admin, () =>
    createTransaction(async () => {
      const [pipeline] = await Sales.Pipeline.list({});
      const stages = pipeline?.stages ?? [];
      for (const [i, l] of leads.entries()) {
        const person = await Person.create({ displayName: l.person });
        const lead = await Sales.create({
          personId: person.id,
          title: l.title,
          valueMinor: l.valueMinor,
          currency: "NGN",
          expectedCloseDate: l.days === null ? null : day(l.days),
          source: (["whatsapp", "referral", "website", "walk_in"] as const)[i % 4],
          ownerUserId: i % 3 === 2 ? null : (seller?.id ?? null),
        });
        const stage = typeof l.step === "number" ? stages[l.step] : undefined;
        if (stage) await Sales.move({ id: lead.id, stageId: stage.id });
        if (l.step === "won") await Sales.markWon({ id: lead.id });
        if (l.step === "lost") await Sales.markLost({ id: lead.id, reason: "Chose a cheaper wireless provider" });
      }
    }),
  );
}
