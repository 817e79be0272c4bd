import { and, asc, eq, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, key } from "../platform/input";
import { live } from "../platform/soft-delete";
import { slaCalendarTable } from "../sla/sla.sql";
import { templateFor } from "./builtin";
import { projectClockTable, projectSlaPolicyTable } from "./clock.sql";
import { projectTable, projectTemplateTable, projectTemplateTaskTable, projectTypes } from "./project.sql";
import { invalid } from "./shared";

type PolicyRow = typeof projectSlaPolicyTable.$inferSelect;

export const ClockPolicyInfo = z.object({
  id: z.uuid(),
  projectType: z.enum(projectTypes),
  /** The template task's key; null is the project's own clock. */
  taskKey: z.string().nullable(),
  targetMinutes: z.number().int(),
  warnAtPercent: z.number().int(),
  /** null: the default SLA calendar. */
  calendarId: z.uuid().nullable(),
});
export type ClockPolicyInfo = z.infer<typeof ClockPolicyInfo>;

const info = (r: PolicyRow): ClockPolicyInfo => ({
  id: r.id,
  projectType: r.projectType,
  taskKey: r.taskKey,
  targetMinutes: r.targetMinutes,
  warnAtPercent: r.warnAtPercent,
  calendarId: r.calendarId,
});
const fields = ["projectType", "taskKey", "targetMinutes", "warnAtPercent", "calendarId"] as const;

/** The project and task SLA policies, by type, the project's own first. */
export const clockPolicies = fn(
  z.object({ projectType: z.enum(projectTypes).optional() }).default({}),
  async ({ projectType }): Promise<ClockPolicyInfo[]> => {
    requirePermission("project:read");
    // In the template's order: the project's own first, then its tasks as the template lists them.
    const rows = await useTransaction((tx) =>
      tx
        .select({ policy: projectSlaPolicyTable })
        .from(projectSlaPolicyTable)
        .leftJoin(
          projectTemplateTable,
          and(eq(projectTemplateTable.projectType, projectSlaPolicyTable.projectType), live(projectTemplateTable)),
        )
        .leftJoin(
          projectTemplateTaskTable,
          and(
            eq(projectTemplateTaskTable.templateId, projectTemplateTable.id),
            eq(projectTemplateTaskTable.key, projectSlaPolicyTable.taskKey),
            live(projectTemplateTaskTable),
          ),
        )
        .where(projectType ? eq(projectSlaPolicyTable.projectType, projectType) : undefined)
        .orderBy(
          asc(projectSlaPolicyTable.projectType),
          sql`${projectSlaPolicyTable.taskKey} is not null`,
          asc(projectTemplateTaskTable.sortOrder),
          asc(projectSlaPolicyTable.taskKey),
        ),
    );
    return rows.map((r) => info(r.policy));
  },
);

/** Marks the clocks of a type's unfinished projects due: a policy change moves their deadlines. */
async function markTypeDue(tx: Tx, projectType: string) {
  await tx.execute(sql`
    update ${projectClockTable} set next_check_at = now()
    from ${projectTable}
    where ${projectTable.id} = ${projectClockTable.projectId}
      and ${projectTable.projectType} = ${projectType}
      and ${projectTable.deletedAt} is null
      and ${projectTable.status} not in ('completed', 'canceled')`);
}

/**
 * Creates or replaces the policy for a project type (`taskKey` null) or for the tasks made from one of
 * its template's tasks. Refuses a key the type's template does not have, naming the keys it has.
 */
export const saveClockPolicy = fn(
  z.object({
    projectType: z.enum(projectTypes),
    taskKey: key(60).nullable().default(null),
    targetMinutes: int(1, 366 * 24 * 60),
    warnAtPercent: int(0, 100).default(80),
    calendarId: id().nullable().default(null),
  }),
  async (input): Promise<ClockPolicyInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      if (input.calendarId) {
        const [calendar] = await tx.select().from(slaCalendarTable).where(eq(slaCalendarTable.id, input.calendarId));
        if (!calendar) throw invalid("calendarId", `calendar ${input.calendarId} does not exist`);
      }
      if (input.taskKey) {
        const template = await templateFor(tx, input.projectType);
        const tasks = await tx
          .select({ key: projectTemplateTaskTable.key })
          .from(projectTemplateTaskTable)
          .where(and(eq(projectTemplateTaskTable.templateId, template.id), live(projectTemplateTaskTable)));
        if (!tasks.some((t) => t.key === input.taskKey)) {
          throw invalid(
            "taskKey",
            `${input.taskKey} is not a task of the ${input.projectType} template (it has ${tasks.map((t) => t.key).join(", ")})`,
          );
        }
      }
      const [before] = await tx
        .select()
        .from(projectSlaPolicyTable)
        .where(
          and(
            eq(projectSlaPolicyTable.projectType, input.projectType),
            input.taskKey ? eq(projectSlaPolicyTable.taskKey, input.taskKey) : isNull(projectSlaPolicyTable.taskKey),
          ),
        )
        .for("update");
      const [row] = before
        ? await tx.update(projectSlaPolicyTable).set(input).where(eq(projectSlaPolicyTable.id, before.id)).returning()
        : await tx.insert(projectSlaPolicyTable).values(input).returning();
      if (!row) throw new AppError("internal", "The project SLA policy was not saved");
      await Audit.record({
        action: "project.sla_policy_saved",
        entityType: "project_sla_policy",
        entityId: row.id,
        changes: Audit.diff(before ?? {}, row, fields),
      });
      await markTypeDue(tx, row.projectType);
      return info(row);
    });
  },
);

/** Removes a policy: the clocks it governed stop being watched. */
export const removeClockPolicy = fn(z.object({ id: id() }), async ({ id }): Promise<void> => {
  requirePermission("system:settings:write");
  await createTransaction(async (tx) => {
    const [row] = await tx.delete(projectSlaPolicyTable).where(eq(projectSlaPolicyTable.id, id)).returning();
    if (!row) throw new AppError("not_found", `Project SLA policy ${id} does not exist`);
    await Audit.record({
      action: "project.sla_policy_removed",
      entityType: "project_sla_policy",
      entityId: id,
      changes: Audit.diff(row, {}, fields),
    });
    await markTypeDue(tx, row.projectType);
  });
});
