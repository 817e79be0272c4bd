import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { personTable } from "../person/person.sql";
import { type CsvCell, csvStream } from "../platform/csv";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instantText, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { projectClockTable } from "./clock.sql";
import { loadGraph, scheduleOrRefuse } from "./plan";
import {
  projectStatuses,
  projectTable,
  projectTaskAssigneeTable,
  projectTaskTable,
  projectTypes,
  taskStatuses,
} from "./project.sql";
import { dateOf } from "./schedule";
import { DependencyInfo, Info, infoOf, infosOf, projectRow, TaskInfo, taskInfos } from "./shared";

export const ListFilters = z.object({
  status: z.enum(projectStatuses).optional(),
  projectType: z.enum(projectTypes).optional(),
  managerId: id().optional(),
  personId: id().optional(),
  region: text(100).optional(),
  /** `attention`: the project's clock or one of its tasks' is at risk or breached. */
  sla: z.enum(["attention"]).optional(),
  /** Matches the number, the name or the customer's name. */
  q: text(100).optional(),
  cursor: cursor().optional(),
  limit: pageLimit(),
});

/** Newest first, on (created_at, id). */
const byCreated = keyset({
  columns: [projectTable.createdAt, projectTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

const c = projectClockTable;
/** A clock breached (or running past its deadline before the scan caught up) or past its warning instant. */
const attention = sql`exists (select 1 from ${c} where ${c.projectId} = ${projectTable.id}
  and (${c.state} = 'breached' or (${c.state} = 'running' and ${c.warningAt} <= now())))`;

function where(f: z.output<typeof ListFilters>): SQL | undefined {
  return and(
    live(projectTable),
    f.status ? eq(projectTable.status, f.status) : undefined,
    f.projectType ? eq(projectTable.projectType, f.projectType) : undefined,
    f.managerId ? eq(projectTable.managerId, f.managerId) : undefined,
    f.personId ? eq(projectTable.personId, f.personId) : undefined,
    f.region ? eq(projectTable.region, f.region) : undefined,
    f.sla ? attention : undefined,
    f.q
      ? or(
          ilike(projectTable.number, containsPattern(f.q)),
          ilike(projectTable.name, containsPattern(f.q)),
          ilike(personTable.displayName, containsPattern(f.q)),
        )
      : undefined,
  );
}

async function page(f: z.output<typeof ListFilters>) {
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ row: projectTable, createdText: microseconds(projectTable.createdAt) })
      .from(projectTable)
      .leftJoin(personTable, eq(personTable.id, projectTable.personId))
      .where(and(where(f), byCreated.after(f.cursor)))
      .orderBy(...byCreated.orderBy)
      .limit(byCreated.take(f.limit));
    const p = byCreated.page(rows, f.limit, (r) => [r.createdText, r.row.id]);
    return {
      items: await infosOf(
        tx,
        p.items.map((r) => r.row),
      ),
      nextCursor: p.nextCursor,
    };
  });
}

/** Projects, newest first, filtered; keyset pages (`nextCursor` null on the last). */
export const list = fn(ListFilters, async (f): Promise<{ items: Info[]; nextCursor: string | null }> => {
  requirePermission("project:read");
  return page(f);
});

export const ScheduledTaskInfo = TaskInfo.extend({
  /** Days the task can slip without moving the project's end. */
  slackDays: z.number().int(),
  critical: z.boolean(),
});

export const Detail = z.object({
  project: Info,
  tasks: z.array(ScheduledTaskInfo),
  dependencies: z.array(DependencyInfo),
  /** Critical task ids in order. */
  criticalPath: z.array(z.uuid()),
  /** The day after the last task ends (exclusive), by the schedule. */
  plannedEnd: z.iso.date(),
});
export type Detail = z.infer<typeof Detail>;

