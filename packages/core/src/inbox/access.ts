import { and, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { holds, requirePermission } from "../access";
import { type UserProperties, useActor, withActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { teamMemberTable } from "../team/team.sql";
import { inboxConversationTable } from "./inbox.sql";

const c = inboxConversationTable;

/**
 * Who sees which conversation, decided here and nowhere else (list, read, reply, live subscriptions):
 * holders of `crm:inbox:admin` and system jobs see every conversation; an agent with `crm:inbox:read`
 * sees those assigned to them, those of the teams they belong to, and those not yet routed to a team.
 * Portal accounts and API keys see none.
 */
export function visibleWhere(): SQL | undefined {
  requirePermission("crm:inbox:read");
  const actor = useActor();
  if (actor.type === "system" || holds("crm:inbox:admin")) return undefined;
  if (actor.type !== "user") return sql`false`;
  const userId = actor.properties.userId;
  const myTeams = sql`(select ${teamMemberTable.teamId} from ${teamMemberTable} where ${teamMemberTable.userId} = ${userId})`;
  return or(eq(c.assigneeId, userId), isNull(c.teamId), inArray(c.teamId, myTeams));
}

/** The conversation, or `not_found` when it does not exist or the actor may not see it (never `forbidden`: no probing). */
export async function requireVisible(tx: Tx, conversationId: string) {
  const [row] = await tx
    .select()
    .from(c)
    .where(and(eq(c.id, conversationId), visibleWhere()));
  if (!row) throw new AppError("not_found", "No such conversation");
  return row;
}

/** Whether the actor may see the conversation (live subscriptions ask this at subscribe time and at fan-out). */
export async function canView(tx: Tx, conversationId: string): Promise<boolean> {
  try {
    await requireVisible(tx, conversationId);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "forbidden")) return false;
    throw error;
  }
}

/**
 * Of these users, the ids of those who may see the conversation: `visibleWhere`'s rule decided for all of
 * them with two queries at most (live fan-out asks this for every recipient of an event). Permissions are read from
 * each user's properties, as `requirePermission` would for that user.
 */
export async function viewers(tx: Tx, conversationId: string, users: readonly UserProperties[]): Promise<Set<string>> {
  const allowed = new Set<string>();
  const as = (props: UserProperties, key: "crm:inbox:read" | "crm:inbox:admin") =>
    withActor({ type: "user", properties: props }, () => holds(key));
  const readers = users.filter((u) => as(u, "crm:inbox:read"));
  if (readers.length === 0) return allowed;
  const [row] = await tx.select({ assigneeId: c.assigneeId, teamId: c.teamId }).from(c).where(eq(c.id, conversationId));
  if (!row) return allowed;
  for (const u of readers) {
    if (as(u, "crm:inbox:admin") || row.assigneeId === u.userId || row.teamId === null) allowed.add(u.userId);
  }
  const rest = readers.filter((u) => !allowed.has(u.userId)).map((u) => u.userId);
  if (row.teamId && rest.length > 0) {
    const members = await tx
      .select({ userId: teamMemberTable.userId })
      .from(teamMemberTable)
      .where(and(eq(teamMemberTable.teamId, row.teamId), inArray(teamMemberTable.userId, rest)));
    for (const m of members) allowed.add(m.userId);
  }
  return allowed;
}
