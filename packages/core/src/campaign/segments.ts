import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { liveRow, softRemove } from "../platform/soft-delete";
import { campaignTable, segmentTable } from "./campaign.sql";
import { type SegmentInfo, segmentInfo } from "./campaigns";
import { SegmentFilter } from "./shared";

/** Campaigns that still read their segment: a draft (when saved), a scheduled or a sending one. */
const inUse = ["draft", "scheduled", "sending"] as const;

/**
 * Renames a segment or changes its filter (crm:campaign:write). A scheduled campaign takes its
 * recipients when it starts, so the change reaches campaigns that have not started yet; audited.
 */
export const updateSegment = fn(
  z.object({ id: id(), name: text(200, { min: 1 }), filter: SegmentFilter }),
  async (input): Promise<SegmentInfo> => {
    requirePermission("crm:campaign:write");
    return createTransaction(async (tx) => {
      const before = await liveRow(tx, segmentTable, "Segment", input.id, true);
      const [clash] = await tx
        .select({ id: segmentTable.id })
        .from(segmentTable)
        .where(
          and(
            eq(segmentTable.name, input.name),
            ne(segmentTable.id, before.id),
            sql`${segmentTable.deletedAt} is null`,
          ),
        );
      if (clash) {
        throw new AppError("conflict", `A segment named "${input.name}" exists already; pick another name`, [
          { path: "name", message: "already used" },
        ]);
      }
      const [row] = await tx
        .update(segmentTable)
        .set({ name: input.name, filter: input.filter })
        .where(eq(segmentTable.id, before.id))
        .returning();
      await Audit.record({
        action: "segment.updated",
        entityType: "segment",
        entityId: before.id,
        changes: Audit.diff(before, row as typeof before, ["name", "filter"]),
      });
      return segmentInfo(row as typeof before);
    });
  },
);

/**
 * Deletes a segment (soft). One that a draft, scheduled or sending campaign uses is 409 naming the
 * campaign: cancel it or move it to another segment first. Deleting again is 404.
 */
export const removeSegment = fn(id(), async (segmentId): Promise<void> => {
  requirePermission("crm:campaign:write");
  await createTransaction(async (tx) => {
    const row = await liveRow(tx, segmentTable, "Segment", segmentId, true);
    const users = await tx
      .select({ name: campaignTable.name, status: campaignTable.status })
      .from(campaignTable)
      .where(
        and(
          eq(campaignTable.segmentId, row.id),
          inArray(campaignTable.status, [...inUse]),
          sql`${campaignTable.deletedAt} is null`,
        ),
      )
      .orderBy(asc(campaignTable.createdAt))
      .limit(3);
    const [first] = users;
    if (first) {
      throw new AppError(
        "conflict",
        `Segment "${row.name}" is used by the ${first.status} campaign "${first.name}"${users.length > 1 ? " and others" : ""}; cancel it or give it another segment first`,
        [{ path: "id", message: "in use by a campaign" }],
      );
    }
    await softRemove(tx, segmentTable, eq(segmentTable.id, row.id));
    await Audit.record({
      action: "segment.deleted",
      entityType: "segment",
      entityId: row.id,
      changes: { name: { from: row.name } },
    });
  });
});
