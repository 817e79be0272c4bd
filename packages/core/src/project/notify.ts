import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { output } from "zod/v4/core";
import { userTable } from "../auth/auth.sql";
import { queueEmails } from "../notification";
import { notificationTable } from "../notification/notification.sql";
import { render } from "../notification/templates";
import { personTable } from "../person/person.sql";
import { useTransaction } from "../platform/db";
import { publicUrl } from "../platform/public-url";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import type { Events } from "./events";
import { projectNoticeTable, projectTable, projectTaskAssigneeTable, projectTaskTable } from "./project.sql";

type Payload<K extends keyof typeof Events> = output<(typeof Events)[K]["schema"]>;

const staffLink = (number: string) => `/projects/${encodeURIComponent(number)}`;
const customerLink = "/customer/projects";

/**
 * Each newly assigned person is told in the app and by email, naming who assigned them (v1 computed
 * the assigner's name and dropped it). Once per event and person; the assigner is not told.
 */
export async function onTaskAssigned(eventId: string, p: Payload<"TaskAssigned">) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ task: projectTaskTable, project: projectTable })
      .from(projectTaskTable)
      .innerJoin(projectTable, eq(projectTable.id, projectTaskTable.projectId))
      .where(eq(projectTaskTable.id, p.taskId)),
  );
  if (!row || row.task.deletedAt || row.project.deletedAt) return;
  const people = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, email: userTable.email, displayName: userTable.displayName })
      .from(userTable)
      .where(
        and(
          inArray(userTable.id, [...p.added, ...(p.assignedById ? [p.assignedById] : [])]),
          isNull(userTable.deactivatedAt),
        ),
      ),
  );
  const assigner = people.find((u) => u.id === p.assignedById);
  const actorName = assigner ? assigner.displayName || assigner.email : null;
  const recipients = people.filter((u) => p.added.includes(u.id) && u.id !== p.assignedById);
  if (recipients.length === 0) return;
  const link = staffLink(row.project.number);
  const perUser = recipients.map((u) => {
    const data = {
      recipientName: u.displayName || null,
      ticketNumber: row.project.number,
      ticketTitle: row.task.title,
      url: `${publicUrl()}${link}`,
      actorName,
      excerpt: row.project.name,
      deadline: `${row.task.endAt}T00:00:00.000Z`,
    };
    return { user: u, data, rendered: render("project_task_assigned", data) };
  });
  const inserted = await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        perUser.map(({ user, rendered }) => ({
          userId: user.id,
          kind: "project_task_assigned" as const,
          title: rendered.title,
          body: row.project.name,
          link,
          dedupeKey: `${eventId}:${user.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey })
      .returning({ userId: notificationTable.userId }),
  );
  const fresh = new Set(inserted.map((r) => r.userId));
  await queueEmails(
    perUser
      .filter(({ user }) => fresh.has(user.id))
      .map(({ user, data }) => ({
        to: user.email,
        kind: "project_task_assigned" as const,
        data,
        dedupeKey: `${eventId}:${user.id}:${user.email}`,
      })),
  );
}

/** The project's customer (its person, else its subscriber's), when they have an email address. */
async function customerOf(projectId: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ project: projectTable, email: personTable.email, name: personTable.displayName })
      .from(projectTable)
      .leftJoin(subscriberTable, eq(subscriberTable.id, projectTable.subscriberId))
      .innerJoin(personTable, eq(personTable.id, sql`coalesce(${projectTable.personId}, ${subscriberTable.personId})`))
      .where(eq(projectTable.id, projectId)),
  );
  return row?.email && !row.project.deletedAt ? { ...row, email: row.email } : undefined;
}

/** Records that the customer was told `kind`; false when they already were (a stage re-done, a redelivery). */
async function firstNotice(projectId: string, kind: string): Promise<boolean> {
  const rows = await useTransaction((tx) =>
    tx.insert(projectNoticeTable).values({ projectId, kind }).onConflictDoNothing().returning(),
  );
  return rows.length > 0;
}

/** A customer-visible stage done: the customer is emailed once, with the stage that comes next. */
export async function onTaskStatusChanged(_eventId: string, p: Payload<"TaskStatusChanged">) {
  if (p.to !== "done" || !p.isStage) return;
  const customer = await customerOf(p.projectId);
  if (!customer) return;
  const stages = await useTransaction((tx) =>
    tx
      .select()
      .from(projectTaskTable)
      .where(
        and(eq(projectTaskTable.projectId, p.projectId), eq(projectTaskTable.isStage, true), live(projectTaskTable)),
      )
      .orderBy(asc(projectTaskTable.startAt), asc(projectTaskTable.sortOrder)),
  );
  const stage = stages.find((s) => s.id === p.taskId);
  if (!stage) return;
  const next = stages.find((s) => s.status !== "done" && s.status !== "canceled");
  if (!(await firstNotice(p.projectId, `stage:${p.taskId}`))) return;
  await queueEmails([
    {
      to: customer.email,
      kind: "project_stage_completed",
      data: {
        recipientName: customer.name,
        ticketNumber: customer.project.number,
        ticketTitle: stage.title,
        url: `${publicUrl()}${customerLink}`,
        excerpt: next?.title ?? null,
      },
      dedupeKey: `project:${p.projectId}:stage:${p.taskId}`,
    },
  ]);
}

/** A completed project: the customer is emailed once. */
export async function onStatusChanged(_eventId: string, p: Payload<"StatusChanged">) {
  if (p.to !== "completed") return;
  const customer = await customerOf(p.projectId);
  if (!customer) return;
  if (!(await firstNotice(p.projectId, "completed"))) return;
  await queueEmails([
    {
      to: customer.email,
      kind: "project_completed",
      data: {
        recipientName: customer.name,
        ticketNumber: customer.project.number,
        ticketTitle: customer.project.name,
        url: `${publicUrl()}${customerLink}`,
      },
      dedupeKey: `project:${p.projectId}:completed`,
    },
  ]);
}

const when = (iso: string | null) => (iso ? ` (deadline ${iso.slice(0, 16).replace("T", " ")} UTC)` : "");

/**
 * A project or task clock at risk or breached tells the project's manager and the task's assignees in
 * the app. The scan raises each alert once (project_clock_alert's key); the dedupe key makes a
 * redelivered event notify nobody twice.
 */
export async function onClockAlert(eventId: string, kind: "sla_warning" | "sla_breach", p: Payload<"ClockWarning">) {
  const [project] = await useTransaction((tx) =>
    tx.select().from(projectTable).where(eq(projectTable.id, p.projectId)),
  );
  if (!project || project.deletedAt) return;
  const [task] = p.taskId
    ? await useTransaction((tx) =>
        tx
          .select()
          .from(projectTaskTable)
          .where(eq(projectTaskTable.id, p.taskId as string)),
      )
    : [];
  if (p.taskId && (!task || task.deletedAt)) return;
  const assignees = task
    ? await useTransaction((tx) =>
        tx
          .select({ userId: projectTaskAssigneeTable.userId })
          .from(projectTaskAssigneeTable)
          .where(eq(projectTaskAssigneeTable.taskId, task.id)),
      )
    : [];
  const wanted = [...new Set([...(project.managerId ? [project.managerId] : []), ...assignees.map((a) => a.userId)])];
  if (wanted.length === 0) return;
  const users = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id })
      .from(userTable)
      .where(and(inArray(userTable.id, wanted), isNull(userTable.deactivatedAt))),
  );
  const subject = task ? `“${task.title}”` : "The project";
  const title =
    kind === "sla_breach"
      ? `${project.number}: ${subject} breached its SLA${when(p.deadline)}`
      : `${project.number}: ${subject} is at risk of missing its SLA${when(p.deadline)}`;
  if (users.length === 0) return;
  await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        users.map((u) => ({
          userId: u.id,
          kind,
          title,
          body: project.name,
          link: staffLink(project.number),
          dedupeKey: `${eventId}:${u.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey }),
  );
}
