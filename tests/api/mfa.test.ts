import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { cookiesOf, ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
const PASSWORD = "correct horse battery staple";
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  const boss = await Auth.createUser({
    email: "root@example.com",
    password: PASSWORD,
    displayName: "Root",
    roles: ["admin"],
  });
  await withActor(staffActor(boss), () =>
    Auth.Rbac.createRole({ name: "night_ops", permissions: ["system:monitoring:read"], mfaRequired: true }),
  );
});
afterAll(() => t.close());

const json = { "content-type": "application/json", origin: ORIGIN };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api.request(path, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify(body) });

/** Signs in through the API (cookies), turns MFA on with the API, and signs out again. */
async function userWithMfa(email: string, roles: string[] = []) {
  await Auth.createUser({ email, password: PASSWORD, displayName: email, roles });
  const res = await post("/api/v1/auth/login", { email, password: PASSWORD });
  const { header, byName } = cookiesOf(res);
  const headers = { cookie: header, "x-csrf-token": byName["__Host-dotmac_csrf"] ?? "" };
  const setup = await post("/api/v1/auth/mfa/setup", {}, headers);
  expect(setup.status).toBe(200);
  expect(setup.headers.get("cache-control")).toBe("no-store");
  const { secret, qrSvg } = await setup.json();
  expect(qrSvg).toMatch(/^<svg[^>]*>/);
  expect(qrSvg).not.toMatch(/<script/i);
  const confirmed = await post("/api/v1/auth/mfa/confirm", { code: Auth.Mfa.codeFor(secret) }, headers);
  expect(confirmed.status).toBe(200);
  expect((await confirmed.json()).recoveryCodes).toHaveLength(10);
  return { secret };
}

describe("two-factor sign-in over HTTP", () => {
  it("the password step sets no session cookie and returns a challenge; the code step opens the session", async () => {
    const { secret } = await userWithMfa("two@example.com");
    const first = await post("/api/v1/auth/login", { email: "two@example.com", password: PASSWORD, next: "/audit" });
    expect(first.status).toBe(200);
    // Only the trusted-device cookie: the password is proven, the session waits for the code.
    expect(Object.keys(cookiesOf(first).byName)).toEqual(["__Host-dotmac_staff_device"]);
    const challenge = await first.json();
    expect(challenge).toMatchObject({ mfaRequired: true });
    expect(challenge.user).toBeUndefined();
    // The challenge is not an access token.
    const probe = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${challenge.mfaToken}` } });
    expect(probe.status).toBe(401);

    const wrong = await post("/api/v1/auth/mfa/verify", { mfaToken: challenge.mfaToken, code: "000000" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual([{ path: "code", message: "is not valid" }]);

    const code = Auth.Mfa.codeFor(secret, new Date(Date.now() + 30_000));
    const verified = await post("/api/v1/auth/mfa/verify", { mfaToken: challenge.mfaToken, code, next: "/audit" });
    expect(verified.status).toBe(200);
    const body = await verified.json();
    expect(body).toMatchObject({
      redirectTo: "/audit",
      restriction: null,
      user: { email: "two@example.com", mfaEnabled: true },
    });
    const { byName } = cookiesOf(verified);
    expect(Object.keys(byName).sort()).toEqual(
      ["__Host-dotmac_csrf", "__Host-dotmac_staff", "__Host-dotmac_staff_refresh"].sort(),
    );
    const sessions = await api.request("/api/v1/auth/sessions", {
      headers: { cookie: `__Host-dotmac_staff=${byName["__Host-dotmac_staff"]}` },
    });
    expect((await sessions.json()).items[0]).toMatchObject({ current: true, mfa: true });
  });

  it("the technician app signs in with bearer tokens: login, mfa/verify, refresh, as v1's app calls them", async () => {
    const { secret } = await userWithMfa("tech@example.com", ["field_technician"]);
    const app = { "x-client": "app" };
    const challenge = await (
      await post("/api/v1/auth/login", { email: "tech@example.com", password: PASSWORD }, app)
    ).json();
    expect(challenge.mfaRequired).toBe(true);
    const res = await post(
      "/api/v1/auth/mfa/verify",
      { mfaToken: challenge.mfaToken, code: Auth.Mfa.codeFor(secret, new Date(Date.now() + 30_000)) },
      app,
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const tokens = await res.json();
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    const me = await api.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    const meBody = await me.json();
    expect(meBody).toMatchObject({ user: { roles: ["field_technician"] }, restriction: null });
    expect(meBody.permissions).toContain("field:job:read");
    const refreshed = await post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken }, app);
    expect(refreshed.status).toBe(200);
    expect((await refreshed.json()).accessToken).toBeTruthy();
  });

  it("an account whose role requires MFA can only set it up until it has; then everything works", async () => {
    await Auth.createUser({
      email: "night@example.com",
      password: PASSWORD,
      displayName: "Night",
      roles: ["night_ops"],
    });
    const res = await post("/api/v1/auth/login", { email: "night@example.com", password: PASSWORD });
    expect((await res.json()).restriction).toBe("mfa_setup");
    const { header, byName } = cookiesOf(res);
    const headers = { cookie: header, "x-csrf-token": byName["__Host-dotmac_csrf"] ?? "" };

    const status = await api.request("/api/v1/system/status", { headers });
    expect(status.status).toBe(403);
    expect((await status.json()).detail).toMatch(/two-factor/);
    const me = await api.request("/api/v1/auth/me", { headers });
    expect(await me.json()).toMatchObject({ restriction: "mfa_setup", user: { mfaEnabled: false } });

    const { secret } = await (await post("/api/v1/auth/mfa/setup", {}, headers)).json();
    expect((await post("/api/v1/auth/mfa/confirm", { code: Auth.Mfa.codeFor(secret) }, headers)).status).toBe(200);
    expect((await api.request("/api/v1/system/status", { headers })).status).toBe(200);
  });

  it("a user without the permission is refused with 403 naming it; the admin role bypasses", async () => {
    await Auth.createUser({ email: "plain@example.com", password: PASSWORD, displayName: "Plain", roles: ["support"] });
    const res = await post("/api/v1/auth/login", { email: "plain@example.com", password: PASSWORD });
    const { header } = cookiesOf(res);
    const status = await api.request("/api/v1/system/status", { headers: { cookie: header } });
    expect(status.status).toBe(403);
    expect((await status.json()).detail).toMatch(/system:monitoring:read/);
    const me = await (await api.request("/api/v1/auth/me", { headers: { cookie: header } })).json();
    expect(me.permissions).toContain("support:ticket:create");
    expect(me.permissions).not.toContain("audit:read");

    const root = cookiesOf(await post("/api/v1/auth/login", { email: "root@example.com", password: PASSWORD }));
    const rootMe = await (await api.request("/api/v1/auth/me", { headers: { cookie: root.header } })).json();
    expect(rootMe.permissions).toEqual(["*"]);
  });
});
