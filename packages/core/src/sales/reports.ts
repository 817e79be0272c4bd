import { and, count, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { createTransaction, type Transaction } from "../platform/db";
import { fn } from "../platform/fn";
import { day, id, int } from "../platform/input";
import { divRound } from "../platform/money";
import { live } from "../platform/soft-delete";
import { pipelineInfo, pipelineOf } from "./pipeline";
import { leadTable } from "./sales.sql";
import { currency } from "./shared";

/**
 * Sums are exact: values are summed as bigint minor units in SQL and read as text; a weighted value
 * is Σ(value × probability) / 100, rounded half up once per bucket (never per lead, never a float).
 */
const weighted = (productSum: string | null) => Number(divRound(BigInt(productSum ?? "0"), 100n));

/** The report currency: the one asked for, else the pipeline's most used, else NGN. */
async function reportCurrency(tx: Transaction, pipelineId: string, asked: string | undefined) {
  const [top] = await tx
    .select({ currency: leadTable.currency, n: count() })
    .from(leadTable)
    .where(and(eq(leadTable.pipelineId, pipelineId), live(leadTable)))
    .groupBy(leadTable.currency)
    .orderBy(desc(count()), leadTable.currency);
  const currencies = (
    await tx
      .selectDistinct({ currency: leadTable.currency })
      .from(leadTable)
      .where(and(eq(leadTable.pipelineId, pipelineId), live(leadTable)))
  )
    .map((r) => r.currency)
    .sort();
  return { currency: asked ?? top?.currency ?? "NGN", currencies };
}

const monthOf = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;

export const Forecast = z.object({
  pipelineId: z.uuid(),
  currency: z.string(),
  /** Every currency the pipeline's leads use (ask for another with `currency`). */
  currencies: z.array(z.string()),
  months: z.array(
    z.object({
      /** YYYY-MM. */
      month: z.string(),
      count: z.number().int(),
      valueMinor: z.number().int(),
      /** Σ value × probability / 100, rounded half up. */
      weightedMinor: z.number().int(),
    }),
  ),
  /** Open leads with no expected close date (not in any month). */
  undated: z.object({ count: z.number().int(), valueMinor: z.number().int(), weightedMinor: z.number().int() }),
});
export type Forecast = z.infer<typeof Forecast>;

/**
 * Open leads' value per month of expected close, weighted by probability, from `from` (default this
 * month) for `months` months (crm:lead:read).
 */
export const forecast = fn(
  z.object({
    pipelineId: id().optional(),
    currency: currency().optional(),
    from: day().optional(),
    months: int(1, 24).default(6),
  }),
  async (input): Promise<Forecast> => {
    requirePermission("crm:lead:read");
    return createTransaction(async (tx) => {
      const pipeline = await pipelineOf(tx, input.pipelineId);
      const { currency: cur, currencies } = await reportCurrency(tx, pipeline.id, input.currency);
      const start = new Date(`${(input.from ?? new Date().toISOString().slice(0, 10)).slice(0, 7)}-01T00:00:00Z`);
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + input.months, 1));
      const base: SQL[] = [
        eq(leadTable.pipelineId, pipeline.id),
        eq(leadTable.currency, cur),
        sql`${leadTable.status} not in ('won', 'lost')`,
        live(leadTable),
      ];
      const month = sql<string>`to_char(${leadTable.expectedCloseDate}, 'YYYY-MM')`;
      const rows = await tx
        .select({
          month,
          n: count(),
          value: sql<string>`sum(${leadTable.valueMinor})::text`,
          product: sql<string>`sum(${leadTable.valueMinor}::numeric * ${leadTable.probability})::text`,
        })
        .from(leadTable)
        .where(
          and(
            ...base,
            gte(leadTable.expectedCloseDate, start.toISOString().slice(0, 10)),
            lt(leadTable.expectedCloseDate, end.toISOString().slice(0, 10)),
          ),
        )
        .groupBy(month);
      const [undated] = await tx
        .select({
          n: count(),
          value: sql<string>`coalesce(sum(${leadTable.valueMinor}), 0)::text`,
          product: sql<string>`coalesce(sum(${leadTable.valueMinor}::numeric * ${leadTable.probability}), 0)::text`,
        })
        .from(leadTable)
        .where(and(...base, sql`${leadTable.expectedCloseDate} is null`));
      const byMonth = new Map(rows.map((r) => [r.month, r]));
      const months: Forecast["months"] = [];
      for (let i = 0; i < input.months; i++) {
        const key = monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)));
        const r = byMonth.get(key);
        months.push({
          month: key,
          count: r?.n ?? 0,
          valueMinor: Number(r?.value ?? 0),
          weightedMinor: weighted(r?.product ?? null),
        });
      }
      return {
        pipelineId: pipeline.id,
        currency: cur,
        currencies,
        months,
        undated: {
          count: undated?.n ?? 0,
          valueMinor: Number(undated?.value ?? 0),
          weightedMinor: weighted(undated?.product ?? null),
        },
      };
    });
  },
);

