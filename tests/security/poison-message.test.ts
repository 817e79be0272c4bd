import { connect } from "node:net";
import * as Inbound from "@dotmac/core/inbound";
import { useTransaction } from "@dotmac/core/platform/db";
import { AppError, errorMessage, isTransient } from "@dotmac/core/platform/errors";
import { deadLetterTable, queueMessageTable } from "@dotmac/core/platform/platform.sql";
import { deadLetter } from "@dotmac/core/platform/queue/table";
import { isStorable } from "@dotmac/core/platform/storable";
import * as Subscriber from "@dotmac/core/subscriber";
import { startPoller } from "@dotmac/functions/local/poller";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { freePort } from "../support/postgres";
import { signedHeaders, subscriberPayload } from "../support/webhook";

// Issue 9, finding 2: one poison message blocked the queue. A signed record with a NUL byte failed
// in SQL, its error text (quoting the NUL) could be stored nowhere, the poll batch aborted and the
// records received with it stayed in flight; a body of `null` was retried as if transient.

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  await useTransaction((tx) =>
    tx.execute(sql`truncate subscriber, inbound_event, queue_message, dead_letter, outbox_event cascade`),
  );
});

async function post(id: string, body: string) {
  const headers = signedHeaders(body, { id });
  expect((await api.request("/webhooks/billing/subscribers", { method: "POST", body, headers })).status).toBe(202);
}

/** The local runtime's poller, started once everything is queued, until the queue is empty. */
async function runPoller() {
  const poller = startPoller(t.queue);
  try {
    for (let i = 0; i < 200; i++) {
      const stats = await t.queue.stats();
      if (stats.ready === 0 && stats.inFlight === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`queue never emptied: ${JSON.stringify(await t.queue.stats())}`);
  } finally {
    await poller.stop();
  }
}

const deadLetters = async () => new Map((await Inbound.deadLetters()).map((d) => [JSON.parse(d.body).id, d]));

describe("issue 9 finding 2: one poison message blocks the queue", () => {
  it("issue 9 finding 2: a signed record with a NUL byte is dead-lettered at once and the records received with it are applied", async () => {
    await post("poison", subscriberPayload({}, { external_id: "nul-1", plan: { name: "Fibre\u0000100" } }));
    for (const n of [1, 2, 3]) {
      await post(`ok-${n}`, subscriberPayload({}, { external_id: `ok-${n}`, subscriber_number: `SUB-OK-${n}` }));
    }

    await runPoller();

    for (const n of [1, 2, 3]) expect(await Subscriber.fromExternal("billing", `ok-${n}`)).toBeTruthy();
    const dead = (await deadLetters()).get("poison");
    expect(dead).toMatchObject({ receiveCount: 1 });
    expect(dead?.reason).toContain("data.plan.name: must not contain NUL");
    expect(isStorable(dead?.reason ?? "\u0000")).toBe(true);
    expect((await Inbound.recent()).find((e) => e.messageId === "poison")).toMatchObject({ status: "failed" });
    expect(await t.queue.stats()).toEqual({ ready: 0, inFlight: 0, deadLetters: 1 });
  });

  it("issue 9 finding 2: a signed body of null, an array, a number or a string is dead-lettered at once, never retried as transient", async () => {
    const bodies = { null: "null", array: "[]", number: "42", string: '"subscriber.upserted"' };
    for (const [id, body] of Object.entries(bodies)) await post(id, body);

    await runPoller();

    const dead = await deadLetters();
    for (const id of Object.keys(bodies)) {
      expect(dead.get(id), id).toMatchObject({ receiveCount: 1 });
      expect(dead.get(id)?.reason).toMatch(/^Billing subscriber payload is invalid: \(root\): /);
    }
    // Nothing was left for a retry: no message is waiting out a backoff.
    expect(await useTransaction((tx) => tx.select().from(queueMessageTable))).toEqual([]);
  });

  it("issue 9 finding 2: a failure whose text quotes the NUL it failed on is still recorded, wherever it is stored", async () => {
    // A real driver error: drizzle quotes the query's parameters, NUL included, in its message.
    const error = (await useTransaction((tx) =>
      tx.insert(deadLetterTable).values({ queue: "x", messageId: "m", body: "a\u0000b", reason: "r", receiveCount: 1 }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain("\u0000");
    expect(isTransient(error)).toBe(false);
    const reason = errorMessage(error);
    expect(isStorable(reason)).toBe(true);
    expect(reason).toContain('invalid byte sequence for encoding "UTF8": 0x00 [22021]');

    // The stores make even a raw message storable: a failure is never lost to its own text.
    await t.queue.send({ body: "work" });
    const [message] = await t.queue.receive(1);
    if (!message) throw new Error("no message");
    expect(await t.queue.fail(message, error.message)).toBe("retry");
    const [row] = await useTransaction((tx) => tx.select().from(queueMessageTable));
    expect(row?.lastError).toContain("a\uFFFDb");
    await deadLetter("inbound", message, error.message);
    const [letter] = await useTransaction((tx) => tx.select().from(deadLetterTable));
    expect(letter?.reason).toContain("a\uFFFDb");
    expect(errorMessage(new Error("x".repeat(10_000))).length).toBeLessThanOrEqual(4000);
  });

  it("issue 9 finding 2: only a failure that can pass by itself is transient; the rest can never succeed as is", async () => {
    const port = await freePort();
    const refused = await new Promise<Error>((resolve) => connect(port, "127.0.0.1").on("error", resolve));
    const typeError = (() => {
      try {
        return (JSON.parse("null") as { type: string }).type;
      } catch (error) {
        return error;
      }
    })();
    const sqlState = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });
    const transient: [string, unknown][] = [
      ["a refused connection", refused],
      ["a serialization failure", sqlState("40001")],
      ["a deadlock", sqlState("40P01")],
      ["a lock timeout", sqlState("55P03")],
      ["a connection failure", sqlState("08006")],
      ["too many connections", sqlState("53300")],
      ["a statement timeout", sqlState("57014")],
      ["a wrapped one", new Error("Failed query", { cause: sqlState("40001") })],
      ["AWS throttling", Object.assign(new Error("slow down"), { name: "ThrottlingException" })],
      ["an AWS 503", Object.assign(new Error("busy"), { $metadata: { httpStatusCode: 503 } })],
      ["unavailable", new AppError("unavailable", "down")],
      ["rate limited", new AppError("rate_limited", "later")],
    ];
    const permanent: [string, unknown][] = [
      ["validation", new AppError("validation", "bad")],
      ["conflict", new AppError("conflict", "taken")],
      ["a data exception", sqlState("22021")],
      ["a unique violation", sqlState("23505")],
      ["a TypeError from reading a null payload", typeError],
      ["an AWS 400", Object.assign(new Error("no such key"), { $metadata: { httpStatusCode: 404 } })],
      ["a string", "boom"],
    ];
    for (const [name, error] of transient) expect(isTransient(error), name).toBe(true);
    for (const [name, error] of permanent) expect(isTransient(error), name).toBe(false);
  });
});
