import { and, asc, count, eq, gte, ilike, inArray, isNull, lte, or, type SQL, sql, sum } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, day, id, instantText, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { type PipelineInfo, pipelineInfo, pipelineOf, stagesOf } from "./pipeline";
import { freshRank } from "./rank";
import { leadSources, leadStatuses, leadTable } from "./sales.sql";
import { actingStaffId, type Info, infos, type LeadRow } from "./shared";

const NO_ONE = "00000000-0000-0000-0000-000000000000";

/** One value or several (repeated keys, or comma-separated). */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z.array(z.enum(values)).max(values.length),
  );

/** `me`, a user's id, or `none` for unowned leads. */
const Owner = z.union([z.literal("me"), z.literal("none"), id()]);

function ownerWhere(owner: z.infer<typeof Owner> | undefined): SQL | undefined {
  if (!owner) return undefined;
  if (owner === "none") return isNull(leadTable.ownerUserId);
  return eq(leadTable.ownerUserId, owner === "me" ? (actingStaffId() ?? NO_ONE) : owner);
}

function textWhere(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const pattern = containsPattern(q);
  return or(
    ilike(leadTable.number, pattern),
    ilike(leadTable.title, pattern),
    sql`${leadTable.personId} in (select ${personTable.id} from ${personTable} where ${personTable.displayName} ilike ${pattern})`,
  );
}

const openOnly = sql`${leadTable.status} not in ('won', 'lost')`;

/** A kanban card: what a column shows, read in one indexed query per column. */
export const Card = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.enum(leadStatuses),
  stageId: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  valueMinor: z.number().int(),
  currency: z.string(),
  probability: z.number().int(),
  expectedCloseDate: z.string().nullable(),
  source: z.enum(leadSources),
  rank: z.string(),
});
export type Card = z.infer<typeof Card>;

const byRank = keyset({
  columns: [leadTable.rank, leadTable.id],
  direction: "asc",
  position: z.tuple([text(400, { trim: false }), id()]),
});

const cardColumns = {
  id: leadTable.id,
  number: leadTable.number,
  title: leadTable.title,
  status: leadTable.status,
  stageId: leadTable.stageId,
  personId: leadTable.personId,
  personName: personTable.displayName,
  ownerUserId: leadTable.ownerUserId,
  ownerName: userTable.displayName,
  valueMinor: leadTable.valueMinor,
  currency: leadTable.currency,
  probability: leadTable.probability,
  expectedCloseDate: leadTable.expectedCloseDate,
  source: leadTable.source,
  rank: leadTable.rank,
};

const BoardFilters = z.object({
  pipelineId: id().optional(),
  owner: Owner.optional(),
  q: text(200).optional(),
});

async function columnPage(
  pipelineId: string,
  stageId: string,
  filters: z.infer<typeof BoardFilters>,
  after: string | undefined,
  limit: number,
) {
  return useTransaction(async (tx) => {
    const rows = await tx
      .select(cardColumns)
      .from(leadTable)
      .innerJoin(personTable, eq(personTable.id, leadTable.personId))
      .leftJoin(userTable, eq(userTable.id, leadTable.ownerUserId))
      .where(
        and(
          eq(leadTable.pipelineId, pipelineId),
          eq(leadTable.stageId, stageId),
          openOnly,
          live(leadTable),
          ownerWhere(filters.owner),
          textWhere(filters.q),
          byRank.after(after),
        ),
      )
      .orderBy(...byRank.orderBy)
      .limit(byRank.take(limit));
    return byRank.page(rows, limit, (r) => [r.rank, r.id]);
  });
}

export const Column = z.object({
  stageId: z.uuid(),
  items: z.array(Card),
  nextCursor: z.string().nullable(),
  /** Open leads in the column (all of them, not just this page) and their value per currency. */
  count: z.number().int(),
  totals: z.array(z.object({ currency: z.string(), valueMinor: z.number().int() })),
});
export type Column = z.infer<typeof Column>;

/**
 * The kanban of a pipeline (the default when none is named): each stage's first `limit` open leads
 * by rank, plus each column's count and value. One indexed range read per column, so its cost does
 * not grow with the number of leads (crm:lead:read).
 */
