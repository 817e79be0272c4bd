import { and, asc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import { userTable } from "../auth/auth.sql";
import { assertActor } from "../platform/context";
import { afterCommit, createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { teamMemberTable, teamTable } from "../team/team.sql";
import { requireVisible } from "./access";
import { logEvent } from "./change";
import { inboxConversationEventTable, inboxConversationTable } from "./inbox.sql";
import { onConversationStatus } from "./obligation";
import { activeStatuses, applyChange, enqueue, nameOf, offer, release, settleQueue } from "./routing";
import { inboxAgentTable } from "./routing.sql";

type ConversationRow = typeof inboxConversationTable.$inferSelect;

/** The conversation the actor may see, locked for the change. */
async function lockVisible(tx: Tx, conversationId: string): Promise<ConversationRow> {
  await requireVisible(tx, conversationId);
  const [row] = await tx
    .select()
    .from(inboxConversationTable)
    .where(eq(inboxConversationTable.id, conversationId))
    .for("update");
  if (!row) throw new AppError("not_found", "No such conversation");
  return row;
}

/** Inbox admins, and the leads of the conversation's team, supervise it (assign anyone, past capacity). */
async function isSupervisor(tx: Tx, teamId: string | null): Promise<boolean> {
  if (holds("crm:inbox:admin")) return true;
  const actor = assertActor("user");
  if (!teamId) return false;
  const [lead] = await tx
    .select({ userId: teamMemberTable.userId })
    .from(teamMemberTable)
    .where(
      and(
        eq(teamMemberTable.teamId, teamId),
        eq(teamMemberTable.userId, actor.properties.userId),
        eq(teamMemberTable.role, "lead"),
      ),
    );
  return lead !== undefined;
}

/**
 * Takes a capacity slot on the agent: the conditional UPDATE is the guard. `force` (supervisors'
 * choice) takes it past capacity, through the same row lock.
 */
async function takeSlot(tx: Tx, agentId: string, force: boolean): Promise<{ active: number; capacity: number }> {
  await tx.insert(inboxAgentTable).values({ userId: agentId }).onConflictDoNothing();
  const [slot] = await tx
    .update(inboxAgentTable)
    .set({ activeCount: sql`${inboxAgentTable.activeCount} + 1`, lastAssignedAt: sql`now()` })
    .where(
      and(
        eq(inboxAgentTable.userId, agentId),
        force ? undefined : sql`${inboxAgentTable.activeCount} < ${inboxAgentTable.capacity}`,
      ),
    )
    .returning({ active: inboxAgentTable.activeCount, capacity: inboxAgentTable.capacity });
  if (slot) return slot;
  const [agent] = await tx.select().from(inboxAgentTable).where(eq(inboxAgentTable.userId, agentId));
  throw new AppError(
    "conflict",
    `${await nameOf(tx, agentId)} is at capacity (${agent?.activeCount ?? 0} of ${agent?.capacity ?? 0}); a supervisor can assign anyway with force`,
    [{ path: "force", message: "the agent is at capacity" }],
  );
}

/** Moves the conversation to `agentId`, keeping both agents' load exact, logging why. */
async function moveTo(tx: Tx, row: ConversationRow, agentId: string, reason: string, force: boolean) {
  if (!(activeStatuses as readonly string[]).includes(row.status)) {
    throw new AppError("conflict", `A ${row.status} conversation cannot be assigned; reopen it first`);
  }
  if (row.assigneeId === agentId) return;
  const slot = await takeSlot(tx, agentId, force);
  await applyChange(tx, row.id, { assigneeId: agentId }, ["assigneeId"]);
  await settleQueue(tx, row.id, "assigned");
  await logEvent(tx, row.id, "assigned", {
    from: row.assigneeId,
    to: agentId,
    reason: `${reason} (${slot.active} of ${slot.capacity})`,
  });
  await release(tx, row.assigneeId);
}

const Assign = z.object({
  conversationId: id(),
  userId: id(),
  /** Past the agent's capacity: supervisors only. */
  force: z.boolean().default(false),
  note: text(200).optional(),
});

/** A supervisor (inbox admin or the team's lead) assigns a conversation to an agent. */
export const assign = fn(Assign, ({ conversationId, userId, force, note }) => {
  requirePermission("crm:inbox:write");
  return createTransaction(async (tx) => {
    const row = await lockVisible(tx, conversationId);
    if (!(await isSupervisor(tx, row.teamId))) {
      throw new AppError("forbidden", "Only an inbox admin or the team's lead assigns conversations to others");
    }
    const [agent] = await tx
      .select({ id: userTable.id })
      .from(userTable)
      .where(and(eq(userTable.id, userId), eq(userTable.portal, "staff")));
    if (!agent) throw new AppError("validation", "No such staff user", [{ path: "userId", message: "not found" }]);
    const by = await nameOf(tx, assertActor("user").properties.userId);
    await moveTo(tx, row, userId, `assigned by ${by}${note ? `: ${note}` : ""}`, force);
    return { conversationId, assigneeId: userId };
  });
});

/** An agent takes an unassigned conversation they can see, within their capacity. */
export const take = fn(z.object({ conversationId: id() }), ({ conversationId }) => {
  requirePermission("crm:inbox:write");
  const me = assertActor("user").properties.userId;
  return createTransaction(async (tx) => {
    const row = await lockVisible(tx, conversationId);
    if (row.assigneeId === me) return { conversationId, assigneeId: me };
    if (row.assigneeId) {
      throw new AppError("conflict", `${await nameOf(tx, row.assigneeId)} already has this conversation`);
    }
    await moveTo(tx, row, me, `taken by ${await nameOf(tx, me)}`, false);
    return { conversationId, assigneeId: me };
  });
});

/** Frees the conversation (its assignee or a supervisor); it goes back to its team's queue. */
export const unassign = fn(
  z.object({ conversationId: id(), note: text(200).optional() }),
  ({ conversationId, note }) => {
    requirePermission("crm:inbox:write");
    const me = assertActor("user").properties.userId;
    return createTransaction(async (tx) => {
      const row = await lockVisible(tx, conversationId);
      if (!row.assigneeId) return { conversationId, assigneeId: null };
      if (row.assigneeId !== me && !(await isSupervisor(tx, row.teamId))) {
        throw new AppError(
          "forbidden",
          "Only the assignee, an inbox admin or the team's lead unassigns a conversation",
        );
      }
      const reason = `unassigned by ${await nameOf(tx, me)}${note ? `: ${note}` : ""}`;
      await applyChange(tx, row.id, { assigneeId: null }, ["assigneeId"]);
      await logEvent(tx, row.id, "unassigned", { from: row.assigneeId, to: null, reason });
      await release(tx, row.assigneeId);
      if (row.teamId) {
        await enqueue(tx, { conversationId, teamId: row.teamId, priority: row.priority, reason });
        const teamId = row.teamId;
        await afterCommit(async () => {
          await offer(teamId);
        });
      }
      return { conversationId, assigneeId: null };
    });
  },
);

/** Moves the conversation to another team's queue (its assignee or a supervisor); it is unassigned. */
export const transfer = fn(
  z.object({ conversationId: id(), teamId: id(), note: text(200).optional() }),
  ({ conversationId, teamId, note }) => {
    requirePermission("crm:inbox:write");
    const me = assertActor("user").properties.userId;
    return createTransaction(async (tx) => {
      const row = await lockVisible(tx, conversationId);
      if (row.assigneeId !== me && !(await isSupervisor(tx, row.teamId))) {
        throw new AppError(
          "forbidden",
          "Only the assignee, an inbox admin or the team's lead transfers a conversation",
        );
      }
      if (!(activeStatuses as readonly string[]).includes(row.status)) {
        throw new AppError("conflict", `A ${row.status} conversation cannot be transferred; reopen it first`);
      }
      const [team] = await tx
        .select({ name: teamTable.name })
        .from(teamTable)
        .where(and(eq(teamTable.id, teamId), sql`${teamTable.deletedAt} is null`));
      if (!team) throw new AppError("validation", "No such team", [{ path: "teamId", message: "not found" }]);
      if (row.teamId === teamId && !row.assigneeId) return { conversationId, teamId };
      const reason = `transferred to ${team.name} by ${await nameOf(tx, me)}${note ? `: ${note}` : ""}`;
      await applyChange(tx, row.id, { assigneeId: null, teamId }, ["assigneeId", "teamId"]);
      await settleQueue(tx, row.id, "cancelled");
      if (row.assigneeId) await logEvent(tx, row.id, "unassigned", { from: row.assigneeId, to: null, reason });
      await logEvent(tx, row.id, "team_changed", { from: row.teamId, to: teamId, reason });
      await release(tx, row.assigneeId);
      await enqueue(tx, { conversationId, teamId, priority: row.priority, reason });
      await afterCommit(async () => {
        await offer(teamId);
      });
      return { conversationId, teamId };
    });
  },
);

export const HistoryEntry = z.object({
  at: z.iso.datetime(),
  kind: z.enum(["assigned", "unassigned", "team_changed"]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** "Why did I get this": the conversation's assignment and team changes with their reasons, oldest first. */
export const history = fn(z.object({ conversationId: id() }), async ({ conversationId }): Promise<HistoryEntry[]> => {
  const rows = await useTransaction(async (tx) => {
    await requireVisible(tx, conversationId);
    const e = inboxConversationEventTable;
    return tx
      .select()
      .from(e)
      .where(and(eq(e.conversationId, conversationId), inArray(e.kind, ["assigned", "unassigned", "team_changed"])))
      .orderBy(asc(e.at), asc(e.id));
  });
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    kind: r.kind as HistoryEntry["kind"],
    from: str(r.from),
    to: str(r.to),
    reason: r.reason,
    actorType: r.actorType,
    actorId: r.actorId,
  }));
});

/**
 * ConversationUpdated subscriber: a conversation that stopped being live (resolved, converted) leaves
 * its queue and frees its agent's slot; the reply obligation follows the status either way.
 */
export async function onConversationUpdated(payload: {
  conversationId: string;
  changes: string[];
  status: (typeof inboxConversationTable.$inferSelect)["status"];
  assigneeId: string | null;
}): Promise<void> {
  if (payload.changes.includes("status")) await onConversationStatus(payload.conversationId, payload.status);
  if ((activeStatuses as readonly string[]).includes(payload.status)) return;
  await createTransaction(async (tx) => {
    await settleQueue(tx, payload.conversationId, "cancelled");
    await release(tx, payload.assigneeId);
  });
}
