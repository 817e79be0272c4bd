import * as Auth from "@dotmac/core/auth";
import * as Commission from "@dotmac/core/commission";
import { commissionTable } from "@dotmac/core/commission/commission.sql";
import { seedReseller } from "@dotmac/core/demo";
import { dispatch } from "@dotmac/core/events";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { newCustomer, newOrder, paidOrder } from "../support/commission";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { appSignIn, newOrganization, portalWorld } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let admin: Headers;
let support: Headers;
let resellerApp: Headers;
let world: Awaited<ReturnType<typeof portalWorld>>;
let customerId: string;

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field.
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
};
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("CM");
  admin = bearer(await staffToken("cm-admin@example.com"));
  await Auth.createUser({
    email: "cm-support@example.com",
    password: "correct horse battery staple",
    displayName: "Sam Support",
    roles: ["support"],
  });
  support = bearer(
    (await passwordSignIn({ email: "cm-support@example.com", password: "correct horse battery staple" })).accessToken,
  );
  resellerApp = bearer((await appSignIn(api.request, "reseller", world.accounts.adminA.email)).accessToken);
  customerId = (await newCustomer("Chidi Okafor")).id;
});
afterAll(() => t.close());

const commissionOf = async (orderId: string) =>
  useTransaction((tx) => tx.select().from(commissionTable).where(eq(commissionTable.salesOrderId, orderId)));

describe("a reseller's paid order accrues one commission", () => {
  it("paid: pending commission on the net before tax at the default 5 %, visible to staff with the order number", async () => {
    const { order } = await paidOrder({
      personId: customerId,
      resellerOrganizationId: world.orgs.resellerA.id,
      netMinor: 25_000_000,
      taxMinor: 1_875_000,
    });
    const list = await send(
      "GET",
      `/api/v1/reseller-commissions?resellerOrganizationId=${world.orgs.resellerA.id}`,
      admin,
    );
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      salesOrderId: order.id,
      orderNumber: order.number,
      resellerName: "CM Reseller A",
      currency: "NGN",
      basisMinor: 25_000_000,
      rateBp: 500,
      amountMinor: 1_250_000,
      status: "pending",
      payoutId: null,
    });
  });

  it("a redelivered sales_order.paid and a direct retry change nothing", async () => {
    const { order, eventId } = await paidOrder({
      personId: customerId,
      resellerOrganizationId: world.orgs.resellerA.id,
      netMinor: 1_000_00,
    });
    const [event] = await useTransaction((tx) => tx.select().from(outboxTable).where(eq(outboxTable.id, eventId)));
    if (!event) throw new Error("no outbox row");
    const envelope = {
      id: event.id,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      payload: event.payload,
    };
    expect((await dispatch(envelope)).delivered).toEqual([]);
    const again = await withActor({ type: "system", properties: { job: "test" } }, () =>
      Commission.accrue({ salesOrderId: order.id }),
    );
    const rows = await commissionOf(order.id);
    expect(rows).toHaveLength(1);
    expect(again?.id).toBe(rows[0]?.id);
  });

  it("nothing accrues for an order without a reseller, an unpaid one, or one of a non-reseller organisation", async () => {
    const direct = await paidOrder({ personId: customerId, resellerOrganizationId: null, netMinor: 50_000 });
    const unpaid = await newOrder({
      personId: customerId,
      resellerOrganizationId: world.orgs.resellerA.id,
      netMinor: 9,
    });
    const vendorSourced = await paidOrder({
      personId: customerId,
      resellerOrganizationId: world.orgs.vendor.id,
      netMinor: 70_000,
    });
    const system = { type: "system", properties: { job: "test" } } as const;
    expect(await withActor(system, () => Commission.accrue({ salesOrderId: unpaid.id }))).toBeNull();
    for (const id of [direct.order.id, unpaid.id, vendorSourced.order.id]) expect(await commissionOf(id)).toEqual([]);
  });

  it("a reseller's own rate wins over the default; rounding is half away from zero on the minor unit", async () => {
    const reseller = await newOrganization("CM Rounding Reseller", "reseller");
    const set = await send("PUT", `/api/v1/reseller-commissions/rates/${reseller.id}`, admin, { rateBp: 1250 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ ownRateBp: 1250, effectiveRateBp: 1250 });
    // 1 004 × 12.5 % = 125.5 → 126; 1 001 × 12.5 % = 125.125 → 125.
    const up = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 1004 });
    const down = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 1001 });
    expect((await commissionOf(up.order.id))[0]).toMatchObject({ rateBp: 1250, amountMinor: 126 });
    expect((await commissionOf(down.order.id))[0]).toMatchObject({ rateBp: 1250, amountMinor: 125 });

    const cleared = await send("PUT", `/api/v1/reseller-commissions/rates/${reseller.id}`, admin, { rateBp: null });
    expect(cleared.body).toMatchObject({ ownRateBp: null, effectiveRateBp: 500 });
    const settings = await send("PUT", "/api/v1/reseller-commissions/settings", admin, { defaultRateBp: 800 });
    expect(settings.body).toEqual({ defaultRateBp: 800 });
    const next = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 10_000 });
    expect((await commissionOf(next.order.id))[0]).toMatchObject({ rateBp: 800, amountMinor: 800 });
    // The earlier commissions keep the rate they were accrued at.
    expect((await commissionOf(up.order.id))[0]?.rateBp).toBe(1250);
    await send("PUT", "/api/v1/reseller-commissions/settings", admin, { defaultRateBp: 500 });

    const rates = await send("GET", "/api/v1/reseller-commissions/rates", admin);
    expect(rates.body.items.find((r: { organizationId: string }) => r.organizationId === reseller.id)).toMatchObject({
      ownRateBp: null,
      effectiveRateBp: 500,
    });
    const audit = await send("GET", `/api/v1/audit?action=commission.rate_changed&entityId=${reseller.id}`, admin);
    expect(audit.body.items).toHaveLength(2);
  });

  it("rates: a non-reseller organisation is 412, a rate over 100 % or a fraction is 400, a missing one 404", async () => {
    const vendorRate = await send("PUT", `/api/v1/reseller-commissions/rates/${world.orgs.vendor.id}`, admin, {
      rateBp: 100,
    });
    expect(vendorRate.status).toBe(412);
    expect(vendorRate.body.detail).toMatch(/only resellers earn commission/);
    for (const rateBp of [10_001, -1, 12.5, "ten"]) {
      const bad = await send("PUT", `/api/v1/reseller-commissions/rates/${world.orgs.resellerA.id}`, admin, { rateBp });
      expect(bad.status).toBe(400);
    }
    const missing = await send("PUT", `/api/v1/reseller-commissions/rates/${crypto.randomUUID()}`, admin, {
      rateBp: 1,
    });
    expect(missing.status).toBe(404);
  });
});

