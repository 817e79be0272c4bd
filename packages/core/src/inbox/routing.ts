import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { userTable } from "../auth/auth.sql";
import { actorRef } from "../platform/context";
import { afterCommit, createTransaction, type Tx, useTransaction } from "../platform/db";
import { emit } from "../platform/outbox";
import { teamMemberTable, teamTable } from "../team/team.sql";
import { Events } from "./events";
import {
  type ConversationEventKind,
  type ConversationPriority,
  conversationPriorities,
  type InboxChannelKind,
  inboxChannelTable,
  inboxConversationEventTable,
  inboxConversationTable,
} from "./inbox.sql";
import { setOwner } from "./obligation";
import {
  inboxAgentTable,
  inboxQueueEntryTable,
  inboxRoutingRuleTable,
  inboxTeamRoutingTable,
  STALE_SECONDS,
} from "./routing.sql";
import { reasonFor } from "./why";

const conv = inboxConversationTable;
const queue = inboxQueueEntryTable;

/** Statuses in which an assigned conversation counts toward its agent's load. */
export const activeStatuses = ["open", "pending", "snoozed"] as const;

export const rankOf = (priority: ConversationPriority): number => conversationPriorities.indexOf(priority);

export interface RuleCandidate {
  id: string;
  name: string;
  enabled: boolean;
  channelKind: InboxChannelKind | null;
  channelId: string | null;
  label: string | null;
  priority: ConversationPriority | null;
  teamId: string;
}
export interface ConversationFacts {
  channelKind: InboxChannelKind;
  channelId: string;
  labels: readonly string[];
  priority: ConversationPriority;
}

/** The first enabled rule (in the given order) whose every set condition matches; labels match ignoring case. */
export function matchRule<R extends RuleCandidate>(rules: readonly R[], facts: ConversationFacts): R | undefined {
  const labels = new Set(facts.labels.map((l) => l.toLowerCase()));
  return rules.find(
    (r) =>
      r.enabled &&
      (r.channelKind === null || r.channelKind === facts.channelKind) &&
      (r.channelId === null || r.channelId === facts.channelId) &&
      (r.label === null || labels.has(r.label.toLowerCase())) &&
      (r.priority === null || r.priority === facts.priority),
  );
}

/** Appends to the conversation's history in the caller's transaction. */
export async function logEvent(
  tx: Tx,
  conversationId: string,
  kind: ConversationEventKind,
  change: { from?: unknown; to?: unknown; reason: string },
) {
  await tx.insert(inboxConversationEventTable).values({
    conversationId,
    kind,
    from: change.from ?? null,
    to: change.to ?? null,
    reason: reasonFor(change.reason),
    ...actorRef(),
  });
}

