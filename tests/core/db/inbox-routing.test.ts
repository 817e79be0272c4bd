import { userTable } from "@dotmac/core/auth/auth.sql";
import { Assignment, Obligation, Routing } from "@dotmac/core/inbox";
import {
  type ConversationPriority,
  inboxChannelTable,
  inboxConversationEventTable,
  inboxConversationTable,
  inboxMessageTable,
} from "@dotmac/core/inbox/inbox.sql";
import {
  inboxAgentTable,
  inboxObligationTable,
  inboxQueueEntryTable,
  inboxReplyPolicyTable,
  inboxRoutingRuleTable,
} from "@dotmac/core/inbox/routing.sql";
import { notificationTable } from "@dotmac/core/notification/notification.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { localBus, setEventBus } from "@dotmac/core/platform/bus";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { slaCalendarTable } from "@dotmac/core/sla/sla.sql";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { and, asc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { setupTestDatabase, type TestDatabase } from "../../support/db";

// Routing's concurrency property on real PostgreSQL: assigners run on separate pooled connections.
let t: TestDatabase;
let team = "";
let otherTeam = "";
let channel = "";
const users: { id: string; email: string }[] = [];
const persons: string[] = [];
const system: Actor = { type: "system", properties: { job: "test" } };
const asSystem = <T>(work: () => Promise<T>) => withActor(system, work);
const priorities: ConversationPriority[] = ["none", "low", "medium", "high", "urgent"];

beforeAll(async () => {
  t = await setupTestDatabase();
  // No subscribers: each test drives the verbs itself.
  setEventBus(localBus(async () => undefined));
  await useTransaction(async (tx) => {
    for (let i = 0; i < 6; i++) {
      const [u] = await tx
        .insert(userTable)
        .values({ email: `agent${i}@isp.test`, displayName: `Agent ${i}` })
        .returning({ id: userTable.id, email: userTable.email });
      if (u) users.push(u);
    }
    const [a] = await tx.insert(teamTable).values({ name: "Support" }).returning({ id: teamTable.id });
    const [b] = await tx.insert(teamTable).values({ name: "VIP" }).returning({ id: teamTable.id });
    team = a?.id ?? "";
    otherTeam = b?.id ?? "";
    const [c] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: "WhatsApp", externalAccountId: "1555", teamId: team })
      .returning({ id: inboxChannelTable.id });
    channel = c?.id ?? "";
    const rows = await tx
      .insert(personTable)
      .values(Array.from({ length: 30 }, (_, i) => ({ displayName: `Customer ${i}` })))
      .returning({ id: personTable.id });
    persons.push(...rows.map((r) => r.id));
  });
});
afterAll(() => t.close());

async function reset() {
  await useTransaction((tx) =>
    tx.execute(sql`delete from inbox_queue_entry; delete from inbox_conversation_event; delete from inbox_obligation;
      delete from inbox_message; delete from inbox_conversation; delete from inbox_agent; delete from inbox_team_routing;
      delete from inbox_routing_rule; delete from inbox_reply_policy; delete from team_member; delete from notification;
      delete from outbox_event`),
  );
}

type Presence = "online" | "away" | "offline" | "stale";
async function agent(userId: string, capacity: number, presence: Presence = "online", member = true) {
  const now = Date.now();
  await useTransaction(async (tx) => {
    await tx.insert(inboxAgentTable).values({
      userId,
      capacity,
      manualStatus: presence === "away" || presence === "offline" ? presence : null,
      lastSeenAt: new Date(presence === "stale" ? now - 600_000 : now),
    });
    if (member) await tx.insert(teamMemberTable).values({ teamId: team, userId });
  });
}

async function conversation(i: number, priority: ConversationPriority = "none", labels: string[] = []) {
  const [row] = await useTransaction((tx) =>
    tx
      .insert(inboxConversationTable)
      .values({ channelId: channel, personId: persons[i] as string, priority, labels })
      .returning({ id: inboxConversationTable.id }),
  );
  return row?.id as string;
}

