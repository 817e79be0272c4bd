import * as Auth from "@dotmac/core/auth";
import { personTable } from "@dotmac/core/person/person.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let readerAuth: Record<string, string>;
let agentAuth: Record<string, string>;
let subscriberId: string;
const password = "correct horse battery staple";
const CUSTOMER = "funke@customer.test";
/** Every response body this suite saw, to prove the confirmation token never leaves the email. */
const seen: string[] = [];

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  await Auth.createUser({ email: "auditor@example.com", password, displayName: "Aud", roles: ["auditor"] });
  await Auth.createUser({ email: "agent@example.com", password, displayName: "Agent", roles: ["support"] });
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
    "content-type": "application/json",
  });
  readerAuth = await bearer("auditor@example.com");
  agentAuth = await bearer("agent@example.com");
  subscriberId = await useTransaction(async (tx) => {
    const [person] = await tx.insert(personTable).values({ displayName: "Funke", email: CUSTOMER }).returning();
    const [row] = await tx
      .insert(subscriberTable)
      .values({
        externalSystem: "billing",
        externalId: "bill-77",
        subscriberNumber: "SUB-77",
        status: "active",
        sourceUpdatedAt: new Date(),
        personId: person?.id ?? null,
      })
      .returning();
    return row?.id as string;
  });
});
afterAll(() => t.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  seen.push(`${method} ${path} ${JSON.stringify(body ?? null)} → ${text}`);
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: json as any };
}

/** A public caller: no credentials, a same-origin browser request. */
const anonymous = { origin: ORIGIN, "content-type": "application/json" };

async function newTicket(title: string, extra: Record<string, unknown> = {}) {
  const created = await call("POST", "/api/v1/tickets", { title, ...extra });
  expect(created.status).toBe(201);
  const id = created.body.ticket.id as string;
  await call("POST", `/api/v1/tickets/${id}/status`, { status: "open" });
  return created.body.ticket as { id: string; number: string };
}

async function resolveAndReadMail(id: string): Promise<string> {
  const res = await call("POST", `/api/v1/tickets/${id}/status`, { status: "pending_confirmation" });
  expect(res.status).toBe(200);
  const mail = (await listLocalMail()).filter((m) => m.to === CUSTOMER).at(-1);
  const token = /\/customer\/confirm#token=([A-Za-z0-9_-]{43})$/m.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error("no confirmation link mailed");
  return token;
}

