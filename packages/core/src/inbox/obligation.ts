import { and, eq, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { notificationTable } from "../notification/notification.sql";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id, int } from "../platform/input";
import { addBusinessMinutes, type Calendar } from "../sla/calendar";
import { slaCalendarTable } from "../sla/sla.sql";
import { teamMemberTable } from "../team/team.sql";
import { visibleWhere } from "./access";
import { logEvent } from "./change";
import {
  type ConversationPriority,
  type ConversationStatus,
  conversationPriorities,
  inboxConversationTable,
  inboxMessageTable,
} from "./inbox.sql";
import { inboxObligationTable, inboxReplyPolicyTable, type ObligationState, obligationStates } from "./routing.sql";

const ob = inboxObligationTable;
const awaiting = ["awaiting_first_response", "awaiting_follow_up"] as const;

/** Built-in reply targets (minutes) when no `inbox_reply_policy` row covers a priority. */
export const defaultTargets: Record<ConversationPriority, { firstResponse: number; followUp: number }> = {
  urgent: { firstResponse: 15, followUp: 30 },
  high: { firstResponse: 30, followUp: 60 },
  medium: { firstResponse: 60, followUp: 120 },
  low: { firstResponse: 240, followUp: 480 },
  none: { firstResponse: 60, followUp: 120 },
};

export interface Target {
  firstResponseMinutes: number;
  followUpMinutes: number;
  remindBeforeMinutes: number;
  /** Null: round the clock (no SLA calendar saved at all). */
  calendar: Calendar | null;
}

/** When the reply is due and when to remind: business minutes on the calendar, the reminder that many minutes earlier. */
export function dueOf(
  target: Target,
  kind: "first_response" | "follow_up",
  from: Date,
): { dueAt: Date; remindAt: Date | null } {
  const minutes = kind === "first_response" ? target.firstResponseMinutes : target.followUpMinutes;
  const dueAt = target.calendar
    ? addBusinessMinutes(target.calendar, from, minutes)
    : new Date(from.getTime() + minutes * 60_000);
  const remindAt =
    target.remindBeforeMinutes > 0 && target.remindBeforeMinutes < minutes
      ? new Date(dueAt.getTime() - target.remindBeforeMinutes * 60_000)
      : null;
  return { dueAt, remindAt };
}

/** The state a conversation's obligation moves to when its status changes (null: unchanged). */
export function onStatus(
  state: ObligationState,
  status: ConversationStatus,
  waitingOnUs: boolean,
): ObligationState | null {
  if (status === "resolved" || status === "resolved_to_ticket") return state === "resolved" ? null : "resolved";
  if (status === "snoozed") return (awaiting as readonly string[]).includes(state) ? "snoozed" : null;
  if (state === "snoozed" || state === "resolved") return waitingOnUs ? "awaiting_follow_up" : "responded";
  return null;
}

/** The reply target for a priority, with its calendar (the policy's, else the default SLA calendar). */
export async function targetFor(tx: Tx, priority: ConversationPriority): Promise<Target> {
  const policies = await tx
    .select()
    .from(inboxReplyPolicyTable)
    .where(inArray(inboxReplyPolicyTable.priority, [priority, "none"]));
  const policy = policies.find((p) => p.priority === priority) ?? policies.find((p) => p.priority === "none");
  const [calendar] = await tx
    .select({ definition: slaCalendarTable.definition })
    .from(slaCalendarTable)
    .where(policy?.calendarId ? eq(slaCalendarTable.id, policy.calendarId) : eq(slaCalendarTable.isDefault, true));
  const fallback = defaultTargets[priority];
  return {
    firstResponseMinutes: policy?.firstResponseMinutes ?? fallback.firstResponse,
    followUpMinutes: policy?.followUpMinutes ?? fallback.followUp,
    remindBeforeMinutes: policy?.remindBeforeMinutes ?? 5,
    calendar: calendar?.definition ?? null,
  };
}

/** Keeps the obligation's owner in step with the conversation's assignee and team. */
export async function setOwner(tx: Tx, conversationId: string, agentId: string | null, teamId: string | null) {
  await tx
    .update(ob)
    .set({ ownerAgentId: agentId, ownerTeamId: teamId, updatedAt: sql`now()` })
    .where(eq(ob.conversationId, conversationId));
}

