import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { appSignIn, newAccount, newSubscriber, portalSignIn, portalWorld, vendorWithMfa } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let world: Awaited<ReturnType<typeof portalWorld>>;
const MISSING = "0190b7a4-0000-7000-8000-00000000dead";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("X");
});
afterAll(() => t.close());

const bearer = (token: string, init: RequestInit = {}) => ({
  ...init,
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
});

/** A 404 for someone else's record must be indistinguishable from a 404 for an id that never existed. */
async function expectSameAsMissing(token: string, pathOf: (id: string) => string, foreignId: string) {
  const foreign = await api.request(pathOf(foreignId), bearer(token));
  const missing = await api.request(pathOf(MISSING), bearer(token));
  expect(foreign.status).toBe(404);
  expect(missing.status).toBe(404);
  const a = await foreign.json();
  const b = await missing.json();
  expect(a.code).toBe("not_found");
  expect(a.detail.replace(foreignId, "ID")).toBe(b.detail.replace(MISSING, "ID"));
}

describe("customer portal", () => {
  it("v1: IDOR across customers: another customer's subscriber is a 404 like a missing id", async () => {
    const { accessToken } = await appSignIn(api.request, "customer", world.accounts.customer.email);
    await expectSameAsMissing(accessToken, (id) => `/api/v1/customer/subscribers/${id}`, world.subscribers.subB);
    await expectSameAsMissing(accessToken, (id) => `/api/v1/customer/subscribers/${id}`, world.subscribers.subChild);
    const overview = await (await api.request("/api/v1/customer/overview", bearer(accessToken))).json();
    expect(overview.subscribers.map((s: { id: string }) => s.id)).toEqual([world.subscribers.subA]);
  });

  it("v1: IDOR across customers: a customer sees its person's subscribers, and nobody else's", async () => {
    const person = await withActor({ type: "system", properties: { job: "test" } }, () =>
      Person.create({ displayName: "Chidi", partyStatus: "subscriber" }),
    );
    const home = await newSubscriber("X-P1", { personId: person.id });
    const office = await newSubscriber("X-P2", { personId: person.id });
    const chidi = await newAccount({
      portal: "customer",
      email: "x-chidi@example.com",
      displayName: "Chidi",
      personId: person.id,
    });
    const { accessToken } = await appSignIn(api.request, "customer", chidi.email);
    const overview = await (await api.request("/api/v1/customer/overview", bearer(accessToken))).json();
    expect(overview.subscribers.map((s: { id: string }) => s.id).sort()).toEqual([home, office].sort());
    await expectSameAsMissing(accessToken, (id) => `/api/v1/customer/subscribers/${id}`, world.subscribers.subA);
    // An account linked to nothing sees nothing (not everything).
    const lonely = await newAccount({ portal: "customer", email: "x-lonely@example.com", displayName: "L" });
    const token = (await appSignIn(api.request, "customer", lonely.email)).accessToken;
    expect((await (await api.request("/api/v1/customer/overview", bearer(token))).json()).subscribers).toEqual([]);
  });
});

describe("reseller portal", () => {
  let admin: string;
  let member: string;
  beforeAll(async () => {
    admin = (await appSignIn(api.request, "reseller", world.accounts.adminA.email)).accessToken;
    member = (await appSignIn(api.request, "reseller", world.accounts.memberA.email)).accessToken;
  });

  it("v1: IDOR across resellers: its child organisation is visible, the sibling reseller's is a 404", async () => {
    const child = await api.request(`/api/v1/reseller/organizations/${world.orgs.childA.id}`, bearer(member));
    expect(child.status).toBe(200);
    await expectSameAsMissing(member, (id) => `/api/v1/reseller/organizations/${id}`, world.orgs.resellerB.id);
    await expectSameAsMissing(member, (id) => `/api/v1/reseller/organizations/${id}`, world.orgs.vendor.id);
    const { items } = await (await api.request("/api/v1/reseller/organizations", bearer(member))).json();
    expect(items.map((o: { id: string }) => o.id)).not.toContain(world.orgs.resellerB.id);
  });

  it("v1: IDOR across resellers: the sibling's subscribers are a 404 and never listed, even by filter", async () => {
    await expectSameAsMissing(member, (id) => `/api/v1/reseller/subscribers/${id}`, world.subscribers.subB);
    const listed = await (await api.request("/api/v1/reseller/subscribers?limit=200", bearer(member))).json();
    expect(listed.items.map((s: { id: string }) => s.id)).not.toContain(world.subscribers.subB);
    await expectSameAsMissing(
      member,
      (id) => `/api/v1/reseller/subscribers?organizationId=${id}`,
      world.orgs.resellerB.id,
    );
    // And the other way round: B sees nothing of A's tree.
    const b = (await appSignIn(api.request, "reseller", world.accounts.adminB.email)).accessToken;
    await expectSameAsMissing(b, (id) => `/api/v1/reseller/subscribers/${id}`, world.subscribers.subChild);
    await expectSameAsMissing(b, (id) => `/api/v1/reseller/organizations/${id}`, world.orgs.childA.id);
    const users = await (await api.request("/api/v1/reseller/users", bearer(b))).json();
    expect(users.items.map((u: { email: string }) => u.email)).toEqual([world.accounts.adminB.email]);
  });

  it("v1: IDOR across resellers: an admin cannot create below the sibling's organisation; a member cannot create at all", async () => {
    const create = (token: string, parentId: string) =>
      api.request(
        "/api/v1/reseller/organizations",
        bearer(token, { method: "POST", body: JSON.stringify({ parentId, name: "Intruder Ltd" }) }),
      );
    const sibling = await create(admin, world.orgs.resellerB.id);
    expect(sibling.status).toBe(404);
    const missing = await create(admin, MISSING);
    expect(missing.status).toBe(404);
    const asMember = await create(member, world.orgs.resellerA.id);
    expect(asMember.status).toBe(403);
    expect((await asMember.json()).code).toBe("forbidden");
    const tree = await (await api.request("/api/v1/reseller/organizations", bearer(admin))).json();
    expect(tree.items.map((o: { name: string }) => o.name)).not.toContain("Intruder Ltd");
  });
});

