import { and, asc, eq, notInArray } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction } from "../platform/db";
import { fn } from "../platform/fn";
import { int, key, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { ensureTemplates, templateFor } from "./builtin";
import { cycleConflict } from "./plan";
import {
  dependencyTypes,
  projectPriorities,
  projectTemplateDependencyTable,
  projectTemplateTable,
  projectTemplateTaskTable,
  projectTypes,
} from "./project.sql";
import { CycleError, findCycle } from "./schedule";
import { invalid } from "./shared";
import { defaultDueDays } from "./values";

const TemplateTask = z.object({
  key: key(60),
  title: text(300),
  description: text(5_000, { min: 0 }).nullish(),
  isStage: z.boolean().default(false),
  durationDays: int(0, 3650).default(1),
  effortHours: int(0, 100_000).default(0),
  priority: z.enum(projectPriorities).default("normal"),
});
const TemplateDependency = z.object({
  /** Task keys. */
  from: key(60),
  to: key(60),
  type: z.enum(dependencyTypes).default("fs"),
  lagDays: int(-365, 365).default(0),
});

export const TemplateInfo = z.object({
  id: z.uuid(),
  projectType: z.enum(projectTypes),
  name: z.string(),
  description: z.string().nullable(),
  dueDays: z.number().int(),
  builtin: z.boolean(),
  tasks: z.array(TemplateTask.extend({ id: z.uuid(), description: z.string().nullable() })),
  dependencies: z.array(TemplateDependency),
});
export type TemplateInfo = z.infer<typeof TemplateInfo>;

async function read(tx: Transaction, type: (typeof projectTypes)[number]): Promise<TemplateInfo> {
  const t = await templateFor(tx, type);
  const tasks = await tx
    .select()
    .from(projectTemplateTaskTable)
    .where(and(eq(projectTemplateTaskTable.templateId, t.id), live(projectTemplateTaskTable)))
    .orderBy(asc(projectTemplateTaskTable.sortOrder));
  const deps = await tx
    .select()
    .from(projectTemplateDependencyTable)
    .where(eq(projectTemplateDependencyTable.templateId, t.id));
  const keyOf = new Map(tasks.map((x) => [x.id, x.key]));
  return {
    id: t.id,
    projectType: t.projectType,
    name: t.name,
    description: t.description,
    dueDays: t.dueDays ?? defaultDueDays[t.projectType],
    builtin: t.builtin,
    tasks: tasks.map((x) => ({
      id: x.id,
      key: x.key,
      title: x.title,
      description: x.description,
      isStage: x.isStage,
      durationDays: x.durationDays,
      effortHours: x.effortHours,
      priority: x.priority,
    })),
    dependencies: deps.flatMap((d) => {
      const from = keyOf.get(d.predecessorId);
      const to = keyOf.get(d.successorId);
      return from && to ? [{ from, to, type: d.type, lagDays: d.lagDays }] : [];
    }),
  };
}

/** Every project type's template (the builtin ones are made on first read of a fresh install). */
export const templates = fn(z.void(), async (): Promise<TemplateInfo[]> => {
  requirePermission("project:read");
  return createTransaction(async (tx) => {
    await ensureTemplates(tx);
    const out: TemplateInfo[] = [];
    for (const type of projectTypes) out.push(await read(tx, type));
    return out;
  });
});

export const template = fn(z.object({ projectType: z.enum(projectTypes) }), async ({ projectType }) => {
  requirePermission("project:read");
  return createTransaction((tx) => read(tx, projectType));
});

/**
 * Replaces a type's template: tasks matched by key are updated, new keys added, missing ones retired
 * (projects made earlier keep their copies). Dependencies that form a cycle are refused, naming it.
 */
export const saveTemplate = fn(
  z.object({
    projectType: z.enum(projectTypes),
    name: text(200),
    description: text(5_000, { min: 0 }).nullish(),
    dueDays: int(0, 3650).nullish(),
    tasks: z.array(TemplateTask).min(1).max(500),
    dependencies: z.array(TemplateDependency).max(2_000).default([]),
  }),
  async (input): Promise<TemplateInfo> => {
    requirePermission("project:update");
    const keys = input.tasks.map((t) => t.key);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) throw invalid("tasks", `key ${dup} is used twice`);
    input.dependencies.forEach((d, i) => {
      if (!keys.includes(d.from)) throw invalid(`dependencies.${i}.from`, `${d.from} is not a task key`);
      if (!keys.includes(d.to)) throw invalid(`dependencies.${i}.to`, `${d.to} is not a task key`);
      if (d.from === d.to) throw invalid(`dependencies.${i}.to`, "must differ from from");
    });
    const cycle = findCycle(
      keys,
      input.dependencies.map((d) => ({ predecessorId: d.from, successorId: d.to, type: d.type, lag: d.lagDays })),
    );
    if (cycle) {
      throw cycleConflict(new CycleError(cycle), new Map(input.tasks.map((t) => [t.key, t.title])));
    }
    return createTransaction(async (tx) => {
      const t = await templateFor(tx, input.projectType);
      const before = await read(tx, input.projectType);
      await tx
        .update(projectTemplateTable)
        .set({ name: input.name, description: input.description ?? null, dueDays: input.dueDays ?? null })
        .where(eq(projectTemplateTable.id, t.id));
      const existing = await tx
        .select()
        .from(projectTemplateTaskTable)
        .where(and(eq(projectTemplateTaskTable.templateId, t.id), live(projectTemplateTaskTable)));
      await tx.delete(projectTemplateDependencyTable).where(eq(projectTemplateDependencyTable.templateId, t.id));
      await tx
        .update(projectTemplateTaskTable)
        .set({ deletedAt: new Date() })
        .where(
          and(
            eq(projectTemplateTaskTable.templateId, t.id),
            live(projectTemplateTaskTable),
            notInArray(projectTemplateTaskTable.key, keys),
          ),
        );
      const idOf = new Map<string, string>();
      for (const [i, task] of input.tasks.entries()) {
        const values = {
          title: task.title,
          description: task.description ?? null,
          isStage: task.isStage,
          sortOrder: (i + 1) * 10,
          durationDays: task.durationDays,
          effortHours: task.effortHours,
          priority: task.priority,
        };
        const found = existing.find((e) => e.key === task.key);
        if (found) {
          await tx.update(projectTemplateTaskTable).set(values).where(eq(projectTemplateTaskTable.id, found.id));
          idOf.set(task.key, found.id);
        } else {
          const [row] = await tx
            .insert(projectTemplateTaskTable)
            .values({ ...values, templateId: t.id, key: task.key })
            .returning({ id: projectTemplateTaskTable.id });
          idOf.set(task.key, (row as { id: string }).id);
        }
      }
      if (input.dependencies.length > 0) {
        await tx.insert(projectTemplateDependencyTable).values(
          input.dependencies.map((d) => ({
            templateId: t.id,
            predecessorId: idOf.get(d.from) as string,
            successorId: idOf.get(d.to) as string,
            type: d.type,
            lagDays: d.lagDays,
          })),
        );
      }
      const after = await read(tx, input.projectType);
      await Audit.record({
        action: "project.template_saved",
        entityType: "project_template",
        entityId: t.id,
        changes: {
          name: { from: before.name, to: after.name },
          tasks: { from: before.tasks.length, to: after.tasks.length },
          dependencies: { from: before.dependencies.length, to: after.dependencies.length },
        },
      });
      return after;
    });
  },
);
