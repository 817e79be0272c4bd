import { and, asc, count, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, text } from "../platform/input";
import { live, liveRow, softRemove } from "../platform/soft-delete";
import { leadTable, openLeadStatuses, pipelineStageTable, pipelineTable } from "./sales.sql";

export type PipelineRow = typeof pipelineTable.$inferSelect;
export type StageRow = typeof pipelineStageTable.$inferSelect;

export const StageInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  orderIndex: z.number().int(),
  defaultProbability: z.number().int(),
  /** The open status a lead takes when moved here (null: it keeps its own). */
  status: z.enum(openLeadStatuses).nullable(),
});
export type StageInfo = z.infer<typeof StageInfo>;

export const PipelineInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  isDefault: z.boolean(),
  stages: z.array(StageInfo),
  createdAt: z.string(),
});
export type PipelineInfo = z.infer<typeof PipelineInfo>;

/** The stages a fresh install's pipeline starts with (v1's open statuses, probabilities rising). */
export const DEFAULT_STAGES = [
  { name: "New", defaultProbability: 10, status: "new" },
  { name: "Contacted", defaultProbability: 20, status: "contacted" },
  { name: "Qualified", defaultProbability: 40, status: "qualified" },
  { name: "Proposal", defaultProbability: 60, status: "proposal" },
  { name: "Negotiation", defaultProbability: 80, status: "negotiation" },
] as const;
export const DEFAULT_PIPELINE_NAME = "Sales";

const toStage = (s: StageRow): StageInfo => ({
  id: s.id,
  name: s.name,
  orderIndex: s.orderIndex,
  defaultProbability: s.defaultProbability,
  status: s.status,
});

/** The live stages of `pipelineId`, in board order. */
export async function stagesOf(tx: Tx, pipelineId: string): Promise<StageRow[]> {
  return tx
    .select()
    .from(pipelineStageTable)
    .where(and(eq(pipelineStageTable.pipelineId, pipelineId), live(pipelineStageTable)))
    .orderBy(asc(pipelineStageTable.orderIndex));
}

