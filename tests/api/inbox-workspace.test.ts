import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { notificationTable } from "@dotmac/core/notification/notification.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let agentA: Record<string, string>;
let agentB: Record<string, string>;
let agentAId: string;
let routedChannel: string;
let openChannel: string;
const password = "correct horse battery staple";
let n = 0;

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const a = await Auth.createUser({ email: "ada@isp.test", password, displayName: "Ada", roles: ["support"] });
  const b = await Auth.createUser({ email: "bola@isp.test", password, displayName: "Bola", roles: ["support"] });
  agentAId = a.id;
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
    "content-type": "application/json",
  });
  agentA = await bearer("ada@isp.test");
  agentB = await bearer("bola@isp.test");
  await useTransaction(async (tx) => {
    const [teamA] = await tx.insert(teamTable).values({ name: "Lagos support" }).returning();
    const [teamB] = await tx.insert(teamTable).values({ name: "Abuja support" }).returning();
    await tx.insert(teamMemberTable).values([
      { teamId: teamA?.id as string, userId: a.id, role: "member" },
      { teamId: teamB?.id as string, userId: b.id, role: "member" },
    ]);
    const [routed] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: "Lagos line", externalAccountId: "1001", teamId: teamA?.id as string })
      .returning();
    const [open] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "messenger", name: "Facebook page", externalAccountId: "2002" })
      .returning();
    routedChannel = routed?.id as string;
    openChannel = open?.id as string;
  });
});
afterAll(() => t.close());

async function call(method: string, path: string, input?: unknown, headers: Record<string, string> = admin) {
  const res = await api.request(path, {
    method,
    headers,
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  const body: any = text ? JSON.parse(text) : null;
  return { status: res.status, type: res.headers.get("content-type") ?? "", body };
}

/** A customer's message through the receive verb, as the webhook consumers deliver it. */
async function customerSays(channelId: string, from: string, body: string, name = "Chidi Okeke") {
  const result = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: from, name },
      externalId: `wamid.ws-${++n}`,
      kind: "text",
      body,
      providerAt: new Date(),
      windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
    }),
  );
  return result.conversationId;
}

const C = "/api/v1/inbox/conversations";

describe("who sees a conversation", () => {
  it("an agent of the routed team reads it, an agent of another team gets 404, admin sees all, unrouted is visible to agents", async () => {
    const routed = await customerSays(routedChannel, "+2348030000001", "My fibre is down");
    const unrouted = await customerSays(openChannel, "psid-1", "Hello?", "Ngozi Eze");
    expect((await call("GET", `${C}/${routed}`, undefined, agentA)).status).toBe(200);
    const refused = await call("GET", `${C}/${routed}`, undefined, agentB);
    expect(refused.status).toBe(404);
    expect(refused.type).toContain("application/problem+json");
    expect((await call("POST", `${C}/${routed}/status`, { status: "resolved" }, agentB)).status).toBe(404);
    expect((await call("GET", `${C}/${routed}`)).status).toBe(200);
    expect((await call("GET", `${C}/${unrouted}`, undefined, agentB)).status).toBe(200);
    const listB = await call("GET", `${C}?folder=all`, undefined, agentB);
    expect(listB.body.items.map((c: { id: string }) => c.id)).toContain(unrouted);
    expect(listB.body.items.map((c: { id: string }) => c.id)).not.toContain(routed);
    expect((await call("GET", C, undefined, { "content-type": "application/json" })).status).toBe(401);
  });

  it("the contact sidebar carries the person, channel, subscribers, open tickets and past conversations", async () => {
    const id = await customerSays(routedChannel, "+2348030000002", "Invoice question", "Tunde Bello");
    const detail = await call("GET", `${C}/${id}`, undefined, agentA);
    expect(detail.body.person.displayName).toBe("Tunde Bello");
    expect(detail.body.channel).toMatchObject({ kind: "whatsapp", name: "Lagos line" });
    expect(detail.body.person.channels).toEqual([{ kind: "whatsapp", value: "+2348030000002" }]);
    expect(detail.body).toMatchObject({ subscribers: [], openTickets: [], pastConversations: [] });
    const messages = await call("GET", `${C}/${id}/messages`, undefined, agentA);
    expect(messages.body.items[0]).toMatchObject({ direction: "inbound", body: "Invoice question", attachments: [] });
  });
});

