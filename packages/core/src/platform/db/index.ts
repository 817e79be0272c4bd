import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import type { PGlite, PGliteOptions } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { type Config, useConfig } from "../config";
import { AppError } from "../errors";
import { resolveSecret } from "../secrets";

type Schema = Record<string, never>;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What `useTransaction` hands its callback: the caller's transaction, or the database outside one. */
export type Tx = Transaction | Database;
export type DatabaseDriver = Config["DATABASE_DRIVER"];

export interface Connection {
  db: Database;
  driver: DatabaseDriver;
  close(): Promise<void>;
  /**
   * Resolves once what has committed is on stable storage. PostgreSQL and Neon flush their WAL at
   * commit; PGlite on Node never calls fsync (Emscripten's is a no-op), so its connection adds this.
   */
  sync?(): Promise<void>;
}

/** Opens the configured driver. PGlite, node-postgres and the Neon WebSocket Pool share one drizzle API. */
export async function openDatabase(config: Config = useConfig()): Promise<Connection> {
  const driver = config.DATABASE_DRIVER;
  if (driver === "pglite") {
    const { drizzle } = await import("drizzle-orm/pglite");
    const dir = join(config.DATA_DIR, "pglite");
    mkdirSync(dir, { recursive: true });
    const client = await createPglite({ dataDir: dir });
    const wal = walSync(client, join(dir, "pg_wal"));
    return {
      db: drizzle(client) as unknown as Database,
      driver,
      close: async () => {
        await wal.close();
        await client.close();
      },
      sync: wal.sync,
    };
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

/**
 * A PGlite instance with the extensions the migrations create (pg_trgm for ticket search). Every
 * PGlite the product, the tests or the bench opens goes through here: a database holding a trigram
 * index cannot be opened, written or dumped-and-reloaded without the extension loaded.
 */
export async function createPglite(options: PGliteOptions = {}): Promise<PGlite> {
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
  ]);
  return PGlite.create({ ...options, extensions: { ...options.extensions, pg_trgm } });
}

/**
 * fdatasync of the WAL segment PGlite is writing (and of the one before when a commit crossed into a
 * new segment, with the directory then): a commit acknowledged after this survives a power loss, as
 * on a server with `synchronous_commit = on`. Callers batch (group commit), so one sync covers many.
 */
function walSync(client: PGlite, walDir: string) {
  let current: { name: string; file: FileHandle } | undefined;
  const sync = async () => {
    const { rows } = await client.query<{ name: string }>("select pg_walfile_name(pg_current_wal_lsn()) as name");
    const name = rows[0]?.name;
    if (!name) return;
    if (current?.name !== name) {
      const previous = current;
      current = { name, file: await open(join(walDir, name), "r") };
      if (previous) {
        await previous.file.datasync();
        await previous.file.close();
        const dir = await open(walDir, "r");
        await dir.sync().finally(() => dir.close());
      }
    }
    await current.file.datasync();
  };
  // The open segment's handle goes with the connection (left open, Node closes it at garbage collection
  // and warns).
  const close = async () => {
    await current?.file.close();
    current = undefined;
  };
  return { sync, close };
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

/** Waits until every committed write is on stable storage (see `Connection.sync`); a no-op on servers. */
export async function syncCommitted(): Promise<void> {
  await (await useConnection()).sync?.();
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

/** An error and its causes: drizzle wraps the driver's error, which carries the SQLSTATE and detail. */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    yield e as Record<string, unknown>;
    e = (e as { cause?: unknown }).cause;
  }
}

/** The SQLSTATE of a failed query (`23505` for a unique violation), whichever driver raised it. */
export function sqlState(error: unknown): string | undefined {
  for (const e of causes(error)) if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

const camel = (column: string) => column.trim().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A constraint refusal the caller caused, as a core error naming the field: a reference to a row that
 * does not exist or is still referenced (23503), a value another row holds (23505). A schema cannot
 * know what the database holds; data exceptions (class 22) stay 500s, being holes in the vocabulary.
 */
export function constraintError(error: unknown): AppError | undefined {
  const state = sqlState(error);
  if (state !== "23503" && state !== "23505") return undefined;
  const detail = [...causes(error)].map((e) => e.detail).find((d): d is string => typeof d === "string") ?? "";
  const path = /^Key \(([^)]+)\)/.exec(detail)?.[1]?.split(",").map(camel).join(", ") || "(root)";
  if (state === "23505") {
    return new AppError("conflict", `${path}: another record already has this value`, [
      { path, message: "is already taken" },
    ]);
  }
  if (detail.includes("still referenced")) {
    return new AppError("conflict", "Other records still refer to this one", [
      { path, message: "is still referenced" },
    ]);
  }
  return new AppError("validation", `Invalid input: ${path}: refers to a record that does not exist`, [
    { path, message: "refers to a record that does not exist" },
  ]);
}

/** Rethrows a constraint refusal as the caller's error (see constraintError), anything else as it is. */
function translated(error: unknown): never {
  throw constraintError(error) ?? error;
}

/** Runs `cb` in the caller's transaction when there is one, else on the pool. */
export async function useTransaction<T>(cb: (tx: Tx) => Promise<T>): Promise<T> {
  const ctx = txStorage.getStore();
  if (ctx) return cb(ctx.tx);
  return cb((await useConnection()).db).catch(translated);
}

/** Joins the caller's transaction or opens one; after-commit effects run once it commits. */
export async function createTransaction<T>(cb: (tx: Transaction) => Promise<T>): Promise<T> {
  const ctx = txStorage.getStore();
  if (ctx) return cb(ctx.tx);
  const { db } = await useConnection();
  const effects: TxContext["effects"] = [];
  const result = await db.transaction((tx) => txStorage.run({ tx, effects }, () => cb(tx))).catch(translated);
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
