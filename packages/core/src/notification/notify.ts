import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { $ZodType, output } from "zod/v4/core";
import { userTable } from "../auth/auth.sql";
import type { Events as InboxEvents } from "../inbox/events";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "../inbox/inbox.sql";
import { personTable } from "../person/person.sql";
import { useTransaction } from "../platform/db";
import { outboxTable } from "../platform/platform.sql";
import { publicUrl } from "../platform/public-url";
import type * as Sla from "../sla/events";
import { customerContact } from "../ticket/customer-scope";
import type { Events as TicketEvents } from "../ticket/events";
import { assigneesOf } from "../ticket/shared";
import { type TicketEventKind, ticketCommentTable, ticketEventTable, ticketTable } from "../ticket/ticket.sql";
import { queueEmails } from "./delivery";
import { type NotificationKind, notificationTable } from "./notification.sql";
import { nameOf } from "./recipients";
import { excerptOf, type RenderedKind, render, type TemplateData } from "./templates";

type Payload<E extends { schema: $ZodType }> = output<E["schema"]>;
type TicketRow = typeof ticketTable.$inferSelect;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kinds that stay in the app: the rest also go out by email to recipients who have an address. */
const inAppOnly: ReadonlySet<NotificationKind> = new Set(["ticket_resolved"]);

const staffLink = (ticket: TicketRow) => `/tickets/${encodeURIComponent(ticket.number)}`;
const customerLink = (ticket: TicketRow) => `/customer/tickets/${encodeURIComponent(ticket.number)}`;

async function ticketOf(id: string): Promise<TicketRow | undefined> {
  const [row] = await useTransaction((tx) => tx.select().from(ticketTable).where(eq(ticketTable.id, id)));
  return row;
}

/** The active staff accounts among `ids`, with what a message needs. */
async function staffUsers(ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return useTransaction((tx) =>
    tx
      .select({ id: userTable.id, email: userTable.email, displayName: userTable.displayName })
      .from(userTable)
      .where(and(inArray(userTable.id, unique), eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt))),
  );
}

/**
 * Who made the change an event reports. Events carry no actor, but the ticket log row written in the
 * same transaction does, and both take the transaction's `now()`: the log row of `kinds` at the outbox
 * row's instant is the one. Null when it cannot be told (a system job, or an event not in the outbox).
 */
async function actorOf(eventId: string, ticketId: string, kinds: TicketEventKind[]): Promise<string | null> {
  if (!UUID.test(eventId)) return null;
  // Compared in SQL: the instants have microseconds, a JS Date only milliseconds.
  const occurredAt = sql`(select ${outboxTable.occurredAt} from ${outboxTable} where ${outboxTable.id} = ${eventId})`;
  const [row] = await useTransaction((tx) =>
    tx
      .select({ actorType: ticketEventTable.actorType, actorId: ticketEventTable.actorId })
      .from(ticketEventTable)
      .where(
        and(
          eq(ticketEventTable.ticketId, ticketId),
          inArray(ticketEventTable.kind, kinds),
          sql`${ticketEventTable.at} = ${occurredAt}`,
        ),
      )
      .limit(1),
  );
  return row?.actorType === "user" ? row.actorId : null;
}

interface Delivery {
  kind: RenderedKind;
  userIds: string[];
  /** Never notified: whoever caused the event. */
  actorId: string | null;
  ticket: TicketRow;
  data: Omit<TemplateData, "recipientName" | "ticketNumber" | "ticketTitle" | "url">;
}

/**
 * Notifies staff users of one event: an in-app row each (dedupe key `eventId:userId`) and, for kinds
 * that email, a delivery each (`eventId:userId:email`), sent after commit. The actor is left out, and a
 * user already notified of this event (by another kind) is not notified again.
 */
