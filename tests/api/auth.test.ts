import * as Auth from "@dotmac/core/auth";
import { patchConfig } from "@dotmac/core/platform/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, signIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  await Auth.createUser({ email: "Agent@Example.com", password: "s3cret-passphrase", displayName: "Agent", roles: [] });
});
afterAll(() => t.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  api.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body: JSON.stringify({ email, password }),
  });

describe("staff sign-in", () => {
  it("sets a __Host- session cookie (Secure, HttpOnly, SameSite, Path=/) and returns the user", async () => {
    const res = await login("agent@example.com", "s3cret-passphrase");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-dotmac_staff=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect((await res.json()).user).toMatchObject({ email: "agent@example.com", displayName: "Agent" });

    const session = cookie.split(";")[0] as string;
    const me = await api.request("/api/v1/auth/me", { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.email).toBe("agent@example.com");
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    const a = await login("agent@example.com", "nope");
    const b = await login("nobody@example.com", "nope");
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await a.json()).detail).toBe((await b.json()).detail);
  });

  it("tells the caller which field to fix", async () => {
    const res = await login("not-an-email", "x");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "email" })]));
  });

  it("malformed JSON is a 400, not a 500", async () => {
    const res = await api.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: "{",
    });
    expect(res.status).toBe(400);
  });

  it("five failures make the sixth attempt from that client wait, even with the right password", async () => {
    await Auth.createUser({ email: "victim@example.com", password: "right-password", displayName: "V", roles: [] });
    patchConfig({ RATE_LIMIT_LOGIN_EMAIL: 5 });
    try {
      for (let i = 0; i < 5; i++) expect((await login("victim@example.com", "wrong")).status).toBe(401);
      const res = await login("victim@example.com", "right-password");
      expect(res.status).toBe(429);
      expect((await res.json()).detail).toMatch(/Too many failed sign-ins for this email; try again in \d+ s/);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      patchConfig({ RATE_LIMIT_LOGIN_EMAIL: 100000 });
    }
  });

  it("a browser that signs in gets a device cookie (__Host-, HttpOnly, SameSite=Strict); the app does not", async () => {
    const res = await login("agent@example.com", "s3cret-passphrase");
    const device = res.headers.getSetCookie().find((c) => c.startsWith("__Host-dotmac_staff_device="));
    expect(device).toMatch(/; Secure/);
    expect(device).toMatch(/; HttpOnly/);
    expect(device).toMatch(/; SameSite=Strict/);
    expect(device).toMatch(/; Path=\//);
    expect(device).not.toMatch(/Domain=/i);
    expect(device).not.toContain("agent");
    const app = await login("agent@example.com", "s3cret-passphrase", { "x-client": "app" });
    expect(app.status).toBe(200);
    expect(app.headers.getSetCookie()).toEqual([]);
    expect(await app.json()).not.toHaveProperty("device");
    // A failed attempt sets nothing.
    expect((await login("agent@example.com", "nope")).headers.getSetCookie()).toEqual([]);
  });

  it("a forged or expired token is refused", async () => {
    const res = await api.request("/api/v1/auth/me", { headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.e30." } });
    expect(res.status).toBe(401);
  });

  it("logout clears the session and CSRF cookies", async () => {
    const { cookie, csrf } = await signIn(api.request, "agent@example.com", "s3cret-passphrase");
    const out = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "x-csrf-token": csrf },
    });
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie();
    expect(cleared).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^__Host-dotmac_staff=;.*Max-Age=0/),
        expect.stringMatching(/^__Host-dotmac_staff_refresh=;.*Max-Age=0/),
        expect.stringMatching(/^__Host-dotmac_csrf=;.*Max-Age=0/),
      ]),
    );
  });

  it("returns redirectTo: next when it is a same-origin path, else the portal home", async () => {
    const withNext = (next: unknown) =>
      api.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email: "agent@example.com", password: "s3cret-passphrase", next }),
      });
    expect((await (await withNext("/status?tab=jobs#x")).json()).redirectTo).toBe("/status?tab=jobs#x");
    expect((await (await withNext("//evil.example")).json()).redirectTo).toBe("/");
    expect((await (await withNext(undefined)).json()).redirectTo).toBe("/");
    // A non-string next is a validation error (the portal always sends a string), not a redirect.
    expect((await withNext(42)).status).toBe(400);
  });
});