const later = (a: Date | null, b: Date): Date => (a !== null && a > b ? a : b);

async function lockObligation(tx: Tx, conversationId: string) {
  await tx.insert(ob).values({ conversationId }).onConflictDoNothing();
  const [row] = await tx.select().from(ob).where(eq(ob.conversationId, conversationId)).for("update");
  if (!row) throw new Error(`obligation of ${conversationId} vanished`);
  return row;
}

/**
 * A customer's message: the conversation now waits for a first response (nothing sent yet) or a
 * follow-up, due by its priority's target on the business calendar. While already waiting, the
 * oldest unanswered message stays the trigger and the deadline does not move.
 */
export async function onMessageReceived(messageId: string): Promise<void> {
  await createTransaction(async (tx) => {
    const [row] = await tx
      .select({ m: inboxMessageTable, c: inboxConversationTable })
      .from(inboxMessageTable)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, inboxMessageTable.conversationId))
      .where(eq(inboxMessageTable.id, messageId));
    if (row?.m.direction !== "inbound") return;
    const { m, c } = row;
    const current = await lockObligation(tx, c.id);
    const at = m.providerAt ?? m.createdAt;
    const latestInboundAt = later(current.latestInboundAt, at);
    if ((awaiting as readonly string[]).includes(current.state) || current.state === "snoozed") {
      await tx.update(ob).set({ latestInboundAt, updatedAt: sql`now()` }).where(eq(ob.conversationId, c.id));
      return;
    }
    const answeredBefore = c.firstResponseAt !== null || current.latestOutboundAt !== null;
    const kind = answeredBefore ? "follow_up" : "first_response";
    const { dueAt, remindAt } = dueOf(await targetFor(tx, c.priority), kind, at);
    await tx
      .update(ob)
      .set({
        state: answeredBefore ? "awaiting_follow_up" : "awaiting_first_response",
        triggerMessageId: m.id,
        latestInboundAt,
        responseDueAt: dueAt,
        remindAt,
        remindedAt: null,
        breachedAt: null,
        respondedAt: null,
        escalationLevel: 0,
        lastEscalatedAt: null,
        ownerAgentId: c.assigneeId,
        ownerTeamId: c.teamId,
        updatedAt: sql`now()`,
      })
      .where(eq(ob.conversationId, c.id));
  });
}

