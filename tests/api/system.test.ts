import * as Job from "@dotmac/core/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffToken, testApp } from "../support/api";
import { dbKind, setupTestDatabase, type TestDatabase } from "../support/db";
import { signedHeaders, subscriberPayload } from "../support/webhook";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let token: string;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  token = await staffToken();
});
afterAll(() => t.close());

describe("GET /api/health", () => {
  it("answers ok after a database round trip, without a session", async () => {
    const res = await api.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});

describe("GET /api/v1/system/status", () => {
  it("needs a session", async () => {
    const res = await api.request("/api/v1/system/status");
    expect(res.status).toBe(401);
  });

  it("shows driver, migration, queue, jobs with their last run, and recent inbound events", async () => {
    const body = subscriberPayload();
    await api.request("/webhooks/billing/subscribers", { method: "POST", body, headers: signedHeaders(body) });
    await api.request("/webhooks/billing/subscribers", {
      method: "POST",
      body: "{}",
      headers: signedHeaders("{}"),
    });
    let res = await api.request("/api/v1/system/status", { headers: { authorization: `Bearer ${token}` } });
    let status = await res.json();
    expect(status.database).toMatchObject({
      driver: dbKind === "postgres" ? "pg" : dbKind,
      migration: { latest: expect.stringMatching(/^\d{4}_/) },
    });
    expect(status.queue).toMatchObject({ ready: 2, deadLetters: 0 });
    expect(status.jobs.map((j: { name: string }) => j.name)).toEqual(Job.jobNames);

    for (const m of await t.queue.receive(10)) {
      await import("@dotmac/core/inbound").then((I) => I.consume(m));
      await t.queue.ack(m.id);
    }
    await Job.run("outbox.sweep");
    res = await api.request("/api/v1/system/status", { headers: { authorization: `Bearer ${token}` } });
    status = await res.json();
    expect(status.queue).toMatchObject({ ready: 0, inFlight: 0, deadLetters: 1 });
    expect(status.inbound.map((e: { status: string }) => e.status).sort()).toEqual(["failed", "processed"]);
    expect(status.deadLetters[0].reason).toMatch(/type/);
    expect(status.jobs.find((j: { name: string }) => j.name === "outbox.sweep").lastRun).toMatchObject({
      status: "succeeded",
    });
  });
});

describe("OpenAPI", () => {
  it("publishes an OpenAPI 3.1 document naming every API route", async () => {
    const res = await api.request("/api/openapi.json");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/health", "/api/v1/auth/login", "/api/v1/auth/me", "/api/v1/system/status"]),
    );
  });

  it("serves the interactive reference page with no inline script", async () => {
    const res = await api.request("/api/docs");
    const html = await res.text();
    expect(html).toContain("/docs/swagger-ui-bundle.js");
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it("an unknown route is a problem+json 404 (or 401 when it would need a session)", async () => {
    const res = await api.request("/api/v1/nothing-here", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
