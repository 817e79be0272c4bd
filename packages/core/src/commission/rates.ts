import { and, asc, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { MAX_DEPTH } from "../organization/tree";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int } from "../platform/input";
import { BASIS_POINTS } from "../platform/money";
import { live } from "../platform/soft-delete";
import { commissionRateTable, commissionSettingTable } from "./commission.sql";
import { actingUser, notFound } from "./shared";
import { FALLBACK_RATE_BP } from "./values";

const rateBp = () => int(0, BASIS_POINTS);

export const Settings = z.object({ defaultRateBp: z.number().int() });
export type Settings = z.infer<typeof Settings>;

export const RateInfo = z.object({
  organizationId: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  status: z.string(),
  /** Its own rate, or null when a parent's or the default applies. */
  ownRateBp: z.number().int().nullable(),
  /** The ancestor whose rate it inherits, when it has none of its own and an ancestor has one. */
  inheritedFromId: z.uuid().nullable(),
  /** What its next paid order earns. */
  effectiveRateBp: z.number().int(),
});
export type RateInfo = z.infer<typeof RateInfo>;

async function defaultRate(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ rate: commissionSettingTable.defaultRateBp })
    .from(commissionSettingTable)
    .where(eq(commissionSettingTable.id, "default"));
  return row?.rate ?? FALLBACK_RATE_BP;
}

/** Where a rate came from: the organisation's own, an ancestor's (a sub-reseller inherits), or the default. */
export interface EffectiveRate {
  rateBp: number;
  /** The organisation whose own rate applies, or null for the default. */
  fromOrganizationId: string | null;
}

/**
 * The rate an order of `organizationId` earns: its own, else the nearest ancestor's that has one (a
 * sub-reseller earns its parent's rate), else the default setting, else 5 %. Walks up at most MAX_DEPTH.
 */
export async function rateFor(tx: Tx, organizationId: string): Promise<EffectiveRate> {
  const result = await tx.execute<{ organization_id: string; rate_bp: number }>(sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from organization where id = ${organizationId}
      union all
      select o.id, o.parent_id, up.depth + 1 from organization o join up on o.id = up.parent_id
      where o.deleted_at is null and up.depth < ${MAX_DEPTH}
    )
    select r.organization_id, r.rate_bp from up join ${commissionRateTable} r on r.organization_id = up.id
    order by up.depth limit 1`);
  const [own] = (result as unknown as { rows: { organization_id: string; rate_bp: number }[] }).rows;
  if (own) return { rateBp: Number(own.rate_bp), fromOrganizationId: own.organization_id };
  return { rateBp: await defaultRate(tx), fromOrganizationId: null };
}

export const settings = fn(z.void(), async (): Promise<Settings> => {
  requirePermission("operations:reseller:read");
  return useTransaction(async (tx) => ({ defaultRateBp: await defaultRate(tx) }));
});

/** Sets the default rate (basis points of an order's net): future accruals only, audited. */
export const updateSettings = fn(z.object({ defaultRateBp: rateBp() }), async (input): Promise<Settings> => {
  requirePermission("operations:reseller:write");
  return createTransaction(async (tx) => {
    const before = await defaultRate(tx);
    await tx
      .insert(commissionSettingTable)
      .values({ id: "default", defaultRateBp: input.defaultRateBp, updatedById: actingUser() })
      .onConflictDoUpdate({
        target: commissionSettingTable.id,
        set: { defaultRateBp: input.defaultRateBp, updatedById: actingUser(), updatedAt: new Date() },
      });
    if (before !== input.defaultRateBp) {
      await Audit.record({
        action: "commission.settings_changed",
        entityType: "commission_setting",
        entityId: null,
        changes: Audit.diff({ defaultRateBp: before }, { defaultRateBp: input.defaultRateBp }),
      });
    }
    return { defaultRateBp: input.defaultRateBp };
  });
});

/** Every live reseller organisation by name, with its own and effective rate. */
export const rates = fn(z.void(), async (): Promise<RateInfo[]> => {
  requirePermission("operations:reseller:read");
  return useTransaction(async (tx) => {
    const fallback = await defaultRate(tx);
    const rows = await tx
      .select({
        organizationId: organizationTable.id,
        name: organizationTable.name,
        parentId: organizationTable.parentId,
        status: organizationTable.status,
        ownRateBp: commissionRateTable.rateBp,
      })
      .from(organizationTable)
      .leftJoin(commissionRateTable, eq(commissionRateTable.organizationId, organizationTable.id))
      .where(and(eq(organizationTable.accountType, "reseller"), live(organizationTable)))
      .orderBy(asc(organizationTable.name), asc(organizationTable.id));
    // Resellers are few (tens): resolve inheritance over the list in memory, nearest ancestor first.
    const byId = new Map(rows.map((r) => [r.organizationId, r]));
    const inherited = (r: (typeof rows)[number]) => {
      let up = r.parentId ? byId.get(r.parentId) : undefined;
      for (let depth = 0; up && depth < MAX_DEPTH; depth += 1) {
        if (up.ownRateBp !== null) return up;
        up = up.parentId ? byId.get(up.parentId) : undefined;
      }
      return undefined;
    };
    return rows.map((r) => {
      const from = r.ownRateBp === null ? inherited(r) : undefined;
      return {
        ...r,
        ownRateBp: r.ownRateBp ?? null,
        inheritedFromId: from?.organizationId ?? null,
        effectiveRateBp: r.ownRateBp ?? from?.ownRateBp ?? fallback,
      };
    });
  });
});

/**
 * Sets a reseller organisation's own rate, or clears it (`rateBp: null`: the default applies).
 * Commissions already accrued keep the rate they were accrued at. Audited on the organisation.
 */
export const setRate = fn(
  z.object({ organizationId: id(), rateBp: rateBp().nullable() }),
  async (input): Promise<RateInfo> => {
    requirePermission("operations:reseller:write");
    return createTransaction(async (tx) => {
      const [org] = await tx
        .select()
        .from(organizationTable)
        .where(and(eq(organizationTable.id, input.organizationId), live(organizationTable)));
      if (!org) throw notFound("Organization", input.organizationId);
      if (org.accountType !== "reseller") {
        throw new AppError(
          "precondition_failed",
          `${org.name} is a ${org.accountType} organisation; only resellers earn commission`,
        );
      }
      const [before] = await tx
        .select({ rate: commissionRateTable.rateBp })
        .from(commissionRateTable)
        .where(eq(commissionRateTable.organizationId, org.id))
        .for("update");
      if (input.rateBp === null) {
        await tx.delete(commissionRateTable).where(eq(commissionRateTable.organizationId, org.id));
      } else {
        await tx
          .insert(commissionRateTable)
          .values({ organizationId: org.id, rateBp: input.rateBp, updatedById: actingUser() })
          .onConflictDoUpdate({
            target: commissionRateTable.organizationId,
            set: { rateBp: input.rateBp, updatedById: actingUser(), updatedAt: sql`now()` },
          });
      }
      const from = before?.rate ?? null;
      if (from !== input.rateBp) {
        await Audit.record({
          action: "commission.rate_changed",
          entityType: "organization",
          entityId: org.id,
          changes: Audit.diff({ rateBp: from }, { rateBp: input.rateBp }),
        });
      }
      const effective = await rateFor(tx, org.id);
      return {
        organizationId: org.id,
        name: org.name,
        parentId: org.parentId,
        status: org.status,
        ownRateBp: input.rateBp,
        inheritedFromId: effective.fromOrganizationId === org.id ? null : effective.fromOrganizationId,
        effectiveRateBp: effective.rateBp,
      };
    });
  },
);
