import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import * as Csrf from "@dotmac/core/platform/csrf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { cookiesOf, ORIGIN, signIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const PASSWORD = "correct horse battery staple";
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let token: string;
let session: Awaited<ReturnType<typeof signIn>>;
let otherUserId: string;
let adminId: string;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  token = await staffToken("ops@example.com", PASSWORD);
  await staffToken("other@example.com", PASSWORD);
  session = await signIn(api.request, "ops@example.com", PASSWORD);
  adminId = (await session.res.clone().json()).user.id;
  const other = await signIn(api.request, "other@example.com", PASSWORD);
  otherUserId = (await other.res.json()).user.id;
});
afterAll(() => t.close());

const setCookie = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const sessionCookie = () => session.cookie.split("; ").find((c) => c.startsWith("__Host-dotmac_staff=")) as string;

/** A cookie-authenticated write, as the portal sends it (same origin, JSON). */
const logout = (headers: Record<string, string>) =>
  api.request("/api/v1/auth/logout", {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/json", ...headers },
  });

describe("session and CSRF cookies", () => {
  it("v1: session cookies not Secure/HttpOnly", () => {
    const cookie = setCookie(session.res, "__Host-dotmac_staff") ?? "";
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("v1: CSRF cookie not Secure", () => {
    const cookie = setCookie(session.res, "__Host-dotmac_csrf") ?? "";
    expect(cookie).toMatch(/^__Host-dotmac_csrf=[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    // The portal must read it to echo it, so it is deliberately not HttpOnly.
    expect(cookie).not.toMatch(/HttpOnly/i);
  });

  it("GET /me sets the CSRF cookie when it is missing, and leaves a valid one alone", async () => {
    const missing = await api.request("/api/v1/auth/me", { headers: { cookie: sessionCookie() } });
    expect(missing.status).toBe(200);
    const issued = cookiesOf(missing).byName["__Host-dotmac_csrf"];
    expect(await Csrf.verify(issued, (await missing.json()).user.id)).toBe(true);

    const present = await api.request("/api/v1/auth/me", { headers: { cookie: session.cookie } });
    expect(setCookie(present, "__Host-dotmac_csrf")).toBeUndefined();

    const bearer = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${token}` } });
    expect(setCookie(bearer, "__Host-dotmac_csrf")).toBeUndefined();
  });
});

describe("signed double-submit CSRF token on cookie-authenticated writes", () => {
  it("is refused without the x-csrf-token header, even from our origin", async () => {
    const res = await logout({ cookie: session.cookie });
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/x-csrf-token/);
  });

  it("is refused when the header does not match the cookie", async () => {
    const [nonce, mac] = session.csrf.split(".");
    expect((await logout({ cookie: session.cookie, "x-csrf-token": `${nonce}.${mac}x` })).status).toBe(403);
  });

  it("is refused when cookie and header agree but the token is forged", async () => {
    const forged = "attacker-nonce.attacker-mac";
    const cookie = `${sessionCookie()}; __Host-dotmac_csrf=${forged}`;
    expect((await logout({ cookie, "x-csrf-token": forged })).status).toBe(403);
  });

  it("is refused with another user's valid token (a token is bound to its session's user)", async () => {
    const theirs = await Csrf.issue(otherUserId);
    const cookie = `${sessionCookie()}; __Host-dotmac_csrf=${theirs}`;
    expect((await logout({ cookie, "x-csrf-token": theirs })).status).toBe(403);
  });

  it("passes with the session's own token echoed in the header", async () => {
    const res = await logout({ cookie: session.cookie, "x-csrf-token": session.csrf });
    expect(res.status).toBe(204);
  });

  it("bearer-token calls are exempt: no cookie, no Origin, no token", async () => {
    // Its own session: signing out revokes it, and later tests still use `token`.
    const own = await staffToken("ops@example.com", PASSWORD);
    const res = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { authorization: `Bearer ${own}` },
    });
    expect(res.status).toBe(204);
  });

  it("sign-in needs no token (there is no session yet) but keeps the Origin check", async () => {
    const body = JSON.stringify({ email: "ops@example.com", password: PASSWORD });
    const cross = await api.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body,
    });
    expect(cross.status).toBe(403);
    const same = await api.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body,
    });
    expect(same.status).toBe(200);
  });

  it("core: a token verifies only for its subject and only untampered", async () => {
    const minted = await Csrf.issue("user-a");
    expect(await Csrf.verify(minted, "user-a")).toBe(true);
    expect(await Csrf.verify(minted, "user-b")).toBe(false);
    expect(await Csrf.verify(`${minted}.x`, "user-a")).toBe(false);
    expect(await Csrf.verify(`x${minted}`, "user-a")).toBe(false);
    for (const bad of [undefined, null, 1, "", ".", "a.", ".b", "a".repeat(500)]) {
      expect(await Csrf.verify(bad, "user-a")).toBe(false);
    }
    expect(await Csrf.issue("user-a")).not.toBe(minted);
  });
});

describe("credentials never come from the URL", () => {
  it("v1: API key in URL (no route accepts a token or key from the query string)", async () => {
    const names = ["token", "access_token", "api_key", "apikey", "key", "session", "jwt", "auth", "authorization"];
    for (const path of ["/api/v1/auth/me", "/api/v1/system/status"]) {
      for (const name of names) {
        const res = await api.request(`${path}?${name}=${encodeURIComponent(token)}`);
        expect(res.status, `${path}?${name}=`).toBe(401);
      }
      // The same token in the Authorization header does authenticate, so the refusal is about where it was.
      expect((await api.request(path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
  });

  it("v1: API key in URL (a real dmk_ key in the query string is refused; in a header it works)", async () => {
    const admin = staffActor({ id: adminId, email: "ops@example.com", roles: ["admin"] });
    const { key } = await withActor(admin, () =>
      Auth.ApiKey.create({ name: "url probe", scopes: ["system:monitoring:read"] }),
    );
    for (const name of ["api_key", "apikey", "key", "x-api-key", "token", "access_token"]) {
      const res = await api.request(`/api/v1/system/status?${name}=${encodeURIComponent(key)}`);
      expect(res.status, `?${name}=dmk_…`).toBe(401);
    }
    expect((await api.request("/api/v1/system/status", { headers: { "x-api-key": key } })).status).toBe(200);
    expect((await api.request("/api/v1/system/status", { headers: { authorization: `Bearer ${key}` } })).status).toBe(
      200,
    );
  });
});