/** An outbound message reached the provider (`sent` or later): the customer has their answer. */
export async function onMessageSent(messageId: string): Promise<void> {
  await createTransaction(async (tx) => {
    const [m] = await tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.id, messageId));
    if (m?.direction !== "outbound") return;
    const at = m.sentAt ?? new Date();
    const current = await lockObligation(tx, m.conversationId);
    const latestOutboundAt = later(current.latestOutboundAt, at);
    const answers = (awaiting as readonly string[]).includes(current.state) || current.state === "snoozed";
    await tx
      .update(ob)
      .set({
        latestOutboundAt,
        ...(answers ? { state: "responded" as const, respondedAt: at, remindAt: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(ob.conversationId, m.conversationId));
  });
}

/** Snoozed, resolved or reopened: the obligation follows (reopening a waiting conversation restarts its clock). */
export async function onConversationStatus(conversationId: string, status: ConversationStatus): Promise<void> {
  await createTransaction(async (tx) => {
    const [current] = await tx.select().from(ob).where(eq(ob.conversationId, conversationId)).for("update");
    if (!current) return;
    const waitingOnUs =
      current.latestInboundAt !== null &&
      (current.latestOutboundAt === null || current.latestOutboundAt < current.latestInboundAt);
    const next = onStatus(current.state, status, waitingOnUs);
    if (!next || next === current.state) return;
    let due = {};
    if (next === "awaiting_follow_up") {
      const [c] = await tx
        .select({ priority: inboxConversationTable.priority })
        .from(inboxConversationTable)
        .where(eq(inboxConversationTable.id, conversationId));
      const { dueAt, remindAt } = dueOf(await targetFor(tx, c?.priority ?? "none"), "follow_up", new Date());
      due = { responseDueAt: dueAt, remindAt, remindedAt: null, breachedAt: null, escalationLevel: 0 };
    }
    await tx
      .update(ob)
      .set({ state: next, ...due, updatedAt: sql`now()` })
      .where(eq(ob.conversationId, conversationId));
  });
}

async function notify(
  tx: Tx,
  rows: { userId: string; conversationId: string; key: string }[],
  kind: "inbox_reply_due" | "inbox_reply_breach",
  title: string,
  body: string,
) {
  if (rows.length === 0) return;
  await tx
    .insert(notificationTable)
    .values(
      rows.map((r) => ({
        userId: r.userId,
        kind,
        title,
        body,
        link: `/inbox/${r.conversationId}`,
        dedupeKey: `${kind}:${r.key}:${r.userId}`,
      })),
    )
    .onConflictDoNothing();
}

/**
 * The `inbox.reply-reminders` job: reminds the assignee before a reply is due, and on breach records
 * it and escalates to the team's leads (and the assignee). Each happens once per waiting message:
 * rows are claimed with SKIP LOCKED and notifications are deduplicated by (trigger, recipient).
 */
export async function remind(now: Date = new Date(), limit = 200): Promise<{ reminded: number; escalated: number }> {
  return createTransaction(async (tx) => {
    const due = await tx
      .select()
      .from(ob)
      .where(
        and(
          inArray(ob.state, [...awaiting]),
          isNull(ob.remindedAt),
          isNotNull(ob.ownerAgentId),
          lte(ob.remindAt, now),
          sql`${ob.responseDueAt} > ${now}`,
        ),
      )
      .limit(limit)
      .for("update", { skipLocked: true });
    await notify(
      tx,
      due.map((r) => ({
        userId: r.ownerAgentId as string,
        conversationId: r.conversationId,
        key: r.triggerMessageId ?? r.conversationId,
      })),
      "inbox_reply_due",
      "A customer is waiting for your reply",
      "The reply is due soon.",
    );
    if (due.length) {
      await tx
        .update(ob)
        .set({ remindedAt: now })
        .where(
          inArray(
            ob.conversationId,
            due.map((r) => r.conversationId),
          ),
        );
    }
    const breached = await tx
      .select()
      .from(ob)
      .where(and(inArray(ob.state, [...awaiting]), isNull(ob.breachedAt), lte(ob.responseDueAt, now)))
      .limit(limit)
      .for("update", { skipLocked: true });
    const teams = [...new Set(breached.map((r) => r.ownerTeamId).filter((t): t is string => t !== null))];
    const leads = teams.length
      ? await tx
          .select({ teamId: teamMemberTable.teamId, userId: teamMemberTable.userId })
          .from(teamMemberTable)
          .where(and(inArray(teamMemberTable.teamId, teams), eq(teamMemberTable.role, "lead")))
      : [];
    const recipients = breached.flatMap((r) => {
      const to = new Set(leads.filter((l) => l.teamId === r.ownerTeamId).map((l) => l.userId));
      if (r.ownerAgentId) to.add(r.ownerAgentId);
      return [...to].map((userId) => ({
        userId,
        conversationId: r.conversationId,
        key: r.triggerMessageId ?? r.conversationId,
      }));
    });
    await notify(tx, recipients, "inbox_reply_breach", "A reply is overdue", "The customer's reply target was missed.");
    for (const r of breached) {
      await tx
        .update(ob)
        .set({ breachedAt: r.responseDueAt, escalationLevel: r.escalationLevel + 1, lastEscalatedAt: now })
        .where(eq(ob.conversationId, r.conversationId));
      // Kept in the history, so the report counts late replies after the obligation has moved on.
      await logEvent(tx, r.conversationId, "reply_breached", {
        to: r.responseDueAt?.toISOString() ?? null,
        reason: r.state === "awaiting_first_response" ? "first response target missed" : "follow-up target missed",
      });
    }
    return { reminded: due.length, escalated: breached.length };
  });
}

export const NeedsReply = z.object({
  conversationId: z.uuid(),
  state: z.enum(obligationStates),
  needsReply: z.boolean(),
  dueAt: z.iso.datetime().nullable(),
  breached: z.boolean(),
});
export type NeedsReply = z.infer<typeof NeedsReply>;

/** "Needs reply" flags for the conversations of a list page (only those the actor may see). */
export const needsReply = fn(
  z.object({ conversationIds: z.array(id()).max(200) }),
  async ({ conversationIds }): Promise<NeedsReply[]> => {
    if (conversationIds.length === 0) return [];
    const rows = await useTransaction((tx) =>
      tx
        .select({ o: ob })
        .from(ob)
        .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, ob.conversationId))
        .where(and(inArray(ob.conversationId, conversationIds), visibleWhere())),
    );
    const now = Date.now();
    return rows.map(({ o }) => {
      const waiting = (awaiting as readonly string[]).includes(o.state);
      return {
        conversationId: o.conversationId,
        state: o.state,
        needsReply: waiting,
        dueAt: waiting ? (o.responseDueAt?.toISOString() ?? null) : null,
        breached: waiting && o.responseDueAt !== null && o.responseDueAt.getTime() <= now,
      };
    });
  },
);

