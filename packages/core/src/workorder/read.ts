import { and, eq, gte, ilike, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instant, instantText, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { type AttachmentInfo, attachmentsOf, type NoteInfo, notesOf } from "./notes";
import { actingUserId, type Info, infos, reach, reachableJob, reachWhere, seesInternal } from "./shared";
import { type CompletionInfo, completionOf, type EventInfo, eventInfos, foldJob } from "./status";
import {
  workOrderAssignmentTable,
  workOrderPriorities,
  workOrderStatuses,
  workOrderTable,
  workOrderTypes,
} from "./workorder.sql";

const byCreated = keyset({
  columns: [workOrderTable.createdAt, workOrderTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});
const createdText = microseconds(workOrderTable.createdAt);

/** One value or several (repeated keys, or comma-separated). */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z.array(z.enum(values)).max(values.length),
  );

export const ListFilters = z.object({
  status: many(workOrderStatuses).optional(),
  workType: many(workOrderTypes).optional(),
  priority: many(workOrderPriorities).optional(),
  /** `me`, a user's id (primary or member), or `none` for unassigned jobs. */
  assignee: z.union([z.literal("me"), z.literal("none"), id()]).optional(),
  /** Scheduled at or after (ISO 8601). */
  from: instant().optional(),
  /** Scheduled before (ISO 8601). */
  to: instant().optional(),
  /** `true`: jobs with no scheduled start (the dispatch queue). */
  unscheduled: z.union([z.boolean(), z.stringbool()]).optional(),
  ticketId: id().optional(),
  subscriberId: id().optional(),
  /** Matches the number, title or access notes, case-insensitively. */
  q: text(200).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(200, 50),
});

/**
 * Jobs the caller reaches (dispatchers every job; technicians and crews their own), newest first, in
 * keyset pages; `nextCursor` is null on the last page.
 */
export const list = fn(ListFilters, async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
  const r = reach("operations:work_order:read", "field:job:read");
  const w = workOrderTable;
  const where: (SQL | undefined)[] = [
    live(w),
    reachWhere(r),
    input.status?.length ? inArray(w.status, input.status) : undefined,
    input.workType?.length ? inArray(w.workType, input.workType) : undefined,
    input.priority?.length ? inArray(w.priority, input.priority) : undefined,
    input.from ? gte(w.scheduledStart, input.from) : undefined,
    input.to ? lt(w.scheduledStart, input.to) : undefined,
    input.unscheduled === true ? isNull(w.scheduledStart) : undefined,
    input.unscheduled === false ? sql`${w.scheduledStart} is not null` : undefined,
    input.ticketId ? eq(w.ticketId, input.ticketId) : undefined,
    input.subscriberId ? eq(w.subscriberId, input.subscriberId) : undefined,
    byCreated.after(input.cursor),
  ];
  if (input.q) {
    const pattern = containsPattern(input.q);
    where.push(or(ilike(w.number, pattern), ilike(w.title, pattern), ilike(w.accessNotes, pattern)));
  }
  if (input.assignee === "none") where.push(isNull(w.primaryAssigneeId));
  else if (input.assignee) {
    const userId =
      input.assignee === "me" ? (actingUserId() ?? "00000000-0000-0000-0000-000000000000") : input.assignee;
    const member = sql`${w.id} = any(array(select ${workOrderAssignmentTable.workOrderId} from ${workOrderAssignmentTable} where ${workOrderAssignmentTable.userId} = ${userId}))`;
    where.push(or(eq(w.primaryAssigneeId, userId), member));
  }
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ row: w, createdText })
      .from(w)
      .where(and(...where))
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

export type Detail = Info & {
  notes: NoteInfo[];
  events: EventInfo[];
  attachments: AttachmentInfo[];
  completion: CompletionInfo;
};

/** One job with its notes, its log (each entry applied or ignored), attachments and completion state. */
export const get = fn(id(), async (id): Promise<Detail> => {
  const r = reach("operations:work_order:read", "field:job:read");
  return useTransaction(async (tx) => {
    const row = await reachableJob(tx, r, id);
    const [[info], notes, attachments, folded] = await Promise.all([
      infos(tx, [row]),
      notesOf(tx, id, seesInternal(r)),
      attachmentsOf(tx, id),
      foldJob(tx, row),
    ]);
    return {
      ...(info as Info),
      notes,
      events: eventInfos(folded.log, folded.state.outcomes),
      attachments,
      completion: await completionOf(tx, id, folded.evidence),
    };
  });
});
