import * as Auth from "@dotmac/core/auth";
import * as Commission from "@dotmac/core/commission";
import { commissionTable } from "@dotmac/core/commission/commission.sql";
import { seedReseller } from "@dotmac/core/demo";
import { dispatch } from "@dotmac/core/events";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { emit } from "@dotmac/core/platform/outbox";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Quote from "@dotmac/core/quote";
import { salesOrderTable } from "@dotmac/core/quote/quote.sql";
import { and, eq, sql } from "drizzle-orm";
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

describe("a cancelled or refunded order's commission is reversed once", () => {
  const system = { type: "system", properties: { job: "test" } } as const;
  let reseller: { id: string };
  const cancel = (id: string) => withActor(system, () => Quote.Order.cancel({ id, reason: "Customer withdrew" }));
  const refunded = (salesOrderId: string, resellerOrganizationId: string) =>
    withActor(system, () =>
      createTransaction(() => emit(Quote.Events.SalesOrderRefunded, { salesOrderId, resellerOrganizationId })),
    );
  const audits = async (action: string, entityId: string) =>
    (await send("GET", `/api/v1/audit?action=${action}&entityId=${entityId}`, admin)).body.items.length;
  const redeliver = async (type: string, orderId: string) => {
    const events = await useTransaction((tx) =>
      tx
        .select()
        .from(outboxTable)
        .where(and(eq(outboxTable.type, type), sql`${outboxTable.payload}->>'salesOrderId' = ${orderId}`)),
    );
    for (const e of events) {
      await dispatch({ id: e.id, type: e.type, occurredAt: e.occurredAt.toISOString(), payload: e.payload });
    }
    return events.length;
  };
  beforeAll(async () => {
    reseller = await newOrganization("CM Reversal Reseller", "reseller");
  });

  // Each row: the commission's state when its order is cancelled or refunded, and what the reversal leaves.
  const table = [
    { state: "pending", event: "cancelled", status: "void", adjustment: null },
    { state: "approved", event: "refunded", status: "void", adjustment: null },
    { state: "in a draft payout", event: "cancelled", status: "void", adjustment: null },
    { state: "paid", event: "refunded", status: "paid", adjustment: -1_500 },
    { state: "paid", event: "cancelled", status: "paid", adjustment: -1_500 },
  ] as const;
  for (const row of table) {
    it(`${row.state}, order ${row.event} twice (and the other event too) → ${row.status}, one reversal`, async () => {
      const { order } = await paidOrder({
        personId: customerId,
        resellerOrganizationId: reseller.id,
        netMinor: 30_000,
      });
      const [c] = await commissionOf(order.id);
      const id = c?.id as string;
      let payoutId: string | undefined;
      if (row.state !== "pending") await send("POST", `/api/v1/reseller-commissions/${id}/approve`, admin);
      if (row.state === "in a draft payout" || row.state === "paid") {
        const p = await send("POST", "/api/v1/reseller-payouts", admin, {
          resellerOrganizationId: reseller.id,
          commissionIds: [id],
        });
        payoutId = p.body.id;
      }
      if (row.state === "paid") {
        await send("POST", `/api/v1/reseller-payouts/${payoutId}/mark-paid`, admin, {
          method: "cash",
          reference: "R-1",
          paidOn: "2026-12-04",
        });
      }
      const type = `sales_order.${row.event}`;
      if (row.event === "cancelled") await cancel(order.id);
      else await refunded(order.id, reseller.id);
      // The same event delivered again, the other event, and staff's manual reversal change nothing more.
      expect(await redeliver(type, order.id)).toBe(1);
      if (row.event === "cancelled") await refunded(order.id, reseller.id);
      else await cancel(order.id);
      const manual = await send("POST", `/api/v1/reseller-commissions/${id}/reverse`, admin, { reason: "refunded" });
      expect(manual.status).toBe(200);
      expect(manual.body).toMatchObject({ status: row.status, reversalReason: row.event });
      expect(manual.body.reversedAt).toBeTruthy();
      const adjustments = await send(
        "GET",
        `/api/v1/reseller-commissions/adjustments?resellerOrganizationId=${reseller.id}`,
        admin,
      );
      const mine = adjustments.body.items.filter((a: { commissionId: string }) => a.commissionId === id);
      expect(mine.map((a: { amountMinor: number }) => a.amountMinor)).toEqual(row.adjustment ? [row.adjustment] : []);
      const action = row.adjustment ? "commission.adjustment_created" : "commission.reversed";
      expect(await audits(action, id)).toBe(1);
      if (row.state === "in a draft payout") {
        const payout = await send("GET", `/api/v1/reseller-payouts/${payoutId}`, admin);
        expect(payout.body).toMatchObject({ totalMinor: 0, commissionCount: 0, commissions: [] });
      }
    });
  }

  it("the next payout deducts the claw-backs; one larger than the payout waits for a later one", async () => {
    const { order } = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 100_000 });
    const [c] = await commissionOf(order.id);
    await send("POST", `/api/v1/reseller-commissions/${c?.id}/approve`, admin);
    // The first paid row's claw-back went into the second's payout (1 500 − 1 500); the second's waits.
    const payout = await send("POST", "/api/v1/reseller-payouts", admin, { resellerOrganizationId: reseller.id });
    expect(payout.status).toBe(201);
    expect(payout.body).toMatchObject({ totalMinor: 3_500, adjustmentMinor: -1_500, commissionCount: 1 });
    expect(payout.body.adjustments).toHaveLength(1);
    const paid = await send("POST", `/api/v1/reseller-payouts/${payout.body.id}/mark-paid`, admin, {
      method: "cash",
      reference: "R-2",
      paidOn: "2026-12-05",
    });
    expect(paid.body.adjustments.map((a: { status: string }) => a.status)).toEqual(["applied"]);
    // Its refund claws back 5 000; a 1 000 commission cannot carry it, so the payout pays 1 000 and it waits.
    await refunded(order.id, reseller.id);
    const small = await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 20_000 });
    const [s] = await commissionOf(small.order.id);
    await send("POST", `/api/v1/reseller-commissions/${s?.id}/approve`, admin);
    const next = await send("POST", "/api/v1/reseller-payouts", admin, { resellerOrganizationId: reseller.id });
    expect(next.body).toMatchObject({ totalMinor: 1_000, adjustmentMinor: 0, adjustments: [] });
    const waiting = await send(
      "GET",
      `/api/v1/reseller-commissions/adjustments?resellerOrganizationId=${reseller.id}&status=pending`,
      admin,
    );
    expect(waiting.body.items.map((a: { amountMinor: number }) => a.amountMinor)).toEqual([-5_000]);
  });

  it("a paid order cancelled before its paid event is handled accrues nothing", async () => {
    const order = await newOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 10_000 });
    await cancel(order.id);
    await useTransaction((tx) =>
      tx.update(salesOrderTable).set({ paymentStatus: "paid" }).where(eq(salesOrderTable.id, order.id)),
    );
    expect(await withActor(system, () => Commission.accrue({ salesOrderId: order.id }))).toBeNull();
  });

  it("reverse input: an unknown reason is 400, a missing commission 404, support staff 403", async () => {
    const [c] = await commissionOf(
      (await paidOrder({ personId: customerId, resellerOrganizationId: reseller.id, netMinor: 10 })).order.id,
    );
    expect(
      (await send("POST", `/api/v1/reseller-commissions/${c?.id}/reverse`, admin, { reason: "whim" })).status,
    ).toBe(400);
    expect(
      (await send("POST", `/api/v1/reseller-commissions/${crypto.randomUUID()}/reverse`, admin, { reason: "refunded" }))
        .status,
    ).toBe(404);
    expect(
      (await send("POST", `/api/v1/reseller-commissions/${c?.id}/reverse`, support, { reason: "refunded" })).status,
    ).toBe(403);
    expect((await send("GET", "/api/v1/reseller-commissions/adjustments", support)).status).toBe(403);
  });
});

