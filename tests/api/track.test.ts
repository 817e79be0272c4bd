import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { useTransaction } from "@dotmac/core/platform/db";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { trackLinkTable } from "@dotmac/core/track/track.sql";
import { workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let dispatcher: Record<string, string>;
let support: Record<string, string>;
let dispatcherId: string;
let techId: string;
const password = "correct horse battery staple";
const hour = 3_600_000;

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const bearer = async (email: string, displayName: string, roles: string[]) => {
    const user = await Auth.createUser({ email, password, displayName, roles });
    const headers = {
      authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
      "content-type": "application/json",
    };
    return { id: user.id, headers };
  };
  const d = await bearer("dina@example.com", "Dina Dispatch", ["dispatcher"]);
  dispatcherId = d.id;
  dispatcher = d.headers;
  support = (await bearer("sam@example.com", "Sam Support", ["support"])).headers;
  techId = (
    await Auth.createUser({
      email: "tunde@example.com",
      password,
      displayName: "Tunde Bakare Okafor",
      roles: ["field_technician"],
    })
  ).id;
});
afterAll(() => t.close());

let seq = 0;
/** A scheduled job with a customer window tomorrow, assigned to Tunde (the work-order fixture). */
async function job(overrides: Partial<typeof workOrderTable.$inferInsert> = {}) {
  seq += 1;
  const start = new Date(Date.now() + 24 * hour);
  const [row] = await useTransaction((tx) =>
    tx
      .insert(workOrderTable)
      .values({
        number: `WO-TRACK-${seq}`,
        title: `Install fibre for customer ${seq} (internal note: gate code 1234)`,
        status: "scheduled",
        workType: "install",
        primaryAssigneeId: techId,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + hour),
        windowStart: new Date(start.getTime() - hour),
        windowEnd: new Date(start.getTime() + 2 * hour),
        ...overrides,
      })
      .returning(),
  );
  if (!row) throw new Error("no work order");
  return row;
}

const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json", origin: ORIGIN },
) => api.request(path, { method: "POST", headers, body: JSON.stringify(body) });

async function link(workOrderId: string) {
  const res = await post("/api/v1/track-links", { workOrderId }, dispatcher);
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; url: string; expiresAt: string };
  const url = new URL(body.url);
  expect(url.pathname).toBe("/track");
  expect(url.search).toBe("");
  return { ...body, token: url.hash.slice(1) };
}

const setJob = (id: string, values: Partial<typeof workOrderTable.$inferInsert>) =>
  useTransaction((tx) => tx.update(workOrderTable).set(values).where(eq(workOrderTable.id, id)));