/** A project with its scheduled tasks, dependencies and critical path (the Gantt and kanban read this). */
export const get = fn(z.object({ id: id() }), async ({ id }): Promise<Detail> => {
  requirePermission("project:read");
  return useTransaction(async (tx) => {
    const row = await projectRow(tx, id);
    const graph = await loadGraph(tx, id);
    const plan = scheduleOrRefuse(graph, row.startAt, new Map(graph.rows.map((r) => [r.id, r.title])));
    const ordered = [...graph.rows].sort((a, b) => a.sortOrder - b.sortOrder || a.startAt.localeCompare(b.startAt));
    const infos = await taskInfos(tx, ordered);
    return {
      project: await infoOf(tx, row),
      tasks: infos.map((t) => {
        const s = plan.tasks.get(t.id);
        return { ...t, slackDays: s?.slack ?? 0, critical: s?.critical ?? false };
      }),
      dependencies: graph.deps.map((d) => ({
        id: d.id,
        predecessorId: d.predecessorId,
        successorId: d.successorId,
        type: d.type,
        lagDays: d.lag,
      })),
      criticalPath: plan.criticalPath,
      plannedEnd: dateOf(plan.end),
    };
  });
});

/** The task board: tasks of the projects in `projectId` (or all open projects' tasks assigned to `userId`). */
export const tasks = fn(
  z.object({
    projectId: id().optional(),
    assigneeId: id().optional(),
    status: z.enum(taskStatuses).optional(),
    limit: pageLimit(500, 200),
  }),
  async (f): Promise<TaskInfo[]> => {
    requirePermission("project:task:read");
    return useTransaction(async (tx) => {
      const rows = await tx
        .select({ row: projectTaskTable })
        .from(projectTaskTable)
        .innerJoin(projectTable, and(eq(projectTable.id, projectTaskTable.projectId), live(projectTable)))
        .where(
          and(
            live(projectTaskTable),
            f.projectId ? eq(projectTaskTable.projectId, f.projectId) : undefined,
            f.status ? eq(projectTaskTable.status, f.status) : undefined,
            f.assigneeId
              ? inArray(
                  projectTaskTable.id,
                  tx
                    .select({ id: projectTaskAssigneeTable.taskId })
                    .from(projectTaskAssigneeTable)
                    .where(eq(projectTaskAssigneeTable.userId, f.assigneeId)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(projectTaskTable.startAt), asc(projectTaskTable.sortOrder))
        .limit(f.limit);
      return taskInfos(
        tx,
        rows.map((r) => r.row),
      );
    });
  },
);

const EXPORT_PAGE = 200;

/** The filtered project list as CSV (cells through platform/csv, so no formula injection). */
export const exportCsv = fn(ListFilters.omit({ cursor: true, limit: true }), (f) => {
  requirePermission("project:read");
  async function* rows(): AsyncGenerator<CsvCell[]> {
    let next: string | undefined;
    do {
      const result = await page({ ...f, limit: EXPORT_PAGE, cursor: next });
      for (const p of result.items) {
        yield [
          p.number,
          p.name,
          p.projectType,
          p.status,
          p.customerName,
          p.managerName,
          p.region,
          p.startAt,
          p.dueAt,
          p.progress.done,
          p.progress.total,
        ];
      }
      next = result.nextCursor ?? undefined;
    } while (next);
  }
  return csvStream(
    ["number", "name", "type", "status", "customer", "manager", "region", "start", "due", "tasks_done", "tasks_total"],
    rows(),
  );
});

/** One project's tasks as CSV: the plan a PM shares (dates inclusive: the last day worked). */
export const exportTasksCsv = fn(z.object({ id: id() }), async ({ id }) => {
  const detail = await get({ id });
  async function* rows(): AsyncGenerator<CsvCell[]> {
    for (const t of detail.tasks) {
      const last = t.durationDays === 0 ? t.startAt : dateOf(Math.round(Date.parse(t.endAt) / 86_400_000) - 1);
      yield [
        detail.project.number,
        t.title,
        t.status,
        t.isStage,
        t.startAt,
        last,
        t.durationDays,
        t.effortHours,
        t.assignees.map((a) => a.name).join("; "),
        t.critical,
        t.slackDays,
      ];
    }
  }
  return csvStream(
    [
      "project",
      "task",
      "status",
      "stage",
      "start",
      "finish",
      "days",
      "effort_hours",
      "assignees",
      "critical",
      "slack_days",
    ],
    rows(),
  );
});
