import * as Auth from "@dotmac/core/auth";
import type { MovementInfo } from "@dotmac/core/inventory";
import * as Inventory from "@dotmac/core/inventory";
import * as Jobs from "@dotmac/core/jobs";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { workOrderAssignmentTable, workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let admin: Headers;
let keeper: Headers;
let tech: Headers;
let other: Headers;
let dispatcher: Headers;
let techId: string;
let dispatcherId: string;
let otherId: string;
let keeperId: string;
const password = "correct horse battery staple";
let warehouse: string;
let van: string;
let otherVan: string;
let cable: string;
let ont: string;
let woSeq = 0;

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
  };
};
const get = (path: string, headers: Headers = admin) => send("GET", path, headers);
const post = (path: string, headers: Headers, body: unknown = {}) => send("POST", path, headers, body);

async function user(email: string, roles: string[]): Promise<[string, Headers]> {
  const created = await Auth.createUser({ email, password, displayName: email.split("@")[0] as string, roles });
  const token = (await passwordSignIn({ email, password })).accessToken;
  return [created.id, { authorization: `Bearer ${token}`, "content-type": "application/json" }];
}

/** A job assigned to `assignees` (the first primary); the work-order verbs are another domain's. */
async function workOrder(assignees: string[], status: "scheduled" | "completed" = "scheduled") {
  woSeq += 1;
  return useTransaction(async (tx) => {
    const [wo] = await tx
      .insert(workOrderTable)
      .values({ number: `WO-T-${woSeq}`, title: `Install ${woSeq}`, status, primaryAssigneeId: assignees[0] ?? null })
      .returning();
    const id = (wo as { id: string }).id;
    if (assignees.length) {
      await tx
        .insert(workOrderAssignmentTable)
        .values(assignees.map((userId, i) => ({ workOrderId: id, userId, isPrimary: i === 0 })));
    }
    return id;
  });
}

const stockOf = async (itemId: string, locationId: string) =>
  (await get(`/api/v1/inventory/stock?itemId=${itemId}&locationId=${locationId}`)).body.items[0] as {
    onHand: number;
    reserved: number;
    available: number;
    low: boolean;
  };
const drift = () => withActor({ type: "system", properties: { job: "test" } }, () => Inventory.ledgerDrift());

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  [keeperId, keeper] = await user("keeper@example.com", ["storekeeper"]);
  [techId, tech] = await user("tech@example.com", ["field_technician"]);
  [otherId, other] = await user("other@example.com", ["field_technician"]);
  [dispatcherId, dispatcher] = await user("dispatch@example.com", ["dispatcher"]);
  warehouse = (await post("/api/v1/inventory/locations", keeper, { name: "Main warehouse", kind: "warehouse" })).body
    .id;
  van = (await post("/api/v1/inventory/locations", keeper, { name: "Van 1", kind: "van", ownerUserId: techId })).body
    .id;
  otherVan = (await post("/api/v1/inventory/locations", keeper, { name: "Van 2", kind: "van", ownerUserId: otherId }))
    .body.id;
  cable = (await post("/api/v1/inventory/items", keeper, { name: "Drop cable", unit: "m", unitPriceMinor: 150 })).body
    .id;
  ont = (
    await post("/api/v1/inventory/items", keeper, { name: "ONT HG8245", serialized: true, unitPriceMinor: 4500000 })
  ).body.id;
});
afterAll(() => t.close());

