import { and, eq, inArray, isNull } from "drizzle-orm";
import type { output } from "zod/v4/core";
import { satisfies } from "../access/permissions";
import { accessColumns, permissionsOf } from "../auth/access";
import { userTable } from "../auth/auth.sql";
import { useTransaction } from "../platform/db";
import type { Events as ExpenseEvents } from "../timecost/events";
import { notificationTable } from "./notification.sql";
import { excerptOf, type SelfTitledKind } from "./templates";

type Submitted = output<(typeof ExpenseEvents.Submitted)["schema"]>;
type Decided = output<(typeof ExpenseEvents.Decided)["schema"]>;

/** Where claims are listed and decided in the staff portal. */
const LINK = "/expenses";

interface Data {
  number: string;
  requester: string;
  actorName: string | null;
  reason: string | null;
}

/** In-app only: the line the bell and the notifications page show (the reason is the body). */
const titles: Record<SelfTitledKind, (d: Data) => string> = {
  expense_submitted: (d) => `${d.requester} submitted expense claim ${d.number}`,
  expense_approved: (d) => `Your expense claim ${d.number} was approved`,
  expense_rejected: (d) => `Your expense claim ${d.number} was rejected`,
};

async function names(ids: string[]): Promise<Map<string, string>> {
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, email: userTable.email })
      .from(userTable)
      .where(inArray(userTable.id, ids)),
  );
  return new Map(rows.map((r) => [r.id, r.displayName || r.email]));
}

async function notify(
  eventId: string,
  kind: SelfTitledKind,
  recipients: { id: string; displayName: string | null }[],
  data: Data,
) {
  if (recipients.length === 0) return;
  const excerpt = data.reason ? excerptOf(data.reason) : null;
  await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        recipients.map((u) => ({
          userId: u.id,
          kind,
          title: titles[kind](data),
          body: excerpt,
          link: LINK,
          dedupeKey: `${eventId}:${u.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey }),
  );
}

/**
 * A submitted claim tells every active staff user who may decide it (by role, custom role, grant or
 * admin), except its requester, who may not decide their own. Once per event and user.
 */
export async function onSubmitted(eventId: string, payload: Submitted) {
  const staff = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, roles: userTable.roles, access: accessColumns })
      .from(userTable)
      .where(and(eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt))),
  );
  const approvers = staff.filter(
    (u) =>
      u.id !== payload.requesterId &&
      (u.roles.includes("admin") ||
        satisfies(permissionsOf(u.roles, u.access.granted), "operations:expense_request:approve")),
  );
  const requester = (await names([payload.requesterId])).get(payload.requesterId) ?? "A technician";
  await notify(eventId, "expense_submitted", approvers, {
    number: payload.number,
    requester,
    actorName: requester,
    reason: null,
  });
}

/** An approved or rejected claim tells its requester, with the manager's name and reason. */
export async function onDecided(eventId: string, payload: Decided) {
  const [requester] = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, deactivatedAt: userTable.deactivatedAt })
      .from(userTable)
      .where(eq(userTable.id, payload.requesterId)),
  );
  if (!requester || requester.deactivatedAt) return;
  const decider = payload.deciderId ? (await names([payload.deciderId])).get(payload.deciderId) : undefined;
  await notify(eventId, payload.status === "approved" ? "expense_approved" : "expense_rejected", [requester], {
    number: payload.number,
    requester: requester.displayName || "you",
    actorName: decider ?? null,
    reason: payload.reason,
  });
}
