import * as Auth from "@dotmac/core/auth";
import { useLocalBlobStore } from "@dotmac/core/platform/blob";
import { useConfig } from "@dotmac/core/platform/config";
import { useTransaction } from "@dotmac/core/platform/db";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { fold, type LogEntry } from "@dotmac/core/workorder";
import type { FieldEvent, WorkOrderStatus } from "@dotmac/core/workorder/workorder.sql";
import { blobRoutes } from "@dotmac/functions/local/blob-routes";
import { like } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newSubscriber, PASSWORD } from "../support/portals";

/** The first bytes of a real 1×1 PNG: enough for the magic-byte check. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
  0, 0,
]);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let blobs: ReturnType<typeof blobRoutes>;
let admin: Record<string, string>;
let dispatcher: Record<string, string>;
let techA: Record<string, string>;
let techB: Record<string, string>;
let techAId: string;
let techBId: string;
let subscriberId: string;

type Json = Record<string, unknown>;

const bearer = async (email: string) => ({
  authorization: `Bearer ${(await passwordSignIn({ email, password: PASSWORD })).accessToken}`,
  "content-type": "application/json",
});

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  const store = useLocalBlobStore();
  if (!store) throw new Error("the tests run on the local blob store");
  blobs = blobRoutes(store, useConfig().UPLOAD_MAX_BYTES);
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const user = (email: string, displayName: string, roles: string[]) =>
    Auth.createUser({ email, password: PASSWORD, displayName, roles });
  await user("dispatch@example.com", "Dana Dispatch", ["dispatcher"]);
  techAId = (await user("tech-a@example.com", "Tunde Tech", ["field_technician"])).id;
  techBId = (await user("tech-b@example.com", "Bisi Tech", ["field_technician"])).id;
  dispatcher = await bearer("dispatch@example.com");
  techA = await bearer("tech-a@example.com");
  techB = await bearer("tech-b@example.com");
  subscriberId = await newSubscriber("WO-SUB-1");
});
afterAll(() => t.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = admin) {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (text ? JSON.parse(text) : null) as any };
}

/** A job assigned to tech A (primary) and tech B when `both`, scheduled now. */
async function job(title: string, extra: Json = {}, both = false) {
  const assignees = [{ userId: techAId, isPrimary: true }, ...(both ? [{ userId: techBId, isPrimary: false }] : [])];
  const res = await call(
    "POST",
    "/api/v1/work-orders",
    { title, workType: "repair", scheduledStart: new Date().toISOString(), assignees, ...extra },
    dispatcher,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; status: string };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, minutes)).toISOString();
const event = (id: string, clientEventId: string, name: FieldEvent, minutes: number, extra: Json = {}, as = techA) =>
  call("POST", `/api/v1/work-orders/${id}/field-events`, { clientEventId, event: name, occurredAt: at(minutes), ...extra }, as);

/** The browser's multipart POST to the presigned slot, then the attach call, as the phone does it. */
async function attachFile(id: string, kind: string, bytes: Uint8Array, name: string, extra: Json = {}, as = techA) {
  const contentType = name.endsWith(".pdf") ? "application/pdf" : "image/png";
  const slot = await call("POST", `/api/v1/work-orders/${id}/attachments/slots`, { filename: name, contentType, size: bytes.byteLength }, as);
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append("file", new Blob([Buffer.from(bytes)]), name);
  expect((await blobs.request(slot.body.url, { method: "POST", body: form })).status).toBeLessThan(300);
  return call("POST", `/api/v1/work-orders/${id}/attachments`, { uploadId: slot.body.uploadId, kind, ...extra }, as);
}

