import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import {
  inboxChannelTable,
  inboxConversationEventTable,
  inboxConversationTable,
  inboxMessageTable,
} from "@dotmac/core/inbox/inbox.sql";
import { personChannelTable, personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../../support/api";
import { setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let channelId: string;
const webhook = <T>(fn: () => Promise<T>) => withActor({ type: "webhook", properties: { provider: "whatsapp" } }, fn);
let n = 0;
const phone = () => `+23480${String(3_000_000 + ++n).padStart(8, "0")}`;
const wamid = () => `wamid.test-${++n}`;

beforeAll(async () => {
  t = await setupTestDatabase();
  const [channel] = await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: "Support line", externalAccountId: "106540352242922" })
      .returning(),
  );
  channelId = channel?.id as string;
});
afterAll(() => t.close());

const text = (from: string, externalId: string, body = "My internet is down", at = new Date()) =>
  webhook(() =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: from, name: "Ada Obi" },
      externalId,
      kind: "text",
      body,
      providerAt: at,
      windowExpiresAt: new Date(at.getTime() + 24 * 3600_000),
    }),
  );

const messagesOf = (conversationId: string) =>
  useTransaction((tx) =>
    tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.conversationId, conversationId)),
  );
const conversation = async (id: string) =>
  (await useTransaction((tx) => tx.select().from(inboxConversationTable).where(eq(inboxConversationTable.id, id))))[0];