/** Writes the conversation's new assignee/team, bumps its version and emits ConversationUpdated. */
export async function applyChange(
  tx: Tx,
  conversationId: string,
  set: { assigneeId?: string | null; teamId?: string | null },
  changes: string[],
  guard?: ReturnType<typeof sql>,
) {
  const [row] = await tx
    .update(conv)
    .set({ ...set, version: sql`${conv.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(conv.id, conversationId), guard))
    .returning({
      id: conv.id,
      version: conv.version,
      status: conv.status,
      assigneeId: conv.assigneeId,
      teamId: conv.teamId,
    });
  if (!row) return undefined;
  await emit(Events.ConversationUpdated, {
    conversationId,
    version: row.version,
    changes,
    status: row.status,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
  });
  await setOwner(tx, conversationId, row.assigneeId, row.teamId);
  return row;
}

/**
 * Sets the agent's `active_count` to the number of live conversations assigned to them. The row is
 * locked first, so the count (a later statement, a fresh snapshot) sees every assigner that held it.
 */
export async function recount(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${inboxAgentTable} where user_id = ${userId} for update`);
  await tx.execute(sql`
    update ${inboxAgentTable} set active_count = (
      select count(*)::int from ${conv}
      where ${conv.assigneeId} = ${userId} and ${inArray(conv.status, [...activeStatuses])})
    where user_id = ${userId}`);
}

/** Puts the conversation in its team's queue (a no-op while it already waits). */
export async function enqueue(
  tx: Tx,
  entry: { conversationId: string; teamId: string; priority: ConversationPriority; reason: string },
) {
  await tx
    .insert(queue)
    .values({
      conversationId: entry.conversationId,
      teamId: entry.teamId,
      priorityRank: rankOf(entry.priority),
      reason: entry.reason,
    })
    .onConflictDoNothing();
}

/** Takes the conversation out of any queue it waits in (assigned by hand, resolved, moved). */
export async function settleQueue(tx: Tx, conversationId: string, state: "assigned" | "cancelled") {
  await tx
    .update(queue)
    .set({ state, settledAt: sql`now()` })
    .where(and(eq(queue.conversationId, conversationId), eq(queue.state, "waiting")));
}

export type RouteResult =
  | { outcome: "queued"; teamId: string; reason: string }
  | { outcome: "unrouted" }
  | { outcome: "skipped" };

/**
 * Routes a new conversation: its team by the first matching rule, else the channel's team; then it
 * joins that team's queue, and the queue is offered after commit (so a newcomer never jumps ahead of
 * an older or more urgent conversation). Idempotent: a conversation routed once is left alone.
 */
export async function route(conversationId: string): Promise<RouteResult> {
  const result = await createTransaction(async (tx): Promise<RouteResult> => {
    const [row] = await tx
      .select({ c: conv, channelKind: inboxChannelTable.kind, channelTeam: inboxChannelTable.teamId })
      .from(conv)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, conv.channelId))
      .where(eq(conv.id, conversationId))
      .for("update", { of: conv });
    if (!row || row.c.assigneeId || row.c.status === "resolved" || row.c.status === "resolved_to_ticket") {
      return { outcome: "skipped" };
    }
    const [seen] = await tx.select({ id: queue.id }).from(queue).where(eq(queue.conversationId, conversationId));
    if (seen) return { outcome: "skipped" };
    const rules = await tx
      .select()
      .from(inboxRoutingRuleTable)
      .orderBy(asc(inboxRoutingRuleTable.position), asc(inboxRoutingRuleTable.id));
    const rule = matchRule(rules, {
      channelKind: row.channelKind,
      channelId: row.c.channelId,
      labels: row.c.labels,
      priority: row.c.priority,
    });
    const teamId = rule?.teamId ?? row.c.teamId ?? row.channelTeam;
    if (!teamId) return { outcome: "unrouted" };
    const reason = rule ? `rule '${rule.name}'` : row.c.teamId ? "the conversation's team" : "the channel's team";
    if (teamId !== row.c.teamId) {
      await logEvent(tx, conversationId, "team_changed", { from: row.c.teamId, to: teamId, reason });
      await applyChange(tx, conversationId, { teamId }, ["teamId"]);
    }
    await enqueue(tx, { conversationId, teamId, priority: row.c.priority, reason });
    return { outcome: "queued", teamId, reason };
  });
  if (result.outcome === "queued") await offer(result.teamId);
  return result;
}

export type AssignOutcome =
  | { outcome: "assigned"; conversationId: string; agentId: string; reason: string }
  | { outcome: "empty" }
  | { outcome: "no_agent" }
  | { outcome: "stale" };

interface EntryRow {
  id: string;
  conversation_id: string;
  reason: string | null;
}
interface AgentRow {
  user_id: string;
  active_count: number;
  capacity: number;
}
const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * One assignment from the head of a team's queue, in one transaction (research R1). A capacity slot
 * is taken first, from an online member, with a conditional UPDATE (the guard, not the SELECT, keeps
 * capacity; agents another assigner holds are skipped); only then is the head entry claimed with SKIP
 * LOCKED, so an assigner never holds an entry it cannot serve and the queue is served strictly in
 * (priority, arrival) order. The assignee is set only if the conversation is still unassigned.
 */