describe("track my visit", () => {
  it("a dispatcher sends a link; the customer sees window, first name, status and ETA, and nothing more", async () => {
    const wo = await job();
    const created = await link(wo.id);
    // The token is 32 random bytes, in the fragment only; the database keeps its hash alone.
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = await useTransaction((tx) =>
      tx.select().from(trackLinkTable).where(eq(trackLinkTable.id, created.id)),
    );
    expect(stored?.tokenHash).not.toContain(created.token);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(new Date(created.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * hour);

    const res = await post("/api/v1/track/view", { token: created.token });
    expect(res.status).toBe(200);
    const visit = await res.json();
    expect(visit).toEqual({
      workOrderNumber: wo.number,
      workType: "install",
      status: "scheduled",
      windowStart: wo.windowStart?.toISOString(),
      windowEnd: wo.windowEnd?.toISOString(),
      scheduledStart: wo.scheduledStart?.toISOString(),
      technicianFirstName: "Tunde",
      eta: wo.scheduledStart?.toISOString(),
      etaSource: "schedule",
      confirmedAt: null,
      reschedule: null,
      answerable: true,
      expiresAt: created.expiresAt,
    });
    // The internal title, the technician's surname and the address never reach the public page.
    expect(JSON.stringify(visit)).not.toMatch(/gate code|Bakare|Okafor/);

    // The technician's own estimate wins over the schedule.
    const eta = new Date(Date.now() + 23 * hour);
    await setJob(wo.id, { estimatedArrivalAt: eta, status: "dispatched" });
    expect(await (await post("/api/v1/track/view", { token: created.token })).json()).toMatchObject({
      eta: eta.toISOString(),
      etaSource: "estimate",
      status: "dispatched",
    });
  });

  it("only staff who dispatch create links; the request body is checked; finished jobs get none", async () => {
    const wo = await job();
    expect((await post("/api/v1/track-links", { workOrderId: wo.id }, support)).status).toBe(403);
    expect((await post("/api/v1/track-links", { workOrderId: wo.id })).status).toBe(401);
    const bad = await post("/api/v1/track-links", { workOrderId: "nope" }, dispatcher);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("workOrderId");
    expect(
      (await post("/api/v1/track-links", { workOrderId: "0190f5f4-0000-7000-8000-000000000000" }, dispatcher)).status,
    ).toBe(404);
    const done = await job({ status: "completed", completedAt: new Date() });
    const refused = await post("/api/v1/track-links", { workOrderId: done.id }, dispatcher);
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toContain("completed");
  });

  it("unknown, replaced, expired and finished-job links all answer the same generic 404", async () => {
    const wo = await job();
    const first = await link(wo.id);
    const second = await link(wo.id);
    const generic = async (token: string) => {
      const res = await post("/api/v1/track/view", { token });
      expect(res.status).toBe(404);
      const body = await res.json();
      return { title: body.title, detail: body.detail, errors: body.errors };
    };
    const unknown = await generic("A".repeat(43));
    // A newer link replaces the older one.
    expect(await generic(first.token)).toEqual(unknown);
    expect((await post("/api/v1/track/view", { token: second.token })).status).toBe(200);

    // Hard expiry.
    const expiring = await link((await job()).id);
    await useTransaction((tx) =>
      tx
        .update(trackLinkTable)
        .set({ createdAt: new Date(Date.now() - 20 * 24 * hour), expiresAt: new Date(Date.now() - 1000) })
        .where(eq(trackLinkTable.id, expiring.id)),
    );
    expect(await generic(expiring.token)).toEqual(unknown);

    // The job completes: the link still shows it during the grace, then it is gone.
    await setJob(wo.id, { status: "completed", completedAt: new Date() });
    const during = await (await post("/api/v1/track/view", { token: second.token })).json();
    expect(during).toMatchObject({ status: "completed", answerable: false });
    expect(new Date(during.expiresAt).getTime()).toBeLessThan(Date.now() + 3 * hour);
    expect((await post("/api/v1/track/confirm", { token: second.token })).status).toBe(409);
    await setJob(wo.id, { completedAt: new Date(Date.now() - 3 * hour) });
    expect(await generic(second.token)).toEqual(unknown);

    // A canceled job's link goes the same way, and so does a deleted job's.
    const canceled = await job();
    const c = await link(canceled.id);
    await setJob(canceled.id, { status: "canceled", canceledAt: new Date(Date.now() - 3 * hour) });
    expect(await generic(c.token)).toEqual(unknown);
    const deleted = await job();
    const dl = await link(deleted.id);
    await setJob(deleted.id, { deletedAt: new Date() });
    expect(await generic(dl.token)).toEqual(unknown);

    // A malformed token is a 400 saying what to fix, never a 500.
    const short = await post("/api/v1/track/view", { token: "x" });
    expect(short.status).toBe(400);
    expect((await short.json()).errors[0].path).toBe("token");
  });

  it("confirm and reschedule are recorded once, notify the dispatchers once, and show on the board's list", async () => {
    const wo = await job();
    const { token, id: linkId } = await link(wo.id);
    const confirmed = await (await post("/api/v1/track/confirm", { token })).json();
    expect(confirmed.confirmedAt).toEqual(expect.any(String));
    const again = await (await post("/api/v1/track/confirm", { token })).json();
    expect(again.confirmedAt).toBe(confirmed.confirmedAt);

    const preferredAt = new Date(Date.now() + 72 * hour).toISOString();
    const pastBad = await post("/api/v1/track/reschedule", {
      token,
      reason: "Away",
      preferredAt: "2001-01-01T10:00:00Z",
    });
    expect(pastBad.status).toBe(400);
    expect((await pastBad.json()).errors[0].path).toBe("preferredAt");
    expect((await post("/api/v1/track/reschedule", { token, reason: "" })).status).toBe(400);
    const asked = await (
      await post("/api/v1/track/reschedule", { token, preferredAt, reason: "I will be at work" })
    ).json();
    expect(asked.reschedule).toEqual({ requestedAt: expect.any(String), preferredAt, reason: "I will be at work" });
    const twice = await (
      await post("/api/v1/track/reschedule", {
        token,
        preferredAt: new Date(Date.now() + 96 * hour).toISOString(),
        reason: "Changed again",
      })
    ).json();
    expect(twice.reschedule).toEqual(asked.reschedule);

    // One event per answer, one audit row each, labelled as the link (the customer is anonymous).
    const events = await useTransaction((tx) =>
      tx.select().from(outboxTable).where(eq(outboxTable.type, "track.visit_answered")),
    );
    const mine = events.filter((e) => (e.payload as { linkId: string }).linkId === linkId);
    expect(mine.map((e) => (e.payload as { answer: string }).answer).sort()).toEqual([
      "confirmed",
      "reschedule_requested",
    ]);
    const audits = await useTransaction((tx) =>
      tx.select().from(auditEventTable).where(eq(auditEventTable.entityId, wo.id)),
    );
    expect(audits.map((a) => a.action).sort()).toEqual([
      "track.link_created",
      "track.reschedule_requested",
      "track.visit_confirmed",
    ]);
    expect(audits.find((a) => a.action === "track.visit_confirmed")?.actorLabel).toBe(`track link ${linkId}`);

    // The dispatcher (and the admin) are notified once per answer; support staff are not.
    const notes = await (await api.request("/api/v1/notifications", { headers: dispatcher })).json();
    const about = notes.items.filter((n: { link: string }) => n.link === `/dispatch?job=${wo.id}`);
    expect(about.map((n: { kind: string }) => n.kind).sort()).toEqual([
      "visit_confirmed",
      "visit_reschedule_requested",
    ]);
    expect(about.find((n: { kind: string }) => n.kind === "visit_reschedule_requested")).toMatchObject({
      title: `The customer asks to reschedule ${wo.number}`,
      body: "I will be at work",
    });
    const sams = await (await api.request("/api/v1/notifications", { headers: support })).json();
    expect(sams.items).toHaveLength(0);

    // The board lists the open request until a dispatcher marks it handled (idempotent).
    const open = await (await api.request("/api/v1/track-links/requests", { headers: dispatcher })).json();
    expect(open.items.map((i: { linkId: string }) => i.linkId)).toContain(linkId);
    expect((await api.request("/api/v1/track-links/requests", { headers: support })).status).toBe(403);
    const handled = await post(`/api/v1/track-links/${linkId}/handled`, {}, dispatcher);
    expect(handled.status).toBe(200);
    const handledAt = (await handled.json()).reschedule.handledAt;
    expect(handledAt).toEqual(expect.any(String));
    expect(
      (await (await post(`/api/v1/track-links/${linkId}/handled`, {}, dispatcher)).json()).reschedule.handledAt,
    ).toBe(handledAt);
    const after = await (await api.request("/api/v1/track-links/requests", { headers: dispatcher })).json();
    expect(after.items.map((i: { linkId: string }) => i.linkId)).not.toContain(linkId);
    const history = await (
      await api.request(`/api/v1/track-links?workOrderId=${wo.id}`, { headers: dispatcher })
    ).json();
    expect(history.items[0]).toMatchObject({ linkId, active: true, confirmedAt: confirmed.confirmedAt });
    expect(dispatcherId).toBeTruthy();
  });

  it("once the technician has started, the customer cannot confirm or move the visit any more", async () => {
    const wo = await job();
    const { token } = await link(wo.id);
    await setJob(wo.id, { status: "in_progress", startedAt: new Date() });
    const res = await post("/api/v1/track/reschedule", { token, reason: "Late" });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain("already started");
    expect((await (await post("/api/v1/track/view", { token })).json()).answerable).toBe(false);
  });

  it("public routes are rate limited per IP and refuse cross-site posts; the map settings are staff-only", async () => {
    const wo = await job();
    const { token } = await link(wo.id);
    const res = await post("/api/v1/track/view", { token });
    expect(res.headers.get("ratelimit-policy")).toMatch(/^\d+;w=\d+$/);
    const crossSite = await post(
      "/api/v1/track/confirm",
      { token },
      { "content-type": "application/json", origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
    expect((await post("/api/v1/track/view", { token }, { "content-type": "text/plain", origin: ORIGIN })).status).toBe(
      415,
    );
    expect((await api.request("/api/v1/dispatch-board/map")).status).toBe(401);
    const map = await (await api.request("/api/v1/dispatch-board/map", { headers: dispatcher })).json();
    expect(map.tileUrl).toBe("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    expect(res.headers.get("content-security-policy")).toContain(
      "img-src 'self' data: blob: https://tile.openstreetmap.org",
    );
    expect(admin).toBeTruthy();
  });
});
