import * as Auth from "@dotmac/core/auth";
import { createTransaction } from "@dotmac/core/platform/db";
import { slaAlertTable, ticketSlaTable } from "@dotmac/core/sla/sla.sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let techAuth: Record<string, string>;
let readerAuth: Record<string, string>;
let opsId: string;
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  opsId = (await Auth.fromEmail("ops@example.com"))?.id as string;
  await Auth.createUser({ email: "tech@example.com", password, displayName: "Tech", roles: ["field_technician"] });
  await Auth.createUser({ email: "auditor@example.com", password, displayName: "Aud", roles: ["auditor"] });
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
  });
  techAuth = await bearer("tech@example.com");
  readerAuth = await bearer("auditor@example.com");
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown) =>
  api.request(path, { method, headers: auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = (path: string, headers: Record<string, string> = auth) => api.request(path, { headers });

interface Ticket {
  id: string;
  number: string;
}
const teams = new Map<string, string>();
/** The id of the team named `name`, added through the teams API on first use. */
async function team(name: string): Promise<string> {
  const known = teams.get(name);
  if (known) return known;
  const res = await send("POST", "/api/v1/teams", { name });
  expect(res.status).toBe(201);
  const id = (await res.json()).id as string;
  teams.set(name, id);
  return id;
}
const open = async (body: Record<string, unknown>): Promise<Ticket> => {
  const res = await send("POST", "/api/v1/tickets", { priority: "medium", ...body });
  expect(res.status).toBe(201);
  return (await res.json()).ticket;
};
const move = async (ticket: Ticket, ...statuses: string[]) => {
  for (const status of statuses) {
    const res = await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status, note: "Done on site" });
    expect(res.status, await res.clone().text()).toBe(200);
  }
};

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs);
type SlaRow = typeof ticketSlaTable.$inferInsert;
/** The SLA registry as the scan would leave it (the scan's own tests cover how it gets there). */
const registry = (ticketId: string, row: Omit<SlaRow, "ticketId">) =>
  createTransaction((tx) =>
    tx
      .insert(ticketSlaTable)
      .values({ ticketId, ...row })
      .onConflictDoUpdate({ target: ticketSlaTable.ticketId, set: row }),
  );
const alert = (ticketId: string, clock: "first_response" | "resolution", when: Date) =>
  createTransaction((tx) => tx.insert(slaAlertTable).values({ ticketId, clock, kind: "breach", cycle: 0, at: when }));

