import * as Auth from "@dotmac/core/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, ORIGIN, signIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const PASSWORD = "correct horse battery staple";
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  await Auth.createUser({ email: "tech@example.com", password: PASSWORD, displayName: "Tech", roles: [] });
  await Auth.createUser({ email: "other@example.com", password: PASSWORD, displayName: "Other", roles: [] });
  await Auth.createUser({ email: "boss@example.com", password: PASSWORD, displayName: "Boss", roles: ["admin"] });
});
afterAll(() => t.close());

const setCookie = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const json = { "content-type": "application/json" };

/** Cookie-session request as the portal sends it. */
const portal = (session: { cookie: string; csrf: string }, path: string, init: RequestInit = {}) =>
  api.request(path, {
    ...init,
    headers: { ...json, origin: ORIGIN, cookie: session.cookie, "x-csrf-token": session.csrf, ...init.headers },
  });

/** Bearer-client (technician app) sign-in. */
async function appLogin(email = "tech@example.com", password = PASSWORD) {
  const res = await api.request("/api/v1/auth/login", {
    method: "POST",
    headers: { ...json, "x-client": "app" },
    body: JSON.stringify({ email, password }),
  });
  return { res, body: await res.json() };
}

/** Every URL and redirect a response could carry a token in. */
function expectNoTokenInUrls(res: Response, ...tokens: string[]) {
  expect(res.status).not.toBeGreaterThanOrEqual(300);
  expect(res.headers.get("location")).toBeNull();
  for (const token of tokens) expect(res.headers.get("location") ?? "").not.toContain(token);
}

describe("browser sessions: cookies", () => {
  it("sign-in sets the access, refresh and CSRF cookies with the right flags", async () => {
    const { res } = await signIn(api.request, "tech@example.com", PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const access = setCookie(res, "__Host-dotmac_staff") ?? "";
    const refresh = setCookie(res, "__Host-dotmac_staff_refresh") ?? "";
    for (const cookie of [access, refresh]) {
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).not.toMatch(/Domain=/i);
    }
    expect(access).toMatch(/; SameSite=Lax/);
    expect(refresh).toMatch(/; SameSite=Strict/);
    const expires = (cookie: string) => Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? "") - Date.now();
    expect(expires(access)).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(expires(access)).toBeGreaterThan(14 * 60 * 1000);
    expect(expires(refresh)).toBeGreaterThan(6 * 24 * 3600 * 1000);
    expect(setCookie(res, "__Host-dotmac_csrf")).toMatch(/; SameSite=Strict/);
    const body = await res.json();
    expect(body).not.toHaveProperty("accessToken");
    expect(body).not.toHaveProperty("refreshToken");
  });

  it("refresh via the cookie rotates it; a second tab inside the grace gets an access cookie only", async () => {
    const session = await signIn(api.request, "tech@example.com", PASSWORD);
    const oldRefresh = cookiesOf(session.res).byName["__Host-dotmac_staff_refresh"] as string;
    const res = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { origin: ORIGIN, cookie: `__Host-dotmac_staff_refresh=${oldRefresh}` },
    });
    expect(res.status).toBe(200);
    expectNoTokenInUrls(res, oldRefresh);
    const rotated = cookiesOf(res).byName;
    expect(rotated["__Host-dotmac_staff_refresh"]).toBeTruthy();
    expect(rotated["__Host-dotmac_staff_refresh"]).not.toBe(oldRefresh);
    const me = await api.request("/api/v1/auth/me", {
      headers: { cookie: `__Host-dotmac_staff=${rotated["__Host-dotmac_staff"]}` },
    });
    expect(me.status).toBe(200);
    // A second tab with the old cookie inside the grace: an access cookie, no refresh cookie.
    const tab = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { origin: ORIGIN, cookie: `__Host-dotmac_staff_refresh=${oldRefresh}` },
    });
    expect(tab.status).toBe(200);
    expect(setCookie(tab, "__Host-dotmac_staff")).toBeTruthy();
    expect(setCookie(tab, "__Host-dotmac_staff_refresh")).toBeUndefined();
  });

  it("refresh keeps the CSRF token's value (writes in flight stay valid) and extends it", async () => {
    const session = await signIn(api.request, "tech@example.com", PASSWORD);
    const refreshToken = cookiesOf(session.res).byName["__Host-dotmac_staff_refresh"];
    const res = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: {
        ...json,
        origin: ORIGIN,
        cookie: `__Host-dotmac_staff_refresh=${refreshToken}; __Host-dotmac_csrf=${session.csrf}`,
      },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(cookiesOf(res).byName["__Host-dotmac_csrf"]).toBe(session.csrf);
    expect(setCookie(res, "__Host-dotmac_csrf")).toMatch(/Expires=/);
    // A new sign-in mints a new one.
    expect((await signIn(api.request, "tech@example.com", PASSWORD)).csrf).not.toBe(session.csrf);
  });

  it("refresh via the cookie is refused cross-site (Origin check) and without a token", async () => {
    const session = await signIn(api.request, "tech@example.com", PASSWORD);
    const cross = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { origin: "https://evil.example", cookie: session.cookie },
    });
    expect(cross.status).toBe(403);
    const none = await api.request("/api/v1/auth/refresh", { method: "POST", headers: { origin: ORIGIN } });
    expect(none.status).toBe(401);
    // A body token is ignored for a browser: only the cookie counts without x-client: app.
    const refreshToken = cookiesOf(session.res).byName["__Host-dotmac_staff_refresh"];
    const bodyOnly = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { ...json, origin: ORIGIN },
      body: JSON.stringify({ refreshToken }),
    });
    expect(bodyOnly.status).toBe(401);
  });

  it("logout revokes the session: its refresh cookie no longer works", async () => {
    const session = await signIn(api.request, "tech@example.com", PASSWORD);
    expect((await portal(session, "/api/v1/auth/logout", { method: "POST" })).status).toBe(204);
    const again = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { origin: ORIGIN, cookie: session.cookie },
    });
    expect(again.status).toBe(401);
    expect((await api.request("/api/v1/auth/me", { headers: { cookie: session.cookie } })).status).toBe(401);
  });
});