describe("ticket links and merge API", () => {
  it("links by number, lists both ends, unlinks; refuses a self-link naming targetRef", async () => {
    const a = await newTicket("Fibre cut");
    const b = await newTicket("Cabinet down");
    const created = await call("POST", `/api/v1/tickets/${a.id}/links`, {
      targetRef: b.number,
      kind: "related_outage",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: "related_outage", direction: "outgoing", ticket: { id: b.id } });
    const again = await call("POST", `/api/v1/tickets/${a.id}/links`, { targetRef: b.id, kind: "related_outage" });
    expect(again.body.id).toBe(created.body.id);

    const fromB = await call("GET", `/api/v1/tickets/${b.id}/links`);
    expect(fromB.body.items).toEqual([
      expect.objectContaining({ direction: "incoming", ticket: expect.objectContaining({ number: a.number }) }),
    ]);

    const self = await call("POST", `/api/v1/tickets/${a.id}/links`, { targetRef: a.number, kind: "related" });
    expect(self.status).toBe(400);
    expect(self.type).toContain("application/problem+json");
    expect(self.body.errors).toEqual([{ path: "targetRef", message: expect.any(String) }]);
    const badKind = await call("POST", `/api/v1/tickets/${a.id}/links`, { targetRef: b.id, kind: "cousin" });
    expect(badKind.body.errors[0].path).toBe("kind");

    expect((await call("DELETE", `/api/v1/tickets/${a.id}/links/${created.body.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/tickets/${a.id}/links`)).body.items).toEqual([]);
    const gone = await call("DELETE", `/api/v1/tickets/${a.id}/links/${created.body.id}`);
    expect(gone.status).toBe(404);

    const denied = await call(
      "POST",
      `/api/v1/tickets/${a.id}/links`,
      { targetRef: b.id, kind: "related" },
      readerAuth,
    );
    expect(denied.status).toBe(403);
    expect((await call("GET", `/api/v1/tickets/${a.id}/links`, undefined, readerAuth)).status).toBe(200);
  });

  it("merges into the target by number; a replay is 409 and a merged ticket refuses changes with 412", async () => {
    const source = await newTicket("No internet");
    const target = await newTicket("Area outage");
    await call("POST", `/api/v1/tickets/${source.id}/comments`, { body: "Customer called twice", isInternal: false });
    const merged = await call("POST", `/api/v1/tickets/${source.id}/merge`, { targetRef: target.number });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(target.id);
    expect((await call("GET", `/api/v1/tickets/${source.id}`)).body).toMatchObject({
      status: "merged",
      mergedIntoId: target.id,
    });
    expect((await call("GET", `/api/v1/tickets/${target.id}/comments`)).body.items).toHaveLength(1);

    const replay = await call("POST", `/api/v1/tickets/${source.id}/merge`, { targetRef: target.number });
    expect(replay.status).toBe(409);
    expect(replay.type).toContain("application/problem+json");
    expect(replay.body.detail).toContain("already merged");
    const frozen = await call("PATCH", `/api/v1/tickets/${source.id}`, { title: "New title" });
    expect(frozen.status).toBe(412);
    const intoMissing = await call("POST", `/api/v1/tickets/${target.id}/merge`, { targetRef: "TCK-1900-000001" });
    expect([intoMissing.status, intoMissing.body.errors[0].path]).toEqual([400, "targetRef"]);
  });

  it("bulk changes report updated tickets and, per refused part, what and why; refuse more than 200 ids", async () => {
    const a = await newTicket("Bulk one");
    const closed = await newTicket("Bulk closed");
    await call("POST", `/api/v1/tickets/${closed.id}/status`, { status: "closed", note: "Fixed" });
    const res = await call("POST", "/api/v1/tickets/bulk", { ids: [a.id, closed.id], status: "on_hold" });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([a.id]);
    expect(res.body.failed).toEqual([
      {
        id: closed.id,
        number: closed.number,
        detail: expect.stringMatching(/closed/),
        applied: [],
        refused: [
          {
            field: "status",
            code: "validation",
            reason: "transition_not_allowed",
            params: { from: "closed", to: "on_hold", allowed: "open" },
            detail: expect.stringMatching(/closed/),
          },
        ],
      },
    ]);
    const noc = await call("POST", "/api/v1/teams", { name: "Bulk NOC" });
    const team = await call("POST", "/api/v1/tickets/bulk", { ids: [a.id], teamId: noc.body.id }, agentAuth);
    expect(team.body.updated).toEqual([a.id]);

    const tooMany = await call("POST", "/api/v1/tickets/bulk", {
      ids: Array.from({ length: 201 }, () => a.id),
      status: "open",
    });
    expect([tooMany.status, tooMany.body.errors[0].path]).toEqual([400, "ids"]);
    const noChange = await call("POST", "/api/v1/tickets/bulk", { ids: [a.id] });
    expect(noChange.status).toBe(400);
    expect((await call("POST", "/api/v1/tickets/bulk", { ids: [a.id], status: "open" }, readerAuth)).status).toBe(403);
  });
});