describe("the list", () => {
  it("pages by keyset without skipping or repeating, filters by channel and counts folders", async () => {
    for (let i = 0; i < 3; i++) await customerSays(openChannel, `psid-page-${i}`, `Page test ${i}`, `Pager ${i}`);
    const first = await call("GET", `${C}?folder=all&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const seen = new Set<string>(first.body.items.map((c: { id: string }) => c.id));
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const page = await call("GET", `${C}?folder=all&limit=2&cursor=${cursor}`);
      for (const c of page.body.items) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = page.body.nextCursor;
    }
    const all = await call("GET", `${C}?folder=all&limit=100`);
    expect(seen.size).toBe(all.body.items.length);
    const messenger = await call("GET", `${C}?channelKind=messenger&limit=100`);
    expect(messenger.body.items.every((c: { channelKind: string }) => c.channelKind === "messenger")).toBe(true);
    const search = await call("GET", `${C}?q=pager%201`);
    expect(search.body.items.map((c: { personName: string }) => c.personName)).toEqual(["Pager 1"]);
    const counts = await call("GET", `${C}/counts`);
    expect(counts.body).toMatchObject({ all: all.body.items.length, unassigned: all.body.items.length, mine: 0 });
    expect(counts.body.unread).toBeGreaterThan(0);
    expect((await call("GET", `${C}?status=nonsense`)).status).toBe(400);
    expect((await call("GET", `${C}?cursor=forged`)).status).toBe(400);
  });

  it("marking read clears the unread count and bumps the version", async () => {
    const id = await customerSays(openChannel, "psid-read", "unread me");
    const before = (await call("GET", `${C}/${id}`)).body.conversation;
    expect(before.unreadCount).toBe(1);
    const after = await call("POST", `${C}/${id}/read`, {}, agentB);
    expect(after.body).toMatchObject({ unreadCount: 0, version: before.version + 1 });
  });
});

describe("status, snooze, priority, labels", () => {
  it("resolves with resolved_at and refuses to reopen a resolved conversation, saying why", async () => {
    const id = await customerSays(openChannel, "psid-status", "done soon");
    const pending = await call("POST", `${C}/${id}/status`, { status: "pending" }, agentB);
    expect(pending.body.status).toBe("pending");
    const resolved = await call("POST", `${C}/${id}/status`, { status: "resolved" }, agentB);
    expect(resolved.body.status).toBe("resolved");
    expect(resolved.body.resolvedAt).toBeTruthy();
    const again = await call("POST", `${C}/${id}/status`, { status: "open" }, agentB);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("A resolved conversation is finished; the customer's next message opens a new one");
    const bad = await call("POST", `${C}/${id}/status`, { status: "snoozed" }, agentB);
    expect(bad.status).toBe(400);
  });

  it("snoozed until the reply, the customer's next message reopens it", async () => {
    const id = await customerSays(openChannel, "psid-snooze", "wait for me");
    const past = await call("POST", `${C}/${id}/snooze`, { until: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect((await call("POST", `${C}/${id}/snooze`, {})).status).toBe(400);
    const snoozed = await call("POST", `${C}/${id}/snooze`, { untilReply: true }, agentB);
    expect(snoozed.body).toMatchObject({ status: "snoozed", snoozeUntilReply: true });
    expect((await call("GET", `${C}?folder=all&limit=100`)).body.items.map((c: { id: string }) => c.id)).not.toContain(
      id,
    );
    expect(await customerSays(openChannel, "psid-snooze", "I'm back")).toBe(id);
    const reopened = (await call("GET", `${C}/${id}`)).body.conversation;
    expect(reopened).toMatchObject({ status: "open", snoozeUntilReply: false });
  });

  it("a timed snooze reopens through the snooze job", async () => {
    const id = await customerSays(openChannel, "psid-timed", "later");
    await call("POST", `${C}/${id}/snooze`, { until: new Date(Date.now() + 60_000).toISOString() });
    await useTransaction((tx) =>
      tx.execute(`update inbox_conversation set snoozed_until = now() - interval '1 second' where id = '${id}'`),
    );
    const { Jobs } = { Jobs: await import("@dotmac/core/jobs") };
    const run = await Jobs.run("inbox.snooze_wake");
    expect((run.result as { reopened: number }).reopened).toBeGreaterThanOrEqual(1);
    expect((await call("GET", `${C}/${id}`)).body.conversation.status).toBe("open");
  });

  it("labels come from the catalogue; unknown ones are refused by name; the list filters by label", async () => {
    const id = await customerSays(openChannel, "psid-label", "billing issue");
    expect((await call("POST", "/api/v1/inbox/labels", { name: "Billing", colour: "#0ea5e9" })).status).toBe(201);
    expect((await call("POST", "/api/v1/inbox/labels", { name: "billing" })).status).toBe(409);
    expect((await call("POST", "/api/v1/inbox/labels", { name: "x" }, agentA)).status).toBe(403);
    const unknown = await call("POST", `${C}/${id}/labels`, { labels: ["Billing", "Nope"] }, agentB);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain("Nope is not in the label catalogue");
    const set = await call("POST", `${C}/${id}/labels`, { labels: ["billing"] }, agentB);
    expect(set.body.labels).toEqual(["Billing"]);
    const filtered = await call("GET", `${C}?label=Billing`);
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const priority = await call("POST", `${C}/${id}/priority`, { priority: "urgent" }, agentB);
    expect(priority.body.priority).toBe("urgent");
    const muted = await call("POST", `${C}/${id}/mute`, { muted: true }, agentB);
    expect(muted.body.muted).toBe(true);
  });
});

describe("notes, tickets and bulk", () => {
  it("a note with an @mention notifies the mentioned agent and files it under their Mentions", async () => {
    const id = await customerSays(routedChannel, "+2348030000003", "router blinking red");
    const note = await call("POST", `${C}/${id}/notes`, { body: "@ada@isp.test can you check the OLT?" });
    expect(note.status).toBe(201);
    expect(note.body.mentions).toEqual([agentAId]);
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(notificationTable)
        .where(and(eq(notificationTable.userId, agentAId), eq(notificationTable.kind, "inbox_mentioned"))),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.link).toBe(`/inbox?c=${id}`);
    const mentions = await call("GET", `${C}?folder=mentions`, undefined, agentA);
    expect(mentions.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await call("GET", `${C}/counts`, undefined, agentA)).body.mentions).toBe(1);
    const thread = await call("GET", `${C}/${id}/messages`, undefined, agentA);
    expect(thread.body.items[0]).toMatchObject({ direction: "internal", kind: "note", authorName: "Ops" });
  });

  it("converting to a ticket opens a linked ticket with its SLA log, and refuses a second time", async () => {
    const id = await customerSays(routedChannel, "+2348030000004", "No internet since morning", "Kemi Ade");
    const made = await call("POST", `${C}/${id}/ticket`, { priority: "high" }, agentA);
    expect(made.status).toBe(201);
    expect(made.body.conversation).toMatchObject({ status: "resolved_to_ticket", ticketId: made.body.ticketId });
    const ticket = await call("GET", `/api/v1/tickets/${made.body.ticketId}`, undefined, agentA);
    expect(ticket.body).toMatchObject({ title: "No internet since morning", priority: "high", channel: "chat" });
    const events = await call("GET", `/api/v1/tickets/${made.body.ticketId}/events`, undefined, agentA);
    expect(events.body.items.map((e: { kind: string }) => e.kind)).toContain("created");
    const again = await call("POST", `${C}/${id}/ticket`, {}, agentA);
    expect(again.status).toBe(409);
    const sidebar = await call("GET", `${C}/${id}`, undefined, agentA);
    expect(sidebar.body.openTickets.map((tk: { id: string }) => tk.id)).toEqual([made.body.ticketId]);
  });

  it("bulk applies what it may and lists each refusal with its reason", async () => {
    const a = await customerSays(openChannel, "psid-bulk-a", "one");
    const b = await customerSays(openChannel, "psid-bulk-b", "two");
    await call("POST", `${C}/${b}/status`, { status: "resolved" });
    const result = await call("POST", `${C}/bulk`, { ids: [a, b], status: "pending", markRead: true }, agentB);
    expect(result.status).toBe(200);
    expect(result.body.updated).toEqual([a]);
    expect(result.body.failed).toEqual([
      expect.objectContaining({
        id: b,
        applied: ["read"],
        refused: [expect.objectContaining({ field: "status", code: "conflict", reason: "conversation_transition" })],
      }),
    ]);
    expect((await call("POST", `${C}/bulk`, { ids: [a] })).status).toBe(400);
  });
});
