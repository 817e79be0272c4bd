import { devicesOf, forgetToken } from "./devices";
import { type PushMessage, usePush } from "./push";

export interface PushOutcome {
  sent: number;
  removed: number;
  failed: number;
}

/**
 * Sends `message` to every phone of these users. Push is best effort (a phone that is off still gets the
 * job on its next sync); a token FCM calls UNREGISTERED is forgotten at once so it is not tried again.
 */
export async function pushToUsers(userIds: string[], message: PushMessage): Promise<PushOutcome> {
  const outcome: PushOutcome = { sent: 0, removed: 0, failed: 0 };
  const sender = usePush();
  if (sender.name === "disabled") return outcome;
  for (const device of await devicesOf([...new Set(userIds)])) {
    const result = await sender.send(device.token, message);
    if (result.status === "sent") outcome.sent++;
    else if (result.status === "unregistered") {
      await forgetToken(device.id, device.token);
      outcome.removed++;
    } else outcome.failed++;
  }
  return outcome;
}

/** v1's app deep-links `type=work_order_assigned` + `work_order_id` to the job screen. */
export function assignmentMessage(job: { id: string; number: string; title: string }): PushMessage {
  return {
    title: `New job ${job.number}`,
    body: job.title,
    data: { type: "work_order_assigned", work_order_id: job.id },
  };
}

/** A job was assigned: its newcomers' phones get the deep link (subscriber of `workorder.assigned`). */
export async function onAssigned(payload: { workOrderId: string; added: string[] }): Promise<PushOutcome | undefined> {
  if (payload.added.length === 0) return undefined;
  const job = await (await import("../workorder")).get(payload.workOrderId);
  return pushToUsers(payload.added, assignmentMessage(job));
}

/** A job was dispatched by staff: every assignee's phone hears about it (subscriber of `workorder.status_changed`). */
export async function onDispatched(payload: { workOrderId: string; to: string; cause: string }) {
  if (payload.to !== "dispatched" || payload.cause !== "transition") return undefined;
  const job = await (await import("../workorder")).get(payload.workOrderId);
  return pushToUsers(
    job.assignees.map((a) => a.userId),
    { ...assignmentMessage(job), title: `Dispatched: ${job.number}` },
  );
}