export async function pipelineInfo(tx: Tx, p: PipelineRow): Promise<PipelineInfo> {
  return {
    id: p.id,
    name: p.name,
    isDefault: p.isDefault,
    stages: (await stagesOf(tx, p.id)).map(toStage),
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * The default pipeline, made on first use when there is none: the oldest live pipeline is promoted,
 * or a "Sales" pipeline with the default stages is created. An advisory lock makes concurrent first
 * uses make one. So a fresh install has a usable board without the demo seed.
 */
export async function ensureDefault(tx: Transaction): Promise<PipelineRow> {
  const find = async () =>
    (
      await tx
        .select()
        .from(pipelineTable)
        .where(and(eq(pipelineTable.isDefault, true), live(pipelineTable)))
    )[0];
  const found = await find();
  if (found) return found;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('crm_pipeline_default'))`);
  const raced = await find();
  if (raced) return raced;
  const [oldest] = await tx
    .select()
    .from(pipelineTable)
    .where(live(pipelineTable))
    .orderBy(asc(pipelineTable.createdAt))
    .limit(1);
  if (oldest) {
    const [promoted] = await tx
      .update(pipelineTable)
      .set({ isDefault: true })
      .where(eq(pipelineTable.id, oldest.id))
      .returning();
    return promoted ?? oldest;
  }
  const [created] = await tx.insert(pipelineTable).values({ name: DEFAULT_PIPELINE_NAME, isDefault: true }).returning();
  if (!created) throw new AppError("internal", "The default pipeline was not stored");
  await tx
    .insert(pipelineStageTable)
    .values(DEFAULT_STAGES.map((s, i) => ({ ...s, pipelineId: created.id, orderIndex: i })));
  await Audit.record({ action: "pipeline.created", entityType: "pipeline", entityId: created.id });
  return created;
}

/** The live pipeline `id`, or the default one; refuses a missing one naming `path`. */
export async function pipelineOf(tx: Transaction, pipelineId: string | null | undefined, path = "pipelineId") {
  if (!pipelineId) return ensureDefault(tx);
  const [row] = await tx
    .select()
    .from(pipelineTable)
    .where(and(eq(pipelineTable.id, pipelineId), live(pipelineTable)));
  if (!row) throw new AppError("validation", `${path}: does not exist`, [{ path, message: "does not exist" }]);
  return row;
}

/** Every live pipeline, the default first, each with its stages (crm:lead:read). */
export const list = fn(z.object({}).optional(), async (): Promise<PipelineInfo[]> => {
  requirePermission("crm:lead:read");
  return createTransaction(async (tx) => {
    await ensureDefault(tx);
    const rows = await tx
      .select()
      .from(pipelineTable)
      .where(live(pipelineTable))
      .orderBy(sql`${pipelineTable.isDefault} desc`, asc(pipelineTable.name));
    const out: PipelineInfo[] = [];
    for (const p of rows) out.push(await pipelineInfo(tx, p));
    return out;
  });
});

export const get = fn(id(), async (pipelineId): Promise<PipelineInfo> => {
  requirePermission("crm:lead:read");
  return useTransaction(async (tx) => pipelineInfo(tx, await liveRow(tx, pipelineTable, "Pipeline", pipelineId)));
});

const StageInput = z.object({
  /** An existing stage of this pipeline; absent: a new stage. */
  id: id().optional(),
  name: text(80),
  defaultProbability: int(0, 100).default(50),
  status: z.enum(openLeadStatuses).nullish(),
});

const StagesInput = z
  .array(StageInput)
  .min(1, "a pipeline needs at least one stage")
  .max(20)
  .refine((stages) => new Set(stages.map((s) => s.name.toLowerCase())).size === stages.length, {
    message: "stage names must differ",
  });

/**
 * Replaces a pipeline's stages with `stages`, in that order: named ids are renamed and reordered,
 * new entries are added, stages left out are removed (refused while open leads sit in them).
 */
async function writeStages(tx: Transaction, pipelineId: string, stages: z.output<typeof StagesInput>) {
  const current = await stagesOf(tx, pipelineId);
  const known = new Set(current.map((s) => s.id));
  for (const [i, s] of stages.entries()) {
    if (s.id && !known.has(s.id)) {
      throw new AppError("validation", `stages.${i}.id: is not a stage of this pipeline`, [
        { path: `stages.${i}.id`, message: "is not a stage of this pipeline" },
      ]);
    }
  }
  const kept = new Set(stages.map((s) => s.id).filter(Boolean));
  const dropped = current.filter((s) => !kept.has(s.id));
  if (dropped.length > 0) {
    const [busy] = await tx
      .select({ stageId: leadTable.stageId, n: count() })
      .from(leadTable)
      .where(
        and(
          inArray(
            leadTable.stageId,
            dropped.map((s) => s.id),
          ),
          live(leadTable),
          notInArray(leadTable.status, ["won", "lost"]),
        ),
      )
      .groupBy(leadTable.stageId)
      .limit(1);
    if (busy) {
      const name = dropped.find((s) => s.id === busy.stageId)?.name ?? busy.stageId;
      throw new AppError("conflict", `Stage "${name}" still holds ${busy.n} open lead(s): move them first`, [
        { path: "stages", message: "a removed stage still holds open leads" },
      ]);
    }
    await softRemove(
      tx,
      pipelineStageTable,
      inArray(
        pipelineStageTable.id,
        dropped.map((s) => s.id),
      ),
    );
  }
  // Order indexes are unique per pipeline: park the kept stages below zero, then write the new order.
  await tx
    .update(pipelineStageTable)
    .set({ orderIndex: sql`-1 - ${pipelineStageTable.orderIndex}` })
    .where(and(eq(pipelineStageTable.pipelineId, pipelineId), live(pipelineStageTable)));
  for (const [i, s] of stages.entries()) {
    const values = { name: s.name, defaultProbability: s.defaultProbability, status: s.status ?? null, orderIndex: i };
    if (s.id) await tx.update(pipelineStageTable).set(values).where(eq(pipelineStageTable.id, s.id));
    else await tx.insert(pipelineStageTable).values({ ...values, pipelineId });
  }
}

/** Makes `pipelineId` the one default pipeline. */
async function makeDefault(tx: Transaction, pipelineId: string) {
  await tx
    .update(pipelineTable)
    .set({ isDefault: false })
    .where(and(eq(pipelineTable.isDefault, true), ne(pipelineTable.id, pipelineId)));
  await tx.update(pipelineTable).set({ isDefault: true }).where(eq(pipelineTable.id, pipelineId));
}

/** A new pipeline with its ordered stages (crm:pipeline:write); `isDefault` takes the default from the old one. */
export const create = fn(
  /** Without `stages`, the pipeline starts with the default ones (New … Negotiation). */
  z.object({ name: text(80), isDefault: z.boolean().default(false), stages: StagesInput.optional() }),
  async (input): Promise<PipelineInfo> => {
    requirePermission("crm:pipeline:write");
    return createTransaction(async (tx) => {
      const [row] = await tx.insert(pipelineTable).values({ name: input.name }).returning();
      if (!row) throw new AppError("internal", "The pipeline was not stored");
      const stages = input.stages?.map(({ id: _, ...s }) => s) ?? DEFAULT_STAGES.map((s) => ({ ...s }));
      await writeStages(tx, row.id, stages);
      if (input.isDefault) await makeDefault(tx, row.id);
      await Audit.record({
        action: "pipeline.created",
        entityType: "pipeline",
        entityId: row.id,
        changes: { name: { to: row.name }, stages: { to: stages.map((s) => s.name) } },
      });
      return pipelineInfo(tx, await liveRow(tx, pipelineTable, "Pipeline", row.id));
    });
  },
);

/** Renames a pipeline, makes it the default, and/or replaces its stages in order (crm:pipeline:write). */
export const update = fn(
  z.object({
    id: id(),
    name: text(80).optional(),
    isDefault: z.literal(true).optional(),
    stages: StagesInput.optional(),
  }),
  async (input): Promise<PipelineInfo> => {
    requirePermission("crm:pipeline:write");
    return createTransaction(async (tx) => {
      const before = await liveRow(tx, pipelineTable, "Pipeline", input.id, true);
      if (input.name && input.name !== before.name) {
        await tx.update(pipelineTable).set({ name: input.name }).where(eq(pipelineTable.id, input.id));
      }
      if (input.isDefault && !before.isDefault) await makeDefault(tx, input.id);
      if (input.stages) {
        const from = (await stagesOf(tx, input.id)).map((s) => s.name);
        await writeStages(tx, input.id, input.stages);
        await Audit.record({
          action: "pipeline.stages_saved",
          entityType: "pipeline",
          entityId: input.id,
          changes: { stages: { from, to: input.stages.map((s) => s.name) } },
        });
      }
      const after = await liveRow(tx, pipelineTable, "Pipeline", input.id);
      const changes = Audit.diff(before, after, ["name", "isDefault"]);
      if (Object.keys(changes).length > 0) {
        await Audit.record({ action: "pipeline.updated", entityType: "pipeline", entityId: input.id, changes });
      }
      return pipelineInfo(tx, after);
    });
  },
);

/** Removes a pipeline: never the default, never one holding open leads (crm:pipeline:write). */
export const remove = fn(id(), async (pipelineId): Promise<void> => {
  requirePermission("crm:pipeline:write");
  await createTransaction(async (tx) => {
    const row = await liveRow(tx, pipelineTable, "Pipeline", pipelineId, true);
    if (row.isDefault) {
      throw new AppError("conflict", `"${row.name}" is the default pipeline: make another one the default first`);
    }
    const [open] = await tx
      .select({ n: count() })
      .from(leadTable)
      .where(and(eq(leadTable.pipelineId, pipelineId), live(leadTable), notInArray(leadTable.status, ["won", "lost"])));
    if (open && open.n > 0) {
      throw new AppError(
        "conflict",
        `"${row.name}" still holds ${open.n} open lead(s): move them to another pipeline first`,
      );
    }
    await softRemove(tx, pipelineTable, eq(pipelineTable.id, pipelineId));
    await softRemove(tx, pipelineStageTable, eq(pipelineStageTable.pipelineId, pipelineId));
    await Audit.record({ action: "pipeline.deleted", entityType: "pipeline", entityId: pipelineId });
  });
});
