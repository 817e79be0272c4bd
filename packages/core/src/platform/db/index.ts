import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { type Config, useConfig } from "../config";
import { resolveSecret } from "../secrets";

type Schema = Record<string, never>;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DatabaseDriver = Config["DATABASE_DRIVER"];

export interface Connection {
  db: Database;
  driver: DatabaseDriver;
  close(): Promise<void>;
}

/** Opens the configured driver. PGlite, node-postgres and the Neon WebSocket Pool share one drizzle API. */
export async function openDatabase(config: Config = useConfig()): Promise<Connection> {
  const driver = config.DATABASE_DRIVER;
  if (driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const dir = join(config.DATA_DIR, "pglite");
    mkdirSync(dir, { recursive: true });
    const client = await PGlite.create(dir);
    return { db: drizzle(client) as unknown as Database, driver, close: () => client.close() };
  }
  const url = config.DATABASE_URL ?? (await resolveSecret("DATABASE_URL"));
  if (driver === "pg") {
    const { default: pg } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { db: drizzle(pool) as unknown as Database, driver, close: () => pool.end() };
  }
  const { Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  if (typeof globalThis.WebSocket === "undefined") {
    neonConfig.webSocketConstructor = (await import("ws")).default;
  }
  if (config.NEON_WS_PROXY) {
    const proxy = config.NEON_WS_PROXY;
    neonConfig.wsProxy = (host, port) => proxy.replace("{host}", host).replace("{port}", String(port));
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
  }
  neonConfig.useSecureWebSocket = config.NEON_SECURE_WEBSOCKET;
  const pool = new Pool({ connectionString: url });
  return { db: drizzle(pool) as unknown as Database, driver, close: () => pool.end() };
}

let connection: Promise<Connection> | undefined;

/** The process-wide connection, opened on first use. */
export function useConnection(): Promise<Connection> {
  connection ??= openDatabase();
  return connection;
}

/** Installs an already open connection (tests, the local runtime). */
export function setConnection(next: Connection): void {
  connection = Promise.resolve(next);
}

export async function closeConnection(): Promise<void> {
  const open = connection;
  connection = undefined;
  if (open) await (await open).close();
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

interface TxContext {
  tx: Transaction;
  effects: (() => void | Promise<void>)[];
}
const txStorage = new AsyncLocalStorage<TxContext>();

/** Runs `cb` in the caller's transaction when there is one, else on the pool. */
export async function useTransaction<T>(cb: (tx: Transaction | Database) => Promise<T>): Promise<T> {
  const ctx = txStorage.getStore();
  if (ctx) return cb(ctx.tx);
  return cb((await useConnection()).db);
}

/** Joins the caller's transaction or opens one; after-commit effects run once it commits. */
export async function createTransaction<T>(cb: (tx: Transaction) => Promise<T>): Promise<T> {
  const ctx = txStorage.getStore();
  if (ctx) return cb(ctx.tx);
  const { db } = await useConnection();
  const effects: TxContext["effects"] = [];
  const result = await db.transaction((tx) => txStorage.run({ tx, effects }, () => cb(tx)));
  for (const effect of effects) await effect();
  return result;
}

/** Whether the caller is inside a transaction opened by createTransaction. */
export function inTransaction(): boolean {
  return txStorage.getStore() !== undefined;
}

/** Runs `effect` once the surrounding transaction commits (immediately when there is none). */
export async function afterCommit(effect: () => void | Promise<void>): Promise<void> {
  const ctx = txStorage.getStore();
  if (ctx) ctx.effects.push(effect);
  else await effect();
}
