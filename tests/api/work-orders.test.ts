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
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
    body: (text ? JSON.parse(text) : null) as any,
  };
}

let slot = 0;
/** A job assigned to tech A (primary) and tech B when `both`, scheduled in tech A's next free hour (from two hours ahead: the demo day ends now). */
async function job(title: string, extra: Json = {}, both = false) {
  const assignees = [{ userId: techAId, isPrimary: true }, ...(both ? [{ userId: techBId, isPrimary: false }] : [])];
  const scheduledStart = new Date(Date.now() + (2 + slot++) * 3_600_000).toISOString();
  const res = await call(
    "POST",
    "/api/v1/work-orders",
    { title, workType: "repair", scheduledStart, assignees, ...extra },
    dispatcher,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; status: string };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, minutes)).toISOString();
const event = (id: string, clientEventId: string, name: FieldEvent, minutes: number, extra: Json = {}, as = techA) =>
  call(
    "POST",
    `/api/v1/work-orders/${id}/field-events`,
    { clientEventId, event: name, occurredAt: at(minutes), ...extra },
    as,
  );

/** The browser's multipart POST to the presigned slot, then the attach call, as the phone does it. */
async function attachFile(id: string, kind: string, bytes: Uint8Array, name: string, extra: Json = {}, as = techA) {
  const contentType = name.endsWith(".pdf") ? "application/pdf" : "image/png";
  const slot = await call(
    "POST",
    `/api/v1/work-orders/${id}/attachments/slots`,
    { filename: name, contentType, size: bytes.byteLength },
    as,
  );
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
      {
        assignees: [
          { userId: techBId, isPrimary: true },
          { userId: techAId, isPrimary: true },
        ],
      },
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
    const missing = await call("POST", "/api/v1/work-orders", {
      title: "x",
      ticketId: "01900000-0000-7000-8000-000000000000",
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe("ticketId");

    const patched = await call("PATCH", `/api/v1/work-orders/${first.body.id}`, {
      accessNotes: null,
      estimatedDurationMinutes: 90,
    });
    expect(patched.body).toMatchObject({ accessNotes: null, estimatedDurationMinutes: 90 });

    const listed = await call("GET", `/api/v1/work-orders?status=draft,scheduled&q=ONT`, undefined, dispatcher);
    expect(listed.body.items.map((i: Json) => i.id)).toEqual([first.body.id]);
    const events = await useTransaction((tx) =>
      tx.select().from(outboxTable).where(like(outboxTable.type, "workorder.%")),
    );
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(["workorder.created", "workorder.assigned", "workorder.updated"]),
    );
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
    expect(
      (await call("POST", `/api/v1/work-orders/${mine.id}/transition`, { status: "dispatched" }, techA)).status,
    ).toBe(403);
    expect((await call("GET", "/api/v1/work-orders", undefined, { "content-type": "application/json" })).status).toBe(
      401,
    );
  });
});

