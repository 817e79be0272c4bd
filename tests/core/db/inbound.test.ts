import * as Inbound from "@dotmac/core/inbound";
import { Billing } from "@dotmac/core/inbound/payloads";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { deadLetterTable, queueMessageTable } from "@dotmac/core/platform/platform.sql";
import * as Subscriber from "@dotmac/core/subscriber";
import { subscriberStatusLogTable, subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import * as Webhook from "@dotmac/core/webhook";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";
import { signedHeaders, subscriberPayload } from "../../support/webhook";

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await useTransaction(async (tx) => {
    await tx.execute(
      sql`truncate subscriber, subscriber_status_log, inbound_event, queue_message, dead_letter, outbox_event, event_delivery cascade`,
    );
  });
});

const enc = (s: string) => new TextEncoder().encode(s);

/** What a sender does: sign and post; here straight into the ingest verb. */
async function deliver(body: string, id?: string) {
  const h = signedHeaders(body, id ? { id } : {});
  return Webhook.receive({
    provider: "billing",
    headers: { id: h["webhook-id"], timestamp: h["webhook-timestamp"], signature: h["webhook-signature"] },
    body: enc(body),
  });
}

/** What the poller does: receive, consume, ack or fail. */
async function drain() {
  for (;;) {
    const batch = await t.queue.receive(10);
    if (batch.length === 0) return;
    for (const m of batch) {
      try {
        await Inbound.consume(m);
        await t.queue.ack(m.id);
      } catch (error) {
        await t.queue.fail(m, (error as Error).message);
      }
    }
  }
}

const subscribers = () => useTransaction((tx) => tx.select().from(subscriberTable));
const countRows = async (table: typeof queueMessageTable | typeof deadLetterTable) => {
  const [row] = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(table));
  return row?.n ?? 0;
};

