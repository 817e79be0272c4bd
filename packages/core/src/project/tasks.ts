import { and, eq, inArray, max, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, id, int, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, softRemove } from "../platform/soft-delete";
import { ticketTable } from "../ticket/ticket.sql";
import { logStatus, markProjectDue } from "./clock";
import { Events } from "./events";
import { cycleConflict, loadGraph, replanFrom } from "./plan";
import {
  dependencyTypes,
  projectPriorities,
  projectTable,
  projectTaskAssigneeTable,
  projectTaskDependencyTable,
  projectTaskTable,
  taskStatuses,
} from "./project.sql";
import { CycleError, dateOf, dayOf, findCycle } from "./schedule";
import {
  actingUserId,
  type DependencyInfo,
  invalid,
  type ProjectRow,
  projectRow,
  type TaskInfo,
  type TaskRow,
  taskInfos,
  taskRow,
} from "./shared";
import type { TaskStatus } from "./values";

/** Which status a task may move to from each (v1's defaults): done and canceled reopen. */
export const taskTransitions: Record<TaskStatus, readonly TaskStatus[]> = {
  backlog: ["todo", "in_progress", "canceled"],
  todo: ["backlog", "in_progress", "blocked", "done", "canceled"],
  in_progress: ["todo", "blocked", "done", "canceled"],
  blocked: ["todo", "in_progress", "canceled"],
  done: ["in_progress", "todo"],
  canceled: ["backlog", "todo"],
};

const closed = (p: ProjectRow) => p.status === "completed" || p.status === "canceled";

function assertOpen(p: ProjectRow) {
  if (closed(p)) {
    throw new AppError("conflict", `Project ${p.number} is ${p.status}: reopen it to change its tasks`, [], {
      reason: { key: "project_closed" },
    });
  }
}

async function assertTicket(tx: Transaction, ticketId: string | null | undefined) {
  if (!ticketId) return;
  const [row] = await tx
    .select({ id: ticketTable.id })
    .from(ticketTable)
    .where(and(eq(ticketTable.id, ticketId), live(ticketTable)));
  if (!row) throw invalid("ticketId", "does not exist");
}

const TaskFields = z.object({
  title: text(300),
  description: text(20_000, { min: 0 }).nullish(),
  priority: z.enum(projectPriorities),
  isStage: z.boolean(),
  durationDays: int(0, 3650),
  effortHours: int(0, 100_000),
  /** The day the task may not start before (a planner's drag); null lets it start as early as allowed. */
  pinnedStart: day().nullable(),
  /** A ticket this task answers. */
  ticketId: id().nullable(),
});

/** Adds a task to a project; it is scheduled at once (a new task has no dependencies yet). */
export const createTask = fn(
  TaskFields.partial().extend({
    projectId: id(),
    title: TaskFields.shape.title,
    status: z.enum(taskStatuses).default("todo"),
  }),
  async (input): Promise<TaskInfo> => {
    requirePermission("project:task:write");
    return createTransaction(async (tx) => {
      const project = await projectRow(tx, input.projectId, true);
      assertOpen(project);
      await assertTicket(tx, input.ticketId);
      const [last] = await tx
        .select({ n: max(projectTaskTable.sortOrder) })
        .from(projectTaskTable)
        .where(eq(projectTaskTable.projectId, project.id));
      const duration = input.durationDays ?? 1;
      const start = input.pinnedStart && input.pinnedStart > project.startAt ? input.pinnedStart : project.startAt;
      const [row] = await tx
        .insert(projectTaskTable)
        .values({
          projectId: project.id,
          title: input.title,
          description: input.description ?? null,
          status: input.status,
          priority: input.priority ?? "normal",
          isStage: input.isStage ?? false,
          sortOrder: (last?.n ?? 0) + 10,
          durationDays: duration,
          effortHours: input.effortHours ?? 0,
          pinnedStart: input.pinnedStart ?? null,
          ticketId: input.ticketId ?? null,
          startAt: start,
          endAt: dateOf(dayOf(start) + duration),
          completedAt: input.status === "done" ? new Date() : null,
          createdById: actingUserId(),
        })
        .returning();
      const task = row as TaskRow;
      await logStatus(tx, [{ projectId: project.id, taskId: task.id, from: null, to: task.status }]);
      await Audit.record({
        action: "project.task_created",
        entityType: "project_task",
        entityId: task.id,
        changes: Audit.diff(null, task, ["projectId", "title", "status", "durationDays", "pinnedStart"]),
      });
      return (await taskInfos(tx, [task]))[0] as TaskInfo;
    });
  },
);

