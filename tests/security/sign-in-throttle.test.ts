import * as Auth from "@dotmac/core/auth";
import { patchConfig } from "@dotmac/core/platform/config";
import { publicRoutes, signInRoutes } from "@dotmac/functions/api/middleware";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cookiesOf, ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newAccount, PASSWORD } from "../support/portals";

// Issue 9, findings 3 and 5: per-IP budgets on every portal's credential checks, and failure budgets
// per source and per account that answer the same for unknown emails and never lock a trusted device out.
const WINDOW = 315_360_000;
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase({
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
    RATE_LIMIT_LOGIN_WINDOW_SECONDS: String(WINDOW),
    RATE_LIMIT_LOGIN_IP: "1000",
    RATE_LIMIT_LOGIN_EMAIL: "5",
    RATE_LIMIT_LOGIN_ACCOUNT: "12",
  });
  api = testApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
  patchConfig({ RATE_LIMIT_LOGIN_IP: 1000 });
});

const authBase = (portal: Auth.Portal) => (portal === "staff" ? "/api/v1/auth" : `/api/v1/${portal}/auth`);

/** A POST as the platform delivers it from `ip` (the socket's address), as a browser or with extra headers. */
const post = (ip: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  api.app.request(
    `${ORIGIN}${path}`,
    {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
      body: JSON.stringify(body),
    },
    { incoming: { socket: { remoteAddress: ip } } },
  );

const login = (ip: string, portal: Auth.Portal, email: string, password: string, headers = {}) =>
  post(ip, `${authBase(portal)}/login`, { email, password }, headers);

/** Everything a caller can observe, minus the per-request id. */
async function observed(res: Response) {
  const { requestId: _, ...body } = await res.json();
  const headers = [...res.headers.entries()].filter(([name]) => name !== "x-request-id");
  return { status: res.status, body, headers };
}

describe("issue 9 finding 3: per-IP sign-in budgets", () => {
  it("issue 9 finding 3: every portal's sign-in routes have a per-IP budget", async () => {
    patchConfig({ RATE_LIMIT_LOGIN_IP: 2 });
    // Every credential check of every portal core knows: a new portal is covered by being in the list.
    const routes = Auth.portals.flatMap((portal) =>
      ["login", "mfa/verify", "password/reset", "invitations/accept"]
        .concat(portal === "customer" ? ["magic-link/verify"] : [])
        .map((path) => `${authBase(portal)}/${path}`),
    );
    expect(routes).toHaveLength(17);
    for (const [i, path] of routes.entries()) {
      const ip = `198.51.100.${i + 1}`;
      const statuses: number[] = [];
      for (let n = 0; n < 3; n++) statuses.push((await post(ip, path, { email: "x@example.com" })).status);
      expect(statuses.slice(0, 2), path).not.toContain(429);
      expect(statuses[2], path).toBe(429);
      // The budget is the client's own: another address is not refused.
      expect((await post(`198.51.101.${i + 1}`, path, {})).status, path).not.toBe(429);
    }
  });

  it("issue 9 finding 3: one IP spraying passwords across customer accounts is stopped, whatever the portal", async () => {
    patchConfig({ RATE_LIMIT_LOGIN_IP: 4 });
    for (const n of [1, 2, 3]) {
      await newAccount({ portal: "customer", email: `spray${n}@example.com`, displayName: `Spray ${n}` });
    }
    const ip = "198.51.100.200";
    const statuses: number[] = [];
    for (const n of [1, 2, 3])
      statuses.push((await login(ip, "customer", `spray${n}@example.com`, "Summer2026!")).status);
    // One budget across routes and portals: moving to another portal's route does not reset it.
    statuses.push((await login(ip, "reseller", "spray1@example.com", "Summer2026!")).status);
    const refused = await login(ip, "vendor", "spray2@example.com", "Summer2026!");
    expect([...statuses, refused.status]).toEqual([401, 401, 401, 401, 429]);
    expect(refused.headers.get("ratelimit-policy")).toBe(`4;w=${WINDOW}`);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("issue 9 finding 3: a public auth route goes without the budget only when it checks no credential", () => {
    const registered = new Set(api.app.routes.map((r) => `${r.method} ${r.path}`));
    const publicAuth = publicRoutes.filter((r) => /^POST \/api\/v1\/(?:[a-z]+\/)?auth\//.test(r));
    // Refresh presents a 256-bit rotating token; link requests have their own per-IP limits in core.
    const exempt = /\/(refresh|password\/forgot|magic-link)$/;
    for (const route of publicAuth) expect(signInRoutes.has(route) || exempt.test(route), route).toBe(true);
    for (const route of signInRoutes) {
      expect(publicAuth, route).toContain(route);
      expect(registered.has(route), route).toBe(true);
    }
  });
});

describe("issue 9 finding 5: failure budgets per source and per account", () => {
  it("issue 9 finding 5: known and unknown emails get the same answers after five failures", async () => {
    await newAccount({ portal: "customer", email: "known@example.com", displayName: "Known" });
    // A frozen clock, so both sequences compute the same Retry-After to the second.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-02T10:00:30Z") });
    // The same history from two fresh addresses, interleaved: the real account and an email nobody has.
    const known = (password: string) => login("203.0.113.10", "customer", "known@example.com", password);
    const unknown = (password: string) => login("203.0.113.11", "customer", "ghost@example.com", password);
    for (let i = 0; i < 5; i++) {
      const [a, b] = [await observed(await known("wrong guess")), await observed(await unknown("wrong guess"))];
      expect(a.status).toBe(401);
      expect(b).toEqual(a);
    }
    // The sixth attempt waits before the password is checked: the right password changes nothing.
    for (let i = 0; i < 2; i++) {
      const a = await observed(await known(i === 0 ? PASSWORD : "wrong guess"));
      const b = await observed(await unknown(i === 0 ? PASSWORD : "wrong guess"));
      expect(a.status).toBe(429);
      expect(a.body.detail).toMatch(/^Too many failed sign-ins for this email; try again in \d+ s$/);
      expect(a.headers).toContainEqual(["retry-after", expect.stringMatching(/^\d+$/)]);
      expect(b).toEqual(a);
    }
  });

  it("issue 9 finding 5: an attacker elsewhere cannot lock the real user out", async () => {
    const boss = await Auth.createUser({
      email: "boss@example.com",
      password: PASSWORD,
      displayName: "Boss",
      roles: ["admin"],
    });
    // The administrator signs in from their browser once: it becomes a trusted device of the account.
    const first = await login("192.0.2.50", "staff", boss.email, PASSWORD);
    expect(first.status).toBe(200);
    const device = cookiesOf(first).byName["__Host-dotmac_staff_device"];
    expect(device).toBeTruthy();
    const trusted = { cookie: `__Host-dotmac_staff_device=${device}` };

    // An attacker guesses from many addresses until every untrusted budget of the account is spent.
    const attack: number[] = [];
    for (const ip of ["198.18.0.1", "198.18.0.2", "198.18.0.3"]) {
      for (let i = 0; i < 6; i++) attack.push((await login(ip, "staff", boss.email, `guess ${ip} ${i}`)).status);
    }
    // 5 + 5 failures from the first two (each sixth waits), then the account's 12 run out on the third.
    expect(attack).toEqual([401, 401, 401, 401, 401, 429, 401, 401, 401, 401, 401, 429, 401, 401, 429, 429, 429, 429]);
    // The attacker's own device cookie, or a forged one, does not make their guesses trusted.
    await newAccount({ email: "mallory@example.com", displayName: "Mallory" });
    const own = cookiesOf(await login("198.18.0.9", "staff", "mallory@example.com", PASSWORD)).byName;
    for (const cookie of [own["__Host-dotmac_staff_device"], `${device?.split(".")[0]}.forged`]) {
      const res = await login("198.18.0.9", "staff", boss.email, PASSWORD, {
        cookie: `__Host-dotmac_staff_device=${cookie}`,
      });
      expect(res.status).toBe(429);
    }

    // The real user's trusted browser still signs in, from wherever it is now, and their typos count
    // only against that browser.
    expect((await login("192.0.2.77", "staff", boss.email, PASSWORD, trusted)).status).toBe(200);
    expect((await login("192.0.2.50", "staff", boss.email, "typo", trusted)).status).toBe(401);
    const again = await login("192.0.2.50", "staff", boss.email, PASSWORD, trusted);
    expect(again.status).toBe(200);
    // Each success hands out a fresh device token, which works too.
    const renewed = cookiesOf(again).byName["__Host-dotmac_staff_device"];
    expect(renewed).not.toBe(device);
    expect(
      (await login("192.0.2.50", "staff", boss.email, PASSWORD, { cookie: `__Host-dotmac_staff_device=${renewed}` }))
        .status,
    ).toBe(200);

    // The attacker is still slowed: the trusted sign-ins gave back none of the account's budget.
    expect((await login("198.18.0.4", "staff", boss.email, "one more guess")).status).toBe(429);
  });

  it("issue 9 finding 5: a trusted device that guesses wrong is throttled alone", async () => {
    await newAccount({ portal: "reseller", email: "rita@example.com", displayName: "Rita" });
    const browserA = cookiesOf(await login("192.0.2.60", "reseller", "rita@example.com", PASSWORD)).byName;
    const browserB = cookiesOf(await login("192.0.2.61", "reseller", "rita@example.com", PASSWORD)).byName;
    const as = (jar: Record<string, string>) => ({
      cookie: `__Host-dotmac_reseller_device=${jar["__Host-dotmac_reseller_device"]}`,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await login("192.0.2.60", "reseller", "rita@example.com", "wrong", as(browserA))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await login("192.0.2.60", "reseller", "rita@example.com", PASSWORD, as(browserA))).status).toBe(429);
    // Another trusted browser and an untrusted client on another network are unaffected.
    expect((await login("192.0.2.61", "reseller", "rita@example.com", PASSWORD, as(browserB))).status).toBe(200);
    expect((await login("192.0.2.62", "reseller", "rita@example.com", PASSWORD)).status).toBe(200);
  });

  it("issue 9 finding 5: the technician app (bearer, no cookies) signs in as an untrusted client", async () => {
    const tech = await Auth.createUser({
      email: "tech@example.com",
      password: PASSWORD,
      displayName: "Tech",
      roles: ["field_technician"],
    });
    const app = { "x-client": "app" };
    // Its failures count against its address for the account, like any client without a device cookie.
    for (let i = 0; i < 5; i++) expect((await login("192.0.2.90", "staff", tech.email, "wrong", app)).status).toBe(401);
    expect((await login("192.0.2.90", "staff", tech.email, PASSWORD, app)).status).toBe(429);
    const res = await login("192.0.2.91", "staff", tech.email, PASSWORD, app);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = await res.json();
    expect(body.accessToken).toBeTruthy();
    expect(body).not.toHaveProperty("device");
  });
});
