import { and, asc, eq, isNull } from "drizzle-orm";
import { userTable } from "../auth/auth.sql";
import { type Actor, withActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import * as Project from "../project";
import { projectTable, projectTaskTable } from "../project/project.sql";

/**
 * The demo's fibre build under way: the project the accepted quote made (or one from the template when
 * the quotes demo is absent) with a manager, its plan done, the survey in progress with a technician
 * on it, and a comment. Skipped once its plan is done.
 */
export async function seedProjects(admin: Actor, technicianEmail: string): Promise<void> {
  const existing = await useTransaction((tx) =>
    tx
      .select()
      .from(projectTable)
      .where(and(eq(projectTable.projectType, "fiber_optics_installation"), isNull(projectTable.deletedAt)))
      .orderBy(asc(projectTable.createdAt))
      .limit(1),
  );
  const adminId = admin.type === "user" ? admin.properties.userId : null;
  await withActor(admin, async () => {
    const project =
      existing[0] ??
      (await Project.create({
        projectType: "fiber_optics_installation",
        name: "Fibre to 9 Awolowo Road",
        region: "Lagos",
      }));
    const tasks = await useTransaction((tx) =>
      tx
        .select()
        .from(projectTaskTable)
        .where(eq(projectTaskTable.projectId, project.id))
        .orderBy(asc(projectTaskTable.sortOrder)),
    );
    const byKey = (key: string) => tasks.find((t) => t.key === key);
    const plan = byKey("plan");
    const survey = byKey("survey");
    if (!plan || !survey || plan.status === "done") return;
    if (adminId) await Project.update({ id: project.id, managerId: adminId, region: "Lagos" });
    await Project.transitionTask({ id: plan.id, status: "done" });
    await Project.transitionTask({ id: survey.id, status: "in_progress" });
    const [tech] = await useTransaction((tx) =>
      tx
        .select({ id: userTable.id })
        .from(userTable)
        .where(and(eq(userTable.email, technicianEmail), eq(userTable.portal, "staff"))),
    );
    if (tech) await Project.assignTask({ id: survey.id, userIds: [tech.id] });
    await Project.comment({
      projectId: project.id,
      taskId: survey.id,
      body: "Pole route along Awolowo Road confirmed with the estate office; survey booked for Tuesday.",
    });
  });
}