export async function notifyStaff(eventId: string, d: Delivery): Promise<string[]> {
  const users = (await staffUsers(d.userIds.filter((id) => id !== d.actorId))).sort((a, b) => a.id.localeCompare(b.id));
  if (users.length === 0) return [];
  const url = `${publicUrl()}${staffLink(d.ticket)}`;
  const perUser = users.map((u) => {
    const data: TemplateData = {
      ...d.data,
      recipientName: u.displayName || null,
      ticketNumber: d.ticket.number,
      ticketTitle: d.ticket.title,
      url,
    };
    return { user: u, data, rendered: render(d.kind, data) };
  });
  const inserted = await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        perUser.map(({ user, data, rendered }) => ({
          userId: user.id,
          kind: d.kind,
          title: rendered.title,
          body: data.excerpt ?? null,
          link: staffLink(d.ticket),
          ticketId: d.ticket.id,
          dedupeKey: `${eventId}:${user.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey })
      .returning({ userId: notificationTable.userId }),
  );
  const fresh = new Set(inserted.map((r) => r.userId));
  if (!inAppOnly.has(d.kind)) {
    await queueEmails(
      perUser
        .filter(({ user }) => fresh.has(user.id) && user.email)
        .map(({ user, data }) => ({
          to: user.email,
          kind: d.kind,
          data,
          dedupeKey: `${eventId}:${user.id}:${user.email}`,
        })),
    );
  }
  return [...fresh];
}

/** Everyone who works a ticket: the primary assignee, the others, and (when asked) the manager. */
async function workers(ticket: TicketRow, withManager: boolean): Promise<string[]> {
  const others = await useTransaction(async (tx) => (await assigneesOf(tx, [ticket.id])).get(ticket.id) ?? []);
  return [
    ...new Set(
      [ticket.primaryAssigneeId, ...others, withManager ? ticket.managerId : null].filter((u): u is string => !!u),
    ),
  ];
}

export async function onAssigned(eventId: string, payload: Payload<typeof TicketEvents.Assigned>) {
  if (payload.added.length === 0) return;
  const ticket = await ticketOf(payload.ticketId);
  if (!ticket || ticket.deletedAt) return;
  const actorId = await actorOf(eventId, ticket.id, ["assigned"]);
  await notifyStaff(eventId, {
    kind: "ticket_assigned",
    userIds: payload.added,
    actorId,
    ticket,
    data: { actorName: await nameOf(actorId) },
  });
}

/**
 * A comment notifies whom it mentions; a customer's reply notifies those working the ticket; a public
 * staff reply emails the customer.
 */
export async function onCommented(eventId: string, payload: Payload<typeof TicketEvents.Commented>) {
  const ticket = await ticketOf(payload.ticketId);
  if (!ticket || ticket.deletedAt) return;
  const [comment] = await useTransaction((tx) =>
    tx.select().from(ticketCommentTable).where(eq(ticketCommentTable.id, payload.commentId)),
  );
  if (!comment || comment.deletedAt) return;
  const authorId = payload.authorId ?? comment.authorId;
  const excerpt = excerptOf(comment.body);
  const actorName = payload.byCustomer ? null : await nameOf(authorId);
  const mentioned = await notifyStaff(eventId, {
    kind: "ticket_mentioned",
    userIds: payload.mentions,
    actorId: authorId,
    ticket,
    data: { actorName, excerpt },
  });
  if (payload.byCustomer) {
    const already = new Set(mentioned);
    await notifyStaff(eventId, {
      kind: "ticket_customer_reply",
      userIds: (await workers(ticket, false)).filter((u) => !already.has(u)),
      actorId: authorId,
      ticket,
      data: { excerpt },
    });
    return;
  }
  if (payload.isInternal) return;
  const customer = await useTransaction((tx) => customerContact(tx, ticket));
  if (!customer) return;
  await queueEmails([
    {
      to: customer.email,
      kind: "ticket_staff_reply",
      data: {
        recipientName: customer.name,
        ticketNumber: ticket.number,
        ticketTitle: ticket.title,
        url: `${publicUrl()}${customerLink(ticket)}`,
        excerpt,
      },
      dedupeKey: `${eventId}:customer:${customer.email}`,
    },
  ]);
}

/** SLA warnings and breaches go to those working the ticket and its manager. */
export async function onSlaAlert(
  eventId: string,
  kind: "sla_warning" | "sla_breach",
  payload: Payload<typeof Sla.Events.Warning>,
) {
  const ticket = await ticketOf(payload.ticketId);
  if (!ticket || ticket.deletedAt) return;
  const userIds = await workers(ticket, true);
  if (userIds.length === 0) {
    console.warn(`${kind} for ${ticket.number} (${payload.clock}): the ticket has no assignee or manager to notify`);
    return;
  }
  await notifyStaff(eventId, {
    kind,
    userIds,
    actorId: null,
    ticket,
    data: { clock: payload.clock, deadline: payload.deadline },
  });
}

const resolvedStatuses = new Set(["pending_confirmation", "closed"]);

/** A ticket becoming resolved tells the others working it (in the app only; the customer's mail is separate). */
export async function onStatusChanged(eventId: string, payload: Payload<typeof TicketEvents.StatusChanged>) {
  if (!resolvedStatuses.has(payload.to) || resolvedStatuses.has(payload.from)) return;
  const ticket = await ticketOf(payload.ticketId);
  if (!ticket || ticket.deletedAt) return;
  const actorId = await actorOf(eventId, ticket.id, ["status_changed"]);
  await notifyStaff(eventId, {
    kind: "ticket_resolved",
    userIds: await workers(ticket, true),
    actorId,
    ticket,
    data: { actorName: await nameOf(actorId) },
  });
}

/** The customer's answer to a resolution (or the grace running out) tells those working the ticket. */
export async function onConfirmationDecided(
  eventId: string,
  payload: Payload<typeof TicketEvents.ConfirmationDecided>,
) {
  if (payload.outcome === "superseded") return;
  const ticket = await ticketOf(payload.ticketId);
  if (!ticket || ticket.deletedAt) return;
  const disputed = payload.outcome === "disputed";
  await notifyStaff(eventId, {
    kind: disputed ? "ticket_disputed" : "ticket_confirmed",
    userIds: await workers(ticket, false),
    actorId: null,
    ticket,
    data: {
      automatic: payload.outcome === "auto_confirmed",
      excerpt: disputed && payload.reason ? excerptOf(payload.reason) : null,
    },
  });
}

/**
 * An inbox note notifies the staff it mentions (not its author): an in-app row linking to the
 * conversation, and an email. Mentions are re-checked against who may still be notified.
 */
export async function onInboxNote(eventId: string, payload: Payload<typeof InboxEvents.NoteAdded>) {
  const users = (await staffUsers(payload.mentions.filter((id) => id !== payload.authorId))).sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  if (users.length === 0) return;
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        body: inboxMessageTable.body,
        personName: personTable.displayName,
        channelName: inboxChannelTable.name,
      })
      .from(inboxMessageTable)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, inboxMessageTable.conversationId))
      .innerJoin(personTable, eq(personTable.id, inboxConversationTable.personId))
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
      .where(eq(inboxMessageTable.id, payload.messageId)),
  );
  if (!row) return;
  const link = `/inbox?c=${payload.conversationId}`;
  const actorName = await nameOf(payload.authorId);
  const perUser = users.map((u) => {
    const data: TemplateData = {
      recipientName: u.displayName || null,
      ticketNumber: row.personName,
      ticketTitle: row.channelName,
      url: `${publicUrl()}${link}`,
      actorName,
      excerpt: excerptOf(row.body ?? ""),
    };
    return { user: u, data, rendered: render("inbox_mentioned", data) };
  });
  const inserted = await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        perUser.map(({ user, data, rendered }) => ({
          userId: user.id,
          kind: "inbox_mentioned" as const,
          title: rendered.title,
          body: data.excerpt ?? null,
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
      .filter(({ user }) => fresh.has(user.id) && user.email)
      .map(({ user, data }) => ({
        to: user.email,
        kind: "inbox_mentioned" as const,
        data,
        dedupeKey: `${eventId}:${user.id}:${user.email}`,
      })),
  );
}
