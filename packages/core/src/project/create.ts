import { and, asc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { nextInSeries } from "../ticket/numbering";
import { templateFor } from "./builtin";
import { logStatus } from "./clock";
import { Events } from "./events";
import { replan } from "./plan";
import {
  projectPriorities,
  projectTable,
  projectTaskDependencyTable,
  projectTaskTable,
  projectTemplateDependencyTable,
  projectTemplateTable,
  projectTemplateTaskTable,
  projectTypes,
} from "./project.sql";
import { dateOf, dayOf } from "./schedule";
import { actingUserId, type Info, infoOf, invalid } from "./shared";
import { defaultDueDays } from "./values";

/** Projects share the ticket sequence table, in their own row: PRJ-2026-000001. */
export const PROJECT_NUMBERS = { scope: "project", pattern: "PRJ-{YYYY}-", padding: 6 };

export const CreateInput = z.object({
  projectType: z.enum(projectTypes),
  /** Another template than the type's (rare); the type's live template by default. */
  templateId: id().optional(),
  name: text(200).optional(),
  description: text(20_000, { min: 0 }).nullish(),
  priority: z.enum(projectPriorities).default("normal"),
  /** The customer. */
  personId: id().nullish(),
  subscriberId: id().nullish(),
  leadId: id().nullish(),
  quoteId: id().nullish(),
  /** One project per sales order: a second create for the same order returns the first. */
  salesOrderId: id().nullish(),
  managerId: id().nullish(),
  teamId: id().nullish(),
  region: text(100).nullish(),
  customerAddress: text(500).nullish(),
  /** Defaults to today (UTC). */
  startAt: day().optional(),
  /** Defaults to the start plus the template's (or the type's) due days. */
  dueAt: day().optional(),
});
export type CreateInput = z.input<typeof CreateInput>;

const today = () => new Date().toISOString().slice(0, 10);

async function byOrder(tx: Transaction, salesOrderId: string) {
  return (await tx.select().from(projectTable).where(eq(projectTable.salesOrderId, salesOrderId)))[0];
}

/**
 * Opens a project in the caller's transaction: numbered, its tasks and dependencies copied from the
 * template and scheduled from the start date. Idempotent on `salesOrderId` (the unique index settles
 * two concurrent accepts: the loser returns the winner's project).
 */
async function open(tx: Transaction, input: z.output<typeof CreateInput>): Promise<Info> {
  if (input.salesOrderId) {
    const existing = await byOrder(tx, input.salesOrderId);
    if (existing) return infoOf(tx, existing);
  }
  const template = input.templateId
    ? (
        await tx
          .select()
          .from(projectTemplateTable)
          .where(and(eq(projectTemplateTable.id, input.templateId), live(projectTemplateTable)))
      )[0]
    : await templateFor(tx, input.projectType);
  if (!template) throw invalid("templateId", "does not exist");
  const startAt = input.startAt ?? today();
  const dueAt = input.dueAt ?? dateOf(dayOf(startAt) + (template.dueDays ?? defaultDueDays[input.projectType]));
  if (dueAt < startAt) throw invalid("dueAt", "must not be before startAt");
  const number = await nextInSeries(tx, PROJECT_NUMBERS);
  const [row] = await tx
    .insert(projectTable)
    .values({
      number,
      name: input.name ?? `${template.name} ${number}`,
      description: input.description ?? null,
      projectType: input.projectType,
      templateId: template.id,
      priority: input.priority,
      personId: input.personId ?? null,
      subscriberId: input.subscriberId ?? null,
      leadId: input.leadId ?? null,
      quoteId: input.quoteId ?? null,
      salesOrderId: input.salesOrderId ?? null,
      managerId: input.managerId ?? null,
      teamId: input.teamId ?? null,
      region: input.region ?? null,
      customerAddress: input.customerAddress ?? null,
      startAt,
      dueAt,
      createdById: actingUserId(),
    })
    .onConflictDoNothing({ target: projectTable.salesOrderId })
    .returning();
  if (!row) {
    const winner = input.salesOrderId ? await byOrder(tx, input.salesOrderId) : undefined;
    if (!winner) throw new AppError("conflict", "The project could not be created: try again");
    return infoOf(tx, winner);
  }
  const tasks = await copyTemplate(tx, row.id, template.id, startAt);
  await replan(tx, row.id, startAt);
  await logStatus(tx, [
    { projectId: row.id, from: null, to: row.status },
    ...tasks.map((t) => ({ projectId: row.id, taskId: t.id, from: null, to: t.status })),
  ]);
  await emit(Events.Created, { projectId: row.id, number: row.number, salesOrderId: row.salesOrderId });
  await Audit.record({
    action: "project.created",
    entityType: "project",
    entityId: row.id,
    changes: Audit.diff(null, row, [
      "number",
      "name",
      "projectType",
      "templateId",
      "personId",
      "salesOrderId",
      "startAt",
      "dueAt",
    ]),
  });
  return infoOf(tx, row);
}

/** Copies the template's live tasks and their dependencies into the project (dates set by replan). */
export async function copyTemplate(tx: Transaction, projectId: string, templateId: string, startAt: string) {
  const tasks = await tx
    .select()
    .from(projectTemplateTaskTable)
    .where(and(eq(projectTemplateTaskTable.templateId, templateId), live(projectTemplateTaskTable)))
    .orderBy(asc(projectTemplateTaskTable.sortOrder));
  if (tasks.length === 0) return [];
  const createdById = actingUserId();
  const inserted = await tx
    .insert(projectTaskTable)
    .values(
      tasks.map((t) => ({
        projectId,
        templateTaskId: t.id,
        key: t.key,
        title: t.title,
        description: t.description,
        priority: t.priority,
        isStage: t.isStage,
        sortOrder: t.sortOrder,
        durationDays: t.durationDays,
        effortHours: t.effortHours,
        startAt,
        endAt: dateOf(dayOf(startAt) + t.durationDays),
        createdById,
      })),
    )
    .returning({
      id: projectTaskTable.id,
      templateTaskId: projectTaskTable.templateTaskId,
      status: projectTaskTable.status,
    });
  const taskOf = new Map(inserted.map((t) => [t.templateTaskId, t.id]));
  const deps = await tx
    .select()
    .from(projectTemplateDependencyTable)
    .where(eq(projectTemplateDependencyTable.templateId, templateId));
  const copies = deps.flatMap((d) => {
    const predecessorId = taskOf.get(d.predecessorId);
    const successorId = taskOf.get(d.successorId);
    return predecessorId && successorId
      ? [{ projectId, predecessorId, successorId, type: d.type, lagDays: d.lagDays }]
      : [];
  });
  if (copies.length > 0) await tx.insert(projectTaskDependencyTable).values(copies);
  return inserted;
}

/**
 * Creates a project from its type's template (project:create). Joins the caller's transaction, so a
 * quote's acceptance makes its order and project together; a second call for the same sales order
 * returns the same project.
 */
export const create = fn(CreateInput, async (input): Promise<Info> => {
  requirePermission("project:create");
  return createTransaction((tx) => open(tx, input));
});

/**
 * `create` for a sale the calling verb has already authorised (a customer accepting their own quote
 * holds no staff permission). Needs the sales order, so it is idempotent by construction.
 */
export const createForOrder = fn(
  CreateInput.extend({ salesOrderId: id() }),
  async (input): Promise<Info> => createTransaction((tx) => open(tx, input)),
);