describe("work orders: field events, transitions and the completion gate", () => {
  it("field events map to statuses, accumulate active time across pauses, and a replay or an illegal event changes nothing", async () => {
    const w = await job("Install");
    expect((await event(w.id, "e1", "accept", 0)).body).toMatchObject({ applied: true, duplicate: false });
    expect((await event(w.id, "e2", "en_route", 5)).body.workOrder.status).toBe("dispatched");
    const started = await event(w.id, "e3", "start", 10, { latitude: 6.4, longitude: 3.3 });
    expect(started.body.workOrder).toMatchObject({ status: "in_progress", startedAt: at(10) });
    expect((await event(w.id, "e4", "pause", 40)).body.workOrder).toMatchObject({
      status: "paused",
      totalActiveSeconds: 1800,
    });
    const replay = await event(w.id, "e4", "pause", 40);
    expect(replay.body).toMatchObject({ duplicate: true, workOrder: { status: "paused", totalActiveSeconds: 1800 } });
    const illegal = await event(w.id, "e5", "complete", 41);
    expect(illegal.status).toBe(200);
    expect(illegal.body).toMatchObject({ applied: false, workOrder: { status: "paused" } });
    expect(illegal.body.ignoredReason).toMatch(/not possible while the job is paused/);
    expect((await event(w.id, "e6", "resume", 50)).body.workOrder).toMatchObject({
      status: "in_progress",
      resumedAt: at(50),
    });
    // Gate on: completing without a photo and a signature is kept but held back.
    const held = await event(w.id, "e7", "complete", 60);
    expect(held.body).toMatchObject({ applied: false, workOrder: { status: "in_progress" } });
    expect(held.body.ignoredReason).toMatch(/photo and a customer signature/);
    // The photo and signature arrive after the completion (an offline phone's queue): the job completes
    // at the instant the technician pressed complete, and the outcome is recorded once.
    expect((await attachFile(w.id, "photo", PNG, "ont.png", { clientRef: "p1", capturedAt: at(58) })).status).toBe(201);
    const again = await attachFile(w.id, "photo", PNG, "ont.png", { clientRef: "p1" });
    expect(again.status).toBe(201);
    const signed = await attachFile(w.id, "signature", PNG, "sig.png", { signerName: "Ada Obi" });
    expect(signed.body).toMatchObject({ kind: "signature", signerName: "Ada Obi", contentType: "image/png" });
    const doc = await attachFile(w.id, "signature", PDF, "sig.pdf");
    expect(doc.status).toBe(400);
    const detail = await call("GET", `/api/v1/work-orders/${w.id}`, undefined, techA);
    expect(detail.body).toMatchObject({ status: "completed", completedAt: at(60), totalActiveSeconds: 1800 + 600 });
    expect(detail.body.attachments.map((a: Json) => a.kind)).toEqual(["photo", "signature"]);
    expect(detail.body.completion).toMatchObject({
      required: true,
      hasPhoto: true,
      hasSignature: true,
      outcome: { outcome: "completed" },
    });
    expect(detail.body.events.map((e: Json) => [e.clientEventId, e.applied])).toEqual([
      ["e1", true],
      ["e2", true],
      ["e3", true],
      ["e4", true],
      ["e5", false],
      ["e6", true],
      ["e7", true],
    ]);
    const completions = await useTransaction((tx) =>
      tx.select().from(outboxTable).where(like(outboxTable.type, "workorder.completed")),
    );
    expect(completions.filter((c) => (c.payload as Json).workOrderId === w.id)).toHaveLength(1);
    // The clock check: an event far in the phone's future is refused, saying what to fix.
    const future = await call(
      "POST",
      `/api/v1/work-orders/${w.id}/field-events`,
      {
        clientEventId: "late-clock",
        event: "pause",
        occurredAt: new Date(Date.now() + 3600_000).toISOString(),
      },
      techA,
    );
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe("occurredAt");
    const unknown = await call(
      "POST",
      `/api/v1/work-orders/${w.id}/field-events`,
      { clientEventId: "x", event: "dance", occurredAt: at(1) },
      techA,
    );
    expect(unknown.status).toBe(400);
  });

  it("a stated reason completes without evidence; completion resolves the ticket only when the setting says so", async () => {
    const ticket = await call("POST", "/api/v1/tickets", { title: "Slow line", subscriberId });
    await call("POST", `/api/v1/tickets/${ticket.body.ticket.id}/status`, { status: "open" });
    expect((await call("PUT", "/api/v1/work-orders/settings", { completionResolvesTicket: true })).body).toEqual({
      completionRequiresEvidence: true,
      completionResolvesTicket: true,
    });
    expect(
      (await call("PUT", "/api/v1/work-orders/settings", { completionResolvesTicket: true }, dispatcher)).status,
    ).toBe(403);
    const w = await job("Fix line", { ticketId: ticket.body.ticket.id });
    await event(w.id, "s", "start", 0);
    const done = await event(w.id, "c", "complete", 20, { reason: "Customer not home to sign; photo camera broken" });
    expect(done.body).toMatchObject({ applied: true, workOrder: { status: "completed", totalActiveSeconds: 1200 } });
    const detail = await call("GET", `/api/v1/work-orders/${w.id}`);
    expect(detail.body.completion.outcome).toMatchObject({
      outcome: "completed_with_reason",
      reason: "Customer not home to sign; photo camera broken",
      ticketResolved: true,
    });
    const after = await call("GET", `/api/v1/tickets/${ticket.body.ticket.id}`);
    expect(["pending_confirmation", "closed"]).toContain(after.body.status);
    await call("PUT", "/api/v1/work-orders/settings", { completionResolvesTicket: false });
  });

  it("staff transitions follow the seeded table (notes where required), interleave with field events, and the table can be replaced", async () => {
    const w = await job("Maintenance");
    const refused = await call("POST", `/api/v1/work-orders/${w.id}/transition`, { status: "completed" }, dispatcher);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/scheduled work order cannot become completed; from scheduled it can go to/);
    const noNote = await call("POST", `/api/v1/work-orders/${w.id}/transition`, { status: "canceled" }, dispatcher);
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].path).toBe("note");
    const dispatched = await call(
      "POST",
      `/api/v1/work-orders/${w.id}/transition`,
      { status: "dispatched" },
      dispatcher,
    );
    expect(dispatched.body.status).toBe("dispatched");
    // The technician's start happened (on the phone) after the dispatch: it applies on top.
    const started = await event(w.id, "t-start", "start", 0);
    expect(started.body.workOrder.status).toBe("in_progress");
    const gate = await call("POST", `/api/v1/work-orders/${w.id}/transition`, { status: "completed" }, dispatcher);
    expect(gate.status).toBe(412);
    const withNote = await call(
      "POST",
      `/api/v1/work-orders/${w.id}/transition`,
      { status: "completed", note: "Verified remotely" },
      dispatcher,
    );
    expect(withNote.body.status).toBe("completed");
    const detail = await call("GET", `/api/v1/work-orders/${w.id}`, undefined, dispatcher);
    expect(detail.body.notes.map((n: Json) => [n.body, n.internal])).toEqual([["Verified remotely", true]]);
    expect(detail.body.events.map((e: Json) => e.source)).toEqual(["field", "staff", "staff"]);

    const table = await call("GET", "/api/v1/work-orders/transitions", undefined, dispatcher);
    expect(table.body.items).toContainEqual({ from: "in_progress", to: "canceled", requiresNote: true });
    const saved = await call("PUT", "/api/v1/work-orders/transitions", {
      transitions: [{ from: "draft", to: "scheduled", requiresNote: false }],
    });
    expect(saved.body.items).toHaveLength(1);
    const dup = await call("PUT", "/api/v1/work-orders/transitions", {
      transitions: [{ from: "draft", to: "draft", requiresNote: false }],
    });
    expect(dup.status).toBe(400);
    await call("PUT", "/api/v1/work-orders/transitions", { transitions: table.body.items });
  });

  it("a draft moved to scheduled by staff takes the technician's start sent right after (same millisecond too)", async () => {
    const created = await call(
      "POST",
      "/api/v1/work-orders",
      { title: "Draft first", workType: "repair", assignees: [{ userId: techAId, isPrimary: true }] },
      dispatcher,
    );
    expect(created.body.status).toBe("draft");
    const moved = await call(
      "POST",
      `/api/v1/work-orders/${created.body.id}/transition`,
      { status: "scheduled" },
      dispatcher,
    );
    expect(moved.body.status).toBe("scheduled");
    const detail = await call("GET", `/api/v1/work-orders/${created.body.id}`, undefined, dispatcher);
    // The phone's clock reads the very instant the server stamped the transition with.
    const started = await call(
      "POST",
      `/api/v1/work-orders/${created.body.id}/field-events`,
      { clientEventId: "0-start", event: "start", occurredAt: detail.body.events[0].occurredAt },
      techA,
    );
    expect([started.body.applied, started.body.ignoredReason]).toEqual([true, null]);
    expect(started.body.workOrder.status).toBe("in_progress");
  });

  it("never double books a technician outside dispatch either: create, PATCH and assignees answer 409 naming the appointment route", async () => {
    const carl = (
      await Auth.createUser({
        email: "carl@example.com",
        password: PASSWORD,
        displayName: "Carl Tech",
        roles: ["field_technician"],
      })
    ).id;
    const nine = new Date(Date.UTC(2027, 5, 1, 9)).toISOString();
    const make = (title: string, start: string, assignees: Json[] = []) =>
      call("POST", "/api/v1/work-orders", { title, scheduledStart: start, assignees }, dispatcher);
    const first = await make("Carl at nine", nine, [{ userId: carl, isPrimary: true }]);
    expect(first.status).toBe(201);
    const clash = await make("Also at nine", new Date(Date.UTC(2027, 5, 1, 9, 30)).toISOString(), [
      { userId: carl, isPrimary: true },
    ]);
    expect(clash.status).toBe(409);
    expect(clash.body.detail).toMatch(
      /Carl Tech already has WO-.*PUT \/api\/v1\/dispatch\/work-orders\/\{id\}\/appointment/,
    );
    const later = await make("Carl at eleven", new Date(Date.UTC(2027, 5, 1, 11)).toISOString(), [
      { userId: carl, isPrimary: true },
    ]);
    expect(later.status).toBe(201);
    const moved = await call("PATCH", `/api/v1/work-orders/${later.body.id}`, { scheduledStart: nine }, dispatcher);
    expect(moved.status).toBe(409);
    expect(moved.body.errors).toEqual([{ path: "scheduledStart", message: `overlaps ${first.body.number}` }]);
    // Four unassigned jobs on the same hour, all given to Carl at once: the lock lets exactly one through.
    const ten = new Date(Date.UTC(2027, 5, 1, 10)).toISOString();
    const open = await Promise.all([1, 2, 3, 4].map((n) => make(`Ten ${n}`, ten)));
    const put = await Promise.all(
      open.map((o) =>
        call(
          "PUT",
          `/api/v1/work-orders/${o.body.id}/assignees`,
          { assignees: [{ userId: carl, isPrimary: true }] },
          dispatcher,
        ),
      ),
    );
    expect(put.map((p) => p.status).sort()).toEqual([200, 409, 409, 409]);
  });

  it("notes are idempotent by clientRef; a soft-deleted job is gone for everyone", async () => {
    const w = await job("Notes");
    const first = await call(
      "POST",
      `/api/v1/work-orders/${w.id}/notes`,
      { body: "Dog on site", internal: false, clientRef: "n1" },
      techA,
    );
    const second = await call(
      "POST",
      `/api/v1/work-orders/${w.id}/notes`,
      { body: "Dog on site", internal: false, clientRef: "n1" },
      techA,
    );
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect((await call("DELETE", `/api/v1/work-orders/${w.id}`, undefined, dispatcher)).status).toBe(403);
    expect((await call("DELETE", `/api/v1/work-orders/${w.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/work-orders/${w.id}`)).status).toBe(404);
    expect((await event(w.id, "after", "start", 1)).status).toBe(404);
  });
});