export async function assignNext(teamId: string): Promise<AssignOutcome> {
  return createTransaction(async (tx): Promise<AssignOutcome> => {
    const [any] = await tx
      .select({ id: queue.id })
      .from(queue)
      .where(and(eq(queue.teamId, teamId), eq(queue.state, "waiting")))
      .limit(1);
    if (!any) return { outcome: "empty" };
    const [routing] = await tx.select().from(inboxTeamRoutingTable).where(eq(inboxTeamRoutingTable.teamId, teamId));
    const mode = routing?.mode ?? "least_loaded";
    const order =
      mode === "round_robin"
        ? sql`(a.user_id <= coalesce(${routing?.lastAgentId ?? null}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)), a.user_id`
        : sql`a.active_count, a.last_assigned_at nulls first, a.user_id`;
    const [agent] = rows<AgentRow>(
      await tx.execute(sql`
        update ${inboxAgentTable} set active_count = active_count + 1, last_assigned_at = now()
        where user_id = (
          select a.user_id from ${inboxAgentTable} a
          join ${teamMemberTable} m on m.user_id = a.user_id and m.team_id = ${teamId}
          where (a.manual_status is null or a.manual_status = 'online')
            and a.last_seen_at > now() - make_interval(secs => ${STALE_SECONDS})
            and a.active_count < a.capacity
          order by ${order}
          for update of a skip locked limit 1)
          and active_count < capacity
        returning user_id, active_count, capacity`),
    );
    if (!agent) return { outcome: "no_agent" };
    const giveBack = () =>
      tx.execute(sql`update ${inboxAgentTable} set active_count = active_count - 1 where user_id = ${agent.user_id}`);
    const [entry] = rows<EntryRow>(
      await tx.execute(sql`
        select id, conversation_id, reason from ${queue}
        where team_id = ${teamId} and state = 'waiting'
        order by priority_rank desc, arrived_at, id
        for update skip locked limit 1`),
    );
    if (!entry) {
      await giveBack();
      return { outcome: "empty" };
    }
    const done = await applyChange(
      tx,
      entry.conversation_id,
      { assigneeId: agent.user_id, teamId },
      ["assigneeId"],
      sql`${conv.assigneeId} is null and ${inArray(conv.status, [...activeStatuses])}`,
    );
    if (!done) {
      // Assigned by hand or resolved since it queued: give the slot back, drop the entry.
      await giveBack();
      await tx.update(queue).set({ state: "cancelled", settledAt: sql`now()` }).where(eq(queue.id, entry.id));
      return { outcome: "stale" };
    }
    await tx.update(queue).set({ state: "assigned", settledAt: sql`now()` }).where(eq(queue.id, entry.id));
    if (mode === "round_robin") {
      await tx
        .insert(inboxTeamRoutingTable)
        .values({ teamId, mode, lastAgentId: agent.user_id })
        .onConflictDoUpdate({ target: inboxTeamRoutingTable.teamId, set: { lastAgentId: agent.user_id } });
    }
    const [team] = await tx.select({ name: teamTable.name }).from(teamTable).where(eq(teamTable.id, teamId));
    const how = mode === "round_robin" ? "round-robin" : "least-loaded";
    const reason = `${how} in ${team?.name ?? "the team"} (${agent.active_count} of ${agent.capacity})${entry.reason ? `; queued by ${entry.reason}` : ""}`;
    await logEvent(tx, entry.conversation_id, "assigned", { from: null, to: agent.user_id, reason });
    return { outcome: "assigned", conversationId: entry.conversation_id, agentId: agent.user_id, reason };
  });
}

/** Assigns from the team's queue until it is empty or no member can take more (bounded per call). */
export async function offer(teamId: string, max = 100): Promise<number> {
  let assigned = 0;
  for (let i = 0; i < max; i++) {
    const result = await assignNext(teamId);
    if (result.outcome === "assigned") assigned++;
    else if (result.outcome !== "stale") break;
  }
  return assigned;
}

/** Capacity freed or an agent came back: offer the queues of the agent's teams. */
export async function offerForAgent(userId: string): Promise<number> {
  const teams = await useTransaction((tx) =>
    tx.select({ teamId: teamMemberTable.teamId }).from(teamMemberTable).where(eq(teamMemberTable.userId, userId)),
  );
  let assigned = 0;
  for (const { teamId } of teams) assigned += await offer(teamId);
  return assigned;
}

/** The `inbox.offer-queue` job: every team with waiting conversations is offered its queue. */
export async function offerAll(): Promise<{ assigned: number }> {
  const teams = await useTransaction((tx) =>
    tx.selectDistinct({ teamId: queue.teamId }).from(queue).where(eq(queue.state, "waiting")),
  );
  let assigned = 0;
  for (const { teamId } of teams) assigned += await offer(teamId);
  return { assigned };
}

/**
 * The `inbox.reconcile-load` job: recomputes every agent's `active_count` from live assignments. Rows
 * an assigner holds are skipped (it is about to make them right) and left for the next run.
 */
export async function reconcile(): Promise<{ corrected: number }> {
  return createTransaction(async (tx) => {
    const locked = rows<{ user_id: string }>(
      await tx.execute(sql`select user_id from ${inboxAgentTable} for update skip locked`),
    ).map((r) => r.user_id);
    if (locked.length === 0) return { corrected: 0 };
    const count = sql`(select count(*)::int from ${conv}
      where ${conv.assigneeId} = ${inboxAgentTable.userId} and ${inArray(conv.status, [...activeStatuses])})`;
    const fixed = await tx
      .update(inboxAgentTable)
      .set({ activeCount: count, updatedAt: sql`now()` })
      .where(and(inArray(inboxAgentTable.userId, locked), sql`${inboxAgentTable.activeCount} <> ${count}`))
      .returning({ userId: inboxAgentTable.userId });
    return { corrected: fixed.length };
  });
}

/** Display name of a staff user, for reasons ("taken by Ada"). */
export async function nameOf(tx: Tx, userId: string): Promise<string> {
  const [row] = await tx
    .select({ displayName: userTable.displayName, email: userTable.email })
    .from(userTable)
    .where(eq(userTable.id, userId));
  return row ? row.displayName || row.email : "someone";
}

/** After a conversation leaves an agent (resolved, unassigned, moved): recount them now, offer after commit. */
export async function release(tx: Tx, userId: string | null): Promise<void> {
  if (!userId) return;
  await recount(tx, userId);
  await afterCommit(async () => {
    await offerForAgent(userId);
  });
}
