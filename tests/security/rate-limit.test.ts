import * as Auth from "@dotmac/core/auth";
import * as Job from "@dotmac/core/jobs";
import * as RateLimit from "@dotmac/core/platform/rate-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

// A window longer than any test run, so no count resets mid-test; limits small enough to reach.
const WINDOW = 315_360_000;
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase({
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
    RATE_LIMIT_IP: "3",
    RATE_LIMIT_USER: "4",
    RATE_LIMIT_LOGIN_IP: "2",
    RATE_LIMIT_LOGIN_EMAIL: "3",
    RATE_LIMIT_LOGIN_ACCOUNT: "3",
    RATE_LIMIT_LOGIN_WINDOW_SECONDS: String(WINDOW),
  });
  api = testApp();
});
afterAll(() => t.close());

/** A request as the platform delivers it: the socket's address is the client IP. */
const from = (ip: string | undefined, path: string, init: RequestInit = {}) =>
  api.app.request(`${ORIGIN}${path}`, init, ip ? { incoming: { socket: { remoteAddress: ip } } } : undefined);

const login = (ip: string, email: string, password: string) =>
  from(ip, "/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });

const rateHeaders = (res: Response) => ({
  policy: res.headers.get("ratelimit-policy"),
  state: res.headers.get("ratelimit"),
  retryAfter: res.headers.get("retry-after"),
});

describe("core: RateLimit.hit counts with a sliding window", () => {
  it("counts each allowed hit, reports what is left and when to retry", async () => {
    const now = new Date("2026-01-01T00:00:45Z");
    const policy = { limit: 2, windowSeconds: 60 };
    // Allowed: reset is when the whole limit is free again (this hit slides out at the end of the next window).
    expect(await RateLimit.hit("core:a", policy, now)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetSeconds: 75,
    });
    expect((await RateLimit.hit("core:a", policy, now)).remaining).toBe(0);
    // Refused: reset is when one more hit fits (15 s to the boundary, then half the next window).
    expect(await RateLimit.hit("core:a", policy, now)).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetSeconds: 45,
    });
    // A refused hit is not counted, and the next window still carries the previous one's weight.
    expect(await RateLimit.hit("core:a", policy, new Date("2026-01-01T00:01:00Z"))).toMatchObject({
      allowed: false,
      resetSeconds: 30,
    });
    expect(await RateLimit.hit("core:a", policy, new Date("2026-01-01T00:01:30Z"))).toMatchObject({
      allowed: true,
      remaining: 0,
    });
    expect((await RateLimit.hit("core:b", policy, now)).allowed).toBe(true);
  });

  it("issue 9: a burst straddling a window boundary is limited", async () => {
    const policy = { limit: 10, windowSeconds: 60 };
    const burst = (at: string) =>
      Promise.all(Array.from({ length: 10 }, () => RateLimit.hit("core:straddle", policy, new Date(at))));
    expect((await burst("2026-01-01T00:00:59.900Z")).every((r) => r.allowed)).toBe(true);
    // 200 ms later, in the next fixed window: a fixed-window counter would let all ten through again.
    const second = await burst("2026-01-01T00:01:00.100Z");
    expect(second.filter((r) => r.allowed)).toHaveLength(0);
    // The previous window weighs 54/60 × 10 = 9 once 6 s of it have slid out: one hit fits then.
    expect(second[0]?.resetSeconds).toBe(6);
    expect((await RateLimit.hit("core:straddle", policy, new Date("2026-01-01T00:01:05.900Z"))).allowed).toBe(false);
    expect((await RateLimit.hit("core:straddle", policy, new Date("2026-01-01T00:01:06Z"))).allowed).toBe(true);
    // Half a window on, half the limit is free: 5 + 1 (the hit at 00:01:06) + 4 more.
    const half = await burst("2026-01-01T00:01:30Z");
    expect(half.filter((r) => r.allowed)).toHaveLength(4);
  });

  it("concurrent hits never lose or overrun a count (one upsert statement)", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 25 }, () => RateLimit.hit("core:burst", { limit: 10, windowSeconds: 60 }, now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.filter((r) => !r.allowed)).toHaveLength(15);
  });

  it("rate_limits.prune deletes windows older than it is told, and keeps the current ones", async () => {
    const old = new Date(Date.now() - 3 * 3600 * 1000);
    await RateLimit.hit("core:old", { limit: 5, windowSeconds: 60 }, old);
    await RateLimit.hit("core:fresh", { limit: 5, windowSeconds: 60 });
    expect(await RateLimit.prune(3600)).toBeGreaterThanOrEqual(1);
    expect((await RateLimit.hit("core:old", { limit: 5, windowSeconds: 60 }, old)).remaining).toBe(4);
    expect((await RateLimit.hit("core:fresh", { limit: 5, windowSeconds: 60 })).remaining).toBe(3);
    const run = await Job.run("rate_limits.prune");
    expect(run.name).toBe("rate_limits.prune");
    expect(Job.jobNames).toContain("rate_limits.prune");
  });
});

