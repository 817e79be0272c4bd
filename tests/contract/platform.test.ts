import { type EventEnvelope, localBus, setEventBus } from "@dotmac/core/platform/bus";
import { afterCommit, createTransaction, useConnection, useTransaction } from "@dotmac/core/platform/db";
import { migrationState } from "@dotmac/core/platform/db/migrate";
import { executePrepared } from "@dotmac/core/platform/db/prepared";
import * as Outbox from "@dotmac/core/platform/outbox";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { dbKind, setupTestDatabase, type TestDatabase } from "../support/db";

const Ping = Outbox.defineEvent("test.ping", z.object({ n: z.number() }));

let t: TestDatabase;
let published: EventEnvelope[] = [];
let failPublish = false;

beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  published = [];
  failPublish = false;
  setEventBus(
    localBus(async (events) => {
      if (failPublish) throw new Error("bus is down");
      published.push(...events);
    }),
  );
  await useTransaction((tx) => tx.delete(outboxTable));
});

describe(`database platform on ${dbKind}`, () => {
  it("reports the driver and that every committed migration is applied", async () => {
    const connection = await useConnection();
    expect(connection.driver).toBe(dbKind === "postgres" ? "pg" : dbKind);
    const state = await migrationState(connection);
    expect(state.applied).toBe(state.available);
    expect(state.latest).toMatch(/^\d{4}_/);
  });

  it("runs after-commit effects only once the transaction commits, and never after a rollback", async () => {
    const seen: string[] = [];
    await createTransaction(async () => {
      await afterCommit(() => void seen.push("committed"));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(["committed"]);
    await expect(
      createTransaction(async () => {
        await afterCommit(() => void seen.push("rolled back"));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(seen).toEqual(["committed"]);
  });

  it("runs a prepared statement many times, with nulls and in a transaction, on every pool connection", async () => {
    const text = `select $1::int as n, $2::text as label, $3::jsonb as serials`;
    const query = (n: number | null, label: string | null) => [n, label, JSON.stringify(["a", "b"])];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        useTransaction((tx) =>
          executePrepared<{ n: number | null; label: string | null }>(tx, text, query(i, `#${i}`)),
        ),
      ),
    );
    expect(results.map(([r]) => r?.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const [nulls] = await useTransaction((tx) =>
      executePrepared<{ n: number | null; label: string | null }>(tx, text, query(null, null)),
    );
    expect(nulls).toMatchObject({ n: null, label: null, serials: ["a", "b"] });
    await expect(
      createTransaction(async (tx) => {
        await executePrepared(
          tx,
          "insert into outbox_event (id, type, payload) values (gen_random_uuid(), $1, $2::jsonb)",
          ["test.ping", "{}"],
        );
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    const [row] = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(outboxTable));
    expect(row?.n, "the prepared insert rolled back with its transaction").toBe(0);
  });

  it("interactive transactions roll back every statement together", async () => {
    await expect(
      createTransaction(async (tx) => {
        await tx.insert(outboxTable).values({ type: "test.ping", payload: { n: 1 } });
        // a nested createTransaction joins the caller's transaction instead of opening another
        await createTransaction((inner) => inner.insert(outboxTable).values({ type: "test.ping", payload: { n: 2 } }));
        const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(outboxTable);
        expect(row?.n).toBe(2);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    const [row] = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(outboxTable));
    expect(row?.n).toBe(0);
  });

  it("an event emitted in a rolled-back transaction is never published", async () => {
    await expect(
      createTransaction(async () => {
        await Outbox.emit(Ping, { n: 1 });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(published).toEqual([]);
    expect(await Outbox.pendingCount()).toBe(0);
  });

  it("an event is relayed after commit with its outbox id as the stable event id", async () => {
    const id = await createTransaction(() => Outbox.emit(Ping, { n: 7 }));
    expect(published.map((e) => [e.id, e.type, e.payload])).toEqual([[id, "test.ping", { n: 7 }]]);
    expect((await Outbox.fromID(id))?.publishedAt).toBeInstanceOf(Date);
  });

  it("a failed publish leaves the event for the sweep, which publishes it exactly once more", async () => {
    failPublish = true;
    const id = await createTransaction(() => Outbox.emit(Ping, { n: 3 }));
    const left = await Outbox.fromID(id);
    expect(left?.publishedAt).toBeNull();
    expect(left?.lastError).toBe("bus is down");
    failPublish = false;
    expect(await Outbox.sweep({ olderThanMs: 0 })).toBe(1);
    expect(published.map((e) => e.id)).toEqual([id]);
    expect(await Outbox.sweep({ olderThanMs: 0 })).toBe(0);
  });

  it("an invalid event payload is refused before anything is written", async () => {
    await expect(createTransaction(() => Outbox.emit(Ping, { n: "x" as unknown as number }))).rejects.toMatchObject({
      code: "validation",
    });
    expect(await Outbox.pendingCount()).toBe(0);
  });
});