const assignedEvents = () =>
  useTransaction((tx) =>
    tx
      .select()
      .from(inboxConversationEventTable)
      .where(eq(inboxConversationEventTable.kind, "assigned"))
      .orderBy(asc(inboxConversationEventTable.at)),
  );

describe("concurrent assigners", () => {
  it("never exceed a capacity, never assign twice, serve the queue by (priority, arrival), log every reason", async () => {
    const started = performance.now();
    const agentArb = fc.record({
      capacity: fc.integer({ min: 0, max: 4 }),
      presence: fc.constantFrom<Presence>("online", "online", "away", "offline", "stale"),
      member: fc.constantFrom(true, true, true, false),
    });
    const convArb = fc.record({ priority: fc.constantFrom(...priorities), offset: fc.nat({ max: 10_000 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(agentArb, { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(convArb, { minLength: 1, maxLength: 24, selector: (c) => c.offset }),
        fc.integer({ min: 1, max: 6 }),
        async (agents, convs, assigners) => {
          await reset();
          for (const [i, a] of agents.entries()) await agent(users[i]?.id as string, a.capacity, a.presence, a.member);
          const base = Date.now() - 60_000;
          const ids = (
            await useTransaction((tx) =>
              tx
                .insert(inboxConversationTable)
                .values(
                  convs.map((c, i) => ({ channelId: channel, personId: persons[i] as string, priority: c.priority })),
                )
                .returning({ id: inboxConversationTable.id }),
            )
          ).map((r) => r.id);
          await useTransaction((tx) =>
            tx.insert(inboxQueueEntryTable).values(
              convs.map((c, i) => ({
                conversationId: ids[i] as string,
                teamId: team,
                priorityRank: Routing.rankOf(c.priority),
                arrivedAt: new Date(base + c.offset),
                reason: "the channel's team",
              })),
            ),
          );
          await asSystem(async () => {
            await Promise.all(
              Array.from({ length: assigners }, async () => {
                for (;;) {
                  const r = await Routing.assignNext(team);
                  if (r.outcome === "empty" || r.outcome === "no_agent") return;
                }
              }),
            );
            // What the after-commit offer and the minute job do for an assigner that skipped a held agent.
            await Routing.offer(team);
          });

          const convRows = await useTransaction((tx) => tx.select().from(inboxConversationTable));
          const agentRows = await useTransaction((tx) => tx.select().from(inboxAgentTable));
          const events = await assignedEvents();
          const eligible = agents.map((a) => a.member && a.presence === "online");
          // Capacity and load: exact counts, within capacity, nobody ineligible served.
          for (const [i, a] of agents.entries()) {
            const userId = users[i]?.id;
            const load = convRows.filter((c) => c.assigneeId === userId).length;
            expect(load).toBeLessThanOrEqual(a.capacity);
            if (!eligible[i]) expect(load).toBe(0);
            expect(agentRows.find((r) => r.userId === userId)?.activeCount).toBe(load);
          }
          // Once each, with a reason.
          const perConv = new Map<string, number>();
          for (const e of events) perConv.set(e.conversationId, (perConv.get(e.conversationId) ?? 0) + 1);
          for (const n of perConv.values()) expect(n).toBe(1);
          for (const e of events) expect(e.reason).toMatch(/^least-loaded in Support \(\d+ of \d+\)/);
          const assigned = convRows.filter((c) => c.assigneeId !== null);
          expect(assigned.length).toBe(perConv.size);
          // As many as the free capacity allows...
          const room = agents.reduce((sum, a, i) => sum + (eligible[i] ? a.capacity : 0), 0);
          expect(assigned.length).toBe(Math.min(room, convs.length));
          // ...and exactly the head of the queue in (priority desc, arrival) order.
          const order = convs
            .map((c, i) => ({ ...c, id: ids[i] as string }))
            .sort((x, y) => Routing.rankOf(y.priority) - Routing.rankOf(x.priority) || x.offset - y.offset);
          const served = new Set(assigned.map((c) => c.id));
          expect(order.map((c) => served.has(c.id))).toEqual(order.map((_, i) => i < assigned.length));
        },
      ),
      { numRuns: 12 },
    );
    console.log(`routing property: 12 runs in ${Math.round(performance.now() - started)} ms`);
  });
});

describe("routing a new conversation", () => {
  beforeEach(reset);

  it("picks the team by the first matching rule, queues it and assigns the least-loaded online member", async () => {
    await agent(users[0]?.id as string, 3);
    await agent(users[1]?.id as string, 3, "away");
    await useTransaction(async (tx) => {
      await tx.insert(teamMemberTable).values({ teamId: otherTeam, userId: users[0]?.id as string });
      await tx.insert(inboxRoutingRuleTable).values([
        { name: "VIP on WhatsApp", position: 10, channelKind: "whatsapp", label: "vip", teamId: otherTeam },
        { name: "Disabled", position: 5, enabled: false, teamId: team },
      ]);
    });
    const vip = await conversation(0, "high", ["VIP"]);
    const plain = await conversation(1);
    expect(await asSystem(() => Routing.route(vip))).toMatchObject({ outcome: "queued", teamId: otherTeam });
    expect(await asSystem(() => Routing.route(plain))).toMatchObject({
      outcome: "queued",
      teamId: team,
      reason: "the channel's team",
    });
    // A redelivered ConversationCreated routes nothing twice.
    expect(await asSystem(() => Routing.route(plain))).toEqual({ outcome: "skipped" });
    const history = await withActor(
      staffActor({ ...(users[0] as { id: string; email: string }), roles: ["admin"] }),
      () => Assignment.history({ conversationId: vip }),
    );
    expect(history.map((h) => [h.kind, h.reason])).toEqual([
      ["team_changed", "rule 'VIP on WhatsApp'"],
      ["assigned", "least-loaded in VIP (1 of 3); queued by rule 'VIP on WhatsApp'"],
    ]);
    const [row] = await useTransaction((tx) =>
      tx.select().from(inboxConversationTable).where(eq(inboxConversationTable.id, plain)),
    );
    expect(row?.assigneeId).toBe(users[0]?.id);
  });

  it("round-robin moves the cursor through the online members; capacity freed offers the queue again", async () => {
    await agent(users[0]?.id as string, 1);
    await agent(users[1]?.id as string, 1);
    await useTransaction((tx) =>
      tx.execute(sql`insert into inbox_team_routing (team_id, mode) values (${team}, 'round_robin')`),
    );
    const ids = [await conversation(0), await conversation(1), await conversation(2)];
    for (const id of ids) await asSystem(() => Routing.route(id));
    const assignees = await useTransaction((tx) =>
      tx.select({ id: inboxConversationTable.id, a: inboxConversationTable.assigneeId }).from(inboxConversationTable),
    );
    const byId = new Map(assignees.map((r) => [r.id, r.a]));
    expect(new Set([byId.get(ids[0] as string), byId.get(ids[1] as string)])).toEqual(
      new Set([users[0]?.id, users[1]?.id]),
    );
    expect(byId.get(ids[2] as string)).toBeNull();
    // The first agent's conversation is resolved elsewhere: the subscriber frees the slot and the third is offered.
    await useTransaction((tx) =>
      tx
        .update(inboxConversationTable)
        .set({ status: "resolved" })
        .where(eq(inboxConversationTable.id, ids[0] as string)),
    );
    await asSystem(() =>
      Assignment.onConversationUpdated({
        conversationId: ids[0] as string,
        changes: ["status"],
        status: "resolved",
        assigneeId: byId.get(ids[0] as string) ?? null,
      }),
    );
    const [third] = await useTransaction((tx) =>
      tx
        .select()
        .from(inboxConversationTable)
        .where(eq(inboxConversationTable.id, ids[2] as string)),
    );
    expect(third?.assigneeId).toBe(byId.get(ids[0] as string));
  });

  it("manual take respects capacity, a supervisor may exceed it, and reconcile repairs a drifted count", async () => {
    const [ada, bob, lead] = users as [
      { id: string; email: string },
      { id: string; email: string },
      { id: string; email: string },
    ];
    await agent(ada.id, 1, "away");
    await agent(bob.id, 1, "away");
    await useTransaction((tx) => tx.insert(teamMemberTable).values({ teamId: team, userId: lead.id, role: "lead" }));
    const one = await conversation(0);
    const two = await conversation(1);
    await useTransaction((tx) => tx.update(inboxConversationTable).set({ teamId: team }));
    const asAda = staffActor(ada, { permissions: ["crm:inbox:read", "crm:inbox:write"] });
    const asLead = staffActor(lead, { permissions: ["crm:inbox:read", "crm:inbox:write"] });
    await withActor(asAda, () => Assignment.take({ conversationId: one }));
    await expect(withActor(asAda, async () => Assignment.take({ conversationId: two }))).rejects.toThrow(
      /at capacity \(1 of 1\)/,
    );
    await expect(
      withActor(asAda, async () => Assignment.assign({ conversationId: two, userId: bob.id })),
    ).rejects.toThrow(/Only an inbox admin or the team's lead/);
    await withActor(asLead, () => Assignment.assign({ conversationId: two, userId: ada.id, force: true }));
    const reasons = (await assignedEvents()).map((e) => e.reason);
    expect(reasons).toEqual(["taken by Agent 0 (1 of 1)", "assigned by Agent 2 (2 of 1)"]);
    await useTransaction((tx) =>
      tx.update(inboxAgentTable).set({ activeCount: 9 }).where(eq(inboxAgentTable.userId, ada.id)),
    );
    expect(await asSystem(() => Routing.reconcile())).toEqual({ corrected: 1 });
    const [row] = await useTransaction((tx) =>
      tx.select().from(inboxAgentTable).where(eq(inboxAgentTable.userId, ada.id)),
    );
    expect(row?.activeCount).toBe(2);
    // Transfer frees Ada's slot and queues the conversation in the other team.
    await withActor(asLead, () => Assignment.transfer({ conversationId: two, teamId: otherTeam }));
    const [after] = await useTransaction((tx) =>
      tx.select().from(inboxAgentTable).where(eq(inboxAgentTable.userId, ada.id)),
    );
    expect(after?.activeCount).toBe(1);
    const waiting = await useTransaction((tx) =>
      tx.select().from(inboxQueueEntryTable).where(eq(inboxQueueEntryTable.state, "waiting")),
    );
    expect(waiting.map((w) => [w.conversationId, w.teamId])).toEqual([[two, otherTeam]]);
  });
});

describe("reply obligations", () => {
  beforeEach(reset);

  it("are due on the business calendar, remind the assignee once, then escalate to the lead once", async () => {
    const [ada, , lead] = users as [{ id: string; email: string }, unknown, { id: string; email: string }];
    await useTransaction(async (tx) => {
      await tx.execute(sql`delete from sla_calendar`);
      const [calendar] = await tx
        .insert(slaCalendarTable)
        .values({
          name: "Office",
          definition: {
            timeZone: "UTC",
            weekly: { "1": [{ from: "09:00", to: "17:00" }], "5": [{ from: "09:00", to: "17:00" }] },
          },
        })
        .returning({ id: slaCalendarTable.id });
      await tx.insert(inboxReplyPolicyTable).values({
        priority: "high",
        firstResponseMinutes: 30,
        followUpMinutes: 60,
        remindBeforeMinutes: 5,
        calendarId: calendar?.id ?? null,
      });
      await tx.insert(teamMemberTable).values({ teamId: team, userId: lead.id, role: "lead" });
    });
    const id = await conversation(0, "high");
    await useTransaction((tx) =>
      tx
        .update(inboxConversationTable)
        .set({ assigneeId: ada.id, teamId: team })
        .where(eq(inboxConversationTable.id, id)),
    );
    // Friday 16:50 UTC: 10 business minutes left that day, 20 more from Monday 09:00.
    const inbound = await message(id, "inbound", new Date("2026-12-04T16:50:00Z"));
    await Obligation.onMessageReceived(inbound);
    const ob = await obligation(id);
    expect(ob).toMatchObject({ state: "awaiting_first_response", triggerMessageId: inbound, ownerAgentId: ada.id });
    expect(ob.responseDueAt?.toISOString()).toBe("2026-12-07T09:20:00.000Z");
    // A second message does not move the deadline.
    await Obligation.onMessageReceived(await message(id, "inbound", new Date("2026-12-05T10:00:00Z")));
    expect((await obligation(id)).responseDueAt?.toISOString()).toBe("2026-12-07T09:20:00.000Z");

    await asSystem(() => Obligation.remind(new Date("2026-12-07T09:14:00Z")));
    expect(await notes()).toEqual([]);
    expect(await asSystem(() => Obligation.remind(new Date("2026-12-07T09:16:00Z")))).toEqual({
      reminded: 1,
      escalated: 0,
    });
    expect(await asSystem(() => Obligation.remind(new Date("2026-12-07T09:17:00Z")))).toEqual({
      reminded: 0,
      escalated: 0,
    });
    expect(await asSystem(() => Obligation.remind(new Date("2026-12-07T09:21:00Z")))).toEqual({
      reminded: 0,
      escalated: 1,
    });
    expect(await asSystem(() => Obligation.remind(new Date("2026-12-07T09:30:00Z")))).toEqual({
      reminded: 0,
      escalated: 0,
    });
    expect(await notes()).toEqual(
      [
        ["inbox_reply_due", ada.id],
        ["inbox_reply_breach", ada.id],
        ["inbox_reply_breach", lead.id],
      ].sort(),
    );
    expect(await obligation(id)).toMatchObject({ escalationLevel: 1 });
    expect((await obligation(id)).breachedAt?.toISOString()).toBe("2026-12-07T09:20:00.000Z");
    // The miss stays in the history (the report's "late"), once, however often the job runs.
    const missed = await useTransaction((tx) =>
      tx
        .select({ reason: inboxConversationEventTable.reason })
        .from(inboxConversationEventTable)
        .where(
          and(
            eq(inboxConversationEventTable.conversationId, id),
            eq(inboxConversationEventTable.kind, "reply_breached"),
          ),
        ),
    );
    expect(missed).toEqual([{ reason: "first response target missed" }]);

    // The reply goes out: responded. The next customer message waits for a follow-up (60 business minutes).
    await Obligation.onMessageSent(await message(id, "outbound", new Date("2026-12-07T09:40:00Z")));
    expect(await obligation(id)).toMatchObject({ state: "responded" });
    await Obligation.onMessageReceived(await message(id, "inbound", new Date("2026-12-07T16:30:00Z")));
    const next = await obligation(id);
    expect(next.state).toBe("awaiting_follow_up");
    expect(next.responseDueAt?.toISOString()).toBe("2026-12-11T09:30:00.000Z");
    expect(next.breachedAt).toBeNull();
    await Obligation.onConversationStatus(id, "resolved");
    expect(await obligation(id)).toMatchObject({ state: "resolved" });
  });
});

async function message(conversationId: string, direction: "inbound" | "outbound", at: Date) {
  const [row] = await useTransaction((tx) =>
    tx
      .insert(inboxMessageTable)
      .values({
        conversationId,
        channelId: channel,
        direction,
        kind: "text",
        status: direction === "inbound" ? "received" : "sent",
        body: "hello",
        providerAt: direction === "inbound" ? at : null,
        sentAt: direction === "outbound" ? at : null,
      })
      .returning({ id: inboxMessageTable.id }),
  );
  return row?.id as string;
}

async function obligation(conversationId: string) {
  const [row] = await useTransaction((tx) =>
    tx.select().from(inboxObligationTable).where(eq(inboxObligationTable.conversationId, conversationId)),
  );
  if (!row) throw new Error("no obligation");
  return row;
}

async function notes() {
  const rows = await useTransaction((tx) =>
    tx
      .select({ kind: notificationTable.kind, userId: notificationTable.userId })
      .from(notificationTable)
      .where(and(sql`${notificationTable.kind} like 'inbox_%'`)),
  );
  return rows.map((r) => [r.kind, r.userId]).sort();
}