describe("staff approve, void and pay commissions", () => {
  let reseller: { id: string };
  const ids: string[] = [];
  beforeAll(async () => {
    reseller = await newOrganization("CM Payout Reseller", "reseller");
    for (const netMinor of [100_000, 200_000, 300_000]) {
      const { order } = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor });
      ids.push((await commissionOf(order.id))[0]?.id as string);
    }
  });

  it("approve: pending → approved, audited once; approving again changes nothing", async () => {
    const first = await send("POST", `/api/v1/reseller-commissions/${ids[0]}/approve`, admin);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "approved" });
    expect(first.body.approvedAt).toBeTruthy();
    const again = await send("POST", `/api/v1/reseller-commissions/${ids[0]}/approve`, admin);
    expect(again.body).toEqual(first.body);
    const audit = await send("GET", `/api/v1/audit?action=commission.approved&entityId=${ids[0]}`, admin);
    expect(audit.body.items).toHaveLength(1);
    await send("POST", `/api/v1/reseller-commissions/${ids[1]}/approve`, admin);
  });

  it("void: needs a reason (400); voids with it; a void one cannot be approved (412)", async () => {
    const noReason = await send("POST", `/api/v1/reseller-commissions/${ids[2]}/void`, admin, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.detail).toMatch(/reason/);
    const voided = await send("POST", `/api/v1/reseller-commissions/${ids[2]}/void`, admin, {
      reason: "Order refunded after installation failed",
    });
    expect(voided.body).toMatchObject({ status: "void", voidReason: "Order refunded after installation failed" });
    const approve = await send("POST", `/api/v1/reseller-commissions/${ids[2]}/approve`, admin);
    expect(approve.status).toBe(412);
    const filtered = await send(
      "GET",
      `/api/v1/reseller-commissions?resellerOrganizationId=${reseller.id}&status=approved`,
      admin,
    );
    expect(filtered.body.items.map((c: { id: string }) => c.id).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it("payout: groups the approved ones (total exact); a double submit is 412; paid marks them paid; void of a paid one is 412", async () => {
    const created = await send("POST", "/api/v1/reseller-payouts", admin, { resellerOrganizationId: reseller.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "draft",
      currency: "NGN",
      totalMinor: 5_000 + 10_000,
      commissionCount: 2,
      resellerName: "CM Payout Reseller",
    });
    expect(created.body.number).toMatch(/^PAY-\d{4}-\d{6}$/);
    expect(created.body.commissions.map((c: { id: string }) => c.id).sort()).toEqual([ids[0], ids[1]].sort());
    const twice = await send("POST", "/api/v1/reseller-payouts", admin, { resellerOrganizationId: reseller.id });
    expect(twice.status).toBe(412);
    const inPayout = await send("POST", `/api/v1/reseller-commissions/${ids[0]}/void`, admin, { reason: "x" });
    expect(inPayout.status).toBe(412);

    const badMethod = await send("POST", `/api/v1/reseller-payouts/${created.body.id}/mark-paid`, admin, {
      method: "carrier pigeon",
      reference: "x",
      paidOn: "2026-12-04",
    });
    expect(badMethod.status).toBe(400);
    const paid = await send("POST", `/api/v1/reseller-payouts/${created.body.id}/mark-paid`, admin, {
      method: "bank_transfer",
      reference: "GTB-TRF-0099812",
      paidOn: "2026-12-04",
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: "paid",
      method: "bank_transfer",
      reference: "GTB-TRF-0099812",
      paidOn: "2026-12-04",
    });
    expect(
      paid.body.commissions.every((c: { status: string; paidAt: string }) => c.status === "paid" && c.paidAt),
    ).toBe(true);
    const again = await send("POST", `/api/v1/reseller-payouts/${created.body.id}/mark-paid`, admin, {
      method: "cash",
      reference: "other",
      paidOn: "2026-12-05",
    });
    expect(again.body).toMatchObject({ method: "bank_transfer", reference: "GTB-TRF-0099812" });
    const voidPaid = await send("POST", `/api/v1/reseller-payouts/${created.body.id}/void`, admin, { reason: "oops" });
    expect(voidPaid.status).toBe(412);
    const voidCommission = await send("POST", `/api/v1/reseller-commissions/${ids[0]}/void`, admin, { reason: "x" });
    expect(voidCommission.status).toBe(412);
    const audit = await send("GET", `/api/v1/audit?action=reseller_payout.paid&entityId=${created.body.id}`, admin);
    expect(audit.body.items).toHaveLength(1);
  });

  it("void a draft payout: its commissions are approved again and go into the next payout", async () => {
    const { order } = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 40_000 });
    const [row] = await commissionOf(order.id);
    await send("POST", `/api/v1/reseller-commissions/${row?.id}/approve`, admin);
    const draft = await send("POST", "/api/v1/reseller-payouts", admin, {
      resellerOrganizationId: reseller.id,
      commissionIds: [row?.id],
    });
    expect(draft.body.totalMinor).toBe(2_000);
    const voided = await send("POST", `/api/v1/reseller-payouts/${draft.body.id}/void`, admin, {
      reason: "Wrong bank account",
    });
    expect(voided.body).toMatchObject({ status: "void", voidReason: "Wrong bank account", commissionCount: 1 });
    const released = await send("GET", `/api/v1/reseller-commissions/${row?.id}`, admin);
    expect(released.body).toMatchObject({ status: "approved", payoutId: null });
    const next = await send("POST", "/api/v1/reseller-payouts", admin, { resellerOrganizationId: reseller.id });
    expect(next.body.commissions.map((c: { id: string }) => c.id)).toEqual([row?.id]);
    const list = await send("GET", `/api/v1/reseller-payouts?resellerOrganizationId=${reseller.id}`, admin);
    expect(list.body.items.map((p: { status: string }) => p.status)).toEqual(["draft", "void", "paid"]);
  });

  it("payout input: a commission of another reseller is 412 naming it; none waiting is 412; a bad currency 400", async () => {
    const other = await paidOrder({
      personId: customerId,
      resellerOrganizationId: world.orgs.resellerB.id,
      netMinor: 10,
    });
    const [foreign] = await commissionOf(other.order.id);
    const wrong = await send("POST", "/api/v1/reseller-payouts", admin, {
      resellerOrganizationId: reseller.id,
      commissionIds: [foreign?.id],
    });
    expect(wrong.status).toBe(412);
    expect(wrong.body.detail).toContain(foreign?.id);
    const empty = await send("POST", "/api/v1/reseller-payouts", admin, {
      resellerOrganizationId: world.orgs.childA.id,
    });
    expect(empty.status).toBe(412);
    const currency = await send("POST", "/api/v1/reseller-payouts", admin, {
      resellerOrganizationId: reseller.id,
      currency: "naira",
    });
    expect(currency.status).toBe(400);
  });

  it("summary: count and exact sum per currency and status", async () => {
    const res = await send("GET", `/api/v1/reseller-commissions/summary?resellerOrganizationId=${reseller.id}`, admin);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { currency: "NGN", status: "approved", count: 1, amountMinor: 2_000 },
      { currency: "NGN", status: "paid", count: 2, amountMinor: 15_000 },
      { currency: "NGN", status: "void", count: 1, amountMinor: 15_000 },
    ]);
  });
});

