import { and, count, eq, gt, lt } from "drizzle-orm";
import * as z from "zod";
import { userTable } from "../auth/auth.sql";
import { hashToken, newToken } from "../auth/token";
import { useConfig } from "../platform/config";
import { assertActor } from "../platform/context";
import { createTransaction, type Tx } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { useLiveGateway } from "../platform/live";
import { publicUrl } from "../platform/public-url";
import { liveConnectionTable, liveSubscriptionTable, liveTicketTable } from "./live.sql";
import { notifyPresence, STALE_AFTER_MS } from "./presence";
import { conversationTopic, encode, type Frame, type LiveEvent, type PresenceState, parseFrame } from "./protocol";
import { asUser, connectionUser, deliver, dropStale, mayListen, onlineUserIds, sessionUser } from "./recipients";

/** A ticket opens one connection within this many seconds of being issued, once. */
export const TICKET_TTL_SECONDS = 30;
/** Topics one connection may hold at once (an inbox page and a few open threads need far fewer). */
export const MAX_SUBSCRIPTIONS = 100;

const conn = liveConnectionTable;
const sub = liveSubscriptionTable;
const refused = () => new AppError("unauthenticated", "Live ticket is invalid, used or expired; fetch a new one");

/** Where the portal opens the socket: LIVE_URL, else the public origin with ws(s):// and /live. */
export function liveUrl(): string {
  return useConfig().LIVE_URL ?? `${publicUrl().replace(/^http/, "ws").replace(/\/$/, "")}/live`;
}

/**
 * Issues a one-time ticket to open a live connection for the signed-in staff user's session: 32
 * random bytes, stored hashed, dead after TICKET_TTL_SECONDS or its first use. The ticket is the only
 * secret that ever travels in the socket URL (v1 put the session token there).
 */
export const issueTicket = fn(z.object({}), async () => {
  const actor = assertActor("user");
  const { userId, sessionId, portal } = actor.properties;
  if (portal !== "staff" || !sessionId || actor.properties.restriction) {
    throw new AppError("forbidden", "Live updates are for signed-in staff sessions");
  }
  const ticket = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + TICKET_TTL_SECONDS * 1000);
  await createTransaction(async (tx) => {
    await tx.delete(liveTicketTable).where(lt(liveTicketTable.expiresAt, now));
    await tx.insert(liveTicketTable).values({ hash: hashToken(ticket), userId, sessionId, expiresAt });
  });
  return { ticket, expiresAt: expiresAt.toISOString(), url: liveUrl() };
});

/**
 * Opens a connection with a ticket ($connect on AWS, the upgrade locally): the ticket is consumed by
 * one DELETE … RETURNING (a second use finds nothing), its session must still be live.
 */
export async function connect(input: { ticket: unknown; connectionId: string }): Promise<{ userId: string }> {
  const ticket = input.ticket;
  if (typeof ticket !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(ticket)) throw refused();
  const userId = await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(liveTicketTable)
      .where(and(eq(liveTicketTable.hash, hashToken(ticket)), gt(liveTicketTable.expiresAt, new Date())))
      .returning();
    if (!row) return undefined;
    const user = await sessionUser(tx, row.sessionId);
    if (!user || user.userId !== row.userId) return undefined;
    await tx.insert(conn).values({ connectionId: input.connectionId, userId: row.userId, sessionId: row.sessionId });
    return row.userId;
  });
  // The consumed ticket stays consumed even when the session had ended (the transaction committed).
  if (!userId) throw refused();
  await notifyPresence(userId, "online");
  return { userId };
}

/** The connection closed ($disconnect, or the local socket's close): its rows go; the user's last one means offline. */
export async function disconnect(connectionId: string): Promise<void> {
  const gone = await createTransaction(async (tx) => {
    const [row] = await tx.delete(conn).where(eq(conn.connectionId, connectionId)).returning({ userId: conn.userId });
    if (!row) return undefined;
    return (await onlineUserIds(tx, [row.userId], STALE_AFTER_MS)).has(row.userId) ? undefined : row.userId;
  });
  if (gone) await presenceChanged(gone, "offline");
}

const reply = (connectionId: string, event: LiveEvent) => useLiveGateway().post(connectionId, encode(event));

/**
 * One frame from a connection ($default on AWS, onMessage locally). The connection's session is
 * checked first on every frame: once it has ended the connection is closed and nothing is done.
 * Answers go back through the gateway, so both modes behave the same.
 */