describe("receiving a message", () => {
  it("an unknown sender becomes a person with the channel, in a new conversation routed to the channel's team", async () => {
    const from = phone();
    const result = await text(from, wamid());
    expect(result).toMatchObject({ outcome: "inserted", conversationCreated: true });
    const [owner] = await useTransaction((tx) =>
      tx
        .select({ name: personTable.displayName, status: personTable.partyStatus })
        .from(personChannelTable)
        .innerJoin(personTable, eq(personTable.id, personChannelTable.personId))
        .where(eq(personChannelTable.value, from)),
    );
    expect(owner).toEqual({ name: "Ada Obi", status: "lead" });
    const c = await conversation(result.conversationId);
    expect(c).toMatchObject({ status: "open", unreadCount: 1 });
    expect(c?.windowExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("a replay, three times and concurrently, stores the message once and emits once", async () => {
    const from = phone();
    const id = wamid();
    const first = await text(from, id);
    const before = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(outboxTable));
    const again = await Promise.all([text(from, id), text(from, id), text(from, id)]);
    expect(again.map((r) => r.outcome)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await messagesOf(first.conversationId)).toHaveLength(1);
    const after = await useTransaction((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(outboxTable));
    expect(after[0]?.n).toBe(before[0]?.n);
    expect((await conversation(first.conversationId))?.unreadCount).toBe(1);
  });

  it("two first messages of one new sender at once make one person and one conversation", async () => {
    const from = phone();
    const results = await Promise.all([text(from, wamid()), text(from, wamid()), text(from, wamid())]);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect(results.filter((r) => r.outcome === "inserted" && r.conversationCreated)).toHaveLength(1);
    const people = await useTransaction((tx) =>
      tx.select().from(personChannelTable).where(eq(personChannelTable.value, from)),
    );
    expect(people).toHaveLength(1);
    expect((await conversation(results[0]?.conversationId as string))?.unreadCount).toBe(3);
  });

  it("a crash between storing and committing leaves nothing, and the retry stores it once", async () => {
    const from = phone();
    const id = wamid();
    await expect(
      createTransaction(async () => {
        await text(from, id);
        throw new Error("crash before commit");
      }),
    ).rejects.toThrow("crash before commit");
    const none = await useTransaction((tx) =>
      tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.externalId, id)),
    );
    expect(none).toHaveLength(0);
    expect((await text(from, id)).outcome).toBe("inserted");
    expect((await text(from, id)).outcome).toBe("duplicate");
  });

  it("a snoozed conversation reopens on the customer's message; a resolved one is never reopened", async () => {
    const from = phone();
    const first = await text(from, wamid());
    await useTransaction((tx) =>
      tx
        .update(inboxConversationTable)
        .set({ status: "snoozed", snoozeUntilReply: true })
        .where(eq(inboxConversationTable.id, first.conversationId)),
    );
    const second = await text(from, wamid());
    expect(second.conversationId).toBe(first.conversationId);
    expect(await conversation(first.conversationId)).toMatchObject({ status: "open", snoozeUntilReply: false });
    const log = await useTransaction((tx) =>
      tx
        .select({ kind: inboxConversationEventTable.kind, reason: inboxConversationEventTable.reason })
        .from(inboxConversationEventTable)
        .where(eq(inboxConversationEventTable.conversationId, first.conversationId)),
    );
    expect(log.map((e) => e.kind)).toEqual(["created", "reopened"]);

    await useTransaction((tx) =>
      tx
        .update(inboxConversationTable)
        .set({ status: "resolved" })
        .where(eq(inboxConversationTable.id, first.conversationId)),
    );
    const third = await text(from, wamid());
    expect(third).toMatchObject({ outcome: "inserted", conversationCreated: true });
    expect(third.conversationId).not.toBe(first.conversationId);
  });

  it("out-of-order messages never shrink the window or move the last message back", async () => {
    const from = phone();
    const now = Date.now();
    const late = await text(from, wamid(), "second", new Date(now));
    const window = (await conversation(late.conversationId))?.windowExpiresAt?.getTime();
    await text(from, wamid(), "first, delivered late", new Date(now - 3600_000));
    const c = await conversation(late.conversationId);
    expect(c?.windowExpiresAt?.getTime()).toBe(window);
    expect(c?.lastMessageAt.getTime()).toBe(now);
  });

  it("an unknown account is a validation error naming what to connect", async () => {
    await expect(createTransaction((tx) => Inbox.Receive.channelFor(tx, "whatsapp", "999"))).rejects.toThrow(
      /No whatsapp channel is connected for account 999/,
    );
  });
});

describe("delivery receipts", () => {
  async function outbound() {
    const from = phone();
    const inbound = await text(from, wamid());
    const external = wamid();
    const [row] = await useTransaction((tx) =>
      tx
        .insert(inboxMessageTable)
        .values({
          conversationId: inbound.conversationId,
          channelId,
          direction: "outbound",
          kind: "text",
          status: "sending",
          body: "Restart the router",
          externalId: external,
        })
        .returning(),
    );
    return { id: row?.id as string, external, conversationId: inbound.conversationId };
  }
  const statusOf = async (id: string) =>
    (await useTransaction((tx) => tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.id, id))))[0];
  const receipt = (externalId: string, status: "sent" | "delivered" | "read" | "failed", at = new Date()) =>
    webhook(() =>
      Inbox.Receive.receipt({
        channelId,
        externalId,
        status,
        at,
        error: status === "failed" ? { code: "131026", detail: "Message undeliverable" } : null,
      }),
    );

  it("climb in any order and never move back; a failure after delivery is logged, not shown", async () => {
    const m = await outbound();
    await receipt(m.external, "read");
    await receipt(m.external, "sent");
    await receipt(m.external, "delivered");
    expect((await receipt(m.external, "failed")).outcome).toBe("unchanged");
    const row = await statusOf(m.id);
    expect(row).toMatchObject({ status: "read", errorCode: null });
    expect(row?.sentAt).not.toBeNull();
    expect(row?.deliveredAt).not.toBeNull();
    expect((await receipt(m.external, "read")).outcome).toBe("unchanged");
  });

  it("a failure before delivery fails the message; a later delivery recovers it", async () => {
    const m = await outbound();
    await receipt(m.external, "failed");
    expect(await statusOf(m.id)).toMatchObject({ status: "failed", errorCode: "131026" });
    await receipt(m.external, "delivered");
    expect(await statusOf(m.id)).toMatchObject({ status: "delivered", errorCode: null });
  });

  it("a receipt for a message not yet known waits and is applied when the send records the id", async () => {
    const m = await outbound();
    const early = wamid();
    expect((await receipt(early, "delivered")).outcome).toBe("waiting");
    await createTransaction(async (tx) => {
      const [row] = await tx
        .update(inboxMessageTable)
        .set({ externalId: early })
        .where(eq(inboxMessageTable.id, m.id))
        .returning();
      if (row) await Inbox.Receive.applyWaitingReceipts(tx, row);
    });
    expect(await statusOf(m.id)).toMatchObject({ status: "delivered" });
  });

  it("an echo carrying our message id attaches the provider id instead of a second row", async () => {
    const m = await outbound();
    await useTransaction((tx) =>
      tx.update(inboxMessageTable).set({ externalId: null }).where(eq(inboxMessageTable.id, m.id)),
    );
    const echo = wamid();
    const from = (await conversation(m.conversationId))?.personChannelId as string;
    const [address] = await useTransaction((tx) =>
      tx.select().from(personChannelTable).where(eq(personChannelTable.id, from)),
    );
    const result = await webhook(() =>
      Inbox.Receive.inbound({
        channelId,
        direction: "outbound",
        from: { value: address?.value as string },
        externalId: echo,
        kind: "text",
        body: "Restart the router",
        providerAt: new Date(),
        ourMessageId: m.id,
      }),
    );
    expect(result).toMatchObject({ outcome: "duplicate", messageId: m.id });
    expect((await statusOf(m.id))?.externalId).toBe(echo);
  });
});