export const board = fn(
  BoardFilters.extend({ limit: pageLimit(100, 25) }),
  async (input): Promise<{ pipeline: PipelineInfo; columns: Column[] }> => {
    requirePermission("crm:lead:read");
    const pipeline = await createTransaction(async (tx) => pipelineInfo(tx, await pipelineOf(tx, input.pipelineId)));
    const totals = await useTransaction((tx) =>
      tx
        .select({
          stageId: leadTable.stageId,
          currency: leadTable.currency,
          n: count(),
          value: sum(leadTable.valueMinor),
        })
        .from(leadTable)
        .where(
          and(
            eq(leadTable.pipelineId, pipeline.id),
            openOnly,
            live(leadTable),
            ownerWhere(input.owner),
            textWhere(input.q),
          ),
        )
        .groupBy(leadTable.stageId, leadTable.currency),
    );
    const columns: Column[] = [];
    for (const stage of pipeline.stages) {
      const page = await columnPage(pipeline.id, stage.id, input, undefined, input.limit);
      const mine = totals.filter((t) => t.stageId === stage.id);
      columns.push({
        stageId: stage.id,
        items: page.items,
        nextCursor: page.nextCursor,
        count: mine.reduce((n, t) => n + t.n, 0),
        totals: mine.map((t) => ({ currency: t.currency, valueMinor: Number(t.value ?? 0) })),
      });
    }
    return { pipeline, columns };
  },
);

/** The next page of one kanban column (crm:lead:read). */
export const column = fn(
  BoardFilters.extend({ stageId: id(), cursor: cursor().optional(), limit: pageLimit(100, 25) }),
  async (input): Promise<{ items: Card[]; nextCursor: string | null }> => {
    requirePermission("crm:lead:read");
    const pipelineId = await createTransaction(async (tx) => (await pipelineOf(tx, input.pipelineId)).id);
    return columnPage(pipelineId, input.stageId, input, input.cursor, input.limit);
  },
);

const byCreated = keyset({
  columns: [leadTable.createdAt, leadTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});
const createdText = microseconds(leadTable.createdAt);

export const ListFilters = z.object({
  pipelineId: id().optional(),
  status: many(leadStatuses).optional(),
  owner: Owner.optional(),
  stageId: id().optional(),
  source: many(leadSources).optional(),
  /** Expected close on or after (YYYY-MM-DD). */
  closeFrom: day().optional(),
  /** Expected close on or before (YYYY-MM-DD). */
  closeTo: day().optional(),
  personId: id().optional(),
  conversationId: id().optional(),
  /** Matches the number, the title or the person's name. */
  q: text(200).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/** Leads, newest first, in keyset pages, filtered (crm:lead:read). */
export const list = fn(ListFilters, async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
  requirePermission("crm:lead:read");
  if (input.closeFrom && input.closeTo && input.closeFrom > input.closeTo) {
    throw new AppError("validation", "closeTo: must not be before closeFrom", [
      { path: "closeTo", message: "must not be before closeFrom" },
    ]);
  }
  const l = leadTable;
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ row: l, createdText })
      .from(l)
      .where(
        and(
          live(l),
          input.pipelineId ? eq(l.pipelineId, input.pipelineId) : undefined,
          input.status?.length ? inArray(l.status, input.status) : undefined,
          ownerWhere(input.owner),
          input.stageId ? eq(l.stageId, input.stageId) : undefined,
          input.source?.length ? inArray(l.source, input.source) : undefined,
          input.closeFrom ? gte(l.expectedCloseDate, input.closeFrom) : undefined,
          input.closeTo ? lte(l.expectedCloseDate, input.closeTo) : undefined,
          input.personId ? eq(l.personId, input.personId) : undefined,
          input.conversationId ? eq(l.conversationId, input.conversationId) : undefined,
          textWhere(input.q),
          byCreated.after(input.cursor),
        ),
      )
      .orderBy(...byCreated.orderBy)
      .limit(byCreated.take(input.limit));
    const page = byCreated.page(rows, input.limit, (x) => [x.createdText, x.row.id]);
    return {
      items: await infos(
        tx,
        page.items.map((x) => x.row),
      ),
      nextCursor: page.nextCursor,
    };
  });
});

const Ids = z
  .array(id())
  .min(1, "pick at least one lead")
  .max(500, "at most 500 leads at once")
  .transform((ids) => [...new Set(ids)]);