export async function message(connectionId: string, raw: string): Promise<void> {
  const user = await createTransaction((tx) => connectionUser(tx, connectionId));
  if (!user) {
    await createTransaction((tx) => tx.delete(conn).where(eq(conn.connectionId, connectionId)));
    await useLiveGateway().close(connectionId);
    return;
  }
  const parsed = parseFrame(raw);
  if (!parsed.ok) {
    await reply(connectionId, { event: "error", code: "validation", message: parsed.message });
    return;
  }
  await asUser(user, () => handle(connectionId, user.userId, parsed.frame));
}

async function handle(connectionId: string, userId: string, frame: Frame): Promise<void> {
  switch (frame.action) {
    case "subscribe": {
      const answer = await createTransaction(async (tx): Promise<LiveEvent> => {
        if (!(await mayListen(tx, useUser(), frame.topic))) {
          // The same answer for a conversation that does not exist and one the user may not see.
          return { event: "error", code: "not_found", topic: frame.topic, message: "No such topic for you" };
        }
        const [held] = await tx.select({ n: count() }).from(sub).where(eq(sub.connectionId, connectionId));
        if ((held?.n ?? 0) >= MAX_SUBSCRIPTIONS) {
          return {
            event: "error",
            code: "limit",
            topic: frame.topic,
            message: `At most ${MAX_SUBSCRIPTIONS} topics per connection`,
          };
        }
        await tx.insert(sub).values({ connectionId, topic: frame.topic }).onConflictDoNothing();
        return { event: "subscribed", topic: frame.topic };
      });
      await reply(connectionId, answer);
      return;
    }
    case "unsubscribe":
      await createTransaction((tx) =>
        tx.delete(sub).where(and(eq(sub.connectionId, connectionId), eq(sub.topic, frame.topic))),
      );
      await reply(connectionId, { event: "unsubscribed", topic: frame.topic });
      return;
    case "ping":
      await touch(connectionId);
      await reply(connectionId, { event: "pong" });
      await notifyPresence(userId, "online");
      return;
    case "presence":
      await touch(connectionId);
      await presenceChanged(userId, frame.state);
      return;
    case "typing": {
      const topic = conversationTopic(frame.conversationId);
      await createTransaction(async (tx) => {
        if (!(await mayListen(tx, useUser(), topic))) {
          await reply(connectionId, { event: "error", code: "not_found", topic, message: "No such conversation" });
          return;
        }
        // The name travels with the hint, so "Ada is replying" needs no lookup in every tab.
        const [who] = await tx.select({ name: userTable.displayName }).from(userTable).where(eq(userTable.id, userId));
        const event: LiveEvent = {
          event: "user_typing",
          topic,
          data: { conversationId: frame.conversationId, userId, name: who?.name ?? "", state: frame.state },
        };
        await deliver(tx, new Map([[topic, event]]), { conversationId: frame.conversationId, exceptUserId: userId });
      });
      return;
    }
  }
}

/** The acting user's properties (set by `message` through asUser). */
function useUser() {
  return assertActor("user").properties;
}

async function touch(connectionId: string) {
  await createTransaction((tx) =>
    tx.update(conn).set({ lastSeenAt: new Date() }).where(eq(conn.connectionId, connectionId)),
  );
}

/** Runs the presence hooks and tells the `presence` topic. */
async function presenceChanged(userId: string, state: PresenceState) {
  await notifyPresence(userId, state);
  const event: LiveEvent = { event: "presence", topic: "presence", data: { userId, state } };
  await createTransaction((tx) => deliver(tx, new Map([["presence", event]]), { exceptUserId: userId }));
}

/**
 * The `live.expire` job: connections silent for longer than STALE_AFTER_MS (their $disconnect never
 * came: it is best effort) and expired tickets go; users left with no live connection go offline.
 */
export async function expire(now = new Date()): Promise<{ connections: number; offline: number }> {
  const result = await createTransaction(async (tx: Tx) => {
    await tx.delete(liveTicketTable).where(lt(liveTicketTable.expiresAt, now));
    const dropped = await dropStale(tx, STALE_AFTER_MS, now);
    const users = [...new Set(dropped.map((d) => d.userId))];
    const still = await onlineUserIds(tx, users, STALE_AFTER_MS, now);
    return { dropped, offline: users.filter((u) => !still.has(u)) };
  });
  for (const d of result.dropped)
    await useLiveGateway()
      .close(d.connectionId)
      .catch(() => undefined);
  for (const userId of result.offline) await presenceChanged(userId, "offline");
  return { connections: result.dropped.length, offline: result.offline.length };
}

/** Which of these users have a live connection seen within the presence window. */
export async function online(userIds: string[]): Promise<string[]> {
  const found = await createTransaction((tx) => onlineUserIds(tx, userIds, STALE_AFTER_MS));
  return userIds.filter((u) => found.has(u));
}
