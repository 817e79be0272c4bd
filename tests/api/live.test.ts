import type { AddressInfo } from "node:net";
import * as Auth from "@dotmac/core/auth";
import { Events } from "@dotmac/core/inbox";
import { inboxChannelTable, inboxConversationTable } from "@dotmac/core/inbox/inbox.sql";
import { liveTicketTable } from "@dotmac/core/live/live.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction } from "@dotmac/core/platform/db";
import { type LocalLiveGateway, localLiveGateway, setLiveGateway } from "@dotmac/core/platform/live";
import { emit } from "@dotmac/core/platform/outbox";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { Events as TrackEvents } from "@dotmac/core/track";
import { liveSocket } from "@dotmac/functions/local/live-socket";
import { type ServerType, serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { ORIGIN, passwordSignIn, signIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

/**
 * Live updates through the local runtime's pieces (the API app, the `/live` upgrade, the in-process
 * gateway) with a real `ws` client: tickets, the access rule at subscribe time and at fan-out,
 * revoked sessions, typing. Events go through the real outbox and subscribers (the test bus delivers
 * inside the publish), so a frame that should arrive has been sent when the emitting call returns.
 */

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let server: ServerType;
let sockets: WebSocketServer;
let gateway: LocalLiveGateway;
let wsBase: string;
const password = "correct horse battery staple";
const users: Record<"ada" | "bob" | "cy", { id: string; token: string }> = {} as never;
let teamA: string;
let teamB: string;
let convA: string;
let convB: string;

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  gateway = localLiveGateway();
  setLiveGateway(gateway);
  api.app.get("/live", liveSocket(gateway));
  sockets = new WebSocketServer({ noServer: true });
  server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1", websocket: { server: sockets } }, () =>
      ready(s),
    );
  });
  wsBase = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
  for (const name of ["ada", "bob", "cy"] as const) {
    const email = `${name}@example.com`;
    const id = (await Auth.createUser({ email, password, displayName: name, roles: ["support"] })).id;
    users[name] = { id, token: (await passwordSignIn({ email, password })).accessToken };
  }
  await withActor({ type: "system", properties: { job: "test" } }, () =>
    createTransaction(async (tx) => {
      const [a, b] = await tx
        .insert(teamTable)
        .values([{ name: "Team A" }, { name: "Team B" }])
        .returning();
      teamA = a?.id ?? "";
      teamB = b?.id ?? "";
      await tx.insert(teamMemberTable).values([
        { teamId: teamA, userId: users.ada.id },
        { teamId: teamA, userId: users.cy.id },
        { teamId: teamB, userId: users.bob.id },
      ]);
      const [channel] = await tx
        .insert(inboxChannelTable)
        .values({ kind: "whatsapp", name: "Support line", externalAccountId: "1555000" })
        .returning();
      const people = await tx
        .insert(personTable)
        .values([{ displayName: "Customer One" }, { displayName: "Customer Two" }])
        .returning();
      const convs = await tx
        .insert(inboxConversationTable)
        .values([
          { channelId: channel?.id ?? "", personId: people[0]?.id ?? "", teamId: teamA },
          { channelId: channel?.id ?? "", personId: people[1]?.id ?? "", teamId: teamB },
        ])
        .returning();
      convA = convs[0]?.id ?? "";
      convB = convs[1]?.id ?? "";
    }),
  );
});