export const Stats = z.object({
  awaitingReply: z.number(),
  overdue: z.number(),
  dueWithinHour: z.number(),
  breachedSince: z.number(),
});
export type Stats = z.infer<typeof Stats>;

/** Reply-SLA figures for the dashboard over the conversations the actor sees; breaches counted since `days` ago. */
export const stats = fn(z.object({ days: int(1, 90).default(7) }).default({ days: 7 }), async ({ days }) => {
  requirePermission("crm:inbox:read");
  const waiting: SQL = inArray(ob.state, [...awaiting]);
  const [row] = await useTransaction((tx) =>
    tx
      .select({
        awaitingReply: sql<number>`(count(*) filter (where ${waiting}))::int`,
        overdue: sql<number>`(count(*) filter (where ${waiting} and ${ob.responseDueAt} <= now()))::int`,
        dueWithinHour: sql<number>`(count(*) filter (where ${waiting} and ${ob.responseDueAt} > now() and ${ob.responseDueAt} <= now() + interval '1 hour'))::int`,
        breachedSince: sql<number>`(count(*) filter (where ${ob.breachedAt} >= now() - make_interval(days => ${days})))::int`,
      })
      .from(ob)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, ob.conversationId))
      .where(visibleWhere()),
  );
  return Stats.parse(row ?? { awaitingReply: 0, overdue: 0, dueWithinHour: 0, breachedSince: 0 });
});

export const ReplyPolicy = z.object({
  priority: z.enum(conversationPriorities),
  firstResponseMinutes: int(1, 60 * 24 * 30),
  followUpMinutes: int(1, 60 * 24 * 30),
  remindBeforeMinutes: int(0, 60 * 24).default(5),
  calendarId: id().nullable().default(null),
});
export type ReplyPolicy = z.infer<typeof ReplyPolicy>;

/** Reply targets by priority (settings), with the built-in defaults for priorities without a row. */
export const policies = fn(z.object({}).default({}), async (): Promise<ReplyPolicy[]> => {
  requirePermission("crm:inbox:settings:read");
  const rows = await useTransaction((tx) => tx.select().from(inboxReplyPolicyTable));
  return conversationPriorities.map((priority) => {
    const row = rows.find((r) => r.priority === priority);
    return row
      ? {
          priority,
          firstResponseMinutes: row.firstResponseMinutes,
          followUpMinutes: row.followUpMinutes,
          remindBeforeMinutes: row.remindBeforeMinutes,
          calendarId: row.calendarId,
        }
      : {
          priority,
          firstResponseMinutes: defaultTargets[priority].firstResponse,
          followUpMinutes: defaultTargets[priority].followUp,
          remindBeforeMinutes: 5,
          calendarId: null,
        };
  });
});

/** Saves the reply target of one priority; conversations already waiting keep their deadline. */
export const savePolicy = fn(ReplyPolicy, async (input): Promise<ReplyPolicy> => {
  requirePermission("crm:inbox:settings:write");
  await useTransaction((tx) =>
    tx
      .insert(inboxReplyPolicyTable)
      .values(input)
      .onConflictDoUpdate({
        target: inboxReplyPolicyTable.priority,
        set: { ...input, updatedAt: sql`now()` },
      }),
  );
  return input;
});