describe("customer confirmation API (public)", () => {
  it("looks up, disputes and refuses reuse without a session; staff see the state", async () => {
    const ticket = await newTicket("Slow browsing", { subscriberId });
    // Never resolved: nothing to show, and nothing missing either (no 404 in the portal's console).
    const none = await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`);
    expect([none.status, none.body]).toEqual([200, null]);
    const token = await resolveAndReadMail(ticket.id);

    const lookup = await call("POST", "/api/v1/customer/confirmation/lookup", { token }, anonymous);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ ticket: { number: ticket.number, title: "Slow browsing" }, state: "open" });
    const staffView = await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`);
    expect(staffView.body).toMatchObject({ state: "open", email: CUSTOMER, decidedAt: null });

    const noReason = await call("POST", "/api/v1/customer/confirmation/dispute", { token }, anonymous);
    expect([noReason.status, noReason.body.errors[0].path]).toEqual([400, "reason"]);
    const disputed = await call(
      "POST",
      "/api/v1/customer/confirmation/dispute",
      { token, reason: "The light is still red" },
      anonymous,
    );
    expect(disputed).toMatchObject({ status: 200, body: { state: "disputed" } });
    expect((await call("GET", `/api/v1/tickets/${ticket.id}`)).body.status).toBe("open");

    const reuse = await call("POST", "/api/v1/customer/confirmation/confirm", { token }, anonymous);
    expect(reuse.status).toBe(409);
    expect(reuse.type).toContain("application/problem+json");
    expect(reuse.body.errors).toEqual([{ path: "state", message: "disputed" }]);
    expect((await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`)).body).toMatchObject({
      state: "disputed",
      reason: "The light is still red",
    });
  });

  it("confirms and closes; unknown tokens are 404; a cross-site post is refused", async () => {
    const ticket = await newTicket("Router", { subscriberId });
    const token = await resolveAndReadMail(ticket.id);
    const crossSite = await call(
      "POST",
      "/api/v1/customer/confirmation/confirm",
      { token },
      { origin: "https://evil.example", "content-type": "application/json" },
    );
    expect(crossSite.status).toBe(403);
    const confirmed = await call("POST", "/api/v1/customer/confirmation/confirm", { token }, anonymous);
    expect(confirmed).toMatchObject({ status: 200, body: { state: "confirmed" } });
    expect((await call("GET", `/api/v1/tickets/${ticket.id}`)).body.status).toBe("closed");
    const unknown = await call("POST", "/api/v1/customer/confirmation/lookup", { token: "y".repeat(43) }, anonymous);
    expect([unknown.status, unknown.body.errors[0].path]).toEqual([404, "token"]);
    const short = await call("POST", "/api/v1/customer/confirmation/lookup", { token: "abc" }, anonymous);
    expect([short.status, short.body.errors[0].path]).toEqual([400, "token"]);
    // Staff routes around it still need a session.
    expect((await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`, undefined, anonymous)).status).toBe(401);
  });

  it("the token appears in the email only: never in a response, the outbox or the ticket's log", async () => {
    const ticket = await newTicket("Leak check", { subscriberId });
    const token = await resolveAndReadMail(ticket.id);
    await call("GET", `/api/v1/tickets/${ticket.id}/events`);
    await call("GET", `/api/v1/tickets/${ticket.id}`);
    await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`);
    await call("POST", "/api/v1/customer/confirmation/lookup", { token }, anonymous);
    await call("POST", "/api/v1/customer/confirmation/confirm", { token }, anonymous);
    const responses = seen.map((s) => s.slice(s.indexOf(" → ")));
    expect(responses.filter((r) => r.includes(token))).toEqual([]);
    const outbox = await useTransaction((tx) => tx.select().from(outboxTable));
    expect(JSON.stringify(outbox)).not.toContain(token);
    const mails = (await listLocalMail()).filter((m) => m.text.includes(token));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain(`/customer/confirm#token=${token}`);
  });
});

describe("OpenAPI document", () => {
  it("documents the collaboration, saved-filter and public confirmation routes", async () => {
    const doc = await (await api.request("/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/tickets/{id}/links",
        "/api/v1/tickets/{id}/links/{linkId}",
        "/api/v1/tickets/{id}/merge",
        "/api/v1/tickets/bulk",
        "/api/v1/tickets/{id}/confirmation",
        "/api/v1/saved-filters",
        "/api/v1/saved-filters/{name}",
        "/api/v1/customer/confirmation/lookup",
        "/api/v1/customer/confirmation/confirm",
        "/api/v1/customer/confirmation/dispute",
      ]),
    );
  });
});

describe("saved filters API", () => {
  it("saves by name, lists only your own, deletes only your own", async () => {
    const saved = await call("PUT", `/api/v1/saved-filters/${encodeURIComponent("Open NOC")}`, {
      filters: { status: "open,new", priority: "high" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: "Open NOC", filters: { status: ["open", "new"], priority: ["high"] } });
    const listed = await call("GET", "/api/v1/saved-filters");
    expect(listed.body.items.map((f: { name: string }) => f.name)).toEqual(["Open NOC"]);
    expect((await call("GET", "/api/v1/saved-filters", undefined, agentAuth)).body.items).toEqual([]);
    expect((await call("DELETE", `/api/v1/saved-filters/${saved.body.id}`, undefined, agentAuth)).status).toBe(404);

    const bad = await call("PUT", "/api/v1/saved-filters/Broken", { filters: { status: "lost" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/status/);
    const extra = await call("PUT", "/api/v1/saved-filters/Broken", { filters: { limit: 5 } });
    expect(extra.status).toBe(400);

    expect((await call("DELETE", `/api/v1/saved-filters/${saved.body.id}`)).status).toBe(204);
    expect((await call("GET", "/api/v1/saved-filters")).body.items).toEqual([]);
    expect((await call("GET", "/api/v1/saved-filters", undefined, anonymous)).status).toBe(401);
  });
});