describe("vendor portal", () => {
  it("vendor sees only its own organisation", async () => {
    const { headers } = await vendorWithMfa(api.request, world.accounts.vendorUser.email);
    const profile = await (await api.request("/api/v1/vendor/profile", { headers })).json();
    expect(profile.id).toBe(world.orgs.vendor.id);
    const users = await (await api.request("/api/v1/vendor/users", { headers })).json();
    expect(users.items.map((u: { id: string }) => u.id)).toEqual([world.accounts.vendorUser.id]);
    // Vendor accounts have no business on the reseller or customer routes.
    expect((await api.request("/api/v1/reseller/organizations", { headers })).status).toBe(401);
    expect((await api.request("/api/v1/customer/overview", { headers })).status).toBe(401);
    const other = await vendorWithMfa(api.request, world.accounts.otherVendorUser.email);
    const otherProfile = await (await api.request("/api/v1/vendor/profile", { headers: other.headers })).json();
    expect(otherProfile.id).toBe(world.orgs.otherVendor.id);
  });
});

describe("portal isolation", () => {
  it("a token of one portal never opens another", async () => {
    const staff = await appSignIn(api.request, "staff", world.accounts.staff.email);
    const customer = await appSignIn(api.request, "customer", world.accounts.customer.email);
    const reseller = await appSignIn(api.request, "reseller", world.accounts.adminA.email);

    // A staff administrator's token opens no customer or reseller route.
    for (const path of ["/api/v1/customer/overview", "/api/v1/customer/auth/me", "/api/v1/reseller/organizations"]) {
      expect((await api.request(path, bearer(staff.accessToken))).status, path).toBe(401);
    }
    // A customer's bearer token opens no staff or reseller route.
    for (const path of ["/api/v1/auth/me", "/api/v1/people", "/api/v1/audit", "/api/v1/reseller/subscribers"]) {
      expect((await api.request(path, bearer(customer.accessToken))).status, path).toBe(401);
    }
    // Nor does a customer's cookie, even renamed to another portal's cookie.
    const cookie = await portalSignIn(api.request, "customer", world.accounts.customer.email);
    const access = cookie.byName["__Host-dotmac_customer"] ?? "";
    for (const [path, name] of [
      ["/api/v1/auth/me", "__Host-dotmac_customer"],
      ["/api/v1/auth/me", "__Host-dotmac_staff"],
      ["/api/v1/reseller/organizations", "__Host-dotmac_reseller"],
    ] as const) {
      const res = await api.request(path, { headers: { cookie: `${name}=${access}`, origin: ORIGIN } });
      expect(res.status, `${path} with ${name}`).toBe(401);
    }
    // A reseller's token opens no customer route, though both are portal accounts.
    expect((await api.request("/api/v1/customer/overview", bearer(reseller.accessToken))).status).toBe(401);

    // Refresh tokens: one portal's never refreshes another's session, as a bearer client or as a cookie.
    const refresh = (portal: string, token: string) =>
      api.request(`/api/v1/${portal === "staff" ? "" : `${portal}/`}auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-client": "app" },
        body: JSON.stringify({ refreshToken: token }),
      });
    expect((await refresh("staff", customer.refreshToken)).status).toBe(401);
    expect((await refresh("reseller", customer.refreshToken)).status).toBe(401);
    expect((await refresh("customer", staff.refreshToken)).status).toBe(401);
    expect((await refresh("vendor", reseller.refreshToken)).status).toBe(401);
    const customerRefresh = cookie.byName["__Host-dotmac_customer_refresh"] ?? "";
    const crossCookie = await api.request("/api/v1/reseller/auth/refresh", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        cookie: `__Host-dotmac_reseller_refresh=${customerRefresh}`,
      },
      body: "{}",
    });
    expect(crossCookie.status).toBe(401);
    // The right portal still refreshes: the refusals above were about the portal, not a broken token.
    expect((await refresh("customer", customer.refreshToken)).status).toBe(200);
  });
});