/**
 * The reference model: the v1 table, applied one event at a time in (occurredAt, id) order, with
 * duplicates dropped by id. Written independently of the fold (machine.ts) it checks.
 */
const model: Record<FieldEvent, [WorkOrderStatus[], WorkOrderStatus | null]> = {
  accept: [["scheduled", "dispatched"], null],
  en_route: [["scheduled", "dispatched", "paused"], "dispatched"],
  arrived: [["scheduled", "dispatched"], null],
  start: [["scheduled", "dispatched"], "in_progress"],
  pause: [["in_progress"], "paused"],
  hold: [["in_progress"], "paused"],
  resume: [["paused"], "in_progress"],
  complete: [["in_progress"], "completed"],
  unable_to_complete: [["draft", "scheduled", "dispatched", "in_progress", "paused"], "canceled"],
};
function reference(
  base: WorkOrderStatus,
  events: { id: string; event: FieldEvent; minute: number; reason?: string }[],
  evidence: boolean,
) {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  unique.sort((a, b) => a.minute - b.minute || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let status = base;
  let active = 0;
  let since: number | null = null;
  for (const e of unique) {
    const [from, to] = model[e.event];
    if (!from.includes(status)) continue;
    if (e.event === "complete" && !evidence && !e.reason) continue;
    if (!to) continue;
    if (status === "in_progress" && since !== null) active += (e.minute - since) * 60;
    since = to === "in_progress" ? e.minute : null;
    status = to;
  }
  return { status, active };
}

const names = Object.keys(model) as FieldEvent[];
const arbEvents = fc.array(
  fc.record({
    id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
    event: fc.constantFrom(...names),
    minute: fc.integer({ min: 0, max: 120 }),
    reason: fc.option(fc.constant("no signer"), { nil: undefined }),
  }),
  { maxLength: 14 },
);

describe("work orders: the state machine against a plain model", () => {
  it("the fold agrees with the reference model, whatever the arrival order and duplicates", () => {
    fc.assert(
      fc.property(
        arbEvents,
        fc.boolean(),
        fc.constantFrom<WorkOrderStatus>("draft", "scheduled"),
        fc.func(fc.integer()),
        (events, evidence, base, rank) => {
          // A first delivery per id wins (as the unique index does); arrival order is shuffled.
          const firsts = [...new Map(events.map((e) => [e.id, e])).values()];
          const arrivals = [...events].sort((x, y) => rank(x.id, x.minute) - rank(y.id, y.minute));
          const delivered = [...new Map(arrivals.map((e) => [e.id, e])).values()];
          const toEntry = (e: (typeof events)[number]): LogEntry => ({
            clientEventId: e.id,
            source: "field",
            event: e.event,
            occurredAt: new Date(Date.UTC(2026, 0, 5, 9, e.minute)),
            reason: e.reason ?? null,
          });
          const gate = { gate: true, hasPhoto: evidence, hasSignature: evidence };
          const inOrder = fold(base, firsts.map(toEntry), gate);
          const shuffled = fold(base, [...delivered].reverse().map(toEntry), gate);
          const expected = reference(base, delivered, evidence);
          expect(shuffled.status).toBe(expected.status);
          expect(shuffled.totalActiveSeconds).toBe(expected.active);
          // Same events (first delivery per id), any order: the same end state.
          if (JSON.stringify(delivered.map((d) => d.id).sort()) === JSON.stringify(firsts.map((d) => d.id).sort())) {
            const same = firsts.every((f) =>
              delivered.some((d) => d.id === f.id && d.event === f.event && d.minute === f.minute),
            );
            if (same) expect({ ...shuffled, outcomes: null }).toEqual({ ...inOrder, outcomes: null });
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("through the API: events sent twice, late and reordered end where in-order delivery ends", async () => {
    const script: [string, FieldEvent, number][] = [
      ["r1", "accept", 0],
      ["r2", "en_route", 3],
      ["r3", "arrived", 20],
      ["r4", "start", 22],
      ["r5", "hold", 50],
      ["r6", "resume", 65],
      ["r7", "pause", 80],
      ["r8", "resume", 90],
      ["r9", "complete", 130],
    ];
    const run = async (order: number[]) => {
      const w = await job("Replay");
      for (const i of order) {
        const [id, name, minute] = script[i] as [string, FieldEvent, number];
        await event(w.id, id, name, minute, { reason: "signature pad broken" });
      }
      const d = (await call("GET", `/api/v1/work-orders/${w.id}`, undefined, techA)).body;
      return {
        status: d.status,
        startedAt: d.startedAt,
        pausedAt: d.pausedAt,
        resumedAt: d.resumedAt,
        completedAt: d.completedAt,
        totalActiveSeconds: d.totalActiveSeconds,
        applied: d.events.map((e: Json) => e.applied),
      };
    };
    const inOrder = await run(script.map((_, i) => i));
    expect(inOrder).toMatchObject({ status: "completed", totalActiveSeconds: (28 + 15 + 40) * 60 });
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(
          script.map((_, i) => i),
          { minLength: script.length, maxLength: script.length },
        ),
        fc.array(fc.integer({ min: 0, max: script.length - 1 }), { maxLength: 4 }),
        async (order, repeats) => {
          expect(await run([...order, ...repeats])).toEqual(inOrder);
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe("work orders: the demo day", () => {
  it("seeds a day of mixed jobs through the verbs, some unscheduled, once", async () => {
    const { seedWorkOrders } = await import("@dotmac/core/demo");
    const day = new Date(Date.now() - 6 * 3600_000);
    const ids = await seedWorkOrders({ technicianUserIds: [techAId, techBId], subscriberIds: [subscriberId], day });
    expect(ids).toHaveLength(8);
    expect(await seedWorkOrders({ technicianUserIds: [techAId], subscriberIds: [], day })).toEqual([]);
    const seeded = (await call("GET", "/api/v1/work-orders?limit=200")).body.items.filter((i: Json) =>
      ids.includes(i.id as string),
    );
    const statuses = new Set(seeded.map((i: Json) => i.status));
    expect(statuses).toEqual(new Set(["completed", "in_progress", "paused", "scheduled", "draft"]));
    expect(seeded.filter((i: Json) => i.scheduledStart === null)).toHaveLength(3);
  });
});
