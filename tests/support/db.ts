import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dispatch } from "@dotmac/core/events";
import { setPush } from "@dotmac/core/field/push";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { localBus, setEventBus } from "@dotmac/core/platform/bus";
import { setConfig } from "@dotmac/core/platform/config";
import { type Connection, createPglite, openDatabase, setConnection } from "@dotmac/core/platform/db";
import { setLiveGateway } from "@dotmac/core/platform/live";
import { setMailTransport } from "@dotmac/core/platform/mail";
import { INBOUND_QUEUE, setInboundQueue } from "@dotmac/core/platform/queue";
import { type TableQueue, tableQueue } from "@dotmac/core/platform/queue/table";
import { setSecretStore } from "@dotmac/core/platform/secret-store";
import { drizzle } from "drizzle-orm/pglite";
import pg from "pg";
import { inject } from "vitest";

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from("dotmac-test-webhook-secret-32byt").toString("base64")}`;

export type DbKind = "pglite" | "postgres" | "neon";
export const dbKind = (process.env.TEST_DB ?? "pglite") as DbKind;

export interface TestDatabase {
  connection: Connection;
  queue: TableQueue;
  dataDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Delivers each published event to its subscribers before the publish returns. */
export const immediateBus = localBus(async (events) => {
  for (const event of events) await dispatch(event);
});

/**
 * A fresh, migrated database for one test file on the driver this vitest project runs (PGlite from
 * the dumped template; PostgreSQL or the Neon driver on a new database cloned from the template),
 * with config, the table queue and an in-process bus installed as the runtime would (the bus delivers
 * at once, where the runtime's defers delivery until the request has answered).
 */
export async function setupTestDatabase(overrides: Record<string, string> = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "dotmac-test-"));
  const env: Record<string, string> = {
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    PORT: "3999",
    LOG_LEVEL: "silent",
    BILLING_WEBHOOK_SECRETS: TEST_WEBHOOK_SECRET,
    QUEUE_MAX_RECEIVES: "3",
    // vitest.config.ts lowers the scrypt cost for the suites; this env replaces process.env, so carry it.
    PASSWORD_SCRYPT_LOG_N: process.env.PASSWORD_SCRYPT_LOG_N ?? "12",
    // In-process requests share one "unknown" IP bucket; suites that test limits set their own.
    RATE_LIMIT_IP: "100000",
    RATE_LIMIT_USER: "100000",
    RATE_LIMIT_LOGIN_IP: "100000",
    RATE_LIMIT_LOGIN_EMAIL: "100000",
    RATE_LIMIT_LOGIN_ACCOUNT: "100000",
    ...overrides,
  };
  let connection: Connection;
  if (dbKind === "pglite") {
    setConfig(env);
    const dump = readFileSync(inject("pgliteTemplate"));
    const client = await createPglite({ loadDataDir: new Blob([dump]) });
    connection = { db: drizzle(client) as never, driver: "pglite", close: () => client.close() };
  } else {
    const name = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: inject("pgUrl") });
    await admin.connect();
    await admin.query(`create database ${name} template dotmac_template`);
    await admin.end();
    env.DATABASE_URL = inject("pgUrl").replace(/\/postgres$/, `/${name}`);
    if (dbKind === "neon") {
      env.DATABASE_DRIVER = "neon";
      env.NEON_WS_PROXY = inject("neonProxy");
      env.NEON_SECURE_WEBSOCKET = "false";
    } else {
      env.DATABASE_DRIVER = "pg";
    }
    connection = await openDatabase(setConfig(env));
  }
  setConnection(connection);
  const queue = tableQueue({ queue: INBOUND_QUEUE, visibilitySeconds: 30, maxReceives: 3 });
  setInboundQueue(queue);
  // Subscribers run inside the publish, so an API test sees every effect once its request returns.
  setEventBus(immediateBus);
  // The postgres project shares one module graph per worker (vitest.config.ts): every adapter a
  // previous file chose from its own config is dropped, so this file's are chosen from this config.
  setBlobStore(undefined);
  setMailTransport(undefined);
  setSecretStore(undefined);
  setLiveGateway(undefined);
  setPush(undefined);
  return {
    connection,
    queue,
    dataDir,
    env,
    close: () => connection.close(),
  };
}

/**
 * Installs a connection that reports every SQL statement it sends (text only; values are parameters)
 * over the same client as `t`, on whichever driver this project runs.
 */
export async function logStatements(t: TestDatabase, log: (query: string) => void): Promise<void> {
  const client = (t.connection.db as unknown as { $client: unknown }).$client;
  const logger = { logQuery: (query: string) => log(query) };
  const db =
    t.connection.driver === "pglite"
      ? (await import("drizzle-orm/pglite")).drizzle(client as never, { logger })
      : t.connection.driver === "pg"
        ? (await import("drizzle-orm/node-postgres")).drizzle(client as never, { logger })
        : (await import("drizzle-orm/neon-serverless")).drizzle(client as never, { logger });
  setConnection({ ...t.connection, db: db as never });
}