describe("GET /api/v1/tickets/stats", () => {
  it("answers zeros and every status before there are tickets", async () => {
    const res = await get("/api/v1/tickets/stats");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ openTotal: 0, unassigned: 0, breachedOpen: 0, atRisk: 0, byTeam: [] });
    expect(body.byStatus).toHaveLength(11);
    expect(body.byStatus.every((s: { count: number }) => s.count === 0)).toBe(true);
    expect(body.byStatus.find((s: { status: string }) => s.status === "closed")).toEqual({
      status: "closed",
      open: false,
      count: 0,
    });
    expect(body.byPriority.map((p: { priority: string }) => p.priority)).toEqual(["low", "medium", "high", "urgent"]);
    expect(Date.parse(body.asOf)).not.toBeNaN();
  });

  it("counts open tickets by status, team and priority; unassigned, at risk and breached from the SLA registry", async () => {
    const noc1 = await open({ title: "BTS down", teamId: await team("noc"), priority: "urgent" });
    const noc2 = await open({ title: "Link flapping", teamId: await team("noc"), priority: "high" });
    const field = await open({ title: "Fibre cut", teamId: await team("field"), primaryAssigneeId: opsId });
    const noTeam = await open({ title: "Router reboot loop" });
    const helped = await open({ title: "Slow speeds", teamId: await team("field") });
    const closed = await open({ title: "Old ticket", teamId: await team("noc") });
    const canceled = await open({ title: "Wrong account", teamId: await team("noc") });
    const deleted = await open({ title: "Deleted", teamId: await team("noc") });
    await move(noc2, "open");
    await move(field, "open", "pending");
    const assign = await send("POST", `/api/v1/tickets/${helped.id}/assign`, { assigneeIds: [opsId] });
    expect(assign.status).toBe(200);
    await move(closed, "open", "pending_confirmation", "closed");
    await move(canceled, "canceled");
    expect((await send("DELETE", `/api/v1/tickets/${deleted.id}`)).status).toBe(204);

    // noc1: resolution breached; noc2: first response running past its deadline (the scan is behind);
    // field: at risk (past its warning, before its deadline); noTeam: running, warning still ahead;
    // closed: breached, but no longer open; helped: no policy.
    await registry(noc1.id, {
      firstResponseState: "met",
      resolutionState: "breached",
      resolutionDeadline: null,
      resolutionBreachedAt: at(-2 * HOUR),
    });
    await registry(noc2.id, {
      firstResponseState: "running",
      firstResponseWarningAt: at(-2 * HOUR),
      firstResponseDeadline: at(-HOUR),
      resolutionState: "running",
      resolutionWarningAt: at(-HOUR),
      resolutionDeadline: at(HOUR),
    });
    await registry(field.id, {
      firstResponseState: "met",
      resolutionState: "running",
      resolutionWarningAt: at(-HOUR),
      resolutionDeadline: at(HOUR),
    });
    await registry(noTeam.id, {
      firstResponseState: "running",
      firstResponseWarningAt: at(HOUR),
      firstResponseDeadline: at(2 * HOUR),
    });
    await registry(closed.id, { resolutionState: "breached", resolutionBreachedAt: at(-HOUR) });
    await registry(helped.id, { firstResponseState: null, resolutionState: null });

    const body = await (await get("/api/v1/tickets/stats", readerAuth)).json();
    expect(body).toMatchObject({ openTotal: 5, unassigned: 3, breachedOpen: 2, atRisk: 1 });
    const count = (status: string) => body.byStatus.find((s: { status: string }) => s.status === status)?.count;
    expect([count("new"), count("open"), count("pending"), count("closed"), count("canceled")]).toEqual([
      3, 1, 1, 1, 1,
    ]);
    expect(body.byTeam).toEqual([
      { teamId: await team("field"), team: "field", label: "field", count: 2 },
      { teamId: await team("noc"), team: "noc", label: "noc", count: 2 },
      { teamId: null, team: null, label: "Unassigned team", count: 1 },
    ]);
    const priority = (p: string) => body.byPriority.find((x: { priority: string }) => x.priority === p)?.count;
    expect([priority("urgent"), priority("high"), priority("medium")]).toEqual([1, 1, 3]);

    // The tiles link to the list with the same conditions: each lists exactly the tickets it counted.
    const openList =
      "status=new,open,pending,waiting_on_customer,pending_confirmation,lastmile_rerun,site_under_construction,on_hold";
    const titles = async (query: string) =>
      ((await (await get(`/api/v1/tickets?${openList}&${query}`, readerAuth)).json()).items as { title: string }[])
        .map((t) => t.title)
        .sort();
    expect(await titles("sla=breached")).toEqual(["BTS down", "Link flapping"]);
    expect(await titles("sla=at_risk")).toEqual(["Fibre cut"]);
    expect(await titles("unassigned=true")).toEqual(["BTS down", "Link flapping", "Router reboot loop"]);
    expect(await titles("unassigned=false")).toEqual(["Fibre cut", "Slow speeds"]);
    expect((await get(`/api/v1/tickets?sla=late`, readerAuth)).status).toBe(400);
  });

  it("refuses staff without support:ticket:read and anonymous callers", async () => {
    const denied = await get("/api/v1/tickets/stats", techAuth);
    expect(denied.status).toBe(403);
    expect((await denied.json()).detail).toMatch(/support:ticket:read/);
    expect((await get("/api/v1/tickets/stats", {})).status).toBe(401);
    expect((await get("/api/v1/tickets/stats/compliance", techAuth)).status).toBe(403);
    expect((await get("/api/v1/tickets/stats/compliance", {})).status).toBe(401);
  });
});

describe("GET /api/v1/tickets/stats/compliance", () => {
  it("splits today's resolutions with an SLA into met and breached, and lists the latest breaches", async () => {
    const met = await open({ title: "Resolved in time", teamId: await team("compliance") });
    const late = await open({ title: "Resolved late", teamId: await team("compliance") });
    const alertedLate = await open({ title: "Resolved after the breach alert", teamId: await team("compliance") });
    const noPolicy = await open({ title: "No SLA policy", teamId: await team("compliance") });
    const stillOpen = await open({ title: "Breached, still open", teamId: await team("compliance") });
    for (const ticket of [met, late, alertedLate, noPolicy]) await move(ticket, "open", "pending_confirmation");
    await registry(met.id, { resolutionState: "met" });
    await registry(late.id, { resolutionState: "breached", resolutionBreachedAt: at(-HOUR) });
    await registry(alertedLate.id, { resolutionState: "met" });
    await alert(alertedLate.id, "resolution", at(-30 * 60_000));
    await registry(noPolicy.id, { resolutionState: null });
    await registry(stillOpen.id, { firstResponseState: "breached", firstResponseBreachedAt: at(-10 * 60_000) });
    await alert(stillOpen.id, "first_response", at(-10 * 60_000));

    const res = await get("/api/v1/tickets/stats/compliance?days=7&recent=5", readerAuth);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    // The earlier suite closed one breached ticket today too.
    expect(body.days.at(-1)).toEqual({ date: today, met: 1, breached: 3 });
    expect(body.days.slice(0, -1).every((d: { met: number; breached: number }) => d.met + d.breached === 0)).toBe(true);
    expect(body.recent.map((r: { number: string; clock: string }) => [r.number, r.clock])).toEqual([
      [stillOpen.number, "first_response"],
      [alertedLate.number, "resolution"],
    ]);
    expect(body.recent[0]).toMatchObject({ ticketId: stillOpen.id, title: "Breached, still open", status: "new" });

    const month = await (await get("/api/v1/tickets/stats/compliance")).json();
    expect(month.days).toHaveLength(30);
    expect(month.days[0].date < month.days[29].date).toBe(true);
  });

  it("answers 400 naming the parameter to fix", async () => {
    const res = await get("/api/v1/tickets/stats/compliance?days=0");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).errors[0].path).toBe("days");
  });
});
