import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { afterCommit, createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, text } from "../platform/input";
import { teamMemberTable, teamTable } from "../team/team.sql";
import {
  conversationPriorities,
  inboxChannelKinds,
  inboxChannelTable,
  inboxConversationEventTable,
  inboxConversationTable,
} from "./inbox.sql";
import { derive } from "./presence";
import { offer, offerForAgent } from "./routing";
import {
  inboxAgentTable,
  inboxQueueEntryTable,
  inboxRoutingRuleTable,
  inboxTeamRoutingTable,
  routingModes,
} from "./routing.sql";

/** Who sees the supervisor views: inbox admins, settings readers and the leads of any team. */
function requireSupervisorView() {
  if (holds("crm:inbox:admin") || holds("crm:inbox:settings:read")) return;
  requirePermission("crm:inbox:read");
  throw new AppError("forbidden", "Only inbox admins and settings readers see every agent's load");
}

export const Agent = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  presence: z.enum(["online", "away", "offline"]),
  manualStatus: z.enum(["online", "away", "offline"]).nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
  capacity: z.number(),
  activeCount: z.number(),
  teams: z.array(z.object({ teamId: z.uuid(), role: z.enum(["member", "lead"]) })),
});
export type Agent = z.infer<typeof Agent>;

/** Every staff user in a team or with inbox settings: presence, capacity and load (supervisor view). */
export const agents = fn(z.object({}).default({}), async (): Promise<Agent[]> => {
  return useTransaction(async (tx) => {
    requireSupervisorView();
    const members = await tx.select().from(teamMemberTable);
    const settings = await tx.select().from(inboxAgentTable);
    const ids = [...new Set([...members.map((m) => m.userId), ...settings.map((s) => s.userId)])];
    if (ids.length === 0) return [];
    const users = await tx
      .select({ id: userTable.id, name: userTable.displayName, email: userTable.email })
      .from(userTable)
      .where(and(inArray(userTable.id, ids), isNull(userTable.deactivatedAt)))
      .orderBy(asc(sql`lower(${userTable.displayName})`));
    return users.map((u) => {
      const s = settings.find((r) => r.userId === u.id);
      return {
        userId: u.id,
        name: u.name || u.email,
        email: u.email,
        presence: s ? derive(s) : "offline",
        manualStatus: s?.manualStatus ?? null,
        lastSeenAt: s?.lastSeenAt?.toISOString() ?? null,
        capacity: s?.capacity ?? 5,
        activeCount: s?.activeCount ?? 0,
        teams: members.filter((m) => m.userId === u.id).map((m) => ({ teamId: m.teamId, role: m.role })),
      };
    });
  });
});

/** Sets an agent's capacity; raising it offers the queues of their teams after commit. */
export const setCapacity = fn(z.object({ userId: id(), capacity: int(0, 1000) }), ({ userId, capacity }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const [user] = await tx
      .select({ id: userTable.id })
      .from(userTable)
      .where(and(eq(userTable.id, userId), eq(userTable.portal, "staff")));
    if (!user) throw new AppError("not_found", "No such staff user");
    const [before] = await tx.select().from(inboxAgentTable).where(eq(inboxAgentTable.userId, userId));
    await tx
      .insert(inboxAgentTable)
      .values({ userId, capacity })
      .onConflictDoUpdate({ target: inboxAgentTable.userId, set: { capacity, updatedAt: sql`now()` } });
    await Audit.record({
      action: "inbox.routing.changed",
      entityType: "inbox_agent",
      entityId: userId,
      changes: { capacity: { from: before?.capacity ?? 5, to: capacity } },
    });
    if (capacity > (before?.capacity ?? 5)) {
      await afterCommit(async () => {
        await offerForAgent(userId);
      });
    }
    return { userId, capacity };
  });
});

export const TeamRouting = z.object({
  teamId: z.uuid(),
  name: z.string(),
  mode: z.enum(routingModes),
  members: z.array(z.object({ userId: z.uuid(), name: z.string(), role: z.enum(["member", "lead"]) })),
  waiting: z.number(),
});
export type TeamRouting = z.infer<typeof TeamRouting>;

