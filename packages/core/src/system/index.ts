import { sql } from "drizzle-orm";
import { requirePermission } from "../access";
import * as Inbound from "../inbound";
import * as Job from "../jobs";
import { useConfig } from "../platform/config";
import { useConnection } from "../platform/db";
import { migrationState } from "../platform/db/migrate";
import * as Outbox from "../platform/outbox";
import { INBOUND_QUEUE, useInboundQueue } from "../platform/queue";
import { countDeadLetters } from "../platform/queue/table";

/** Liveness for `GET /api/health`: one round trip to the database. */
export async function health(): Promise<{ database: "ok" }> {
  const { db } = await useConnection();
  await db.execute(sql`select 1`);
  return { database: "ok" };
}

/** Everything the System status page shows. Staff and API keys holding `system:monitoring:read`. */
export async function status() {
  requirePermission("system:monitoring:read");
  const connection = await useConnection();
  const config = useConfig();
  const queue = useInboundQueue();
  const [migration, queueStats, storedDeadLetters, outboxPending, jobs, recent, deadLetters] = await Promise.all([
    migrationState(connection),
    queue.stats(),
    queue.name === "sqs" ? countDeadLetters(INBOUND_QUEUE) : Promise.resolve(0),
    Outbox.pendingCount(),
    Job.overview(),
    Inbound.recent(20),
    Inbound.deadLetters(20),
  ]);
  return {
    database: { driver: connection.driver, migration },
    adapters: { queue: queue.name, blob: config.BLOB_DRIVER, events: config.EVENT_BUS_DRIVER },
    queue: { ...queueStats, deadLetters: queueStats.deadLetters + storedDeadLetters },
    outbox: { pending: outboxPending },
    jobs,
    inbound: recent.map((e) => ({
      id: e.id,
      provider: e.provider,
      messageId: e.messageId,
      type: e.type,
      status: e.status,
      attempts: e.attempts,
      error: e.error,
      receivedAt: e.receivedAt.toISOString(),
      processedAt: e.processedAt.toISOString(),
    })),
    deadLetters: deadLetters.map((d) => ({
      id: d.id,
      reason: d.reason,
      receiveCount: d.receiveCount,
      failedAt: d.failedAt.toISOString(),
    })),
  };
}
