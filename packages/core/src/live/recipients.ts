import { and, eq, gt, inArray, lt } from "drizzle-orm";
import { holds } from "../access";
import { accessColumns, userProperties } from "../auth/access";
import { sessionTable, userTable } from "../auth/auth.sql";
import * as Access from "../inbox/access";
import { type UserProperties, withActor } from "../platform/context";
import type { Tx } from "../platform/db";
import { errorMessage } from "../platform/errors";
import { useLiveGateway } from "../platform/live";
import { liveConnectionTable, liveSubscriptionTable } from "./live.sql";
import { conversationOf, encode, type LiveEvent } from "./protocol";

const conn = liveConnectionTable;
const sub = liveSubscriptionTable;

/** The session behind a connection may still act: not revoked or expired, a staff account that is active and unrestricted. */
function actingUser(
  row: {
    user: typeof userTable.$inferSelect;
    access: { granted: string[]; mfaRequired: boolean };
    sessionId: string;
    revokedAt: Date | null;
    expiresAt: Date;
    audience: string;
  },
  now: Date,
): UserProperties | undefined {
  if (row.revokedAt || row.expiresAt <= now || row.audience !== "staff") return undefined;
  if (row.user.deactivatedAt || row.user.portal !== "staff") return undefined;
  const props = userProperties(row.user, row.access, row.sessionId);
  return props.restriction ? undefined : props;
}

const sessionColumns = {
  user: userTable,
  access: accessColumns,
  sessionId: sessionTable.id,
  revokedAt: sessionTable.revokedAt,
  expiresAt: sessionTable.expiresAt,
  audience: sessionTable.audience,
};

/** The user a session id acts as now, or undefined when it may not (one query, as verifySession does). */
export async function sessionUser(tx: Tx, sessionId: string, now = new Date()) {
  const [row] = await tx
    .select(sessionColumns)
    .from(sessionTable)
    .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
    .where(eq(sessionTable.id, sessionId));
  return row ? actingUser(row, now) : undefined;
}

/** The connection's user as of now, or undefined when the connection is unknown or its session ended. */
export async function connectionUser(tx: Tx, connectionId: string, now = new Date()) {
  const [row] = await tx
    .select(sessionColumns)
    .from(conn)
    .innerJoin(sessionTable, eq(sessionTable.id, conn.sessionId))
    .innerJoin(userTable, eq(userTable.id, conn.userId))
    .where(eq(conn.connectionId, connectionId));
  return row ? actingUser(row, now) : undefined;
}

export const asUser = <T>(props: UserProperties, fn: () => T) => withActor({ type: "user", properties: props }, fn);

/** The permission a topic other than a conversation needs: the dispatch board's, else the inbox's. */
const topicPermission = (topic: string) =>
  topic === "dispatch" ? "operations:work_order:dispatch" : ("crm:inbox:read" as const);

/** Whether a user may hear about a topic: the one access rule for conversations, the topic's permission otherwise. */
export async function mayListen(tx: Tx, props: UserProperties, topic: string): Promise<boolean> {
  const conversationId = conversationOf(topic);
  return asUser(props, () => (conversationId ? Access.canView(tx, conversationId) : holds(topicPermission(topic))));
}

export interface Delivery {
  sent: number;
  refused: number;
  gone: number;
}

/**
 * Posts `frames[topic]` to every connection subscribed to one of the topics, re-checking each
 * recipient now: a connection whose session ended is closed and dropped, a user who may no longer
 * see the conversation gets nothing, a connection the gateway reports gone is dropped.
 * `conversationId`: the event's conversation, checked for every topic (the inbox topic included).
 */
export async function deliver(
  tx: Tx,
  frames: Map<string, LiveEvent>,
  options: { conversationId?: string; exceptUserId?: string } = {},
): Promise<Delivery> {
  const now = new Date();
  const topics = [...frames.keys()];
  if (topics.length === 0) return { sent: 0, refused: 0, gone: 0 };
  const rows = await tx
    .select({ connectionId: conn.connectionId, userId: conn.userId, topic: sub.topic, ...sessionColumns })
    .from(sub)
    .innerJoin(conn, eq(conn.connectionId, sub.connectionId))
    .innerJoin(sessionTable, eq(sessionTable.id, conn.sessionId))
    .innerJoin(userTable, eq(userTable.id, conn.userId))
    .where(inArray(sub.topic, topics));
  const ended = new Set<string>();
  const acting: { row: (typeof rows)[number]; props: UserProperties; target: string }[] = [];
  for (const row of rows) {
    if (row.userId === options.exceptUserId) continue;
    const props = actingUser(row, now);
    if (!props) ended.add(row.connectionId);
    else
      acting.push({
        row,
        props,
        target: options.conversationId ? `conversation:${options.conversationId}` : row.topic,
      });
  }
  // Every recipient's access is decided now, as that user: one query per conversation for all of them
  // (not one per recipient), the topic's permission for the other topics.
  const allowed = new Map<string, Set<string>>();
  for (const target of new Set(acting.map((a) => a.target))) {
    const users = [
      ...new Map(acting.filter((a) => a.target === target).map((a) => [a.props.userId, a.props])).values(),
    ];
    const conversationId = conversationOf(target);
    allowed.set(
      target,
      conversationId
        ? await Access.viewers(tx, conversationId, users)
        : new Set(users.filter((u) => asUser(u, () => holds(topicPermission(target)))).map((u) => u.userId)),
    );
  }
  const posts: { connectionId: string; data: string }[] = [];
  let refused = 0;
  for (const { row, props, target } of acting) {
    if (!allowed.get(target)?.has(props.userId)) {
      refused++;
      continue;
    }
    const frame = frames.get(row.topic);
    if (frame) posts.push({ connectionId: row.connectionId, data: encode(frame) });
  }
  const gateway = useLiveGateway();
  const gone = new Set<string>();
  const outcomes = await Promise.all(
    posts.map(async (p) => {
      try {
        return { ...p, result: await gateway.post(p.connectionId, p.data) };
      } catch (error) {
        // A live frame is a hint (the client refetches); a failed post must not fail the event for others.
        console.error(`live post to ${p.connectionId} failed: ${errorMessage(error)}`);
        return { ...p, result: "failed" as const };
      }
    }),
  );
  for (const o of outcomes) if (o.result === "gone") gone.add(o.connectionId);
  for (const id of ended) await gateway.close(id).catch(() => undefined);
  const drop = [...gone, ...ended];
  if (drop.length) await tx.delete(conn).where(inArray(conn.connectionId, drop));
  return { sent: outcomes.filter((o) => o.result === "sent").length, refused, gone: drop.length };
}

/** Users with a connection seen within `staleAfterMs` (their connection-derived presence is online). */
export async function onlineUserIds(tx: Tx, userIds: string[], staleAfterMs: number, now = new Date()) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await tx
    .selectDistinct({ userId: conn.userId })
    .from(conn)
    .where(and(inArray(conn.userId, userIds), gt(conn.lastSeenAt, new Date(now.getTime() - staleAfterMs))));
  return new Set(rows.map((r) => r.userId));
}

/** Connections silent for longer than `staleAfterMs` ($disconnect never came), deleted; their users. */
export async function dropStale(tx: Tx, staleAfterMs: number, now = new Date()) {
  const rows = await tx
    .delete(conn)
    .where(lt(conn.lastSeenAt, new Date(now.getTime() - staleAfterMs)))
    .returning({ userId: conn.userId, connectionId: conn.connectionId });
  return rows;
}