describe("the inbox report", () => {
  it("counts volume by day and channel and measures first response and resolution per agent, through the API", async () => {
    const api = testApp();
    const admin = { authorization: `Bearer ${await staffToken()}` };
    const ops = (await Auth.fromEmail("ops@example.com"))?.id as string;
    const today = new Date().toISOString().slice(0, 10);
    const before = await (
      await api.request(`/api/v1/inbox/reports?from=${today}&to=${today}`, { headers: admin })
    ).json();

    const a = await text(phone(), wamid());
    const b = await text(phone(), wamid());
    await useTransaction(async (tx) => {
      await tx
        .update(inboxConversationTable)
        .set({ assigneeId: ops, createdAt: new Date(Date.now() - 600_000) })
        .where(eq(inboxConversationTable.id, a.conversationId));
      const [reply] = await tx
        .insert(inboxMessageTable)
        .values({
          conversationId: a.conversationId,
          channelId,
          direction: "outbound",
          kind: "text",
          status: "sending",
          authorId: ops,
          externalId: wamid(),
        })
        .returning();
      await createTransaction((t2) => Inbox.Receive.applyStatus(t2, reply?.id as string, "sent", new Date()));
      await tx
        .update(inboxConversationTable)
        .set({ status: "resolved", resolvedAt: new Date() })
        .where(eq(inboxConversationTable.id, a.conversationId));
      // The reply came after its target: the reminders job recorded the miss.
      await tx.insert(inboxConversationEventTable).values({
        conversationId: a.conversationId,
        kind: "reply_breached",
        reason: "first response target missed",
        actorType: "system",
      });
    });
    expect(b.outcome).toBe("inserted");

    const res = await api.request(`/api/v1/inbox/reports?from=${today}&to=${today}`, { headers: admin });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.days).toHaveLength(1);
    expect(report.totals.conversations - before.totals.conversations).toBe(2);
    expect(report.totals.resolved - before.totals.resolved).toBe(1);
    const opsRow = report.byAgent.find((r: { id: string | null }) => r.id === ops);
    expect(opsRow).toMatchObject({ conversations: 1, resolved: 1, label: "Ops", late: 1 });
    expect(report.totals.late - before.totals.late).toBe(1);
    expect(opsRow.firstResponse.median).toBeGreaterThanOrEqual(599);
    expect(report.byChannel[0]).toMatchObject({ channel: "whatsapp" });

    const csv = await api.request(`/api/v1/inbox/reports/export.csv?from=${today}&to=${today}`, { headers: admin });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toMatch(/^section,name,conversations,resolved,first_response_median_s.*,late\r?\n/);

    const wide = await api.request("/api/v1/inbox/reports?from=2020-01-01&to=2026-01-01", { headers: admin });
    expect(wide.status).toBe(400);
    expect((await wide.json()).detail).toMatch(/at most 366 days/);
    await Auth.createUser({
      email: "agent-r@example.com",
      password: "correct horse battery staple",
      displayName: "A",
      roles: ["support"],
    });
    const agent = {
      authorization: `Bearer ${(await passwordSignIn({ email: "agent-r@example.com", password: "correct horse battery staple" })).accessToken}`,
    };
    expect((await api.request("/api/v1/inbox/reports", { headers: agent })).status).toBe(403);
  });
});