export const BulkResult = z.object({
  updated: z.number().int(),
  skipped: z.array(z.object({ id: z.uuid(), reason: z.string() })),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** Gives the chosen leads an owner (null: nobody), in one transaction, one audit row each (crm:lead:write). */
export const bulkAssign = fn(
  z.object({ ids: Ids, ownerUserId: id().nullable() }),
  async (input): Promise<BulkResult> => {
    requirePermission("crm:lead:write");
    return createTransaction(async (tx) => {
      if (input.ownerUserId) {
        const [u] = await tx
          .select({ portal: userTable.portal, deactivatedAt: userTable.deactivatedAt })
          .from(userTable)
          .where(eq(userTable.id, input.ownerUserId));
        if (u?.portal !== "staff" || u.deactivatedAt) {
          throw new AppError("validation", "ownerUserId: is not an active staff user", [
            { path: "ownerUserId", message: "is not an active staff user" },
          ]);
        }
      }
      const rows = await tx
        .select()
        .from(leadTable)
        .where(and(inArray(leadTable.id, input.ids), live(leadTable)))
        .for("update");
      const found = new Set(rows.map((r) => r.id));
      const skipped = input.ids.filter((x) => !found.has(x)).map((x) => ({ id: x, reason: "does not exist" }));
      const changing = rows.filter((r) => r.ownerUserId !== input.ownerUserId);
      if (changing.length > 0) {
        await tx
          .update(leadTable)
          .set({ ownerUserId: input.ownerUserId })
          .where(
            inArray(
              leadTable.id,
              changing.map((r) => r.id),
            ),
          );
      }
      for (const r of changing) {
        await Audit.record({
          action: "lead.updated",
          entityType: "lead",
          entityId: r.id,
          changes: { ownerUserId: { from: r.ownerUserId, to: input.ownerUserId } },
        });
      }
      return { updated: changing.length, skipped };
    });
  },
);

/**
 * Moves the chosen leads to another pipeline's first stage (v1's bulk assign to a pipeline). An open
 * lead whose person already has an open lead there is skipped, saying so: dedupe holds (crm:lead:write).
 */
export const bulkMove = fn(z.object({ ids: Ids, pipelineId: id() }), async (input): Promise<BulkResult> => {
  requirePermission("crm:lead:write");
  return createTransaction(async (tx) => {
    const target = await pipelineOf(tx, input.pipelineId);
    const [first] = await stagesOf(tx, target.id);
    if (!first) throw new AppError("conflict", `Pipeline "${target.name}" has no stages: add one first`);
    const rows: LeadRow[] = await tx
      .select()
      .from(leadTable)
      .where(and(inArray(leadTable.id, input.ids), live(leadTable)))
      .for("update");
    const found = new Set(rows.map((r) => r.id));
    const skipped = input.ids.filter((x) => !found.has(x)).map((x) => ({ id: x, reason: "does not exist" }));
    const moving = rows.filter((r) => r.pipelineId !== target.id);
    const openThere = new Set(
      moving.length === 0
        ? []
        : (
            await tx
              .select({ personId: leadTable.personId })
              .from(leadTable)
              .where(
                and(
                  eq(leadTable.pipelineId, target.id),
                  openOnly,
                  live(leadTable),
                  inArray(
                    leadTable.personId,
                    moving.map((r) => r.personId),
                  ),
                ),
              )
          ).map((r) => r.personId),
    );
    let updated = 0;
    for (const r of moving) {
      const open = r.status !== "won" && r.status !== "lost";
      if (open && openThere.has(r.personId)) {
        skipped.push({ id: r.id, reason: `${r.number}: the person already has an open lead in "${target.name}"` });
        continue;
      }
      if (open) openThere.add(r.personId);
      await tx
        .update(leadTable)
        .set({
          pipelineId: target.id,
          stageId: first.id,
          rank: freshRank(),
          ...(open ? { probability: first.defaultProbability, status: first.status ?? r.status } : {}),
        })
        .where(eq(leadTable.id, r.id));
      await Audit.record({
        action: "lead.moved",
        entityType: "lead",
        entityId: r.id,
        changes: { pipelineId: { from: r.pipelineId, to: target.id }, stageId: { from: r.stageId, to: first.id } },
      });
      updated++;
    }
    return { updated, skipped };
  });
});

export const OwnerInfo = z.object({ id: z.uuid(), name: z.string() });

/** Active staff users a lead may be given to, by name (crm:lead:read): the owner pickers. */
export const owners = fn(
  z.object({ q: text(100).optional() }),
  async (input): Promise<{ items: z.infer<typeof OwnerInfo>[] }> => {
    requirePermission("crm:lead:read");
    return useTransaction(async (tx) => ({
      items: await tx
        .select({ id: userTable.id, name: userTable.displayName })
        .from(userTable)
        .where(
          and(
            eq(userTable.portal, "staff"),
            isNull(userTable.deactivatedAt),
            input.q ? ilike(userTable.displayName, containsPattern(input.q)) : undefined,
          ),
        )
        .orderBy(asc(userTable.displayName))
        .limit(100),
    }));
  },
);