describe("inventory API", () => {
  it("items are numbered from the sequence; locations are warehouses or one van per technician", async () => {
    const items = (await get("/api/v1/inventory/items", keeper)).body.items;
    expect(items.map((i: { sku: string }) => i.sku)).toEqual(["ITM-00001", "ITM-00002"]);
    const patched = await send("PATCH", `/api/v1/inventory/items/${cable}`, keeper, {
      unitPriceMinor: 175,
      currency: "ngn",
    });
    expect(patched.body).toMatchObject({ unitPriceMinor: 175, currency: "NGN" });
    const second = await post("/api/v1/inventory/locations", keeper, {
      name: "Van 3",
      kind: "van",
      ownerUserId: techId,
    });
    expect(second.status).toBe(409);
    const ownerless = await post("/api/v1/inventory/locations", keeper, { name: "Van 4", kind: "van" });
    expect(ownerless.status).toBe(400);
    expect((await post("/api/v1/inventory/items", tech, { name: "Nope" })).status).toBe(403);
    expect((await get("/api/v1/inventory/locations", tech)).body.items.map((l: { id: string }) => l.id)).toEqual([van]);
    expect((await get("/api/v1/inventory/my-van", tech)).body).toMatchObject({ id: van, ownerName: "tech" });
  });

  it("every movement is a ledger row; CHECKs keep stock from going negative; balances equal the ledger", async () => {
    expect(
      (await post("/api/v1/inventory/stock/receive", keeper, { locationId: warehouse, itemId: cable, quantity: 500 }))
        .status,
    ).toBe(200);
    const tooMuch = await post("/api/v1/inventory/stock/adjust", keeper, {
      locationId: warehouse,
      itemId: cable,
      delta: -600,
      reason: "lost",
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.detail).toContain("Only 500 of Drop cable");
    const moved = await post("/api/v1/inventory/transfers", keeper, {
      fromLocationId: warehouse,
      toLocationId: van,
      lines: [{ itemId: cable, quantity: 100 }],
    });
    expect(moved.status).toBe(201);
    const counted = await post("/api/v1/inventory/stock/count", keeper, {
      locationId: van,
      reason: "Monthly count",
      lines: [{ itemId: cable, counted: 98 }],
    });
    expect(counted.body.items[0]).toMatchObject({ onHand: 98, reserved: 0 });
    expect(
      (
        await post("/api/v1/inventory/stock/adjust", keeper, {
          locationId: van,
          itemId: cable,
          delta: 2,
          reason: "found",
        })
      ).body,
    ).toMatchObject({ onHand: 100 });
    const ledger = (await get(`/api/v1/inventory/movements?itemId=${cable}&locationId=${van}`)).body.items;
    expect(ledger.map((m: { kind: string; onHandDelta: number }) => [m.kind, m.onHandDelta])).toEqual([
      ["adjustment", 2],
      ["count", -2],
      ["transfer_in", 100],
    ]);
    const csv = await get(`/api/v1/inventory/movements.csv?itemId=${cable}`);
    expect(csv.status).toBe(200);
    expect(String(csv.body).split("\n")[0]).toContain("on_hand_delta");
    // The database itself refuses a negative balance, whatever code runs.
    await expect(
      useTransaction((tx) => tx.execute(sql`update inventory_stock set reserved = on_hand + 1`)),
    ).rejects.toThrow();
    // …and keeps the ledger append-only: a movement is corrected by another movement, never edited away.
    const rows = async () => {
      const result = await useTransaction((tx) => tx.execute(sql`select count(*)::int as n from inventory_movement`));
      return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n);
    };
    const before = await rows();
    const refusal = (statement: ReturnType<typeof sql>) =>
      useTransaction((tx) => tx.execute(statement)).then(
        () => "allowed",
        (error: Error & { cause?: Error }) => `${error.message} ${error.cause?.message ?? ""}`,
      );
    expect(await refusal(sql`update inventory_movement set on_hand_delta = 0`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from inventory_movement`)).toMatch(/append-only/);
    expect(await rows()).toBe(before);
    expect(await drift()).toEqual([]);
  });

  it("200 concurrent reservations against 10 units reserve exactly 10; the 190 others get a 409 saying what is free", async () => {
    const item = (await post("/api/v1/inventory/items", keeper, { name: "Splitter 1:8" })).body.id;
    await post("/api/v1/inventory/stock/receive", keeper, { locationId: warehouse, itemId: item, quantity: 10 });
    const job = await workOrder([techId]);
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        post(`/api/v1/inventory/work-orders/${job}/materials`, dispatcher, {
          itemId: item,
          quantity: 1,
          locationId: warehouse,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(190);
    const refused = results.find((r) => r.status === 409);
    expect(refused?.body.detail).toMatch(/^Only 0 of Splitter 1:8 .* available \(10 on hand, 10 reserved\); 1 asked$/);
    expect(await stockOf(item, warehouse)).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    expect((await get(`/api/v1/inventory/work-orders/${job}/materials`)).body.items).toHaveLength(10);
    expect(await drift()).toEqual([]);
  });

  it("reservations: plan from the technician's van, consume on the job (idempotent), release, expire", async () => {
    const job = await workOrder([techId]);
    const planned = await post(`/api/v1/inventory/work-orders/${job}/materials`, dispatcher, {
      itemId: cable,
      quantity: 30,
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ locationId: van, quantity: 30, reservedQuantity: 30, status: "reserved" });
    const line = planned.body.id;
    expect(await stockOf(cable, van)).toMatchObject({ onHand: 100, reserved: 30 });
    const path = `/api/v1/inventory/work-orders/${job}/materials/${line}/consume`;
    // Only the job's assigned technicians consume.
    expect((await post(path, other, { quantity: 1, clientRef: "x" })).status).toBe(403);
    expect((await post(path, dispatcher, { quantity: 1, clientRef: "x" })).status).toBe(403);
    const first = await post(path, tech, { quantity: 20, clientRef: "c-1" });
    expect(first.body).toMatchObject({ duplicate: false, line: { consumedQuantity: 20, reservedQuantity: 10 } });
    const replay = await post(path, tech, { quantity: 20, clientRef: "c-1" });
    expect(replay.body).toMatchObject({ duplicate: true, line: { consumedQuantity: 20 } });
    expect(await stockOf(cable, van)).toMatchObject({ onHand: 80, reserved: 10 });
    // More than reserved: the rest comes from free stock, or is refused saying what is free.
    const beyond = await post(path, tech, { quantity: 15, clientRef: "c-2" });
    expect(beyond.body.line).toMatchObject({
      consumedQuantity: 35,
      quantity: 35,
      status: "consumed",
      reservedQuantity: 0,
    });
    expect(await stockOf(cable, van)).toMatchObject({ onHand: 65, reserved: 0 });
    const refused = await post(path, tech, { quantity: 66, clientRef: "c-3" });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain("Only 65");
    const materials = (await get(`/api/v1/inventory/work-orders/${job}/materials`, tech)).body.items;
    expect(materials[0]).toMatchObject({ id: line, sku: "ITM-00001", unit: "m", quantity: 35, consumedQuantity: 35 });
    expect((await get(`/api/v1/inventory/work-orders/${job}/materials`, other)).status).toBe(404);

    // Release gives back what is left; expiry does it on schedule.
    const second = (
      await post(`/api/v1/inventory/work-orders/${job}/materials`, keeper, { itemId: cable, quantity: 5 })
    ).body;
    const released = await post(`/api/v1/inventory/work-orders/${job}/materials/${second.id}/release`, dispatcher);
    expect(released.body).toMatchObject({ status: "released", reservedQuantity: 0 });
    const third = (
      await post(`/api/v1/inventory/work-orders/${job}/materials`, keeper, {
        itemId: cable,
        quantity: 4,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
    ).body;
    expect(await stockOf(cable, van)).toMatchObject({ reserved: 4 });
    const later = new Date(Date.now() + 2 * 3_600_000);
    const expired = await withActor({ type: "system", properties: { job: "test" } }, () =>
      Inventory.expireReservations(later),
    );
    expect(expired.expired).toBeGreaterThanOrEqual(1);
    expect((await get(`/api/v1/inventory/work-orders/${job}/materials`)).body.items[2]).toMatchObject({
      id: third.id,
      status: "expired",
    });
    expect(await stockOf(cable, van)).toMatchObject({ reserved: 0 });
    // The ledger holds what changed on hand: the two consumptions, each with the part its reservation gave.
    // Reserving, releasing and expiring are recorded by the lines (and a release's person by the audit).
    const ledger = (await get(`/api/v1/inventory/movements?workOrderId=${job}`)).body.items;
    expect(ledger.map((m: MovementInfo) => [m.kind, m.onHandDelta, m.reservedDelta, m.lineId])).toEqual([
      ["consume", -15, -10, line],
      ["consume", -20, -20, line],
    ]);
    expect((await get("/api/v1/inventory/movements?kind=reserve")).status).toBe(400);
    const audit = await useTransaction((tx) =>
      tx.execute(sql`select actor_id, changes from audit_event where action = 'inventory.reservation_released'
                        and entity_id = ${second.id}`),
    );
    expect((audit as unknown as { rows: unknown[] }).rows).toEqual([
      { actor_id: dispatcherId, changes: { reserved: { from: 5, to: 0 } } },
    ]);
    // A completed job's reservations go back with the registered job.
    const done = await workOrder([techId]);
    await post(`/api/v1/inventory/work-orders/${done}/materials`, keeper, { itemId: cable, quantity: 2 });
    await useTransaction((tx) => tx.execute(sql`update work_order set status = 'completed' where id = ${done}`));
    await Jobs.run("inventory.expire_reservations");
    expect(await stockOf(cable, van)).toMatchObject({ reserved: 0 });
    expect(await drift()).toEqual([]);
  });

  it("serial units: received with serials, moved, installed at a job by equipment capture from the van", async () => {
    const received = await post("/api/v1/inventory/stock/receive", keeper, {
      locationId: warehouse,
      itemId: ont,
      quantity: 3,
      serials: ["HWTC0001", "HWTC0002", "HWTC0003"],
    });
    expect(received.body).toMatchObject({ onHand: 3 });
    const noSerials = await post("/api/v1/inventory/stock/receive", keeper, {
      locationId: warehouse,
      itemId: ont,
      quantity: 1,
    });
    expect(noSerials.status).toBe(400);
    const dup = await post("/api/v1/inventory/stock/receive", keeper, {
      locationId: warehouse,
      itemId: ont,
      quantity: 1,
      serials: ["HWTC0001"],
    });
    expect(dup.status).toBe(409);
    await post("/api/v1/inventory/transfers", keeper, {
      fromLocationId: warehouse,
      toLocationId: van,
      lines: [{ itemId: ont, quantity: 1, serials: ["HWTC0001"] }],
    });
    const job = await workOrder([techId]);
    const path = `/api/v1/inventory/work-orders/${job}/equipment`;
    const captured = await post(path, tech, { clientRef: "eq-1", serial: "HWTC0001" });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({
      duplicate: false,
      itemId: ont,
      line: { consumedQuantity: 1, locationId: van },
    });
    expect((await post(path, tech, { clientRef: "eq-1", serial: "HWTC0001" })).body.duplicate).toBe(true);
    expect(await stockOf(ont, van)).toMatchObject({ onHand: 0 });
    const unit = (await get("/api/v1/inventory/serials?serial=HWTC0001")).body.items[0];
    expect(unit).toMatchObject({ status: "installed", workOrderId: job, locationId: null });
    const inWarehouse = await post(path, tech, { clientRef: "eq-2", serial: "HWTC0002" });
    expect(inWarehouse.status).toBe(409);
    expect(inWarehouse.body.detail).toContain("Main warehouse");
    expect((await post(path, tech, { clientRef: "eq-3", serial: "NOPE" })).status).toBe(404);
    expect((await post(path, other, { clientRef: "eq-4", serial: "HWTC0002" })).status).toBe(403);
    expect(await drift()).toEqual([]);
  });

  it("material requests: submitted by a technician, approved (in the body), issued as a transfer, fulfilled", async () => {
    const created = await post("/api/v1/material-requests", tech, {
      fromLocationId: warehouse,
      items: [
        { itemId: cable, quantity: 50 },
        { itemId: ont, quantity: 1 },
      ],
      note: "For tomorrow's installs",
      submit: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: expect.stringMatching(/^MR-\d{4}-00001$/),
      status: "submitted",
      toLocationId: van,
    });
    const id = created.body.id;
    expect((await post(`/api/v1/material-requests/${id}/approve`, tech, {})).status).toBe(403);
    expect((await get(`/api/v1/material-requests/${id}`, other)).status).toBe(404);
    expect((await get("/api/v1/material-requests", other)).body.items).toEqual([]);
    expect((await post(`/api/v1/material-requests/${id}/reject`, keeper, {})).status).toBe(400);
    const approved = await post(`/api/v1/material-requests/${id}/approve`, keeper, { note: "OK" });
    expect(approved.body).toMatchObject({ status: "approved", decisionNote: "OK" });
    const noSerial = await post(`/api/v1/material-requests/${id}/issue`, keeper, {});
    expect(noSerial.status).toBe(400);
    const issued = await post(`/api/v1/material-requests/${id}/issue`, keeper, {
      serials: [{ itemId: ont, serials: ["HWTC0002"] }],
    });
    expect(issued.body.status).toBe("issued");
    expect((await post(`/api/v1/material-requests/${id}/issue`, keeper, {})).body.status).toBe("issued");
    expect(await stockOf(ont, van)).toMatchObject({ onHand: 1 });
    const ledger = (await get(`/api/v1/inventory/movements?itemId=${ont}&kind=transfer_in`)).body.items;
    expect(ledger[0]).toMatchObject({ materialRequestId: id, locationId: van, serials: ["HWTC0002"] });
    expect((await post(`/api/v1/material-requests/${id}/fulfill`, tech)).body.status).toBe("fulfilled");
    expect((await post(`/api/v1/material-requests/${id}/cancel`, tech)).status).toBe(412);
    const same = await post("/api/v1/material-requests", keeper, {
      fromLocationId: warehouse,
      toLocationId: warehouse,
      items: [{ itemId: cable, quantity: 1 }],
    });
    expect(same.status).toBe(400);
    expect(await drift()).toEqual([]);
  });

  it("low stock alerts each crossing below the reorder level once, to storekeepers and admins", async () => {
    const item = (await post("/api/v1/inventory/items", keeper, { name: "Patch cord" })).body.id;
    await post("/api/v1/inventory/stock/receive", keeper, { locationId: warehouse, itemId: item, quantity: 25 });
    const set = await send("PUT", "/api/v1/inventory/stock/reorder-level", keeper, {
      locationId: warehouse,
      itemId: item,
      reorderLevel: 20,
    });
    expect(set.body).toMatchObject({ low: false });
    const alerts = async () =>
      (await get("/api/v1/notifications", keeper)).body.items.filter((n: { title: string }) =>
        n.title.includes("Patch cord"),
      );
    await post("/api/v1/inventory/transfers", keeper, {
      fromLocationId: warehouse,
      toLocationId: van,
      lines: [{ itemId: item, quantity: 6 }],
    });
    await post("/api/v1/inventory/transfers", keeper, {
      fromLocationId: warehouse,
      toLocationId: van,
      lines: [{ itemId: item, quantity: 1 }],
    });
    expect(await alerts()).toHaveLength(1);
    expect((await alerts())[0]).toMatchObject({ kind: "inventory_low_stock", body: "19 available, reorder level 20." });
    const low = (await get(`/api/v1/inventory/stock?low=true&locationId=${warehouse}`, keeper)).body.items;
    expect(low.map((s: { itemId: string }) => s.itemId)).toEqual([item]);
    await post("/api/v1/inventory/stock/receive", keeper, { locationId: warehouse, itemId: item, quantity: 10 });
    await post("/api/v1/inventory/transfers", keeper, {
      fromLocationId: warehouse,
      toLocationId: van,
      lines: [{ itemId: item, quantity: 10 }],
    });
    expect(await alerts()).toHaveLength(2);
    expect((await get("/api/v1/notifications", tech)).body.items).toEqual([]);
    void keeperId;
  });

  it("scoping: a technician reads their own van and jobs only; nobody reaches stock without a key", async () => {
    expect((await get(`/api/v1/inventory/stock?locationId=${van}`, tech)).status).toBe(200);
    expect((await get(`/api/v1/inventory/stock?locationId=${otherVan}`, tech)).status).toBe(404);
    expect((await get("/api/v1/inventory/stock", tech)).status).toBe(403);
    expect((await get(`/api/v1/inventory/movements?locationId=${otherVan}`, tech)).status).toBe(404);
    expect((await get("/api/v1/inventory/stock", dispatcher)).status).toBe(200);
    expect((await api.request("/api/v1/inventory/stock")).status).toBe(401);
    const job = await workOrder([otherId]);
    expect((await get(`/api/v1/inventory/work-orders/${job}/materials`, tech)).status).toBe(404);
    expect((await get(`/api/v1/inventory/work-orders/${job}/materials`, other)).status).toBe(200);
    expect((await get("/api/v1/inventory/work-orders/not-a-uuid/materials")).status).toBe(400);
  });
});
