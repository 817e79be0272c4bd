import * as Auth from "@dotmac/core/auth";
import { patchConfig } from "@dotmac/core/platform/config";
import { publicRoutes, signInRoutes } from "@dotmac/functions/api/middleware";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newAccount } from "../support/portals";

// Issue 9, finding 3: per-IP budgets on every portal's credential checks.
const WINDOW = 315_360_000;
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase({
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
    RATE_LIMIT_LOGIN_IP: "1000",
  });
  api = testApp();
});
afterAll(() => t.close());
afterEach(() => {
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