describe("a sub-reseller without its own rate earns its parent's", () => {
  it("child → parent's rate → the default, audited with whose rate it was", async () => {
    const parent = await newOrganization("CM Parent Reseller", "reseller");
    const child = await newOrganization("CM Sub Reseller", "reseller", parent.id);
    const grandchild = await newOrganization("CM Sub-sub Reseller", "reseller", child.id);
    const plain = await paidOrder({ personId: customerId, resellerOrganizationId: grandchild.id, netMinor: 10_000 });
    expect((await commissionOf(plain.order.id))[0]).toMatchObject({ rateBp: 500, amountMinor: 500 });
    await send("PUT", `/api/v1/reseller-commissions/rates/${parent.id}`, admin, { rateBp: 1000 });
    const inherited = await paidOrder({
      personId: customerId,
      resellerOrganizationId: grandchild.id,
      netMinor: 10_000,
    });
    const [row] = await commissionOf(inherited.order.id);
    expect(row).toMatchObject({ rateBp: 1000, amountMinor: 1000 });
    const audit = await send("GET", `/api/v1/audit?action=commission.accrued&entityId=${row?.id}`, admin);
    expect(JSON.stringify(audit.body.items[0].changes)).toContain(parent.id);
    await send("PUT", `/api/v1/reseller-commissions/rates/${child.id}`, admin, { rateBp: 700 });
    const nearest = await paidOrder({ personId: customerId, resellerOrganizationId: grandchild.id, netMinor: 10_000 });
    expect((await commissionOf(nearest.order.id))[0]).toMatchObject({ rateBp: 700 });
    const rates = await send("GET", "/api/v1/reseller-commissions/rates", admin);
    const of = (id: string) => rates.body.items.find((r: { organizationId: string }) => r.organizationId === id);
    expect(of(grandchild.id)).toMatchObject({ ownRateBp: null, inheritedFromId: child.id, effectiveRateBp: 700 });
    expect(of(child.id)).toMatchObject({ ownRateBp: 700, inheritedFromId: null });
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
  it("Lagoon Networks has a paid order with its commission paid in a payout, one pending, one reversed; a rerun adds nothing", async () => {
    const lagoon = await newOrganization("Lagoon Networks", "reseller");
    const user = await Auth.fromEmail("cm-admin@example.com");
    if (!user) throw new Error("no admin");
    const adminActor = staffActor({ id: user.id, email: user.email, roles: ["admin"] });
    await seedReseller(adminActor);
    await seedReseller(adminActor);
    const list = await send("GET", `/api/v1/reseller-commissions?resellerOrganizationId=${lagoon.id}`, admin);
    expect(list.body.items.map((c: { status: string }) => c.status).sort()).toEqual(["paid", "pending", "void"]);
    expect(list.body.items.find((c: { status: string }) => c.status === "void")).toMatchObject({
      reversalReason: "cancelled",
    });
    const payouts = await send("GET", `/api/v1/reseller-payouts?resellerOrganizationId=${lagoon.id}`, admin);
    expect(payouts.body.items).toHaveLength(1);
    expect(payouts.body.items[0]).toMatchObject({ status: "paid", reference: "GTB-TRF-20261201-0042" });
  });
});