/**
 * Changes a task's fields. A new duration or pin (a drag on the Gantt) reschedules the task and
 * everything that depends on it; the answer lists every task that moved.
 */
export const updateTask = fn(
  TaskFields.partial().extend({ id: id() }),
  async ({ id, ...input }): Promise<{ task: TaskInfo; moved: TaskInfo[] }> => {
    requirePermission("project:task:write");
    return createTransaction(async (tx) => {
      const before = await taskRow(tx, id, true);
      const project = await projectRow(tx, before.projectId, true);
      assertOpen(project);
      await assertTicket(tx, input.ticketId);
      const set: Partial<typeof projectTaskTable.$inferInsert> = {};
      for (const [k, v] of Object.entries(input)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
      const changes = Audit.diff(before, { ...before, ...set }, Object.keys(set));
      if (Object.keys(changes).length === 0) return { task: (await taskInfos(tx, [before]))[0] as TaskInfo, moved: [] };
      await tx.update(projectTaskTable).set(set).where(eq(projectTaskTable.id, id));
      let movedIds: string[] = [];
      if (changes.durationDays || changes.pinnedStart) {
        movedIds = await replanFrom(tx, project.id, project.startAt, [id]);
        await emit(Events.TaskRescheduled, { projectId: project.id, taskIds: movedIds });
      }
      await Audit.record({
        action: changes.durationDays || changes.pinnedStart ? "project.task_rescheduled" : "project.task_updated",
        entityType: "project_task",
        entityId: id,
        changes: movedIds.length > 0 ? { ...changes, moved: { to: movedIds } } : changes,
      });
      const rows = await tx
        .select()
        .from(projectTaskTable)
        .where(inArray(projectTaskTable.id, [id, ...movedIds.filter((m) => m !== id)]));
      const infos = await taskInfos(tx, rows);
      return {
        task: infos.find((t) => t.id === id) as TaskInfo,
        moved: infos.filter((t) => movedIds.includes(t.id) && t.id !== id),
      };
    });
  },
);

/**
 * Moves a task through its statuses (see taskTransitions): done stamps completed_at. The first task
 * started makes an open project active; the last one done completes the project.
 */
export const transitionTask = fn(
  z.object({ id: id(), status: z.enum(taskStatuses) }),
  async ({ id, status }): Promise<TaskInfo> => {
    requirePermission("project:task:write");
    return createTransaction(async (tx) => {
      const before = await taskRow(tx, id, true);
      const project = await projectRow(tx, before.projectId, true);
      assertOpen(project);
      if (before.status === status) return (await taskInfos(tx, [before]))[0] as TaskInfo;
      if (!taskTransitions[before.status].includes(status)) {
        throw new AppError(
          "conflict",
          `A ${before.status} task cannot become ${status}; it can become ${taskTransitions[before.status].join(", ")}`,
          [{ path: "status", message: `not allowed from ${before.status}` }],
        );
      }
      const [row] = await tx
        .update(projectTaskTable)
        .set({ status, completedAt: status === "done" ? new Date() : null })
        .where(eq(projectTaskTable.id, id))
        .returning();
      const task = row as TaskRow;
      await logStatus(tx, [{ projectId: project.id, taskId: id, from: before.status, to: status }]);
      await emit(Events.TaskStatusChanged, {
        projectId: project.id,
        taskId: id,
        from: before.status,
        to: status,
        isStage: task.isStage,
      });
      await Audit.record({
        action: "project.task_status_changed",
        entityType: "project_task",
        entityId: id,
        changes: { status: { from: before.status, to: status } },
      });
      await followTasks(tx, project);
      return (await taskInfos(tx, [task]))[0] as TaskInfo;
    });
  },
);

/** The project's status follows its tasks: work started → active; every task done (or canceled) → completed. */
async function followTasks(tx: Transaction, project: ProjectRow) {
  const [counts] = await tx
    .select({
      open: sql<number>`count(*) filter (where ${projectTaskTable.status} not in ('done', 'canceled'))::int`,
      done: sql<number>`count(*) filter (where ${projectTaskTable.status} = 'done')::int`,
      started: sql<number>`count(*) filter (where ${projectTaskTable.status} in ('in_progress', 'done'))::int`,
    })
    .from(projectTaskTable)
    .where(and(eq(projectTaskTable.projectId, project.id), live(projectTaskTable)));
  const next =
    counts && counts.open === 0 && counts.done > 0
      ? "completed"
      : counts && counts.started > 0 && (project.status === "open" || project.status === "planned")
        ? "active"
        : undefined;
  if (!next || next === project.status) return;
  await tx
    .update(projectTable)
    .set({ status: next, completedAt: next === "completed" ? new Date() : null })
    .where(eq(projectTable.id, project.id));
  await logStatus(tx, [{ projectId: project.id, from: project.status, to: next }]);
  await emit(Events.StatusChanged, { projectId: project.id, from: project.status, to: next });
  await Audit.record({
    action: "project.status_changed",
    entityType: "project",
    entityId: project.id,
    changes: { status: { from: project.status, to: next } },
  });
}

/**
 * Sets who works a task (staff users). Each newly assigned person is notified in the app and by email,
 * naming who assigned them; people already on the task are not notified again.
 */
export const assignTask = fn(
  z.object({ id: id(), userIds: z.array(id()).max(20) }),
  async ({ id, userIds }): Promise<TaskInfo> => {
    requirePermission("project:task:write");
    return createTransaction(async (tx) => {
      const task = await taskRow(tx, id, true);
      const project = await projectRow(tx, task.projectId);
      assertOpen(project);
      const wanted = [...new Set(userIds)];
      if (wanted.length > 0) {
        const staff = await tx
          .select({ id: userTable.id })
          .from(userTable)
          .where(
            and(inArray(userTable.id, wanted), eq(userTable.portal, "staff"), sql`${userTable.deactivatedAt} is null`),
          );
        const missing = wanted.filter((u) => !staff.some((s) => s.id === u));
        if (missing.length > 0) throw invalid("userIds", `${missing.join(", ")} is not an active staff user`);
      }
      const current = (
        await tx
          .select({ userId: projectTaskAssigneeTable.userId })
          .from(projectTaskAssigneeTable)
          .where(eq(projectTaskAssigneeTable.taskId, id))
      ).map((r) => r.userId);
      const added = wanted.filter((u) => !current.includes(u));
      const removed = current.filter((u) => !wanted.includes(u));
      if (removed.length > 0) {
        await tx
          .delete(projectTaskAssigneeTable)
          .where(and(eq(projectTaskAssigneeTable.taskId, id), inArray(projectTaskAssigneeTable.userId, removed)));
      }
      const by = actingUserId();
      if (added.length > 0) {
        await tx
          .insert(projectTaskAssigneeTable)
          .values(added.map((userId) => ({ taskId: id, userId, assignedById: by })))
          .onConflictDoNothing();
        await emit(Events.TaskAssigned, { projectId: project.id, taskId: id, added, assignedById: by });
      }
      if (added.length > 0 || removed.length > 0) {
        await Audit.record({
          action: "project.task_assigned",
          entityType: "project_task",
          entityId: id,
          changes: { assignees: { from: current, to: wanted } },
        });
      }
      return (await taskInfos(tx, [task]))[0] as TaskInfo;
    });
  },
);

/** Soft-deletes a task and drops its dependencies (the rest of the plan is rescheduled). */
export const removeTask = fn(id(), async (id): Promise<void> => {
  requirePermission("project:task:write");
  await createTransaction(async (tx) => {
    const task = await taskRow(tx, id, true);
    const project = await projectRow(tx, task.projectId, true);
    assertOpen(project);
    const successors = (
      await tx
        .delete(projectTaskDependencyTable)
        .where(
          sql`${projectTaskDependencyTable.predecessorId} = ${id} or ${projectTaskDependencyTable.successorId} = ${id}`,
        )
        .returning({ successorId: projectTaskDependencyTable.successorId })
    )
      .map((d) => d.successorId)
      .filter((s) => s !== id);
    await softRemove(tx, projectTaskTable, eq(projectTaskTable.id, id));
    await markProjectDue(tx, project.id);
    if (successors.length > 0) await replanFrom(tx, project.id, project.startAt, successors);
    await Audit.record({
      action: "project.task_deleted",
      entityType: "project_task",
      entityId: id,
      changes: { title: { from: task.title } },
    });
  });
});

/**
 * Adds a dependency between two tasks of one project. A dependency that would close a loop is refused
 * with a 409 naming the loop; otherwise the successor and what follows it are rescheduled.
 */
export const addDependency = fn(
  z.object({
    predecessorId: id(),
    successorId: id(),
    type: z.enum(dependencyTypes).default("fs"),
    lagDays: int(-365, 365).default(0),
  }),
  async (input): Promise<{ dependency: DependencyInfo; moved: string[] }> => {
    requirePermission("project:task:write");
    if (input.predecessorId === input.successorId) throw invalid("successorId", "must differ from predecessorId");
    return createTransaction(async (tx) => {
      const pred = await taskRow(tx, input.predecessorId);
      const succ = await taskRow(tx, input.successorId);
      if (pred.projectId !== succ.projectId) throw invalid("successorId", "must be a task of the same project");
      const project = await projectRow(tx, pred.projectId, true);
      assertOpen(project);
      const graph = await loadGraph(tx, project.id);
      const next = { predecessorId: pred.id, successorId: succ.id, type: input.type, lag: input.lagDays };
      const others = graph.deps.filter((d) => !(d.predecessorId === pred.id && d.successorId === succ.id));
      const cycle = findCycle(
        graph.rows.map((r) => r.id),
        [...others, next],
      );
      if (cycle) throw cycleConflict(new CycleError(cycle), new Map(graph.rows.map((r) => [r.id, r.title])));
      const [row] = await tx
        .insert(projectTaskDependencyTable)
        .values({ projectId: project.id, ...input })
        .onConflictDoUpdate({
          target: [projectTaskDependencyTable.predecessorId, projectTaskDependencyTable.successorId],
          set: { type: input.type, lagDays: input.lagDays },
        })
        .returning();
      const dep = row as typeof projectTaskDependencyTable.$inferSelect;
      const moved = await replanFrom(tx, project.id, project.startAt, [succ.id]);
      await Audit.record({
        action: "project.dependency_added",
        entityType: "project_task",
        entityId: succ.id,
        changes: { dependency: { to: `${pred.title} → ${succ.title} (${input.type}, ${input.lagDays}d)` } },
      });
      return {
        dependency: {
          id: dep.id,
          predecessorId: dep.predecessorId,
          successorId: dep.successorId,
          type: dep.type,
          lagDays: dep.lagDays,
        },
        moved,
      };
    });
  },
);

/** Removes a dependency; its successor may now start earlier. */
export const removeDependency = fn(id(), async (id): Promise<void> => {
  requirePermission("project:task:write");
  await createTransaction(async (tx) => {
    const [dep] = await tx.select().from(projectTaskDependencyTable).where(eq(projectTaskDependencyTable.id, id));
    if (!dep) throw new AppError("not_found", `Dependency ${id} does not exist`);
    const project = await projectRow(tx, dep.projectId, true);
    assertOpen(project);
    await tx.delete(projectTaskDependencyTable).where(eq(projectTaskDependencyTable.id, id));
    await replanFrom(tx, project.id, project.startAt, [dep.successorId]);
    await Audit.record({
      action: "project.dependency_removed",
      entityType: "project_task",
      entityId: dep.successorId,
      changes: { dependency: { from: `${dep.predecessorId} → ${dep.successorId}` } },
    });
  });
});