describe("bearer clients (x-client: app)", () => {
  it("get the tokens in the body and never a cookie; refresh with the body token", async () => {
    const { res, body } = await appLogin();
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expectNoTokenInUrls(res, body.accessToken, body.refreshToken);
    expect(body).toMatchObject({ expiresIn: 900, user: { email: "tech@example.com" } });
    expect(body.refreshToken).toMatch(/^[\w-]{43}$/);

    const me = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.status).toBe(200);

    const refreshed = await api.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { ...json, "x-client": "app" },
      body: JSON.stringify({ refreshToken: body.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.getSetCookie()).toEqual([]);
    const next = await refreshed.json();
    expect(next.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(next.refreshToken).not.toBe(body.refreshToken);
    const after = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${next.accessToken}` } });
    expect(after.status).toBe(200);
  });

  it("no route takes a token from the query string", async () => {
    const { body } = await appLogin();
    const res = await api.request(`/api/v1/auth/refresh?refreshToken=${body.refreshToken}`, {
      method: "POST",
      headers: { ...json, "x-client": "app" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect((await api.request(`/api/v1/auth/sessions?access_token=${body.accessToken}`)).status).toBe(401);
  });
});

describe("your sessions", () => {
  it("lists your own sessions with the current one flagged, and revokes one of them", async () => {
    const laptop = await signIn(api.request, "tech@example.com", PASSWORD);
    const { body: phone } = await appLogin();
    const list = await portal(laptop, "/api/v1/auth/sessions");
    expect(list.status).toBe(200);
    const { items } = await list.json();
    const current = items.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const mine = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${phone.accessToken}` } });
    expect(mine.status).toBe(200);

    const phoneSessions = await api.request("/api/v1/auth/sessions", {
      headers: { authorization: `Bearer ${phone.accessToken}` },
    });
    const phoneId = (await phoneSessions.json()).items.find((s: { current: boolean }) => s.current).id;
    const revoked = await portal(laptop, `/api/v1/auth/sessions/${phoneId}`, { method: "DELETE" });
    expect(revoked.status).toBe(204);
    expect(setCookie(revoked, "__Host-dotmac_staff")).toBeUndefined();
    const gone = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${phone.accessToken}` } });
    expect(gone.status).toBe(401);
  });

  it("another user's session id is a 404, and their session keeps working", async () => {
    const mine = await signIn(api.request, "tech@example.com", PASSWORD);
    const { body: theirs } = await appLogin("other@example.com");
    const theirList = await api.request("/api/v1/auth/sessions", {
      headers: { authorization: `Bearer ${theirs.accessToken}` },
    });
    const theirId = (await theirList.json()).items[0].id;
    const res = await portal(mine, `/api/v1/auth/sessions/${theirId}`, { method: "DELETE" });
    expect(res.status).toBe(404);
    const still = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${theirs.accessToken}` } });
    expect(still.status).toBe(200);
  });

  it("revoking the current session clears its cookies", async () => {
    const session = await signIn(api.request, "tech@example.com", PASSWORD);
    const list = await (await portal(session, "/api/v1/auth/sessions")).json();
    const id = list.items.find((s: { current: boolean }) => s.current).id;
    const res = await portal(session, `/api/v1/auth/sessions/${id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(setCookie(res, "__Host-dotmac_staff_refresh")).toMatch(/Max-Age=0/);
    expect((await api.request("/api/v1/auth/me", { headers: { cookie: session.cookie } })).status).toBe(401);
  });
});

describe("password change and deactivation end every session at once", () => {
  it("changing the password: a valid access token gets 401 on its next call", async () => {
    await Auth.createUser({ email: "mover@example.com", password: PASSWORD, displayName: "M", roles: [] });
    const browser = await signIn(api.request, "mover@example.com", PASSWORD);
    const { body: app } = await appLogin("mover@example.com");
    const wrong = await portal(browser, "/api/v1/auth/password", {
      method: "POST",
      body: JSON.stringify({ current: "not it", next: "a brand new passphrase" }),
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual([expect.objectContaining({ path: "current" })]);
    const short = await portal(browser, "/api/v1/auth/password", {
      method: "POST",
      body: JSON.stringify({ current: PASSWORD, next: "short" }),
    });
    expect(short.status).toBe(400);
    const ok = await portal(browser, "/api/v1/auth/password", {
      method: "POST",
      body: JSON.stringify({ current: PASSWORD, next: "a brand new passphrase" }),
    });
    expect(ok.status).toBe(200);
    expect(setCookie(ok, "__Host-dotmac_staff")).toMatch(/Max-Age=0/);
    expect((await api.request("/api/v1/auth/me", { headers: { cookie: browser.cookie } })).status).toBe(401);
    expect(
      (await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${app.accessToken}` } })).status,
    ).toBe(401);
    expect((await signIn(api.request, "mover@example.com", "a brand new passphrase")).res.status).toBe(200);
  });

  it("deactivating a user (admins only): their valid access token gets 401 at once", async () => {
    const victim = await Auth.createUser({
      email: "leaver@example.com",
      password: PASSWORD,
      displayName: "L",
      roles: [],
    });
    const { body: leaver } = await appLogin("leaver@example.com");
    const agent = await signIn(api.request, "other@example.com", PASSWORD);
    const refused = await portal(agent, `/api/v1/users/${victim.id}/deactivate`, { method: "POST" });
    expect(refused.status).toBe(403);
    const boss = await signIn(api.request, "boss@example.com", PASSWORD);
    const done = await portal(boss, `/api/v1/users/${victim.id}/deactivate`, { method: "POST" });
    expect(done.status).toBe(200);
    const me = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${leaver.accessToken}` } });
    expect(me.status).toBe(401);
    const missing = await portal(boss, "/api/v1/users/0190c0de-0000-7000-8000-00000000dead/deactivate", {
      method: "POST",
    });
    expect(missing.status).toBe(404);
  });
});