/** Every live team with its routing mode, members (leads flagged) and how many conversations wait. */
export const teams = fn(z.object({}).default({}), async (): Promise<TeamRouting[]> => {
  return useTransaction(async (tx) => {
    requireSupervisorView();
    const rows = await tx
      .select({ id: teamTable.id, name: teamTable.name, mode: inboxTeamRoutingTable.mode })
      .from(teamTable)
      .leftJoin(inboxTeamRoutingTable, eq(inboxTeamRoutingTable.teamId, teamTable.id))
      .where(isNull(teamTable.deletedAt))
      .orderBy(asc(sql`lower(${teamTable.name})`));
    const members = await tx
      .select({
        teamId: teamMemberTable.teamId,
        userId: teamMemberTable.userId,
        role: teamMemberTable.role,
        name: userTable.displayName,
        email: userTable.email,
      })
      .from(teamMemberTable)
      .innerJoin(userTable, eq(userTable.id, teamMemberTable.userId))
      .orderBy(asc(sql`lower(${userTable.displayName})`));
    const waiting = await tx
      .select({ teamId: inboxQueueEntryTable.teamId, n: sql<number>`count(*)::int` })
      .from(inboxQueueEntryTable)
      .where(eq(inboxQueueEntryTable.state, "waiting"))
      .groupBy(inboxQueueEntryTable.teamId);
    return rows.map((t) => ({
      teamId: t.id,
      name: t.name,
      mode: t.mode ?? "least_loaded",
      members: members
        .filter((m) => m.teamId === t.id)
        .map((m) => ({ userId: m.userId, name: m.name || m.email, role: m.role })),
      waiting: waiting.find((w) => w.teamId === t.id)?.n ?? 0,
    }));
  });
});

async function requireTeam(tx: Tx, teamId: string) {
  const [team] = await tx
    .select({ id: teamTable.id })
    .from(teamTable)
    .where(and(eq(teamTable.id, teamId), isNull(teamTable.deletedAt)));
  if (!team) throw new AppError("not_found", "No such team");
}

/** Chooses how a team hands out conversations. */
export const setMode = fn(z.object({ teamId: id(), mode: z.enum(routingModes) }), ({ teamId, mode }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    await requireTeam(tx, teamId);
    await tx
      .insert(inboxTeamRoutingTable)
      .values({ teamId, mode })
      .onConflictDoUpdate({ target: inboxTeamRoutingTable.teamId, set: { mode, updatedAt: sql`now()` } });
    await Audit.record({
      action: "inbox.routing.changed",
      entityType: "team",
      entityId: teamId,
      changes: { mode: { to: mode } },
    });
    return { teamId, mode };
  });
});

/** Adds a staff user to a team or changes their role (lead or member); a new member may take queued work. */
export const setMember = fn(
  z.object({ teamId: id(), userId: id(), role: z.enum(["member", "lead"]).default("member") }),
  ({ teamId, userId, role }) => {
    requirePermission("crm:inbox:settings:write");
    return createTransaction(async (tx) => {
      await requireTeam(tx, teamId);
      const [user] = await tx
        .select({ id: userTable.id })
        .from(userTable)
        .where(and(eq(userTable.id, userId), eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt)));
      if (!user) throw new AppError("validation", "No such staff user", [{ path: "userId", message: "not found" }]);
      await tx
        .insert(teamMemberTable)
        .values({ teamId, userId, role })
        .onConflictDoUpdate({ target: [teamMemberTable.teamId, teamMemberTable.userId], set: { role } });
      await Audit.record({
        action: "inbox.routing.changed",
        entityType: "team",
        entityId: teamId,
        changes: { member: { to: `${userId}:${role}` } },
      });
      await afterCommit(async () => {
        await offer(teamId);
      });
      return { teamId, userId, role };
    });
  },
);