describe("the satisfaction survey", () => {
  it("is offered once per resolved conversation, answered once through the public routes, and counted in the report", async () => {
    const api = testApp();
    const ops = (await Auth.fromEmail("ops@example.com"))?.id as string;
    const c = await text(phone(), wamid());
    const post = (path: string, body: unknown) =>
      api.request(`/api/v1/customer/csat/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3999" },
        body: JSON.stringify(body),
      });
    const open = await createTransaction((tx) => Inbox.Csat.offer(tx, c.conversationId));
    expect(open).toBeUndefined(); // not resolved yet
    await useTransaction((tx) =>
      tx
        .update(inboxConversationTable)
        .set({ status: "resolved", resolvedAt: new Date(), assigneeId: ops })
        .where(eq(inboxConversationTable.id, c.conversationId)),
    );
    const offered = await createTransaction((tx) => Inbox.Csat.offer(tx, c.conversationId));
    expect(offered?.link).toMatch(/\/csat#token=[\w-]{40,}$/);
    expect(await createTransaction((tx) => Inbox.Csat.offer(tx, c.conversationId))).toBeUndefined();
    const token = offered?.link.split("#token=")[1] as string;

    const lookup = await post("lookup", { token });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toEqual({ state: "open", channel: "Support line", rating: null });
    const bad = await post("answer", { token, rating: 9 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/1 to 5/);
    const [first, second] = await Promise.all([
      post("answer", { token, rating: 4, comment: "Quick fix, thanks" }),
      post("answer", { token, rating: 1 }),
    ]);
    expect([first?.status, second?.status].sort()).toEqual([200, 409]);
    expect((await (await post("lookup", { token })).json()).state).toBe("answered");
    expect((await post("lookup", { token: "x".repeat(43) })).status).toBe(404);

    const today = new Date().toISOString().slice(0, 10);
    const admin = { authorization: `Bearer ${await staffToken()}` };
    const report = await (
      await api.request(`/api/v1/inbox/reports?from=${today}&to=${today}`, { headers: admin })
    ).json();
    const opsRow = report.byAgent.find((r: { id: string | null }) => r.id === ops);
    expect(opsRow.csat.count).toBe(1);
    expect(report.totals.csat.count).toBeGreaterThanOrEqual(1);
  });
});

describe("the survey message", () => {
  it("is queued once after a resolve, as an automatic message with the link, and never for automatic-only mail", async () => {
    const c = await text(phone(), wamid());
    await useTransaction((tx) =>
      tx
        .update(inboxConversationTable)
        .set({ status: "resolved", resolvedAt: new Date() })
        .where(eq(inboxConversationTable.id, c.conversationId)),
    );
    expect(await Inbox.Csat.sendSurvey(c.conversationId)).toEqual({ sent: true });
    expect(await Inbox.Csat.sendSurvey(c.conversationId)).toEqual({ sent: false });
    const out = (await messagesOf(c.conversationId)).filter((m) => m.direction === "outbound");
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ direction: "outbound", authorId: null, payload: { automatic: true, csat: true } });
    expect(out[0]?.body).toMatch(/How did we do\? .*\/csat#token=/);
  });
});