const Bucket = z.object({ count: z.number().int(), valueMinor: z.number().int() });

export const PipelineReport = z.object({
  pipelineId: z.uuid(),
  currency: z.string(),
  currencies: z.array(z.string()),
  /** Open leads per stage, in board order. */
  stages: z.array(
    Bucket.extend({
      stageId: z.uuid(),
      name: z.string(),
      weightedMinor: z.number().int(),
      probability: z.number().int(),
    }),
  ),
  won: Bucket,
  lost: Bucket,
  /** Won ÷ (won + lost) over leads closed in the period, 0–1 (null when none closed). */
  winRate: z.number().nullable(),
  /** Leads created in the period that are won by now, ÷ leads created (null when none). */
  conversionRate: z.number().nullable(),
  lostReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
});
export type PipelineReport = z.infer<typeof PipelineReport>;

/**
 * Count and value per stage (open leads), won and lost closed in [from, to), win rate, the period's
 * lead-to-won conversion and the top lost reasons, in one currency (crm:lead:read).
 */
export const pipelineReport = fn(
  z.object({
    pipelineId: id().optional(),
    currency: currency().optional(),
    from: day().optional(),
    to: day().optional(),
  }),
  async (input): Promise<PipelineReport> => {
    requirePermission("crm:lead:read");
    return createTransaction(async (tx) => {
      const pipeline = await pipelineInfo(tx, await pipelineOf(tx, input.pipelineId));
      const { currency: cur, currencies } = await reportCurrency(tx, pipeline.id, input.currency);
      const base = and(eq(leadTable.pipelineId, pipeline.id), eq(leadTable.currency, cur), live(leadTable));
      const inPeriod = (column: typeof leadTable.closedAt | typeof leadTable.createdAt) =>
        and(
          input.from ? gte(column, new Date(`${input.from}T00:00:00Z`)) : undefined,
          input.to ? lt(column, new Date(`${input.to}T00:00:00Z`)) : undefined,
        );
      const open = await tx
        .select({
          stageId: leadTable.stageId,
          n: count(),
          value: sql<string>`sum(${leadTable.valueMinor})::text`,
          product: sql<string>`sum(${leadTable.valueMinor}::numeric * ${leadTable.probability})::text`,
        })
        .from(leadTable)
        .where(and(base, sql`${leadTable.status} not in ('won', 'lost')`))
        .groupBy(leadTable.stageId);
      const closedRows = await tx
        .select({ status: leadTable.status, n: count(), value: sql<string>`sum(${leadTable.valueMinor})::text` })
        .from(leadTable)
        .where(and(base, sql`${leadTable.status} in ('won', 'lost')`, inPeriod(leadTable.closedAt)))
        .groupBy(leadTable.status);
      const [created] = await tx
        .select({ n: count(), won: sql<number>`count(*) filter (where ${leadTable.status} = 'won')::int` })
        .from(leadTable)
        .where(and(base, inPeriod(leadTable.createdAt)));
      const reasons = await tx
        .select({ reason: leadTable.lostReason, n: count() })
        .from(leadTable)
        .where(and(base, eq(leadTable.status, "lost"), inPeriod(leadTable.closedAt)))
        .groupBy(leadTable.lostReason)
        .orderBy(desc(count()))
        .limit(5);
      const bucket = (status: "won" | "lost") => {
        const r = closedRows.find((x) => x.status === status);
        return { count: r?.n ?? 0, valueMinor: Number(r?.value ?? 0) };
      };
      const won = bucket("won");
      const lost = bucket("lost");
      return {
        pipelineId: pipeline.id,
        currency: cur,
        currencies,
        stages: pipeline.stages.map((s) => {
          const r = open.find((x) => x.stageId === s.id);
          return {
            stageId: s.id,
            name: s.name,
            probability: s.defaultProbability,
            count: r?.n ?? 0,
            valueMinor: Number(r?.value ?? 0),
            weightedMinor: weighted(r?.product ?? null),
          };
        }),
        won,
        lost,
        winRate: won.count + lost.count > 0 ? won.count / (won.count + lost.count) : null,
        conversionRate: created && created.n > 0 ? created.won / created.n : null,
        lostReasons: reasons.map((r) => ({ reason: r.reason ?? "", count: r.n })),
      };
    });
  },
);