/** Removes a staff user from a team; conversations already assigned to them stay theirs. */
export const removeMember = fn(z.object({ teamId: id(), userId: id() }), ({ teamId, userId }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const removed = await tx
      .delete(teamMemberTable)
      .where(and(eq(teamMemberTable.teamId, teamId), eq(teamMemberTable.userId, userId)))
      .returning({ userId: teamMemberTable.userId });
    if (removed.length === 0) throw new AppError("not_found", "That user is not a member of the team");
    await Audit.record({
      action: "inbox.routing.changed",
      entityType: "team",
      entityId: teamId,
      changes: { member: { from: userId } },
    });
  });
});

export const Rule = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number(),
  enabled: z.boolean(),
  channelKind: z.enum(inboxChannelKinds).nullable(),
  channelId: z.uuid().nullable(),
  label: z.string().nullable(),
  priority: z.enum(conversationPriorities).nullable(),
  teamId: z.uuid(),
});
export type Rule = z.infer<typeof Rule>;

const RuleFields = z.object({
  name: text(100),
  position: int(0, 10_000).optional(),
  enabled: z.boolean().default(true),
  channelKind: z.enum(inboxChannelKinds).nullable().default(null),
  channelId: id().nullable().default(null),
  label: text(50).nullable().default(null),
  priority: z.enum(conversationPriorities).nullable().default(null),
  teamId: id(),
});

const toRule = (r: typeof inboxRoutingRuleTable.$inferSelect): Rule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  channelKind: r.channelKind,
  channelId: r.channelId,
  label: r.label,
  priority: r.priority,
  teamId: r.teamId,
});

/** Routing rules in the order they are tried. */
export const rules = fn(z.object({}).default({}), async (): Promise<Rule[]> => {
  requirePermission("crm:inbox:settings:read");
  const rows = await useTransaction((tx) =>
    tx.select().from(inboxRoutingRuleTable).orderBy(asc(inboxRoutingRuleTable.position), asc(inboxRoutingRuleTable.id)),
  );
  return rows.map(toRule);
});

async function checkRefs(tx: Tx, input: { teamId: string; channelId: string | null }) {
  const [team] = await tx
    .select({ id: teamTable.id })
    .from(teamTable)
    .where(and(eq(teamTable.id, input.teamId), isNull(teamTable.deletedAt)));
  if (!team) throw new AppError("validation", "No such team", [{ path: "teamId", message: "not found" }]);
  if (input.channelId) {
    const [channel] = await tx
      .select({ id: inboxChannelTable.id })
      .from(inboxChannelTable)
      .where(eq(inboxChannelTable.id, input.channelId));
    if (!channel) throw new AppError("validation", "No such channel", [{ path: "channelId", message: "not found" }]);
  }
}

/** Adds a rule (at the end unless a position is given). */
export const createRule = fn(RuleFields, ({ position, ...input }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx): Promise<Rule> => {
    await checkRefs(tx, input);
    const [last] = await tx
      .select({ position: inboxRoutingRuleTable.position })
      .from(inboxRoutingRuleTable)
      .orderBy(desc(inboxRoutingRuleTable.position))
      .limit(1);
    const [row] = await tx
      .insert(inboxRoutingRuleTable)
      .values({ ...input, position: position ?? (last ? last.position + 10 : 10) })
      .returning();
    if (!row) throw new Error("rule insert returned nothing");
    await Audit.record({
      action: "inbox.routing.changed",
      entityType: "inbox_routing_rule",
      entityId: row.id,
      changes: { rule: { to: input.name } },
    });
    return toRule(row);
  });
});

