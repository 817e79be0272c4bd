import { and, eq, isNull } from "drizzle-orm";
import { type Permission, satisfies } from "../access/permissions";
import { accessColumns, permissionsOf } from "../auth/access";
import { userTable } from "../auth/auth.sql";
import { useTransaction } from "../platform/db";
import { type NotificationKind, notificationTable } from "./notification.sql";

/** A staff user's name as messages show it: the display name, else the email. Null when unknown. */
export async function nameOf(userId: string | null | undefined): Promise<string | null> {
  if (!userId) return null;
  const [row] = await useTransaction((tx) =>
    tx
      .select({ displayName: userTable.displayName, email: userTable.email })
      .from(userTable)
      .where(eq(userTable.id, userId)),
  );
  return row ? row.displayName || row.email : null;
}

/** Active staff who hold `permission` (by built-in role, custom role, direct grant or admin), by id. */
export async function staffHolding(permission: Permission) {
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, roles: userTable.roles, access: accessColumns })
      .from(userTable)
      .where(and(eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt))),
  );
  return rows
    .filter((u) => u.roles.includes("admin") || satisfies(permissionsOf(u.roles, u.access.granted), permission))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * In-app notifications for an event, once per event and user (`event id:user id` dedupes a redelivery).
 * `title` is written per recipient (it may greet them).
 */
export async function notifyInApp(
  eventId: string,
  kind: NotificationKind,
  recipients: { id: string; displayName: string | null }[],
  message: { title: (recipient: { displayName: string | null }) => string; body: string | null; link: string },
): Promise<void> {
  if (recipients.length === 0) return;
  await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        recipients.map((u) => ({
          userId: u.id,
          kind,
          title: message.title(u),
          body: message.body,
          link: message.link,
          dedupeKey: `${eventId}:${u.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey }),
  );
}
