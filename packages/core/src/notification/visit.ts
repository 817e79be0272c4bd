import { and, eq, isNull } from "drizzle-orm";
import type { output } from "zod/v4/core";
import { satisfies } from "../access/permissions";
import { accessColumns, permissionsOf } from "../auth/access";
import { userTable } from "../auth/auth.sql";
import { useTransaction } from "../platform/db";
import type { Events as TrackEvents } from "../track/events";
import { workOrderTable } from "../workorder/workorder.sql";
import { notificationTable } from "./notification.sql";
import { excerptOf, render } from "./templates";

type Payload = output<(typeof TrackEvents.VisitAnswered)["schema"]>;

/** Active staff who may dispatch (by built-in role, custom role, direct grant or admin). */
async function dispatchers() {
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, roles: userTable.roles, access: accessColumns })
      .from(userTable)
      .where(and(eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt))),
  );
  return rows
    .filter(
      (u) =>
        u.roles.includes("admin") ||
        satisfies(permissionsOf(u.roles, u.access.granted), "operations:work_order:dispatch"),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * A customer's answer on a "track my visit" link (confirmed, or asks to reschedule) tells every
 * dispatcher in the app, linking to the job on the dispatch board. Once per event and user.
 */
export async function onVisitAnswered(eventId: string, payload: Payload) {
  const [job] = await useTransaction((tx) =>
    tx
      .select({ number: workOrderTable.number, title: workOrderTable.title, deletedAt: workOrderTable.deletedAt })
      .from(workOrderTable)
      .where(eq(workOrderTable.id, payload.workOrderId)),
  );
  if (!job || job.deletedAt) return;
  const users = await dispatchers();
  if (users.length === 0) return;
  const kind = payload.answer === "confirmed" ? ("visit_confirmed" as const) : ("visit_reschedule_requested" as const);
  const link = `/dispatch?job=${payload.workOrderId}`;
  const excerpt = payload.reason ? excerptOf(payload.reason) : null;
  await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        users.map((u) => ({
          userId: u.id,
          kind,
          title: render(kind, {
            recipientName: u.displayName || null,
            ticketNumber: job.number,
            ticketTitle: job.title,
            url: link,
            excerpt,
            deadline: payload.preferredAt,
          }).title,
          body: excerpt,
          link,
          dedupeKey: `${eventId}:${u.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey }),
  );
}