describe("API rate limit", () => {
  it("limits anonymous calls per client IP, with RateLimit headers and a 429 problem with Retry-After", async () => {
    const ip = "198.51.100.1";
    const first = await from(ip, "/api/health");
    expect(first.status).toBe(200);
    expect(rateHeaders(first).policy).toBe(`3;w=${WINDOW}`);
    expect(rateHeaders(first).state).toMatch(/^limit=3, remaining=2, reset=\d+$/);
    expect((await from(ip, "/api/health")).status).toBe(200);
    const third = await from(ip, "/api/health");
    expect(rateHeaders(third).state).toMatch(/^limit=3, remaining=0, reset=\d+$/);

    const refused = await from(ip, "/api/health");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect((await refused.json()).code).toBe("rate_limited");
    const { policy, state, retryAfter } = rateHeaders(refused);
    expect(policy).toBe(`3;w=${WINDOW}`);
    expect(state).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(state).toContain(`reset=${retryAfter}`);

    // Another client is not affected.
    expect((await from("198.51.100.2", "/api/health")).status).toBe(200);
  });

  it("v1: rate limiter trusted X-Forwarded-For (spoofed header does not change the key)", async () => {
    const ip = "198.51.100.3";
    for (let i = 0; i < 3; i++) {
      const res = await from(ip, "/api/health", { headers: { "x-forwarded-for": `203.0.113.${i}` } });
      expect(res.status).toBe(200);
    }
    const spoofed = await from(ip, "/api/health", {
      headers: { "x-forwarded-for": "203.0.113.99", "x-real-ip": "203.0.113.99", forwarded: "for=203.0.113.99" },
    });
    expect(spoofed.status).toBe(429);
  });

  it("a request without connection info is limited under one shared 'unknown' key, whatever its headers", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await from(undefined, "/api/health", { headers: { "x-forwarded-for": `192.0.2.${i}` } })).status);
    }
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it("a signed-in user is limited per user, across IPs, and separately from other users", async () => {
    const token = await staffToken("limited@example.com", "a long enough password");
    const other = await staffToken("other@example.com", "a long enough password");
    const me = (ip: string, bearer: string) =>
      from(ip, "/api/v1/auth/me", { headers: { authorization: `Bearer ${bearer}` } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await me(`198.51.100.${10 + i}`, token)).status);
    expect(codes).toEqual([200, 200, 200, 200, 429]);
    const res = await me("198.51.100.20", other);
    expect(res.status).toBe(200);
    expect(rateHeaders(res).policy).toBe(`4;w=${WINDOW}`);
  });

  it("sign-in has a stricter per-IP budget, even for the right password", async () => {
    await Auth.createUser({ email: "ip@example.com", password: "right-password", displayName: "I", roles: [] });
    const ip = "198.51.100.30";
    expect((await login(ip, "ip@example.com", "wrong")).status).toBe(401);
    const ok = await login(ip, "ip@example.com", "right-password");
    expect(ok.status).toBe(200);
    expect(rateHeaders(ok).policy).toBe(`2;w=${WINDOW}`);
    const refused = await login(ip, "ip@example.com", "right-password");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect((await login("198.51.100.31", "ip@example.com", "right-password")).status).toBe(200);
  });

  it("sign-in is limited per email too, so spreading guesses over many IPs does not help", async () => {
    await Auth.createUser({ email: "spread@example.com", password: "right-password", displayName: "S", roles: [] });
    for (let i = 0; i < 3; i++)
      expect((await login(`198.51.100.${40 + i}`, "spread@example.com", "x")).status).toBe(401);
    const refused = await login("198.51.100.50", "SPREAD@example.com", "right-password");
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.code).toBe("rate_limited");
    expect(body.detail).toMatch(/failed sign-ins for this email/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another account from the same IP is fine.
    await Auth.createUser({ email: "calm@example.com", password: "right-password", displayName: "C", roles: [] });
    expect((await login("198.51.100.50", "calm@example.com", "right-password")).status).toBe(200);
  });
});
