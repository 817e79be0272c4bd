import { eq } from "drizzle-orm";
import type { output } from "zod/v4/core";
import { userTable } from "../auth/auth.sql";
import { useTransaction } from "../platform/db";
import type { Events as ExpenseEvents } from "../timecost/events";
import { nameOf, notifyInApp, staffHolding } from "./recipients";
import { excerptOf } from "./templates";

type Submitted = output<(typeof ExpenseEvents.Submitted)["schema"]>;
type Decided = output<(typeof ExpenseEvents.Decided)["schema"]>;

/** Where claims are listed and decided in the staff portal. */
const link = "/expenses";

/**
 * A submitted claim tells every active staff user who may decide it (by role, custom role, grant or
 * admin), except its requester, who may not decide their own. In the app only; once per event and user.
 */
export async function onSubmitted(eventId: string, payload: Submitted) {
  const approvers = await staffHolding("operations:expense_request:approve");
  const requester = (await nameOf(payload.requesterId)) ?? "A technician";
  await notifyInApp(
    eventId,
    "expense_submitted",
    approvers.filter((u) => u.id !== payload.requesterId),
    { title: () => `${requester} submitted expense claim ${payload.number}`, body: null, link },
  );
}

/** An approved or rejected claim tells its requester, with the manager's reason as the body. */
export async function onDecided(eventId: string, payload: Decided) {
  const [requester] = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, deactivatedAt: userTable.deactivatedAt })
      .from(userTable)
      .where(eq(userTable.id, payload.requesterId)),
  );
  if (!requester || requester.deactivatedAt) return;
  const kind = payload.status === "approved" ? "expense_approved" : "expense_rejected";
  await notifyInApp(eventId, kind, [requester], {
    title: () => `Your expense claim ${payload.number} was ${payload.status}`,
    body: payload.reason ? excerptOf(payload.reason) : null,
    link,
  });
}
