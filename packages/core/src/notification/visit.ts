import { eq } from "drizzle-orm";
import type { output } from "zod/v4/core";
import { useTransaction } from "../platform/db";
import type { Events as TrackEvents } from "../track/events";
import { workOrderTable } from "../workorder/workorder.sql";
import { notifyInApp, staffHolding } from "./recipients";
import { excerptOf, render } from "./templates";

type Payload = output<(typeof TrackEvents.VisitAnswered)["schema"]>;

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
  const kind = payload.answer === "confirmed" ? ("visit_confirmed" as const) : ("visit_reschedule_requested" as const);
  const link = `/dispatch?job=${payload.workOrderId}`;
  const excerpt = payload.reason ? excerptOf(payload.reason) : null;
  await notifyInApp(eventId, kind, await staffHolding("operations:work_order:dispatch"), {
    title: (u) =>
      render(kind, {
        recipientName: u.displayName || null,
        ticketNumber: job.number,
        ticketTitle: job.title,
        url: link,
        excerpt,
        deadline: payload.preferredAt,
      }).title,
    body: excerpt,
    link,
  });
}
