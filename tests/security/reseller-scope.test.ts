import { commissionTable } from "@dotmac/core/commission/commission.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffToken, testApp } from "../support/api";
import { newCustomer, paidOrder } from "../support/commission";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { appSignIn, newOrganization, portalWorld } from "../support/portals";

/**
 * A reseller sees the commissions, payouts and orders of its own organisation and those below it,
 * nothing else: another reseller's ids answer 404 exactly like missing ones, filters naming another
 * tree's organisation are 404, and no other portal's credentials open these routes.
 */
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let world: Awaited<ReturnType<typeof portalWorld>>;
let a: Headers;
let member: Headers;
let b: Headers;
let admin: Headers;
let subId: string;
const ids: Record<"a" | "child" | "b", { order: string; commission: string; payout: string }> = {} as never;

const get = async (path: string, headers: Headers) => {
  const res = await api.request(path, { headers });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field.
  return { status: res.status, body: (await res.json()) as any };
};
const post = (path: string, headers: Headers, body: unknown) =>
  api.request(path, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("RS");
  admin = bearer(await staffToken("rs-admin@example.com"));
  a = bearer((await appSignIn(api.request, "reseller", world.accounts.adminA.email)).accessToken);
  member = bearer((await appSignIn(api.request, "reseller", world.accounts.memberA.email)).accessToken);
  b = bearer((await appSignIn(api.request, "reseller", world.accounts.adminB.email)).accessToken);
  const person = await newCustomer("Ngozi Eze");
  // A sub-reseller below A sources orders of its own.
  const sub = await newOrganization("RS Sub-reseller of A", "reseller", world.orgs.resellerA.id);
  subId = sub.id;
  const sources = { a: world.orgs.resellerA.id, child: sub.id, b: world.orgs.resellerB.id } as const;
  for (const [key, org] of Object.entries(sources) as ["a" | "child" | "b", string][]) {
    const { order } = await paidOrder({ personId: person.id, resellerOrganizationId: org, netMinor: 100_000 });
    const [row] = await useTransaction((tx) =>
      tx.select().from(commissionTable).where(eq(commissionTable.salesOrderId, order.id)),
    );
    const commission = row?.id as string;
    await post(`/api/v1/reseller-commissions/${commission}/approve`, admin, {});
    const payout = await (await post("/api/v1/reseller-payouts", admin, { resellerOrganizationId: org })).json();
    ids[key] = { order: order.id, commission, payout: payout.id };
  }
});
afterAll(() => t.close());

describe("reseller A sees its tree's commissions, payouts and orders", () => {
  it("lists: A's and its child's, never B's (members too)", async () => {
    for (const who of [a, member]) {
      const commissions = await get("/api/v1/reseller/commissions", who);
      expect(commissions.status).toBe(200);
      expect(commissions.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
        [ids.a.commission, ids.child.commission].sort(),
      );
      const payouts = await get("/api/v1/reseller/payouts", who);
      expect(payouts.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
        [ids.a.payout, ids.child.payout].sort(),
      );
      const orders = await get("/api/v1/reseller/orders", who);
      expect(orders.body.items.map((o: { id: string }) => o.id).sort()).toEqual([ids.a.order, ids.child.order].sort());
      expect(orders.body.items[0].commission).toMatchObject({ status: "approved", amountMinor: 5_000 });
    }
    const summary = await get("/api/v1/reseller/commissions/summary", a);
    expect(summary.body.items).toEqual([{ currency: "NGN", status: "approved", count: 2, amountMinor: 10_000 }]);
    const child = await get(`/api/v1/reseller/commissions?organizationId=${subId}`, a);
    expect(child.body.items.map((c: { id: string }) => c.id)).toEqual([ids.child.commission]);
  });

  it("one by id: its own and its child's answer; B's are 404 exactly like a missing id", async () => {
    expect((await get(`/api/v1/reseller/commissions/${ids.child.commission}`, a)).status).toBe(200);
    const payout = await get(`/api/v1/reseller/payouts/${ids.a.payout}`, a);
    expect(payout.status).toBe(200);
    expect(payout.body.commissions.map((c: { id: string }) => c.id)).toEqual([ids.a.commission]);
    const foreign = await get(`/api/v1/reseller/commissions/${ids.b.commission}`, a);
    const missing = await get(`/api/v1/reseller/commissions/${crypto.randomUUID()}`, a);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.title).toBe(missing.body.title);
    expect((await get(`/api/v1/reseller/payouts/${ids.b.payout}`, a)).status).toBe(404);
    expect((await get(`/api/v1/reseller/commissions?organizationId=${world.orgs.resellerB.id}`, a)).status).toBe(404);
  });

  it("B sees only its own; it cannot reach up or across into A's tree", async () => {
    const commissions = await get("/api/v1/reseller/commissions", b);
    expect(commissions.body.items.map((c: { id: string }) => c.id)).toEqual([ids.b.commission]);
    expect((await get(`/api/v1/reseller/payouts/${ids.child.payout}`, b)).status).toBe(404);
    expect((await get(`/api/v1/reseller/commissions/${ids.a.commission}`, b)).status).toBe(404);
  });

  it("other credentials: none is 401; staff, customer and vendor tokens are 401 on the reseller routes", async () => {
    expect((await get("/api/v1/reseller/commissions", {})).status).toBe(401);
    expect((await get("/api/v1/reseller/payouts", admin)).status).toBe(401);
    const customer = bearer((await appSignIn(api.request, "customer", world.accounts.customer.email)).accessToken);
    expect((await get("/api/v1/reseller/orders", customer)).status).toBe(401);
  });

  it("a reseller cannot approve, void, pay or rate through the staff routes", async () => {
    for (const [path, body] of [
      [`/api/v1/reseller-commissions/${ids.a.commission}/approve`, {}],
      [`/api/v1/reseller-payouts/${ids.a.payout}/mark-paid`, { method: "cash", reference: "me", paidOn: "2026-12-01" }],
      [`/api/v1/reseller-commissions/${ids.a.commission}/reverse`, { reason: "refunded" }],
    ] as const) {
      expect((await post(path, a, body)).status).toBe(401);
    }
  });
});

describe("claw-backs stay in their reseller's tree", () => {
  it("A sees its own and its sub-reseller's adjustments, never B's; B sees only its own", async () => {
    // Every payout is paid, then every order refunded: each paid commission gets one claw-back.
    for (const key of ["a", "child", "b"] as const) {
      await post(`/api/v1/reseller-payouts/${ids[key].payout}/mark-paid`, admin, {
        method: "cash",
        reference: `R-${key}`,
        paidOn: "2026-12-01",
      });
      await post(`/api/v1/reseller-commissions/${ids[key].commission}/reverse`, admin, { reason: "refunded" });
    }
    const mine = (r: { body: { items: { commissionId: string }[] } }) => r.body.items.map((x) => x.commissionId).sort();
    const seenByA = await get("/api/v1/reseller/commissions/adjustments", a);
    expect(seenByA.status).toBe(200);
    expect(mine(seenByA)).toEqual([ids.a.commission, ids.child.commission].sort());
    expect(mine(await get("/api/v1/reseller/commissions/adjustments", member))).toEqual(mine(seenByA));
    expect(mine(await get("/api/v1/reseller/commissions/adjustments", b))).toEqual([ids.b.commission]);
    expect((await get("/api/v1/reseller/commissions/adjustments", admin)).status).toBe(401);
    expect((await get("/api/v1/reseller-commissions/adjustments", a)).status).toBe(401);
  });
});
