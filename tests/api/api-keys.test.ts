import * as Audit from "@dotmac/core/audit";
import * as Auth from "@dotmac/core/auth";
import { apiKeyTable } from "@dotmac/core/auth/auth.sql";
import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as RateLimit from "@dotmac/core/platform/rate-limit";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { ORIGIN, signIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

type KeyInfo = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
};

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: string;
let clerkId: string;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = await staffToken();
  clerkId = (
    await Auth.createUser({
      email: "clerk@example.com",
      password: "correct horse battery staple",
      displayName: "Clerk",
      roles: [],
    })
  ).id;
});
afterAll(() => t.close());

const asAdmin = (path: string, init: RequestInit = {}) =>
  api.request(path, { ...init, headers: { authorization: `Bearer ${admin}`, ...init.headers } });

async function createKey(body: Record<string, unknown>): Promise<{ key: string; apiKey: KeyInfo; res: Response }> {
  const res = await asAdmin("/api/v1/api-keys", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { ...((await res.json()) as { key: string; apiKey: KeyInfo }), res };
}

const status = (headers: Record<string, string>) => api.request("/api/v1/system/status", { headers });

describe("POST /api/v1/api-keys: the key is shown once, only its hash is kept", () => {
  it("answers 201 with the full key once (no-store), and the list never shows the secret or its hash", async () => {
    const { key, apiKey, res } = await createKey({ name: "Billing sync", scopes: ["system:monitoring:read"] });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(key).toMatch(/^dmk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`dmk_${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ name: "Billing sync", scopes: ["system:monitoring:read"], status: "active" });

    const list = await asAdmin("/api/v1/api-keys");
    expect(list.status).toBe(200);
    const text = await list.text();
    const secret = key.split("_").slice(2).join("_");
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/hash/i);
    const [row] = await useTransaction((tx) => tx.select().from(apiKeyTable).where(eq(apiKeyTable.id, apiKey.id)));
    expect(text).not.toContain(row?.secretHash);
    expect(row?.secretHash).not.toContain(secret);
    const items = (JSON.parse(text) as { items: KeyInfo[] }).items;
    expect(items.find((k) => k.id === apiKey.id)).toMatchObject({ prefix: apiKey.prefix, status: "active" });
  });

  it("refuses an unknown scope, no scope and a past expiry with a 400 that names the field", async () => {
    for (const body of [
      { name: "x", scopes: ["everything"] },
      { name: "x", scopes: [] },
      { name: "x", scopes: ["audit:read"], expiresAt: "2020-01-01T00:00:00Z" },
    ]) {
      const res = await asAdmin("/api/v1/api-keys", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("a staff user who is not an administrator cannot create or list keys (403)", async () => {
    const clerk = await signIn(api.request, "clerk@example.com", "correct horse battery staple");
    expect(clerk.res.status).toBe(200);
    const headers = { cookie: clerk.cookie, "x-csrf-token": clerk.csrf, origin: ORIGIN };
    const res = await api.request("/api/v1/api-keys", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "mine", scopes: ["audit:read"] }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/auth:manage permission/);
    expect((await api.request("/api/v1/api-keys", { headers })).status).toBe(403);
    // The same rule holds in core, whatever the transport.
    const actor = staffActor({ id: clerkId, email: "c@x", roles: ["support"] });
    await expect(withActor(actor, () => Auth.ApiKey.list())).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("calling the API with a key", () => {
  let key: string;
  let id: string;
  beforeAll(async () => {
    ({
      key,
      apiKey: { id },
    } = await createKey({ name: "Monitoring", scopes: ["system:monitoring:read", "crm:contact:write"] }));
  });

  it("works as Authorization: Bearer and as X-API-Key", async () => {
    expect((await status({ authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await status({ "x-api-key": key })).status).toBe(200);
  });

  it("a verb outside the key's scopes is 403, and a key cannot manage keys", async () => {
    const audit = await api.request("/api/v1/audit", { headers: { "x-api-key": key } });
    expect(audit.status).toBe(403);
    expect((await audit.json()).detail).toMatch(/audit:read/);
    expect((await api.request("/api/v1/people", { headers: { "x-api-key": key } })).status).toBe(403);
    const mint = await api.request("/api/v1/api-keys", {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify({ name: "child", scopes: ["audit:read"] }),
    });
    expect(mint.status).toBe(403);
  });

  it("writes need no CSRF token (no cookie is involved) and are attributed to the key", async () => {
    const res = await api.request("/api/v1/people", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Integrator Made" }),
    });
    expect(res.status).toBe(201);
    const person = (await res.json()) as { id: string };
    const [log] = await Person.statusLog(person.id);
    expect(log).toMatchObject({ actorType: "apiKey", actorId: id });
  });

  it("a wrong secret with a real prefix, a malformed key and a key in the query string are all 401", async () => {
    const prefix = key.slice(0, "dmk_12345678_".length);
    const wrong = `${prefix}${"A".repeat(43)}`;
    expect((await status({ authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await status({ "x-api-key": wrong })).status).toBe(401);
    expect((await status({ "x-api-key": "dmk_nope" })).status).toBe(401);
    for (const name of ["api_key", "apikey", "key", "x-api-key", "token"]) {
      const res = await api.request(`/api/v1/system/status?${name}=${encodeURIComponent(key)}`);
      expect(res.status, name).toBe(401);
    }
  });

  it("is rate-limited in its own bucket, keyed by the key id", async () => {
    const policy = { limit: 1_000_000, windowSeconds: 60 };
    const before = await RateLimit.hit(`apikey:${id}`, policy);
    await status({ "x-api-key": key });
    const after = await RateLimit.hit(`apikey:${id}`, policy);
    expect(before.remaining - after.remaining).toBe(2);
  });

  it("records last use at most once a minute", async () => {
    const t0 = new Date(Date.now() + 3_600_000);
    const lastUsed = async () =>
      (await useTransaction((tx) => tx.select().from(apiKeyTable).where(eq(apiKeyTable.id, id))))[0]?.lastUsedAt;
    await Auth.ApiKey.verify(key, t0);
    expect(await lastUsed()).toEqual(t0);
    await Auth.ApiKey.verify(key, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await Auth.ApiKey.verify(key, later);
    expect(await lastUsed()).toEqual(later);
  });

  it("an expired key is 401", async () => {
    const { key: expiring, apiKey } = await createKey({
      name: "Short-lived",
      scopes: ["system:monitoring:read"],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await status({ "x-api-key": expiring })).status).toBe(200);
    await useTransaction((tx) =>
      tx
        .update(apiKeyTable)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(apiKeyTable.id, apiKey.id)),
    );
    expect((await status({ "x-api-key": expiring })).status).toBe(401);
    const items = ((await (await asAdmin("/api/v1/api-keys")).json()) as { items: KeyInfo[] }).items;
    expect(items.find((k) => k.id === apiKey.id)?.status).toBe("expired");
  });

  it("DELETE revokes at once (401 after), and create and revoke leave audit rows", async () => {
    const { key: doomed, apiKey } = await createKey({ name: "Doomed", scopes: ["system:monitoring:read"] });
    expect((await status({ "x-api-key": doomed })).status).toBe(200);
    const res = await asAdmin(`/api/v1/api-keys/${apiKey.id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("revoked");
    expect((await status({ "x-api-key": doomed })).status).toBe(401);
    expect((await status({ authorization: `Bearer ${doomed}` })).status).toBe(401);
    // Revoking again changes nothing; an unknown id is 404.
    expect((await asAdmin(`/api/v1/api-keys/${apiKey.id}`, { method: "DELETE" })).status).toBe(200);
    const unknown = await asAdmin("/api/v1/api-keys/0190c000-0000-7000-8000-0000000000ff", { method: "DELETE" });
    expect(unknown.status).toBe(404);

    const audit = await asAdmin(`/api/v1/audit?entityType=api_key&entityId=${apiKey.id}`);
    const { items } = (await audit.json()) as {
      items: { action: string; actor: { type: string; label: string | null }; changes: unknown }[];
    };
    expect(items.map((e) => e.action)).toEqual(["api_key.revoked", "api_key.created"]);
    expect(items.every((e) => e.actor.type === "user" && e.actor.label === "ops@example.com")).toBe(true);
    expect(JSON.stringify(items)).not.toContain(doomed.split("_").slice(2).join("_"));
  });

  it("an audit key reads the log, and rows written while a key acts name the key", async () => {
    const { key: auditor, apiKey } = await createKey({ name: "SIEM export", scopes: ["audit:read"] });
    const res = await api.request("/api/v1/audit?action=api_key.created", { headers: { "x-api-key": auditor } });
    expect(res.status).toBe(200);
    const actor = { type: "apiKey" as const, properties: { keyId: apiKey.id, name: "SIEM export", scopes: [] } };
    expect(withActor(actor, () => Audit.currentActor())).toEqual({
      type: "apiKey",
      id: apiKey.id,
      label: "SIEM export",
    });
    await withActor(actor, () => Audit.record({ action: "job.run", entityType: "job", entityId: "probe" }));
    const rows = await api.request(`/api/v1/audit?actor=${apiKey.id}`, { headers: { "x-api-key": auditor } });
    const { items } = (await rows.json()) as { items: { actor: unknown }[] };
    expect(items[0]?.actor).toEqual({ type: "apiKey", id: apiKey.id, label: "SIEM export" });
  });
});