describe("work orders: numbering, links, assignees", () => {
  it("numbers jobs WO-{YYYY}-NNNNNN from the locked sequence, takes the ticket's subscriber, keeps one primary", async () => {
    const ticket = await call("POST", "/api/v1/tickets", { title: "No signal", subscriberId });
    expect(ticket.status).toBe(201);
    const first = await call(
      "POST",
      "/api/v1/work-orders",
      {
        title: "Replace ONT",
        ticketId: ticket.body.ticket.id,
        workType: "repair",
        priority: "high",
        address: { line1: "1 Marina Road", city: "Lagos", country: "NG" },
        latitude: 6.45,
        longitude: 3.39,
        tags: ["fiber", "fiber"],
        accessNotes: "Gate code 4411",
        assignees: [
          { userId: techAId, isPrimary: true },
          { userId: techBId, role: "helper", isPrimary: false },
        ],
      },
      dispatcher,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(first.body).toMatchObject({
      number: `WO-${year}-000001`,
      status: "draft",
      subscriberId,
      ticketId: ticket.body.ticket.id,
      primaryAssigneeId: techAId,
      tags: ["fiber"],
      address: { line1: "1 Marina Road", city: "Lagos", country: "NG" },
    });
    expect(first.body.assignees).toEqual([
      { userId: techAId, name: "Tunde Tech", role: "technician", isPrimary: true },
      { userId: techBId, name: "Bisi Tech", role: "helper", isPrimary: false },
    ]);
    const second = await job("Survey");
    expect(second.number).toBe(`WO-${year}-000002`);
    expect(second.status).toBe("scheduled");

    // Swap the primary: the column follows the one primary row.
    const swapped = await call(
      "PUT",
      `/api/v1/work-orders/${first.body.id}/assignees`,
      { assignees: [{ userId: techBId, isPrimary: true }, { userId: techAId }] },
      dispatcher,
    );
    expect(swapped.status).toBe(200);
    expect(swapped.body.primaryAssigneeId).toBe(techBId);
    const twoPrimaries = await call(
      "PUT",
      `/api/v1/work-orders/${first.body.id}/assignees`,
      { assignees: [{ userId: techBId, isPrimary: true }, { userId: techAId, isPrimary: true }] },
      dispatcher,
    );
    expect(twoPrimaries.status).toBe(400);
    expect(twoPrimaries.type).toContain("application/problem+json");
    expect(twoPrimaries.body.detail).toMatch(/exactly one/);
    const cleared = await call("PUT", `/api/v1/work-orders/${first.body.id}/assignees`, { assignees: [] }, dispatcher);
    expect(cleared.body).toMatchObject({ primaryAssigneeId: null, assignees: [] });

    const bad = await call("POST", "/api/v1/work-orders", { title: "x", scheduledStart: at(10), scheduledEnd: at(5) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: "scheduledEnd", message: "must be after scheduledStart" }]);
    const missing = await call("POST", "/api/v1/work-orders", { title: "x", ticketId: "01900000-0000-7000-8000-000000000000" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe("ticketId");

    const patched = await call("PATCH", `/api/v1/work-orders/${first.body.id}`, { accessNotes: null, estimatedDurationMinutes: 90 });
    expect(patched.body).toMatchObject({ accessNotes: null, estimatedDurationMinutes: 90 });

    const listed = await call("GET", `/api/v1/work-orders?status=draft,scheduled&q=ONT`, undefined, dispatcher);
    expect(listed.body.items.map((i: Json) => i.id)).toEqual([first.body.id]);
    const events = await useTransaction((tx) => tx.select().from(outboxTable).where(like(outboxTable.type, "workorder.%")));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["workorder.created", "workorder.assigned", "workorder.updated"]));
  });
});

describe("work orders: who may see and act", () => {
  it("a technician sees and acts only on jobs assigned to them; others are 404, staff verbs 403", async () => {
    const mine = await job("Tech A's job");
    const shared = await job("Both techs", {}, true);
    const listA = await call("GET", "/api/v1/work-orders?assignee=me", undefined, techA);
    const listB = await call("GET", "/api/v1/work-orders", undefined, techB);
    expect(listA.body.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining([mine.id, shared.id]));
    expect(listB.body.items.map((i: Json) => i.id)).not.toContain(mine.id);
    expect(listB.body.items.map((i: Json) => i.id)).toContain(shared.id);
    expect((await call("GET", `/api/v1/work-orders/${mine.id}`, undefined, techB)).status).toBe(404);
    expect((await event(mine.id, "b-1", "start", 1, {}, techB)).status).toBe(404);
    expect((await call("POST", `/api/v1/work-orders/${mine.id}/notes`, { body: "hi" }, techB)).status).toBe(404);
    expect((await event(shared.id, "b-2", "accept", 1, {}, techB)).status).toBe(200);
    expect((await call("PATCH", `/api/v1/work-orders/${mine.id}`, { title: "mine now" }, techA)).status).toBe(403);
    expect((await call("POST", `/api/v1/work-orders/${mine.id}/transition`, { status: "dispatched" }, techA)).status).toBe(403);
    expect((await call("GET", "/api/v1/work-orders", undefined, { "content-type": "application/json" })).status).toBe(401);
  });
});