export const updateRule = fn(RuleFields.partial().extend({ id: id() }), ({ id, ...changes }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx): Promise<Rule> => {
    const [current] = await tx.select().from(inboxRoutingRuleTable).where(eq(inboxRoutingRuleTable.id, id));
    if (!current) throw new AppError("not_found", "No such routing rule");
    // Partial input: only keys the caller sent (zod defaults do not apply to a partial).
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    await checkRefs(tx, {
      teamId: (set.teamId as string | undefined) ?? current.teamId,
      channelId: (set.channelId as string | null | undefined) ?? null,
    });
    const [row] = await tx
      .update(inboxRoutingRuleTable)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(inboxRoutingRuleTable.id, id))
      .returning();
    if (!row) throw new AppError("not_found", "No such routing rule");
    await Audit.record({
      action: "inbox.routing.changed",
      entityType: "inbox_routing_rule",
      entityId: id,
      changes: { rule: { from: current.name, to: row.name } },
    });
    return toRule(row);
  });
});

export const removeRule = fn(z.object({ id: id() }), ({ id }) => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const [row] = await tx.delete(inboxRoutingRuleTable).where(eq(inboxRoutingRuleTable.id, id)).returning();
    if (!row) throw new AppError("not_found", "No such routing rule");
    await Audit.record({
      action: "inbox.routing.changed",
      entityType: "inbox_routing_rule",
      entityId: id,
      changes: { rule: { from: row.name } },
    });
  });
});

export const QueueEntry = z.object({
  position: z.number(),
  conversationId: z.uuid(),
  teamId: z.uuid(),
  priority: z.enum(conversationPriorities),
  arrivedAt: z.iso.datetime(),
  reason: z.string().nullable(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/** A team's waiting conversations in the order they will be served (supervisor view). */
export const waiting = fn(
  z.object({ teamId: id().optional(), limit: int(1, 500).default(100) }),
  async ({ teamId, limit }): Promise<{ total: number; items: QueueEntry[] }> => {
    return useTransaction(async (tx) => {
      requireSupervisorView();
      const q = inboxQueueEntryTable;
      const where = and(eq(q.state, "waiting"), teamId ? eq(q.teamId, teamId) : undefined);
      const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(q).where(where);
      const rows = await tx
        .select({ q, priority: inboxConversationTable.priority })
        .from(q)
        .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, q.conversationId))
        .where(where)
        .orderBy(desc(q.priorityRank), asc(q.arrivedAt), asc(q.id))
        .limit(limit);
      return {
        total: count?.n ?? 0,
        items: rows.map((r, i) => ({
          position: i + 1,
          conversationId: r.q.conversationId,
          teamId: r.q.teamId,
          priority: r.priority,
          arrivedAt: r.q.arrivedAt.toISOString(),
          reason: r.q.reason,
        })),
      };
    });
  },
);

export const RecentAssignment = z.object({
  at: z.iso.datetime(),
  conversationId: z.uuid(),
  agentId: z.uuid().nullable(),
  agentName: z.string().nullable(),
  reason: z.string().nullable(),
});
export type RecentAssignment = z.infer<typeof RecentAssignment>;

/** The latest assignments across the inbox with their reasons, newest first ("why did she get that?"). */
export const recentAssignments = fn(
  z.object({ limit: int(1, 100).default(20) }).default({ limit: 20 }),
  async ({ limit }): Promise<RecentAssignment[]> => {
    return useTransaction(async (tx) => {
      requireSupervisorView();
      const e = inboxConversationEventTable;
      const rows = await tx
        .select({ at: e.at, conversationId: e.conversationId, to: e.to, reason: e.reason })
        .from(e)
        .where(eq(e.kind, "assigned"))
        .orderBy(desc(e.at), desc(e.id))
        .limit(limit);
      const ids = [...new Set(rows.map((r) => r.to).filter((v): v is string => typeof v === "string"))];
      const users = ids.length
        ? await tx
            .select({ id: userTable.id, name: userTable.displayName, email: userTable.email })
            .from(userTable)
            .where(inArray(userTable.id, ids))
        : [];
      return rows.map((r) => {
        const agentId = typeof r.to === "string" ? r.to : null;
        const user = users.find((u) => u.id === agentId);
        return {
          at: r.at.toISOString(),
          conversationId: r.conversationId,
          agentId,
          agentName: user ? user.name || user.email : null,
          reason: r.reason,
        };
      });
    });
  },
);
