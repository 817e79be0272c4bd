import * as Auth from "@dotmac/core/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let techAuth: Record<string, string>;
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  await Auth.createUser({ email: "tech@example.com", password, displayName: "Tech", roles: ["field_technician"] });
  techAuth = {
    authorization: `Bearer ${(await passwordSignIn({ email: "tech@example.com", password })).accessToken}`,
    "content-type": "application/json",
  };
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown, headers = auth) =>
  api.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = (path: string, headers = auth) => api.request(path, { headers });

describe("SLA API", () => {
  it("an admin configures a calendar and a policy, then reads a ticket's clocks", async () => {
    const calendars = await (await get("/api/v1/sla/calendars")).json();
    expect(calendars.items[0]).toMatchObject({ name: "24/7", isDefault: true });

    const office = { timeZone: "Africa/Lagos", weekly: { "1": [{ from: "08:00", to: "17:00" }] } };
    const saved = await send("PUT", `/api/v1/sla/calendars/${encodeURIComponent("Lagos office")}`, {
      definition: office,
    });
    expect(saved.status).toBe(200);
    const calendar = await saved.json();
    expect(calendar).toMatchObject({ name: "Lagos office", isDefault: false, definition: { holidays: [] } });

    const policy = await send("PUT", "/api/v1/sla/policies", {
      priority: "urgent",
      firstResponseMinutes: 20,
      resolutionMinutes: 200,
      calendarId: calendar.id,
    });
    expect(policy.status).toBe(200);
    expect(await policy.json()).toMatchObject({ ticketTypeId: null, priority: "urgent", resolutionMinutes: 200 });
    const policies = (await (await get("/api/v1/sla/policies")).json()).items as Array<{ priority: string | null }>;
    expect(policies.filter((p) => p.priority === "urgent")).toHaveLength(1);

    const created = await send("POST", "/api/v1/tickets", { title: "Core router down", priority: "urgent" });
    const { ticket } = await created.json();
    const explain = await get(`/api/v1/sla/tickets/${ticket.id}`);
    expect(explain.status).toBe(200);
    expect(await explain.json()).toMatchObject({
      ticketId: ticket.id,
      policy: { priority: "urgent", firstResponseMinutes: 20 },
      calendar: { name: "Lagos office" },
      firstResponse: { targetMinutes: 20 },
      resolution: { targetMinutes: 200 },
    });
  });

  it("answers 400 naming the field for an unknown time zone or a bad target", async () => {
    const zone = await send("PUT", "/api/v1/sla/calendars/Nowhere", { definition: { timeZone: "Mars/Olympus" } });
    expect(zone.status).toBe(400);
    expect(JSON.stringify(await zone.json())).toContain("timeZone");
    const target = await send("PUT", "/api/v1/sla/policies", { firstResponseMinutes: 0, resolutionMinutes: 60 });
    expect(target.status).toBe(400);
    expect(JSON.stringify(await target.json())).toContain("firstResponseMinutes");
  });

  it("answers 403 to a field technician changing policies or calendars", async () => {
    const body = { priority: "low", firstResponseMinutes: 1, resolutionMinutes: 2 };
    expect((await send("PUT", "/api/v1/sla/policies", body, techAuth)).status).toBe(403);
    const calendar = { definition: { timeZone: "UTC", alwaysOpen: true } };
    expect((await send("PUT", "/api/v1/sla/calendars/Sneaky", calendar, techAuth)).status).toBe(403);
  });

  it("answers 404 for an unknown ticket and 401 without credentials", async () => {
    expect((await get("/api/v1/sla/tickets/0190a0b4-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await api.request("/api/v1/sla/policies")).status).toBe(401);
  });

  it("reads and changes the support settings; a bad pause status is a 400 naming the field", async () => {
    expect(await (await get("/api/v1/sla/settings")).json()).toEqual({
      pauseStatuses: ["pending", "waiting_on_customer", "on_hold"],
      confirmationGraceHours: 24,
    });
    const saved = await send("PUT", "/api/v1/sla/settings", { pauseStatuses: ["pending", "lastmile_rerun"] });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ pauseStatuses: ["pending", "lastmile_rerun"], confirmationGraceHours: 24 });
    const grace = await send("PUT", "/api/v1/sla/settings", { confirmationGraceHours: 48 });
    expect(await grace.json()).toEqual({ pauseStatuses: ["pending", "lastmile_rerun"], confirmationGraceHours: 48 });

    const bad = await send("PUT", "/api/v1/sla/settings", { pauseStatuses: ["open"] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("pauseStatuses");
    const zero = await send("PUT", "/api/v1/sla/settings", { confirmationGraceHours: 0 });
    expect(zero.status).toBe(400);
    expect((await send("PUT", "/api/v1/sla/settings", { confirmationGraceHours: 1 }, techAuth)).status).toBe(403);
    await send("PUT", "/api/v1/sla/settings", {
      pauseStatuses: ["pending", "waiting_on_customer", "on_hold"],
      confirmationGraceHours: 24,
    });
  });

  it("answers the compliance series and recent breaches for a range of days; a bad range is a 400", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await get(`/api/v1/sla/breaches?from=${yesterday}&to=${today}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.days.map((d: { date: string }) => d.date)).toEqual([yesterday, today]);
    expect(body.days[0]).toEqual({ date: yesterday, met: 0, breached: 0 });
    expect(Array.isArray(body.recent)).toBe(true);

    const reversed = await get(`/api/v1/sla/breaches?from=${today}&to=${yesterday}`);
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(await reversed.json())).toContain("to");
    expect((await get("/api/v1/sla/breaches?from=2020-01-01&to=2026-01-01")).status).toBe(400);
    expect((await get("/api/v1/sla/breaches?from=yesterday&to=today")).status).toBe(400);
    expect((await api.request(`/api/v1/sla/breaches?from=${today}&to=${today}`)).status).toBe(401);
  });

  it("deletes a spare calendar and a policy; refuses the default or a calendar in use", async () => {
    const spare = await send("PUT", "/api/v1/sla/calendars/Spare", {
      definition: { timeZone: "UTC", alwaysOpen: true },
    });
    const { id: spareId } = await spare.json();
    const [type] = (await (await get("/api/v1/tickets/types")).json()).items;
    const policy = await (
      await send("PUT", "/api/v1/sla/policies", {
        ticketTypeId: type.id,
        priority: "low",
        firstResponseMinutes: 600,
        resolutionMinutes: 6000,
        calendarId: spareId,
      })
    ).json();
    const inUse = await send("DELETE", "/api/v1/sla/calendars/Spare");
    expect(inUse.status).toBe(412);
    expect((await inUse.json()).detail).toContain("used by 1 SLA policy");
    expect((await send("DELETE", "/api/v1/sla/calendars/24%2F7")).status).toBe(412);
    expect((await send("DELETE", `/api/v1/sla/policies/${policy.id}`, undefined, techAuth)).status).toBe(403);

    expect((await send("DELETE", `/api/v1/sla/policies/${policy.id}`)).status).toBe(204);
    expect((await send("DELETE", `/api/v1/sla/policies/${policy.id}`)).status).toBe(404);
    expect((await send("DELETE", "/api/v1/sla/calendars/Spare")).status).toBe(204);
    expect((await send("DELETE", "/api/v1/sla/calendars/Spare")).status).toBe(404);
    expect((await send("DELETE", "/api/v1/sla/policies/not-a-uuid")).status).toBe(400);
    const names = (await (await get("/api/v1/sla/calendars")).json()).items.map((c: { name: string }) => c.name);
    expect(names).not.toContain("Spare");
  });

  it("ticket reads carry the SLA summary and the explain tells the cycle", async () => {
    const { ticket } = await (await send("POST", "/api/v1/tickets", { title: "Fibre cut", priority: "high" })).json();
    const read = await (await get(`/api/v1/tickets/${ticket.number}`)).json();
    expect(read.sla).toMatchObject({
      firstResponse: { state: "running", breachedAt: null },
      resolution: { state: "running" },
      cycle: 0,
    });
    const list = await (await get("/api/v1/tickets?limit=5")).json();
    expect(list.items.find((i: { id: string }) => i.id === ticket.id)?.sla).toEqual(read.sla);
    const explain = await (await get(`/api/v1/sla/tickets/${ticket.id}`)).json();
    expect(explain).toMatchObject({ cycle: 0, pauseStatuses: ["pending", "waiting_on_customer", "on_hold"] });
  });
});