describe("who may see and change commissions", () => {
  it("support staff without operations:reseller are 403; no credentials 401; a reseller token is not a staff credential (401)", async () => {
    expect((await send("GET", "/api/v1/reseller-commissions", support)).status).toBe(403);
    expect(
      (await send("POST", "/api/v1/reseller-payouts", support, { resellerOrganizationId: world.orgs.resellerA.id }))
        .status,
    ).toBe(403);
    expect((await send("GET", "/api/v1/reseller-payouts", {})).status).toBe(401);
    expect((await send("GET", "/api/v1/reseller-commissions", resellerApp)).status).toBe(401);
    expect((await send("GET", "/api/v1/reseller-commissions/not-a-uuid", admin)).status).toBe(400);
    expect((await send("GET", `/api/v1/reseller-commissions/${crypto.randomUUID()}`, admin)).status).toBe(404);
    expect((await send("GET", "/api/v1/reseller-commissions?cursor=garbage", admin)).status).toBe(400);
  });

  it("an operator (the role v1 gave reseller commissions) approves", async () => {
    await Auth.createUser({
      email: "cm-operator@example.com",
      password: "correct horse battery staple",
      displayName: "Ola Operator",
      roles: ["operator"],
    });
    const operator = bearer(
      (await passwordSignIn({ email: "cm-operator@example.com", password: "correct horse battery staple" }))
        .accessToken,
    );
    const { order } = await paidOrder({
      personId: customerId,
      resellerOrganizationId: world.orgs.resellerA.id,
      netMinor: 20,
    });
    const [row] = await commissionOf(order.id);
    const res = await send("POST", `/api/v1/reseller-commissions/${row?.id}/approve`, operator);
    expect(res.status).toBe(200);
  });
});

describe("the demo", () => {
  it("Lagoon Networks has a paid order with its commission paid in a payout, and one pending; a rerun adds nothing", async () => {
    const lagoon = await newOrganization("Lagoon Networks", "reseller");
    const user = await Auth.fromEmail("cm-admin@example.com");
    if (!user) throw new Error("no admin");
    const adminActor = staffActor({ id: user.id, email: user.email, roles: ["admin"] });
    await seedReseller(adminActor);
    await seedReseller(adminActor);
    const list = await send("GET", `/api/v1/reseller-commissions?resellerOrganizationId=${lagoon.id}`, admin);
    expect(list.body.items.map((c: { status: string }) => c.status).sort()).toEqual(["paid", "pending"]);
    const payouts = await send("GET", `/api/v1/reseller-payouts?resellerOrganizationId=${lagoon.id}`, admin);
    expect(payouts.body.items).toHaveLength(1);
    expect(payouts.body.items[0]).toMatchObject({ status: "paid", reference: "GTB-TRF-20261201-0042" });
  });
});
