import { DEMO_PORTAL_LOGINS, seed } from "@dotmac/core/demo";
import * as Organization from "@dotmac/core/organization";
import { withActor } from "@dotmac/core/platform/context";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import {
  appSignIn,
  newAccount,
  newOrganization,
  PASSWORD,
  portalSignIn,
  portalWorld,
  vendorWithMfa,
} from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let world: Awaited<ReturnType<typeof portalWorld>>;

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("P");
});
afterAll(() => t.close());

type Session = { cookie: string; csrf: string };
/** A cookie-session request as the portal sends it. */
const browser = (session: Session, path: string, init: RequestInit = {}) =>
  api.request(path, {
    ...init,
    headers: {
      "content-type": "application/json",
      origin: ORIGIN,
      cookie: session.cookie,
      "x-csrf-token": session.csrf,
      ...init.headers,
    },
  });

describe("each portal signs in and out with its own cookies", () => {
  for (const [portal, who] of [
    ["customer", "customer"],
    ["reseller", "adminA"],
    ["vendor", "vendorUser"],
  ] as const) {
    it(`${portal}: sign-in sets only __Host-dotmac_${portal} cookies; me answers; sign-out ends the session`, async () => {
      const email = world.accounts[who].email;
      const session = await portalSignIn(api.request, portal, email);
      expect(session.res.status).toBe(200);
      const body = await session.res.json();
      expect(body.redirectTo).toBe(`/${portal}`);
      expect(body.restriction).toBe(portal === "vendor" ? "mfa_setup" : null);
      expect(Object.keys(session.byName).sort()).toEqual(
        [
          "__Host-dotmac_csrf",
          `__Host-dotmac_${portal}`,
          `__Host-dotmac_${portal}_refresh`,
          `__Host-dotmac_${portal}_device`,
        ].sort(),
      );
      const me = await browser(session, `/api/v1/${portal}/auth/me`);
      expect(me.status).toBe(200);
      expect((await me.json()).user).toMatchObject({ email, portal });

      const out = await browser(session, `/api/v1/${portal}/auth/logout`, { method: "POST" });
      expect(out.status).toBe(204);
      const cleared = out.headers.getSetCookie().map((c) => c.split("=")[0]);
      expect(cleared).toContain(`__Host-dotmac_${portal}`);
      expect(cleared).not.toContain("__Host-dotmac_staff");
      expect((await browser(session, `/api/v1/${portal}/auth/me`)).status).toBe(401);
    });
  }

  it("a wrong password is a 401 problem; a staff email cannot sign in to the customer portal", async () => {
    const wrong = await portalSignIn(api.request, "customer", world.accounts.customer.email, "not the password");
    expect(wrong.res.status).toBe(401);
    expect(wrong.res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const staff = await portalSignIn(api.request, "customer", world.accounts.staff.email);
    expect(staff.res.status).toBe(401);
  });

  it("x-client: app gets bearer tokens that open the portal's routes without cookies", async () => {
    const tokens = await appSignIn(api.request, "customer", world.accounts.customer.email);
    expect(tokens.accessToken).toBeTruthy();
    const res = await api.request("/api/v1/customer/overview", {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(res.status).toBe(200);
    const reseller = await appSignIn(api.request, "reseller", world.accounts.memberA.email);
    const tree = await api.request("/api/v1/reseller/organizations", {
      headers: { authorization: `Bearer ${reseller.accessToken}` },
    });
    expect(tree.status).toBe(200);
  });
});

describe("customer portal routes", () => {
  let session: Session;
  beforeAll(async () => {
    session = await portalSignIn(api.request, "customer", world.accounts.customer.email);
  });

  it("overview: the account's own subscriber with plan, status and address", async () => {
    const res = await browser(session, "/api/v1/customer/overview");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ displayName: "Ada", email: world.accounts.customer.email });
    expect(body.subscribers).toHaveLength(1);
    expect(body.subscribers[0]).toMatchObject({
      id: world.subscribers.subA,
      subscriberNumber: "P-A1",
      status: "active",
      planName: "Plan of P-A1",
      serviceAddress: { line1: "P-A1 Marina Road", city: "Lagos", country: "NG" },
    });
  });

  it("subscriber: its own by id; a malformed id is a 400; no session is a 401", async () => {
    const own = await browser(session, `/api/v1/customer/subscribers/${world.subscribers.subA}`);
    expect(own.status).toBe(200);
    expect((await own.json()).subscriberNumber).toBe("P-A1");
    const bad = await browser(session, "/api/v1/customer/subscribers/not-a-uuid");
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("validation");
    expect((await api.request("/api/v1/customer/overview")).status).toBe(401);
  });
});

describe("reseller portal routes", () => {
  let admin: Session;
  let member: Session;
  beforeAll(async () => {
    admin = await portalSignIn(api.request, "reseller", world.accounts.adminA.email);
    member = await portalSignIn(api.request, "reseller", world.accounts.memberA.email);
  });

  it("organizations: the reseller and its child, depth-first, with subscriber counts", async () => {
    const res = await browser(member, "/api/v1/reseller/organizations");
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(
      items.map((o: { name: string; depth: number; subscriberCount: number }) => [o.name, o.depth, o.subscriberCount]),
    ).toEqual([
      ["P Reseller A", 0, 1],
      ["P Child of A", 1, 1],
    ]);
    const one = await browser(member, `/api/v1/reseller/organizations/${world.orgs.childA.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: world.orgs.childA.id, depth: 1, subscriberCount: 1 });
  });

  it("subscribers: every subscriber of the tree, one organisation's with a filter, paged by cursor", async () => {
    const all = await (await browser(member, "/api/v1/reseller/subscribers")).json();
    expect(all.items.map((s: { subscriberNumber: string }) => s.subscriberNumber)).toEqual(["P-A1", "P-C1"]);
    expect(all.nextCursor).toBeNull();
    const child = await (
      await browser(member, `/api/v1/reseller/subscribers?organizationId=${world.orgs.childA.id}`)
    ).json();
    expect(child.items).toHaveLength(1);
    expect(child.items[0]).toMatchObject({ subscriberNumber: "P-C1", organizationName: "P Child of A" });
    const first = await (await browser(member, "/api/v1/reseller/subscribers?limit=1")).json();
    expect(first.items).toHaveLength(1);
    const second = await (
      await browser(member, `/api/v1/reseller/subscribers?limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items[0].subscriberNumber).toBe("P-C1");
    expect(second.nextCursor).toBeNull();
    expect((await browser(member, "/api/v1/reseller/subscribers?cursor=garbage")).status).toBe(400);
    const one = await browser(member, `/api/v1/reseller/subscribers/${world.subscribers.subChild}`);
    expect(one.status).toBe(200);
  });

  it("create child organisation: an admin creates one below its child; it is audited and in the tree", async () => {
    const res = await browser(admin, "/api/v1/reseller/organizations", {
      method: "POST",
      body: JSON.stringify({ parentId: world.orgs.childA.id, name: "  Grandchild Ltd  " }),
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      name: "Grandchild Ltd",
      accountType: "customer",
      parentId: world.orgs.childA.id,
      depth: 2,
    });
    const { items } = await (await browser(admin, "/api/v1/reseller/organizations")).json();
    expect(items.map((o: { name: string }) => o.name)).toEqual(["P Reseller A", "P Child of A", "Grandchild Ltd"]);
    const staff = await portalSignIn(api.request, "staff", world.accounts.staff.email);
    const audit = await (
      await browser(staff, `/api/v1/audit?action=organization.created&entityId=${created.id}`)
    ).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].actor).toMatchObject({ id: world.accounts.adminA.id });
  });

  it("create child organisation: an empty name is a 400; without CSRF it is a 403", async () => {
    const empty = await browser(admin, "/api/v1/reseller/organizations", {
      method: "POST",
      body: JSON.stringify({ parentId: world.orgs.resellerA.id, name: " " }),
    });
    expect(empty.status).toBe(400);
    const noCsrf = await browser(admin, "/api/v1/reseller/organizations", {
      method: "POST",
      headers: { "x-csrf-token": "" },
      body: JSON.stringify({ parentId: world.orgs.resellerA.id, name: "Sneaky" }),
    });
    expect(noCsrf.status).toBe(403);
  });

  it("a reseller whose organisation is suspended, or not a reseller, sees nothing: 403 on every route", async () => {
    const suspended = await newOrganization("P Suspended reseller", "reseller");
    await withActor({ type: "system", properties: { job: "test" } }, () =>
      Organization.update({ id: suspended.id, status: "suspended" }),
    );
    const customerOrg = await newOrganization("P Not a reseller", "customer");
    for (const [who, organizationId] of [
      ["p-suspended@example.com", suspended.id],
      ["p-wrongtype@example.com", customerOrg.id],
    ] as const) {
      await newAccount({ portal: "reseller", email: who, displayName: who, roles: ["reseller_admin"], organizationId });
      const session = await portalSignIn(api.request, "reseller", who);
      for (const path of ["/api/v1/reseller/organizations", "/api/v1/reseller/subscribers", "/api/v1/reseller/users"]) {
        const res = await browser(session, path);
        expect(res.status, `${who} ${path}`).toBe(403);
        expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      }
    }
  });

  it("users: the reseller accounts of the tree", async () => {
    const { items } = await (await browser(member, "/api/v1/reseller/users")).json();
    expect(items.map((u: { email: string }) => u.email).sort()).toEqual(
      [world.accounts.adminA.email, world.accounts.memberA.email].sort(),
    );
  });
});

