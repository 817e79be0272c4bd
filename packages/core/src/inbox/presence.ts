import { eq, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { assertActor } from "../platform/context";
import { afterCommit, createTransaction, type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { inboxAgentTable, type ManualStatus, manualStatuses, STALE_SECONDS } from "./routing.sql";

export { STALE_SECONDS };

export type Presence = "online" | "away" | "offline";

/** Presence from the manual override and the heartbeat: `away`/`offline` win; otherwise online while heard from. */
export function derive(
  row: { manualStatus: ManualStatus | null; lastSeenAt: Date | null },
  now: number = Date.now(),
): Presence {
  if (row.manualStatus === "offline") return "offline";
  if (row.manualStatus === "away") return "away";
  if (row.lastSeenAt && now - row.lastSeenAt.getTime() < STALE_SECONDS * 1000) return "online";
  return "offline";
}

/** The same rule in SQL over `inbox_agent`, for the assigners' candidate query. */
export const onlineSql = sql`(${inboxAgentTable.manualStatus} is null or ${inboxAgentTable.manualStatus} = 'online')
  and ${inboxAgentTable.lastSeenAt} > now() - make_interval(secs => ${STALE_SECONDS})`;

/** Whether the agent counted as online before this statement: used to tell "came back" from "still here". */
async function wasOnline(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ manualStatus: inboxAgentTable.manualStatus, lastSeenAt: inboxAgentTable.lastSeenAt })
    .from(inboxAgentTable)
    .where(eq(inboxAgentTable.userId, userId));
  return row ? derive(row) === "online" : false;
}

/** After an agent becomes available, their teams' queues are offered again (after commit). */
async function offerAfterCommit(userId: string) {
  await afterCommit(async () => {
    const { offerForAgent } = await import("./routing");
    await offerForAgent(userId);
  });
}

/**
 * The live connection heard from the agent. Called by the socket (no actor check: the socket has
 * authenticated its user); creates the agent row with the default capacity on first contact.
 */
export const heartbeat = fn(id(), (userId) =>
  createTransaction(async (tx) => {
    const before = await wasOnline(tx, userId);
    await tx
      .insert(inboxAgentTable)
      .values({ userId, lastSeenAt: sql`now()` })
      .onConflictDoUpdate({ target: inboxAgentTable.userId, set: { lastSeenAt: sql`now()` } });
    if (!before && (await wasOnline(tx, userId))) await offerAfterCommit(userId);
  }),
);

/** The agent's last live connection closed: offline at once, without waiting for staleness. */
export const offline = fn(id(), (userId) =>
  useTransaction(async (tx) => {
    await tx.update(inboxAgentTable).set({ lastSeenAt: null }).where(eq(inboxAgentTable.userId, userId));
  }),
);

export const Info = z.object({
  userId: z.uuid(),
  presence: z.enum(["online", "away", "offline"]),
  manualStatus: z.enum(manualStatuses).nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
});
export type Info = z.infer<typeof Info>;

const toInfo = (row: { userId: string; manualStatus: ManualStatus | null; lastSeenAt: Date | null }): Info => ({
  userId: row.userId,
  presence: derive(row),
  manualStatus: row.manualStatus,
  lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
});

/** The signed-in agent's presence. */
export const mine = fn(z.object({}).default({}), async (): Promise<Info> => {
  requirePermission("crm:inbox:read");
  const userId = assertActor("user").properties.userId;
  const [row] = await useTransaction((tx) =>
    tx.select().from(inboxAgentTable).where(eq(inboxAgentTable.userId, userId)),
  );
  return toInfo(row ?? { userId, manualStatus: null, lastSeenAt: null });
});

/**
 * The agent sets their own status: `online` also counts as a heartbeat (the portal keeps it fresh
 * while open), `away` and `offline` stop new assignments until changed; null follows the connection.
 * Only ever the signed-in user's own row (v1's presence IDOR is impossible by construction).
 */
export const set = fn(z.object({ status: z.enum(manualStatuses).nullable() }), ({ status }) => {
  requirePermission("crm:inbox:read");
  const userId = assertActor("user").properties.userId;
  return createTransaction(async (tx): Promise<Info> => {
    const before = await wasOnline(tx, userId);
    const seen = status === "online" ? { lastSeenAt: sql`now()` } : {};
    const [row] = await tx
      .insert(inboxAgentTable)
      .values({ userId, manualStatus: status, ...seen })
      .onConflictDoUpdate({
        target: inboxAgentTable.userId,
        set: { manualStatus: status, updatedAt: sql`now()`, ...seen },
      })
      .returning();
    if (!row) throw new Error("presence upsert returned nothing");
    if (!before && derive(row) === "online") await offerAfterCommit(userId);
    return toInfo(row);
  });
});

/** The portal's keep-alive while the inbox is open (the live socket calls `heartbeat` itself). */
export const beat = fn(z.object({}).default({}), async (): Promise<Info> => {
  requirePermission("crm:inbox:read");
  await heartbeat(assertActor("user").properties.userId);
  return mine({});
});