afterAll(async () => {
  for (const client of sockets.clients) client.terminate();
  sockets.close();
  await new Promise<void>((done) => server.close(() => done()));
  setLiveGateway(undefined);
  await t.close();
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

interface Client {
  ws: WebSocket;
  /** The next frame the server sent (frames are queued as they come, none is lost between calls). */
  next(): Promise<Record<string, unknown> & { event: string }>;
  send(frame: unknown): void;
  closed: Promise<number>;
}

async function ticketFor(token: string): Promise<string> {
  const res = await api.request("/api/v1/live/tickets", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { ticket: string; url: string };
  expect(body.url).toMatch(/^ws:\/\/.+\/live$/);
  return body.ticket;
}

/** Opens a socket; resolves with the client, or rejects with the HTTP status of a refused upgrade. */
function open(query: string): Promise<Client> {
  const ws = new WebSocket(`${wsBase}${query}`);
  const frames: Record<string, unknown>[] = [];
  const waiting: ((f: Record<string, unknown>) => void)[] = [];
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<number>((done) => ws.on("close", (code) => done(code)));
  return new Promise((resolve, reject) => {
    ws.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on("error", reject);
    ws.on("open", () =>
      resolve({
        ws,
        closed,
        send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
        next: () =>
          new Promise((r) => {
            const queued = frames.shift();
            if (queued) r(queued as never);
            else waiting.push(r as never);
          }),
      }),
    );
  });
}

const connect = async (name: keyof typeof users) => open(`?ticket=${await ticketFor(users[name].token)}`);

async function subscribe(client: Client, topic: string) {
  client.send({ action: "subscribe", topic });
  return client.next();
}

/** An inbox change as a domain verb makes it: the row and its event in one transaction. */
const updated = (conversationId: string, version: number) =>
  withActor({ type: "system", properties: { job: "test" } }, () =>
    createTransaction(async () => {
      await emit(Events.ConversationUpdated, {
        conversationId,
        version,
        changes: ["status"],
        status: "pending",
        assigneeId: null,
        teamId: null,
      });
    }),
  );

// ── stories ─────────────────────────────────────────────────────────────────────────────────────

describe("live updates", () => {
  it("refuses a socket without a ticket, with a bad one, a used one and an expired one", async () => {
    await expect(open("")).rejects.toThrow("HTTP 401");
    await expect(open("?ticket=not-a-ticket")).rejects.toThrow("HTTP 401");
    await expect(open(`?ticket=${"A".repeat(43)}`)).rejects.toThrow("HTTP 401");

    const ticket = await ticketFor(users.ada.token);
    const first = await open(`?ticket=${ticket}`);
    await expect(open(`?ticket=${ticket}`)).rejects.toThrow("HTTP 401");
    first.ws.close();

    const stale = await ticketFor(users.ada.token);
    await createTransaction((tx) => tx.update(liveTicketTable).set({ expiresAt: new Date(Date.now() - 1000) }));
    await expect(open(`?ticket=${stale}`)).rejects.toThrow("HTTP 401");
  });

  it("issues tickets to signed-in staff only, and checks CSRF for a cookie session", async () => {
    expect((await api.request("/api/v1/live/tickets", { method: "POST" })).status).toBe(401);
    const { cookie, csrf } = await signIn(api.request, "ada@example.com", password);
    const noCsrf = await api.request("/api/v1/live/tickets", { method: "POST", headers: { cookie, origin: ORIGIN } });
    expect(noCsrf.status).toBe(403);
    const ok = await api.request("/api/v1/live/tickets", {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "x-csrf-token": csrf },
    });
    expect(ok.status).toBe(201);
  });

  it("answers a bad frame with what to fix, and a ping with a pong", async () => {
    const ada = await connect("ada");
    ada.send("{nope");
    expect(await ada.next()).toMatchObject({ event: "error", code: "validation", message: "frame is not JSON" });
    ada.send({ action: "subscribe", topic: "everything" });
    expect(await ada.next()).toMatchObject({ event: "error", code: "validation" });
    ada.send({ action: "ping" });
    expect(await ada.next()).toEqual({ event: "pong" });
    ada.ws.close();
  });

  it("refuses a subscription to a conversation the user cannot see, and delivers nothing from it", async () => {
    const bob = await connect("bob");
    expect(await subscribe(bob, `conversation:${convA}`)).toMatchObject({ event: "error", code: "not_found" });
    expect(await subscribe(bob, `conversation:${convB}`)).toEqual({
      event: "subscribed",
      topic: `conversation:${convB}`,
    });
    expect(await subscribe(bob, "inbox")).toEqual({ event: "subscribed", topic: "inbox" });

    await updated(convA, 2);
    await updated(convB, 3);
    // Frames arrive in order: the first two bob gets are about B (its topic and his inbox), none about A.
    const frames = [await bob.next(), await bob.next()];
    expect(frames).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: "conversation_updated",
          topic: `conversation:${convB}`,
          data: { conversationId: convB, version: 3, changes: ["status"], status: "pending" },
        }),
        expect.objectContaining({ event: "inbox_updated", data: expect.objectContaining({ conversationId: convB }) }),
      ]),
    );
    bob.ws.close();
  });

  it("delivers to a user who may see it, and stops once access is withdrawn", async () => {
    const ada = await connect("ada");
    expect(await subscribe(ada, `conversation:${convA}`)).toMatchObject({ event: "subscribed" });
    await updated(convA, 4);
    expect(await ada.next()).toMatchObject({
      event: "conversation_updated",
      data: { conversationId: convA, version: 4 },
    });

    // The conversation moves to team B: ada's subscription stays, but the fan-out asks again.
    await createTransaction((tx) =>
      tx.update(inboxConversationTable).set({ teamId: teamB }).where(eq(inboxConversationTable.id, convA)),
    );
    await updated(convA, 5);
    ada.send({ action: "ping" });
    expect(await ada.next()).toEqual({ event: "pong" });
    await createTransaction((tx) =>
      tx.update(inboxConversationTable).set({ teamId: teamA }).where(eq(inboxConversationTable.id, convA)),
    );
    ada.ws.close();
  });

  it("sends typing to the others on the conversation, not to the one typing", async () => {
    const ada = await connect("ada");
    const cy = await connect("cy");
    for (const c of [ada, cy])
      expect(await subscribe(c, `conversation:${convA}`)).toMatchObject({ event: "subscribed" });

    ada.send({ action: "typing", conversationId: convA });
    expect(await cy.next()).toEqual({
      event: "user_typing",
      topic: `conversation:${convA}`,
      data: { conversationId: convA, userId: users.ada.id, name: "ada", state: "start" },
    });
    ada.send({ action: "ping" });
    expect(await ada.next()).toEqual({ event: "pong" });

    // Bob may not see A: his typing there is refused and reaches no one.
    const bob = await connect("bob");
    bob.send({ action: "typing", conversationId: convA });
    expect(await bob.next()).toMatchObject({ event: "error", code: "not_found" });
    cy.send({ action: "ping" });
    expect(await cy.next()).toEqual({ event: "pong" });
    for (const c of [ada, cy, bob]) c.ws.close();
  });

  it("stops delivering to a revoked session and closes its socket", async () => {
    const { accessToken, sessionId } = await passwordSignIn({ email: "cy@example.com", password });
    const cy = await open(`?ticket=${await ticketFor(accessToken)}`);
    expect(await subscribe(cy, `conversation:${convA}`)).toMatchObject({ event: "subscribed" });
    // Cy ends that session from another one (the account's sessions page).
    const revoked = await api.request(`/api/v1/auth/sessions/${sessionId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${users.cy.token}` },
    });
    expect(revoked.status).toBeLessThan(300);
    await updated(convA, 6);
    expect(await cy.closed).toBe(4401);
  });

  it("the dispatch topic: only staff who may dispatch subscribe, and they hear work orders move", async () => {
    const email = "dee@example.com";
    await Auth.createUser({ email, password, displayName: "Dee", roles: ["dispatcher"] });
    const dee = await open(`?ticket=${await ticketFor((await passwordSignIn({ email, password })).accessToken)}`);
    const ada = await connect("ada");
    expect(await subscribe(ada, "dispatch")).toMatchObject({ event: "error", code: "not_found" });
    expect(await subscribe(dee, "dispatch")).toEqual({ event: "subscribed", topic: "dispatch" });
    const workOrderId = "0190f5f4-0000-7000-8000-00000000d150";
    await withActor({ type: "system", properties: { job: "test" } }, () =>
      createTransaction(() =>
        emit(TrackEvents.VisitAnswered, {
          workOrderId,
          linkId: workOrderId,
          answer: "confirmed",
          preferredAt: null,
          reason: null,
        }),
      ),
    );
    expect(await dee.next()).toEqual({
      event: "dispatch_updated",
      topic: "dispatch",
      data: { workOrderId, reason: "confirmed" },
    });
    ada.send({ action: "ping" });
    expect(await ada.next()).toEqual({ event: "pong" });
    for (const c of [ada, dee]) c.ws.close();
  });
});
