import { and, desc, eq, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission, requirePortal } from "../access";
import { useActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, id, instantText, pageLimit } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { emailDeliveryTable, emailStatuses, notificationKinds, notificationTable } from "./notification.sql";

export {
  attempt,
  MAX_ATTEMPTS,
  queueEmails,
  queueSecureEmail,
  RETRY_DELAYS_MINUTES,
  type Reissue,
  type Reissuers,
  retryDue,
} from "./delivery";
export { MailboxMessage, mailbox, mailboxMessage } from "./mailbox";
export { type NotificationKind, notificationKinds } from "./notification.sql";
export {
  notifyStaff,
  onAssigned,
  onCommented,
  onConfirmationDecided,
  onInboxNote,
  onSlaAlert,
  onStatusChanged,
} from "./notify";
export { escapeHtml, isRenderedKind, type Rendered, render, TemplateData } from "./templates";

export const Info = z.object({
  id: z.uuid(),
  kind: z.enum(notificationKinds),
  title: z.string(),
  body: z.string().nullable(),
  /** A path in the staff portal, e.g. /tickets/TCK-2026-000001. */
  link: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Info = z.infer<typeof Info>;

type Row = typeof notificationTable.$inferSelect;

const createdText = microseconds(notificationTable.createdAt);

const toInfo = (r: Row, createdAt: string): Info => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  ticketId: r.ticketId,
  readAt: r.readAt ? r.readAt.toISOString() : null,
  createdAt,
});

/** Newest first, on (created_at, id). */
const byCreated = keyset({
  columns: [notificationTable.createdAt, notificationTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

/**
 * Notifications are a user's own: every verb reads and changes the signed-in user's rows only. Staff
 * and vendor-portal accounts have them (contractors hear about their bids and as-builts).
 */
const me = () => {
  const actor = useActor();
  if (actor.type === "user" && actor.properties.portal === "vendor") return actor.properties.userId;
  return requirePortal("staff").properties.userId;
};

async function countUnread(userId: string): Promise<number> {
  const [row] = await useTransaction((tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(notificationTable)
      .where(and(eq(notificationTable.userId, userId), isNull(notificationTable.readAt))),
  );
  return row?.n ?? 0;
}

/** The signed-in user's notifications, newest first, in keyset pages; `unread` keeps unread ones only. */
export const list = fn(
  z.object({
    unread: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")])
      .optional()
      .default(false)
      .describe("`true` lists unread notifications only"),
    cursor: cursor().optional(),
    limit: pageLimit(100, 20),
  }),
  async ({ unread, cursor, limit }): Promise<{ items: Info[]; nextCursor: string | null; unread: number }> => {
    const userId = me();
    const t = notificationTable;
    const rows = await useTransaction((tx) =>
      tx
        .select({ row: t, createdText })
        .from(t)
        .where(and(eq(t.userId, userId), unread ? isNull(t.readAt) : undefined, byCreated.after(cursor)))
        .orderBy(...byCreated.orderBy)
        .limit(byCreated.take(limit)),
    );
    const page = byCreated.page(rows, limit, (r) => [r.createdText, r.row.id]);
    return {
      items: page.items.map(({ row, createdText }) => toInfo(row, createdText)),
      nextCursor: page.nextCursor,
      unread: await countUnread(userId),
    };
  },
);

/** How many of the signed-in user's notifications are unread (the bell's badge). */
export const unreadCount = fn(z.object({}).default({}), async (): Promise<{ unread: number }> => {
  return { unread: await countUnread(me()) };
});

/** Marks one of the signed-in user's notifications read; someone else's answers 404 like a missing one. */
export const markRead = fn(id(), async (id): Promise<Info> => {
  const userId = me();
  return createTransaction(async (tx) => {
    const [row] = await tx
      .update(notificationTable)
      .set({ readAt: sql`coalesce(${notificationTable.readAt}, now())` })
      .where(and(eq(notificationTable.id, id), eq(notificationTable.userId, userId)))
      .returning();
    if (!row) throw new AppError("not_found", `Notification ${id} does not exist`);
    return toInfo(row, row.createdAt.toISOString());
  });
});

/** Marks every unread notification of the signed-in user read. */
export const markAllRead = fn(z.object({}).default({}), async (): Promise<{ updated: number }> => {
  const userId = me();
  const rows = await useTransaction((tx) =>
    tx
      .update(notificationTable)
      .set({ readAt: sql`now()` })
      .where(and(eq(notificationTable.userId, userId), isNull(notificationTable.readAt)))
      .returning({ id: notificationTable.id }),
  );
  return { updated: rows.length };
});

export const DeliveryInfo = z.object({
  id: z.uuid(),
  to: z.string(),
  template: z.string(),
  subject: z.string(),
  status: z.enum(emailStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type DeliveryInfo = z.infer<typeof DeliveryInfo>;

/** Email deliveries, newest first; `status` narrows to one state (failed and dead ones need attention). */
export const deliveries = fn(
  z.object({
    status: z.enum(emailStatuses).optional(),
    limit: pageLimit(200, 50),
  }),
  async ({ status, limit }): Promise<{ items: DeliveryInfo[] }> => {
    requirePermission("system:monitoring:read");
    const t = emailDeliveryTable;
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(t)
        .where(status ? eq(t.status, status) : undefined)
        .orderBy(desc(t.createdAt), desc(t.id))
        .limit(limit),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        to: r.to,
        template: r.template,
        subject: r.subject,
        status: r.status,
        attempts: r.attempts,
        lastError: r.lastError,
        nextAttemptAt: r.nextAttemptAt ? r.nextAttemptAt.toISOString() : null,
        sentAt: r.sentAt ? r.sentAt.toISOString() : null,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  },
);
