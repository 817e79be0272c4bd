import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable, inboxConversationTable } from "@dotmac/core/inbox/inbox.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { teamTable } from "@dotmac/core/team/team.sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let agent: Record<string, string>;
let agentId = "";
let team = "";
let conversation = "";
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const ada = await Auth.createUser({ email: "ada@example.com", password, displayName: "Ada", roles: ["support"] });
  agentId = ada.id;
  agent = {
    authorization: `Bearer ${(await passwordSignIn({ email: "ada@example.com", password })).accessToken}`,
    "content-type": "application/json",
  };
  await useTransaction(async (tx) => {
    const [a] = await tx.insert(teamTable).values({ name: "Support" }).returning();
    team = a?.id ?? "";
    const [c] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: "WhatsApp", externalAccountId: "1555", teamId: team })
      .returning();
    const [p] = await tx.insert(personTable).values({ displayName: "Customer" }).returning();
    const [conv] = await tx
      .insert(inboxConversationTable)
      .values({ channelId: c?.id as string, personId: p?.id as string, teamId: team })
      .returning();
    conversation = conv?.id ?? "";
  });
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown, headers = admin) =>
  api.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = (path: string, headers = admin) => api.request(path, { headers });

describe("inbox assignment API", () => {
  it("an admin sets up routing, an agent goes online and takes a conversation, and sees why it is theirs", async () => {
    expect(
      (await send("PUT", `/api/v1/inbox/settings/routing/teams/${team}/members/${agentId}`, { role: "member" })).status,
    ).toBe(200);
    expect(
      (await send("PUT", `/api/v1/inbox/settings/routing/teams/${team}/mode`, { mode: "round_robin" })).status,
    ).toBe(200);
    expect((await send("PUT", `/api/v1/inbox/settings/agents/${agentId}/capacity`, { capacity: 2 })).status).toBe(200);
    const rule = await send("POST", "/api/v1/inbox/settings/routing/rules", {
      name: "Urgent",
      priority: "urgent",
      teamId: team,
    });
    expect(rule.status).toBe(201);
    const ruleId = (await rule.json()).id;
    expect((await send("PATCH", `/api/v1/inbox/settings/routing/rules/${ruleId}`, { enabled: false })).status).toBe(
      200,
    );
    expect((await (await get("/api/v1/inbox/settings/routing/rules")).json()).items).toMatchObject([
      { name: "Urgent", enabled: false, position: 10 },
    ]);
    expect((await send("DELETE", `/api/v1/inbox/settings/routing/rules/${ruleId}`)).status).toBe(204);
    const teams = (await (await get("/api/v1/inbox/settings/routing/teams")).json()).items;
    expect(teams[0]).toMatchObject({
      name: "Support",
      mode: "round_robin",
      members: [{ name: "Ada", role: "member" }],
    });

    const online = await send("PUT", "/api/v1/inbox/presence", { status: "online" }, agent);
    expect(await online.json()).toMatchObject({ presence: "online", manualStatus: "online" });
    expect((await send("POST", "/api/v1/inbox/presence/heartbeat", undefined, agent)).status).toBe(200);

    const taken = await send("POST", `/api/v1/inbox/conversations/${conversation}/take`, undefined, agent);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toEqual({ conversationId: conversation, assigneeId: agentId });
    const why = (await (await get(`/api/v1/inbox/conversations/${conversation}/assignments`, agent)).json()).items;
    expect(why).toMatchObject([{ kind: "assigned", to: agentId, reason: "taken by Ada (1 of 2)" }]);

    const agents = (await (await get("/api/v1/inbox/agents")).json()).items;
    expect(agents).toMatchObject([{ name: "Ada", presence: "online", capacity: 2, activeCount: 1 }]);
    expect(await (await get("/api/v1/inbox/queue")).json()).toEqual({ total: 0, items: [] });
    expect(await (await get("/api/v1/inbox/reply-stats", agent)).json()).toMatchObject({ awaitingReply: 0 });

    const policy = await send("PUT", "/api/v1/inbox/settings/reply-policies/urgent", {
      firstResponseMinutes: 10,
      followUpMinutes: 20,
    });
    expect(await policy.json()).toMatchObject({ priority: "urgent", remindBeforeMinutes: 5, calendarId: null });

    // Unassigning returns it to the queue; Ada is online with room, so the queue hands it straight back.
    const freed = await send("POST", `/api/v1/inbox/conversations/${conversation}/unassign`, {}, agent);
    expect(freed.status).toBe(200);
    const after = (await (await get(`/api/v1/inbox/conversations/${conversation}/assignments`, agent)).json()).items;
    expect(after.map((e: { kind: string }) => e.kind)).toEqual(["assigned", "unassigned", "assigned"]);
    expect(after[2].reason).toBe("round-robin in Support (1 of 2); queued by unassigned by Ada");
  });

  it("refuses what the actor may not do, and bad input with a 4xx that says what to fix", async () => {
    expect((await api.request("/api/v1/inbox/presence")).status).toBe(401);
    expect((await get("/api/v1/inbox/agents", agent)).status).toBe(403);
    expect(
      (await send("PUT", `/api/v1/inbox/settings/agents/${agentId}/capacity`, { capacity: 3 }, agent)).status,
    ).toBe(403);
    const assign = await send("POST", `/api/v1/inbox/conversations/${conversation}/assign`, { userId: agentId }, agent);
    expect(assign.status).toBe(403);
    expect((await send("PUT", `/api/v1/inbox/settings/agents/${agentId}/capacity`, { capacity: -1 })).status).toBe(400);
    const bad = await send("PUT", "/api/v1/inbox/presence", { status: "busy" }, agent);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await send("POST", `/api/v1/inbox/conversations/${unknown}/take`, undefined, agent)).status).toBe(404);
    expect((await send("POST", "/api/v1/inbox/settings/routing/rules", { name: "x", teamId: unknown })).status).toBe(
      400,
    );
  });

  it("a support lead runs routing; an agent who is away gets nothing until back online, and the lead sees why", async () => {
    await Auth.createUser({ email: "lola@example.com", password, displayName: "Lola", roles: ["support_lead"] });
    const bola = await Auth.createUser({
      email: "bola@example.com",
      password,
      displayName: "Bola",
      roles: ["support"],
    });
    const signIn = async (email: string) => ({
      authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
      "content-type": "application/json",
    });
    const lead = await signIn("lola@example.com");
    const bolaHeaders = await signIn("bola@example.com");
    const { night, channel } = await useTransaction(async (tx) => {
      const [n] = await tx.insert(teamTable).values({ name: "Night shift" }).returning();
      const [c] = await tx
        .insert(inboxChannelTable)
        .values({ kind: "messenger", name: "Page", externalAccountId: "page-1", teamId: n?.id as string })
        .returning();
      return { night: n?.id as string, channel: c?.id as string };
    });

    // A plain support agent cannot change routing; the lead can.
    expect(
      (await send("PUT", `/api/v1/inbox/settings/routing/teams/${night}/mode`, { mode: "round_robin" }, agent)).status,
    ).toBe(403);
    expect(
      (await send("POST", "/api/v1/inbox/settings/routing/rules", { name: "x", teamId: night }, agent)).status,
    ).toBe(403);
    expect((await get("/api/v1/inbox/assignments/recent", agent)).status).toBe(403);
    expect(
      (await send("PUT", `/api/v1/inbox/settings/routing/teams/${night}/members/${bola.id}`, { role: "member" }, lead))
        .status,
    ).toBe(200);
    expect(
      (await send("PUT", `/api/v1/inbox/settings/routing/teams/${night}/mode`, { mode: "least_loaded" }, lead)).status,
    ).toBe(200);
    expect((await send("PUT", `/api/v1/inbox/settings/agents/${bola.id}/capacity`, { capacity: 2 }, lead)).status).toBe(
      200,
    );
    const rule = await send(
      "POST",
      "/api/v1/inbox/settings/routing/rules",
      { name: "Messenger at night", channelKind: "messenger", teamId: night },
      lead,
    );
    expect(rule.status).toBe(201);

    // Bola steps away: a new Messenger conversation waits in the queue instead of reaching Bola.
    const away = await send("PUT", "/api/v1/inbox/presence", { status: "away" }, bolaHeaders);
    expect(await away.json()).toMatchObject({ presence: "away", manualStatus: "away" });
    expect(await (await get("/api/v1/inbox/presence", bolaHeaders)).json()).toMatchObject({ presence: "away" });
    const conversationId = await useTransaction(async (tx) => {
      const [p] = await tx.insert(personTable).values({ displayName: "Night customer" }).returning();
      const [c] = await tx
        .insert(inboxConversationTable)
        .values({ channelId: channel, personId: p?.id as string, priority: "high" })
        .returning();
      return c?.id as string;
    });
    // What the ConversationCreated subscriber does for a new conversation.
    const routed = await withActor({ type: "system", properties: { job: "test" } }, () =>
      Inbox.Routing.route(conversationId),
    );
    expect(routed).toMatchObject({ outcome: "queued", teamId: night });
    const queued = await (await get(`/api/v1/inbox/queue?teamId=${night}`, lead)).json();
    expect(queued).toMatchObject({
      total: 1,
      items: [{ conversationId, priority: "high", reason: "rule 'Messenger at night'" }],
    });
    const agents = (await (await get("/api/v1/inbox/agents", lead)).json()).items;
    expect(agents.find((a: { name: string }) => a.name === "Bola")).toMatchObject({ presence: "away", activeCount: 0 });

    // Back online: the queue is offered again at once and the conversation is Bola's, with the reason.
    const back = await send("PUT", "/api/v1/inbox/presence", { status: "online" }, bolaHeaders);
    expect(await back.json()).toMatchObject({ presence: "online" });
    expect(await (await get(`/api/v1/inbox/queue?teamId=${night}`, lead)).json()).toEqual({ total: 0, items: [] });
    const recent = (await (await get("/api/v1/inbox/assignments/recent?limit=5", lead)).json()).items;
    expect(recent[0]).toMatchObject({ conversationId, agentId: bola.id, agentName: "Bola" });
    expect(recent[0].reason).toContain("Night shift");
    expect((await get("/api/v1/inbox/assignments/recent?limit=0", lead)).status).toBe(400);
  });
});
