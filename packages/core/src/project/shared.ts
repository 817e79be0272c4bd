import { and, asc, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { useActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { live } from "../platform/soft-delete";
import {
  dependencyTypes,
  projectPriorities,
  projectStatuses,
  projectTable,
  projectTaskAssigneeTable,
  projectTaskTable,
  projectTypes,
  taskStatuses,
} from "./project.sql";

export type ProjectRow = typeof projectTable.$inferSelect;
export type TaskRow = typeof projectTaskTable.$inferSelect;

const day = z.iso.date();
const at = z.iso.datetime().nullable();

/** A project as the API reads it. */
export const Info = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  projectType: z.enum(projectTypes),
  templateId: z.uuid().nullable(),
  status: z.enum(projectStatuses),
  priority: z.enum(projectPriorities),
  personId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  subscriberId: z.uuid().nullable(),
  leadId: z.uuid().nullable(),
  quoteId: z.uuid().nullable(),
  salesOrderId: z.uuid().nullable(),
  managerId: z.uuid().nullable(),
  managerName: z.string().nullable(),
  teamId: z.uuid().nullable(),
  region: z.string().nullable(),
  customerAddress: z.string().nullable(),
  startAt: day,
  dueAt: day,
  completedAt: at,
  canceledAt: at,
  createdAt: z.iso.datetime(),
  /** Tasks done of tasks not canceled. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type Info = z.infer<typeof Info>;

export const AssigneeInfo = z.object({ userId: z.uuid(), name: z.string() });

export const TaskInfo = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  key: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(taskStatuses),
  priority: z.enum(projectPriorities),
  isStage: z.boolean(),
  sortOrder: z.number().int(),
  durationDays: z.number().int(),
  effortHours: z.number().int(),
  pinnedStart: day.nullable(),
  startAt: day,
  /** Exclusive: the day after the task's last day. */
  endAt: day,
  ticketId: z.uuid().nullable(),
  completedAt: at,
  assignees: z.array(AssigneeInfo),
});
export type TaskInfo = z.infer<typeof TaskInfo>;

export const DependencyInfo = z.object({
  id: z.uuid(),
  predecessorId: z.uuid(),
  successorId: z.uuid(),
  type: z.enum(dependencyTypes),
  lagDays: z.number().int(),
});
export type DependencyInfo = z.infer<typeof DependencyInfo>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The acting staff user's id, or null for jobs and keys. */
export function actingUserId(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

/** Project rows as Info, with customer and manager names and task progress, in two queries. */
export async function infosOf(tx: Tx, rows: ProjectRow[]): Promise<Info[]> {
  if (rows.length === 0) return [];
  const personIds = rows.flatMap((r) => (r.personId ? [r.personId] : []));
  const managerIds = rows.flatMap((r) => (r.managerId ? [r.managerId] : []));
  const [people, managers, tasks] = await Promise.all([
    personIds.length
      ? tx
          .select({ id: personTable.id, name: personTable.displayName })
          .from(personTable)
          .where(inArray(personTable.id, personIds))
      : [],
    managerIds.length
      ? tx
          .select({ id: userTable.id, name: userTable.displayName })
          .from(userTable)
          .where(inArray(userTable.id, managerIds))
      : [],
    tx
      .select({ projectId: projectTaskTable.projectId, status: projectTaskTable.status })
      .from(projectTaskTable)
      .where(
        and(
          inArray(
            projectTaskTable.projectId,
            rows.map((r) => r.id),
          ),
          live(projectTaskTable),
        ),
      ),
  ]);
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const managerName = new Map(managers.map((m) => [m.id, m.name]));
  const progress = new Map<string, { done: number; total: number }>();
  for (const t of tasks) {
    if (t.status === "canceled") continue;
    const p = progress.get(t.projectId) ?? { done: 0, total: 0 };
    p.total++;
    if (t.status === "done") p.done++;
    progress.set(t.projectId, p);
  }
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    description: r.description,
    projectType: r.projectType,
    templateId: r.templateId,
    status: r.status,
    priority: r.priority,
    personId: r.personId,
    customerName: r.personId ? (personName.get(r.personId) ?? null) : null,
    subscriberId: r.subscriberId,
    leadId: r.leadId,
    quoteId: r.quoteId,
    salesOrderId: r.salesOrderId,
    managerId: r.managerId,
    managerName: r.managerId ? (managerName.get(r.managerId) ?? null) : null,
    teamId: r.teamId,
    region: r.region,
    customerAddress: r.customerAddress,
    startAt: r.startAt,
    dueAt: r.dueAt,
    completedAt: iso(r.completedAt),
    canceledAt: iso(r.canceledAt),
    createdAt: r.createdAt.toISOString(),
    progress: progress.get(r.id) ?? { done: 0, total: 0 },
  }));
}

export async function infoOf(tx: Tx, row: ProjectRow): Promise<Info> {
  return (await infosOf(tx, [row]))[0] as Info;
}

/** Task rows as TaskInfo with their assignees' names. */
export async function taskInfos(tx: Tx, rows: TaskRow[]): Promise<TaskInfo[]> {
  if (rows.length === 0) return [];
  const assignees = await tx
    .select({ taskId: projectTaskAssigneeTable.taskId, userId: userTable.id, name: userTable.displayName })
    .from(projectTaskAssigneeTable)
    .innerJoin(userTable, eq(userTable.id, projectTaskAssigneeTable.userId))
    .where(
      inArray(
        projectTaskAssigneeTable.taskId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(userTable.displayName));
  const byTask = new Map<string, { userId: string; name: string }[]>();
  for (const a of assignees) {
    const list = byTask.get(a.taskId) ?? [];
    list.push({ userId: a.userId, name: a.name });
    byTask.set(a.taskId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    projectId: r.projectId,
    key: r.key,
    title: r.title,
    description: r.description,
    status: r.status,
    priority: r.priority,
    isStage: r.isStage,
    sortOrder: r.sortOrder,
    durationDays: r.durationDays,
    effortHours: r.effortHours,
    pinnedStart: r.pinnedStart,
    startAt: r.startAt,
    endAt: r.endAt,
    ticketId: r.ticketId,
    completedAt: iso(r.completedAt),
    assignees: byTask.get(r.id) ?? [],
  }));
}

/** The live project (locked when `lock`), or not_found. */
export async function projectRow(tx: Tx, id: string, lock = false): Promise<ProjectRow> {
  const q = tx
    .select()
    .from(projectTable)
    .where(and(eq(projectTable.id, id), live(projectTable)));
  const [row] = await (lock ? q.for("update") : q);
  if (!row) throw new AppError("not_found", `Project ${id} does not exist`);
  return row;
}

/** The live task (locked when `lock`), or not_found. */
export async function taskRow(tx: Tx, id: string, lock = false): Promise<TaskRow> {
  const q = tx
    .select()
    .from(projectTaskTable)
    .where(and(eq(projectTaskTable.id, id), live(projectTaskTable)));
  const [row] = await (lock ? q.for("update") : q);
  if (!row) throw new AppError("not_found", `Task ${id} does not exist`);
  return row;
}

export const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);