describe(`billing subscriber sync through the queue on ${dbKind}`, () => {
  it("a signed event becomes one subscriber with every field", async () => {
    await deliver(subscriberPayload());
    expect(await countRows(queueMessageTable)).toBe(1);
    await drain();
    const [row] = await subscribers();
    expect(row).toMatchObject({
      externalSystem: "billing",
      externalId: "bill-42",
      subscriberNumber: "SUB-000042",
      accountNumber: "ACC-000042",
      status: "active",
      planName: "Fibre 100",
      planSpeed: "100 Mbps",
      serviceAddress: { line1: "12 Marina Road", city: "Lagos", country: "NG" },
    });
    expect(await countRows(queueMessageTable)).toBe(0);
  });

  it("the same event delivered three times leaves one row and one processed inbound event", async () => {
    const body = subscriberPayload();
    for (let i = 0; i < 3; i++) await deliver(body, "msg_same");
    await drain();
    expect(await subscribers()).toHaveLength(1);
    const recent = await Inbound.recent();
    expect(recent).toHaveLength(1);
    expect(recent[0]).toMatchObject({ messageId: "msg_same", status: "processed", attempts: 1 });
  });

  it("two events out of order: the older one changes nothing", async () => {
    await deliver(subscriberPayload({}, { status: "suspended", updated_at: "2026-11-02T10:00:00Z" }));
    await deliver(subscriberPayload({}, { status: "active", updated_at: "2026-11-01T10:00:00Z" }));
    await drain();
    const rows = await subscribers();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("suspended");
    expect(rows[0]?.sourceUpdatedAt.toISOString()).toBe("2026-11-02T10:00:00.000Z");
  });

  it("the same events with distinct ids, shuffled, converge on the newest state", async () => {
    const versions = [1, 2, 3, 4, 5].map((d) =>
      subscriberPayload(
        {},
        { status: d % 2 ? "active" : "suspended", plan: { name: `Plan ${d}` }, updated_at: `2026-11-0${d}T00:00:00Z` },
      ),
    );
    for (const body of [versions[3], versions[0], versions[4], versions[1], versions[2]]) await deliver(body as string);
    await drain();
    const [row] = await subscribers();
    expect(row).toMatchObject({ planName: "Plan 5", status: "active" });
  });

  it("a status change is projected into the status log once per event", async () => {
    await deliver(subscriberPayload({}, { status: "active", updated_at: "2026-11-01T00:00:00Z" }));
    await deliver(subscriberPayload({}, { status: "suspended", updated_at: "2026-11-02T00:00:00Z" }));
    await drain();
    const [row] = await subscribers();
    const log = await Subscriber.statusLog(row?.id as string);
    expect(log.map((l) => [l.fromStatus, l.toStatus])).toEqual([
      ["active", "suspended"],
      [null, "active"],
    ]);
  });

  it("the status log is written in the sync's own transaction: a rollback leaves neither the change nor its entry", async () => {
    const record = {
      externalSystem: "billing",
      externalId: "bill-77",
      subscriberNumber: "SUB-000077",
      status: "active" as const,
      sourceUpdatedAt: new Date("2026-11-01T00:00:00Z"),
    };
    const asBilling = <T>(work: () => Promise<T>) =>
      withActor({ type: "webhook", properties: { provider: "billing" } }, work);
    await expect(
      asBilling(() =>
        createTransaction(async () => {
          await Subscriber.sync(record);
          throw new Error("the work after the sync failed");
        }),
      ),
    ).rejects.toThrow("the work after the sync failed");
    expect(await subscribers()).toHaveLength(0);
    const [logged] = await useTransaction((tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(subscriberStatusLogTable),
    );
    expect(logged?.n).toBe(0);

    // Committed, the entry is there at once: no event delivery stands between the change and its history.
    const { subscriberId } = await asBilling(() => Subscriber.sync(record));
    expect((await Subscriber.statusLog(subscriberId)).map((l) => [l.fromStatus, l.toStatus])).toEqual([
      [null, "active"],
    ]);
  });

  it("a malformed payload ends in the dead-letter store with its reason; replay brings it back", async () => {
    await deliver(
      subscriberPayload({}, { status: "bogus", service_address: { line1: "x", city: "y", country: "Nigeria" } }),
    );
    await drain();
    expect(await subscribers()).toHaveLength(0);
    const dead = await Inbound.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]?.reason).toContain("data.status");
    expect(dead[0]?.reason).toContain("data.service_address.country");
    const [failed] = await Inbound.recent();
    expect(failed).toMatchObject({ status: "failed" });

    expect(await Inbound.replayDeadLetters()).toBe(1);
    expect(await Inbound.deadLetters()).toHaveLength(0);
    expect(await countRows(queueMessageTable)).toBe(1);
    // replaying twice does not send it twice
    expect(await Inbound.replayDeadLetters()).toBe(0);
    await drain();
    // still malformed: it is back in the dead-letter store, now as a second failure
    expect(await Inbound.deadLetters()).toHaveLength(1);
    expect((await Inbound.recent())[0]?.attempts).toBe(2);
  });

  it("a message that is not an envelope at all is dead-lettered, not retried forever", async () => {
    await t.queue.send({ body: "{not json" });
    await drain();
    const [dead] = await Inbound.deadLetters();
    expect(dead?.reason).toMatch(/Unreadable message/);
  });

  it("a subscriber number owned by another billing id is a conflict recorded with its reason", async () => {
    await deliver(subscriberPayload());
    await deliver(subscriberPayload({}, { external_id: "bill-99" }));
    await drain();
    expect(await subscribers()).toHaveLength(1);
    const [dead] = await Inbound.deadLetters();
    expect(dead?.reason).toContain("SUB-000042 already belongs to billing subscriber bill-42");
  });

  it("a transient failure is retried with backoff and dead-lettered after the maximum receives", async () => {
    await t.queue.send({ body: "x" });
    const [m] = await t.queue.receive(1);
    if (!m) throw new Error("no message");
    expect(await t.queue.fail(m, "database hiccup")).toBe("retry");
    expect(await t.queue.receive(1)).toEqual([]); // hidden during backoff
    expect(await t.queue.fail({ ...m, receiveCount: 3 }, "still failing")).toBe("dead");
    const [dead] = await useTransaction((tx) => tx.select().from(deadLetterTable));
    expect(dead).toMatchObject({ reason: "still failing", receiveCount: 3 });
  });

  it("a received message stays hidden for the visibility timeout, so two consumers never get it twice", async () => {
    await t.queue.sendBatch(Array.from({ length: 6 }, (_, i) => ({ body: `m${i}` })));
    const [a, b] = await Promise.all([t.queue.receive(4), t.queue.receive(4)]);
    const ids = [...(a ?? []), ...(b ?? [])].map((m) => m.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect(await t.queue.receive(10)).toEqual([]);
    expect((await t.queue.stats()).inFlight).toBe(6);
  });

  it("concurrent syncs of the same new subscriber create exactly one row", async () => {
    const input = Billing.toSync(Billing.Payload.parse(JSON.parse(subscriberPayload())));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        withActor({ type: "webhook", properties: { provider: "billing" } }, () => Subscriber.sync(input)),
      ),
    );
    expect(results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);
    const outcomes = results.map((r) => (r.status === "fulfilled" ? r.value.outcome : "error"));
    expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "error")).toHaveLength(0);
    expect(await subscribers()).toHaveLength(1);
  });
});
