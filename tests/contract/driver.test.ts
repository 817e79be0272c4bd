import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import {
  type Connection,
  createPglite,
  createTransaction,
  openDatabase,
  useConnection,
  useTransaction,
} from "@dotmac/core/platform/db";
import { migrate, migrationState } from "@dotmac/core/platform/db/migrate";
import * as Ticket from "@dotmac/core/ticket";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dbKind, setupTestDatabase, type TestDatabase } from "../support/db";

// What can differ between the three drivers the product runs on (PGlite locally, node-postgres,
// the Neon WebSocket Pool on AWS): the domain and API suites run once, on PostgreSQL; this file runs
// on all three.

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;
const system = <T>(fn: () => T) => withActor({ type: "system", properties: { job: "contract" } }, fn);
/** PGlite has one connection: "concurrent" work queues on it, so only the outcome is comparable. */
const pooled = dbKind !== "pglite";

describe(`driver contract on ${dbKind}`, () => {
  it("a savepoint rolls back alone; the surrounding transaction commits", async () => {
    await useTransaction((tx) => tx.execute(sql`create table if not exists contract_sp (v int)`));
    await createTransaction(async (tx) => {
      await tx.execute(sql`insert into contract_sp values (1)`);
      await tx
        .transaction(async (sp) => {
          await sp.execute(sql`insert into contract_sp values (2)`);
          throw new Error("roll the savepoint back");
        })
        .catch(() => undefined);
      await tx.execute(sql`insert into contract_sp values (3)`);
    });
    const seen = rows<{ v: number }>(
      await useTransaction((tx) => tx.execute(sql`select v from contract_sp order by v`)),
    );
    expect(seen.map((r) => r.v)).toEqual([1, 3]);
  });

  it("FOR UPDATE SKIP LOCKED hands two consumers disjoint messages", async () => {
    await t.queue.sendBatch(Array.from({ length: 8 }, (_, i) => ({ body: `contract-${i}` })));
    const [a, b] = await Promise.all([t.queue.receive(5), t.queue.receive(5)]);
    const ids = [...a, ...b].map((m) => m.id);
    expect(new Set(ids).size).toBe(8);
    if (pooled) expect(Math.min(a.length, b.length)).toBeGreaterThan(0);
    for (const id of ids) await t.queue.ack(id);
  });

  it("a row lock makes a second writer wait for the first to commit", async () => {
    await useTransaction((tx) => tx.execute(sql`create table if not exists contract_lock (id int primary key, n int)`));
    await useTransaction((tx) => tx.execute(sql`insert into contract_lock values (1, 0) on conflict do nothing`));
    const bump = () =>
      createTransaction(async (tx) => {
        const [row] = rows<{ n: number }>(await tx.execute(sql`select n from contract_lock where id = 1 for update`));
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.execute(sql`update contract_lock set n = ${(row?.n ?? 0) + 1} where id = 1`);
      });
    await Promise.all(Array.from({ length: 5 }, bump));
    const [row] = rows<{ n: number }>(
      await useTransaction((tx) => tx.execute(sql`select n from contract_lock where id = 1`)),
    );
    expect(row?.n).toBe(5);
  });

  it("numbering from the locked sequence gives concurrent creates consecutive numbers", async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => system(() => Ticket.create({ title: `Contract ${i}` }))),
    );
    const numbers = created.map((c) => Number(c.ticket.number.split("-").at(-1))).sort((x, y) => x - y);
    const first = numbers[0] ?? 0;
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => first + i));
  });

  it("pg_trgm is loaded: a text search matches through it, and % and _ are literal", async () => {
    await system(() => Ticket.create({ title: "Contract fibre cut, 50% off" }));
    await system(() => Ticket.create({ title: "Contract fibreXcut" }));
    const titles = async (q: string) => (await system(() => Ticket.list({ q }))).items.map((i) => i.title).sort();
    expect(await titles("FIBRE CUT")).toEqual(["Contract fibre cut, 50% off"]);
    expect(await titles("50%")).toEqual(["Contract fibre cut, 50% off"]);
    expect(await titles("fibre_cut")).toEqual([]);
    const [row] = rows<{ s: number }>(
      await useTransaction((tx) => tx.execute(sql`select similarity('fibre cut', 'fiber cut') as s`)),
    );
    expect(Number(row?.s)).toBeGreaterThan(0.3);
  });

  it("a commit is on stable storage once the connection's sync resolves (PGlite: its WAL fdatasync'd)", async () => {
    const connection = await useConnection();
    if (dbKind !== "pglite") {
      // The server flushes its WAL at commit (synchronous_commit = on): nothing for the client to do.
      expect(connection.sync).toBeUndefined();
      return;
    }
    // The runtime's PGlite lives in a directory; reopened after sync, it still holds the commit.
    const dataDir = await mkdtemp(join(tmpdir(), "dotmac-contract-sync-"));
    const config = { ...useConfig(), DATABASE_DRIVER: "pglite" as const, DATA_DIR: dataDir };
    try {
      const first = await openDatabase(config);
      expect(first.sync).toBeTypeOf("function");
      await first.db.execute(sql`create table synced (v text)`);
      await first.db.execute(sql`insert into synced values ('acknowledged')`);
      await first.sync?.();
      await first.close();
      const again = await openDatabase(config);
      const seen = rows<{ v: string }>(await again.db.execute(sql`select v from synced`));
      await again.close();
      expect(seen).toEqual([{ v: "acknowledged" }]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("JSON keeps unicode, nesting and big numbers; bytea keeps every byte", async () => {
    const value = {
      name: 'Ọlá 🚀 "quoted" \\ back',
      nested: { list: [1, "two", null, { deep: true }] },
      big: 9007199254740991,
    };
    const [json] = rows<{ v: unknown }>(
      await useTransaction((tx) => tx.execute(sql`select ${JSON.stringify(value)}::jsonb as v`)),
    );
    expect(typeof json?.v === "string" ? JSON.parse(json.v) : json?.v).toEqual(value);
    const bytes = Uint8Array.from([0, 1, 2, 127, 128, 254, 255, ...randomBytes(64)]);
    const [bin] = rows<{ v: Uint8Array }>(
      await useTransaction((tx) => tx.execute(sql`select ${Buffer.from(bytes)}::bytea as v`)),
    );
    expect(Buffer.from(bin?.v as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
  });

  it("instants keep their microseconds and zone conversions use the IANA database", async () => {
    const [row] = rows<{ at: string; lagos: string; london: string }>(
      await useTransaction((tx) =>
        tx.execute(sql`select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at,
          to_char(ts at time zone 'Africa/Lagos', 'HH24:MI') as lagos,
          to_char(ts at time zone 'Europe/London', 'HH24:MI') as london
          from (select '2026-07-01T10:15:30.123456Z'::timestamptz as ts) x`),
      ),
    );
    expect(row).toEqual({ at: "2026-07-01T10:15:30.123456", lagos: "11:15", london: "11:15" });
    const now = new Date();
    const [back] = rows<{ v: Date | string }>(
      await useTransaction((tx) => tx.execute(sql`select ${now.toISOString()}::timestamptz as v`)),
    );
    expect(new Date(back?.v as string).getTime()).toBe(now.getTime());
  });

  it("every committed migration applies to an empty database, and applying again changes nothing", async () => {
    const fresh = await emptyDatabase();
    try {
      expect((await migrationState(fresh)).applied).toBe(0);
      await migrate(fresh);
      const state = await migrationState(fresh);
      expect(state.applied).toBe(state.available);
      await migrate(fresh);
      expect(await migrationState(fresh)).toEqual(state);
    } finally {
      await fresh.close();
    }
  });
});

/** A database with nothing in it, on this file's driver. */
async function emptyDatabase(): Promise<Connection> {
  if (dbKind === "pglite") {
    const client = await createPglite();
    return { db: drizzle(client) as never, driver: "pglite", close: () => client.close() };
  }
  const name = `empty_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: inject("pgUrl") });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = inject("pgUrl").replace(/\/postgres$/, `/${name}`);
  return openDatabase({ ...useConfig(), DATABASE_URL: url });
}
