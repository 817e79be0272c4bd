import { and, asc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, liveRow, softRemove } from "../platform/soft-delete";
import { Events } from "./events";
import { type PipelineInfo, pipelineInfo, stagesOf } from "./pipeline";
import { leadTable, pipelineStageTable, pipelineTable } from "./sales.sql";

const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);

/**
 * Archives a stage of a pipeline (crm:pipeline:write). A stage holding open leads is refused (409,
 * naming how many) unless `moveToStageId` names another stage of the pipeline: its open leads move
 * there first, taking that stage's probability and status as a board move does. Won and lost leads
 * keep the archived stage in their history.
 */
export const archiveStage = fn(
  z.object({ pipelineId: id(), stageId: id(), moveToStageId: id().nullish() }),
  async (input): Promise<PipelineInfo> => {
    requirePermission("crm:pipeline:write");
    return createTransaction(async (tx) => {
      // The pipeline's row lock serialises this with a stage list save (Pipeline.update takes it too).
      const pipeline = await liveRow(tx, pipelineTable, "Pipeline", input.pipelineId, true);
      const stages = await stagesOf(tx, pipeline.id);
      const stage = stages.find((s) => s.id === input.stageId);
      if (!stage) throw new AppError("not_found", `Stage ${input.stageId} is not a stage of "${pipeline.name}"`);
      if (stages.length === 1) {
        throw new AppError("conflict", `"${stage.name}" is the last stage of "${pipeline.name}": add another first`);
      }
      const target = input.moveToStageId ? stages.find((s) => s.id === input.moveToStageId) : undefined;
      if (input.moveToStageId && (!target || target.id === stage.id)) {
        throw invalid("moveToStageId", "must be another stage of the same pipeline");
      }
      const open = await tx
        .select()
        .from(leadTable)
        .where(and(eq(leadTable.stageId, stage.id), live(leadTable), sql`${leadTable.status} not in ('won', 'lost')`))
        .orderBy(asc(leadTable.rank), asc(leadTable.id))
        .for("update");
      if (open.length > 0 && !target) {
        const message = `${open.length} open lead(s) must move to another stage first`;
        throw new AppError(
          "conflict",
          `Stage "${stage.name}" still holds ${open.length} open lead(s): choose a stage to move them to`,
          [{ path: "moveToStageId", message }],
        );
      }
      if (target && open.length > 0) {
        const moved = await tx
          .update(leadTable)
          .set({
            stageId: target.id,
            probability: target.defaultProbability,
            status: target.status ? target.status : sql`${leadTable.status}`,
          })
          .where(
            inArray(
              leadTable.id,
              open.map((l) => l.id),
            ),
          )
          .returning();
        const before = new Map(open.map((l) => [l.id, l]));
        for (const after of moved) {
          await emit(Events.StageChanged, {
            leadId: after.id,
            pipelineId: after.pipelineId,
            fromStageId: stage.id,
            toStageId: target.id,
          });
          await Audit.record({
            action: "lead.moved",
            entityType: "lead",
            entityId: after.id,
            changes: Audit.diff(before.get(after.id) ?? null, after, ["stageId", "status", "probability"]),
          });
        }
      }
      await softRemove(tx, pipelineStageTable, eq(pipelineStageTable.id, stage.id));
      await Audit.record({
        action: "pipeline.stage_archived",
        entityType: "pipeline",
        entityId: pipeline.id,
        changes: {
          stage: { from: stage.name },
          ...(target ? { movedTo: { to: target.name }, movedLeads: { to: open.length } } : {}),
        },
      });
      return pipelineInfo(tx, pipeline);
    });
  },
);
