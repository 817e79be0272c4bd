import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePortal } from "../../access";
import { userTable } from "../../auth/auth.sql";
import { type Tx, useTransaction } from "../../platform/db";
import { fn } from "../../platform/fn";
import { live } from "../../platform/soft-delete";
import { subscriberTable } from "../../subscriber/subscriber.sql";
import { projectStatuses, projectTable, projectTaskTable, projectTypes, taskStatuses } from "../project.sql";

export const StageView = z.object({
  title: z.string(),
  status: z.enum(taskStatuses),
  /** Planned first day and the day after the last. */
  startAt: z.iso.date(),
  endAt: z.iso.date(),
  completedAt: z.iso.datetime().nullable(),
});

/** What a customer sees of their project: its stages, never internal tasks, people or costs. */
export const ProjectView = z.object({
  number: z.string(),
  name: z.string(),
  projectType: z.enum(projectTypes),
  status: z.enum(projectStatuses),
  startAt: z.iso.date(),
  dueAt: z.iso.date(),
  completedAt: z.iso.datetime().nullable(),
  stages: z.array(StageView),
  /** Stages done of stages not canceled. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type ProjectView = z.infer<typeof ProjectView>;

/** The customer's projects: theirs by person, or on a subscriber their account or person holds. */
async function scope(tx: Tx): Promise<SQL> {
  const actor = requirePortal("customer");
  const [account] = await tx
    .select({ subscriberId: userTable.subscriberId, personId: userTable.personId })
    .from(userTable)
    .where(and(eq(userTable.id, actor.properties.userId), eq(userTable.portal, "customer")));
  const owns: SQL[] = [];
  if (account?.personId) {
    owns.push(eq(projectTable.personId, account.personId));
    owns.push(
      inArray(
        projectTable.subscriberId,
        tx
          .select({ id: subscriberTable.id })
          .from(subscriberTable)
          .where(eq(subscriberTable.personId, account.personId)),
      ),
    );
  }
  if (account?.subscriberId) owns.push(eq(projectTable.subscriberId, account.subscriberId));
  return or(...owns) ?? sql`false`;
}

/** The signed-in customer's projects with their stage progress (canceled projects left out). */
export const projects = fn(z.void(), async (): Promise<ProjectView[]> => {
  return useTransaction(async (tx) => {
    const where = await scope(tx);
    const rows = await tx
      .select()
      .from(projectTable)
      .where(and(where, live(projectTable), sql`${projectTable.status} <> 'canceled'`))
      .orderBy(asc(projectTable.createdAt));
    if (rows.length === 0) return [];
    const stages = await tx
      .select()
      .from(projectTaskTable)
      .where(
        and(
          inArray(
            projectTaskTable.projectId,
            rows.map((r) => r.id),
          ),
          eq(projectTaskTable.isStage, true),
          live(projectTaskTable),
        ),
      )
      .orderBy(asc(projectTaskTable.sortOrder));
    return rows.map((p) => {
      const mine = stages.filter((s) => s.projectId === p.id && s.status !== "canceled");
      return {
        number: p.number,
        name: p.name,
        projectType: p.projectType,
        status: p.status,
        startAt: p.startAt,
        dueAt: p.dueAt,
        completedAt: p.completedAt ? p.completedAt.toISOString() : null,
        stages: mine.map((s) => ({
          title: s.title,
          status: s.status,
          startAt: s.startAt,
          endAt: s.endAt,
          completedAt: s.completedAt ? s.completedAt.toISOString() : null,
        })),
        progress: { done: mine.filter((s) => s.status === "done").length, total: mine.length },
      };
    });
  });
});