describe("vendor portal routes", () => {
  it("before TOTP is set up every vendor route refuses with 403", async () => {
    const session = await portalSignIn(api.request, "vendor", world.accounts.vendorUser.email, PASSWORD);
    const res = await browser(session, "/api/v1/vendor/profile");
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/two-factor/);
  });

  it("with TOTP on: its organisation profile and its users", async () => {
    const { headers } = await vendorWithMfa(api.request, world.accounts.vendorUser.email);
    const profile = await api.request("/api/v1/vendor/profile", { headers });
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ id: world.orgs.vendor.id, accountType: "vendor", name: "P Vendor" });
    const users = await (await api.request("/api/v1/vendor/users", { headers })).json();
    expect(users.items.map((u: { email: string }) => u.email)).toEqual([world.accounts.vendorUser.email]);
  });
});

describe("OpenAPI", () => {
  it("documents the portal routes", async () => {
    const doc = await (await api.request("/api/openapi.json")).json();
    for (const path of [
      "/api/v1/customer/overview",
      "/api/v1/customer/subscribers/{id}",
      "/api/v1/reseller/organizations",
      "/api/v1/reseller/organizations/{id}",
      "/api/v1/reseller/subscribers",
      "/api/v1/reseller/subscribers/{id}",
      "/api/v1/reseller/users",
      "/api/v1/vendor/profile",
      "/api/v1/vendor/users",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});

describe("demo seed", () => {
  it("seeds a reseller tree, a customer and a vendor once; each signs in to its portal with the demo password", async () => {
    const first = await seed();
    const again = await seed();
    expect(again).toMatchObject({ email: first.email, password: first.password, created: false });
    for (const login of DEMO_PORTAL_LOGINS) {
      const session = await portalSignIn(api.request, login.portal, login.email, first.password);
      expect(session.res.status, login.email).toBe(200);
    }
    const reseller = await portalSignIn(api.request, "reseller", "reseller@demo-isp.example", first.password);
    const tree = await (await browser(reseller, "/api/v1/reseller/organizations")).json();
    expect(tree.items.map((o: { name: string; subscriberCount: number }) => [o.name, o.subscriberCount])).toEqual([
      ["Lagoon Networks", 3],
      ["Lekki Gardens Estate", 2],
    ]);
    const customer = await portalSignIn(api.request, "customer", "customer@demo-isp.example", first.password);
    const overview = await (await browser(customer, "/api/v1/customer/overview")).json();
    expect(overview.subscribers.map((s: { subscriberNumber: string }) => s.subscriberNumber)).toEqual(["SUB-003001"]);
  });
});
