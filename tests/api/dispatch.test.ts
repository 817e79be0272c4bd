import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import * as Dispatch from "@dotmac/core/dispatch";
import { technicianPositionTable } from "@dotmac/core/dispatch/dispatch.sql";
import * as Jobs from "@dotmac/core/jobs";
import { withActor } from "@dotmac/core/platform/context";
import { setConnection, useTransaction } from "@dotmac/core/platform/db";
import { workOrderAssignmentTable, workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { logStatements, setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let dispatcher: Record<string, string>;
const password = "correct horse battery staple";
const D = "2027-03-29"; // a Monday, the day after Europe's spring-forward
const at = (hhmm: string, date = D) => `${date}T${hhmm}:00.000Z`;
const users: Record<string, { id: string; auth: Record<string, string> }> = {};
const skills: Record<string, string> = {};

async function staff(name: string, roles: string[]) {
  const email = `${name}@dispatch.test`;
  const user = await Auth.createUser({ email, password, displayName: name[0]?.toUpperCase() + name.slice(1), roles });
  const token = (await passwordSignIn({ email, password })).accessToken;
  users[name] = { id: user.id, auth: { authorization: `Bearer ${token}`, "content-type": "application/json" } };
  return users[name];
}
const send = async (method: string, path: string, body?: unknown, headers = dispatcher) =>
  api.request(`/api/v1/dispatch${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const ok = async (res: Response | Promise<Response>, status = 200) => {
  const r = await res;
  const json = r.status === 204 ? null : await r.json();
  expect(r.status, JSON.stringify(json)).toBe(status);
  return json;
};
const id = (name: string) => users[name]?.id as string;

let seq = 0;
/** A work order fixture row (the work-order verbs arrive with the workorders branch). */
async function workOrder(fields: Partial<typeof workOrderTable.$inferInsert> = {}) {
  seq += 1;
  const n = seq;
  const [row] = await useTransaction((tx) =>
    tx
      .insert(workOrderTable)
      .values({
        number: `WO-T-${String(n).padStart(4, "0")}`,
        title: `Job ${n}`,
        latitude: 6.6,
        longitude: 3.35,
        ...fields,
      })
      .returning(),
  );
  return row as typeof workOrderTable.$inferSelect;
}

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  dispatcher = (await staff("dee", ["dispatcher"])).auth;
  for (const name of ["ada", "bob", "cyd", "eve"]) await staff(name, ["field_technician"]);
  for (const name of ["Fibre splicing", "ONT install"])
    skills[name] = (await ok(send("POST", "/skills", { name }), 201)).id;
  const profile = { region: "North", maxJobsPerDay: 6 };
  await ok(
    send("PUT", `/technicians/${id("ada")}`, {
      ...profile,
      timeZone: "Europe/Paris",
      homeLatitude: 6.61,
      homeLongitude: 3.36,
    }),
  );
  await ok(
    send("PUT", `/technicians/${id("bob")}`, { ...profile, timeZone: "UTC", homeLatitude: 6.45, homeLongitude: 3.4 }),
  );
  await ok(
    send("PUT", `/technicians/${id("cyd")}`, { ...profile, timeZone: "UTC", homeLatitude: 6.45, homeLongitude: 3.4 }),
  );
  await ok(send("PUT", `/technicians/${id("eve")}`, { ...profile, timeZone: "UTC" }));
  const fibre = skills["Fibre splicing"];
  const ont = skills["ONT install"];
  await ok(
    send("PUT", `/technicians/${id("ada")}/skills`, {
      skills: [
        { skillId: fibre, proficiency: 5, isPrimary: true },
        { skillId: ont, proficiency: 3 },
      ],
    }),
  );
  await ok(send("PUT", `/technicians/${id("bob")}/skills`, { skills: [{ skillId: fibre, proficiency: 3 }] }));
  await ok(send("PUT", `/technicians/${id("cyd")}/skills`, { skills: [{ skillId: ont, proficiency: 4 }] }));
  for (const name of ["bob", "cyd"])
    await ok(send("POST", `/technicians/${id(name)}/shifts`, { dates: [D], start: "08:00", end: "17:00" }), 201);
});
afterAll(() => t.close());

describe("technicians, skills and shifts in the technician's time zone", () => {
  it("keeps 08:00–17:00 local across spring-forward and a night shift across fall-back (stored as instants)", async () => {
    const week = await ok(
      send("POST", `/technicians/${id("ada")}/shifts`, {
        from: "2027-03-26",
        to: D,
        weekdays: [1, 5],
        start: "08:00",
        end: "17:00",
      }),
      201,
    );
    expect(
      week.items.map((s: { startsAt: string; endsAt: string; localStart: string }) => [
        s.startsAt,
        s.endsAt,
        s.localStart,
      ]),
    ).toEqual([
      ["2027-03-26T07:00:00.000Z", "2027-03-26T16:00:00.000Z", "2027-03-26T08:00"],
      ["2027-03-29T06:00:00.000Z", "2027-03-29T15:00:00.000Z", "2027-03-29T08:00"],
    ]);
    const night = await ok(
      send("POST", `/technicians/${id("ada")}/shifts`, { dates: ["2027-10-30"], start: "22:00", end: "06:00" }),
      201,
    );
    expect(night.items[0]).toMatchObject({
      startsAt: "2027-10-30T20:00:00.000Z",
      endsAt: "2027-10-31T05:00:00.000Z",
      localEnd: "2027-10-31T06:00",
    });
    // A wall time skipped by spring-forward lands just after the gap.
    expect(Dispatch.localToInstant("Europe/Paris", "2027-03-28", "02:30").toISOString()).toBe(
      "2027-03-28T01:30:00.000Z",
    );
    const overlap = await send("POST", `/technicians/${id("ada")}/shifts`, {
      dates: [D],
      start: "12:00",
      end: "13:00",
    });
    expect(overlap.status).toBe(409);

    const detail = await ok(send("GET", `/technicians/${id("ada")}?from=2027-03-26&days=7`));
    expect(detail).toMatchObject({
      timeZone: "Europe/Paris",
      region: "North",
      skills: [{ name: "Fibre splicing", proficiency: 5, isPrimary: true }, { name: "ONT install" }],
    });
    expect(detail.shifts).toHaveLength(2);
    const list = await ok(send("GET", "/technicians?region=north"));
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(["Ada", "Bob", "Cyd", "Eve"]);
  });

  it("answers 400 naming the field for a bad zone, proficiency or wall time, and 403 to a technician", async () => {
    const zone = await send("PUT", `/technicians/${id("eve")}`, { timeZone: "Mars/Olympus" });
    expect(zone.status).toBe(400);
    expect(JSON.stringify(await zone.json())).toContain("timeZone");
    const level = await send("PUT", `/technicians/${id("eve")}/skills`, {
      skills: [{ skillId: skills["ONT install"], proficiency: 6 }],
    });
    expect(level.status).toBe(400);
    const time = await send("POST", `/technicians/${id("eve")}/shifts`, { dates: [D], start: "8am", end: "17:00" });
    expect(time.status).toBe(400);
    expect(JSON.stringify(await time.json())).toContain("start");
    expect((await send("PUT", `/technicians/${id("eve")}`, { title: "Boss" }, users.eve?.auth)).status).toBe(403);
    const vendor = await Auth.createUser({
      portal: "vendor",
      email: "crew@vendor.test",
      password,
      displayName: "Crew",
    });
    expect((await send("PUT", `/technicians/${vendor.id}`, { title: "Crew" })).status).toBe(400);
  });

  it("offers the staff users who are not technicians yet, field technicians first, to dispatchers only", async () => {
    const newcomer = (await staff("nia", ["field_technician"])) as { id: string };
    const clerk = (await staff("cal", ["support"])) as { id: string };
    const res = await send("GET", "/technicians/candidates");
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: { userId: string; fieldRole: boolean }[] }).items;
    const ids = items.map((c) => c.userId);
    expect(ids).toContain(newcomer.id);
    expect(ids).toContain(clerk.id);
    expect(ids, "technicians already made are not offered").not.toContain(id("eve"));
    expect(ids.indexOf(newcomer.id)).toBeLessThan(ids.indexOf(clerk.id));
    expect(items.find((c) => c.userId === newcomer.id)?.fieldRole).toBe(true);
    expect((await send("GET", "/technicians/candidates", undefined, users.eve?.auth)).status).toBe(403);
  });
});

describe("appointments and conflicts", () => {
  let first: typeof workOrderTable.$inferSelect;
  let second: typeof workOrderTable.$inferSelect;

  it("books a job, then previews missing skill, travel, double booking, shift and block conflicts before a drop", async () => {
    first = await workOrder({
      requiredSkills: [skills["Fibre splicing"] as string],
      windowStart: new Date(at("08:30")),
      windowEnd: new Date(at("10:30")),
    });
    const booked = await ok(
      send("PUT", `/work-orders/${first.id}/appointment`, { technicianUserId: id("bob"), start: at("09:00") }),
    );
    expect(booked).toMatchObject({
      technicianUserId: id("bob"),
      start: at("09:00"),
      end: at("10:00"),
      status: "scheduled",
      overridden: [],
    });
    const [assignment] = await useTransaction((tx) =>
      tx.select().from(workOrderAssignmentTable).where(eq(workOrderAssignmentTable.workOrderId, first.id)),
    );
    expect(assignment).toMatchObject({ userId: id("bob"), isPrimary: true });

    // ~60 km away and needing a skill Bob lacks, five minutes after his first job ends.
    second = await workOrder({ requiredSkills: [skills["ONT install"] as string], latitude: 6.45, longitude: 3.9 });
    const check = await ok(
      send("POST", `/work-orders/${second.id}/check`, { technicianUserId: id("bob"), start: at("10:05") }),
    );
    expect(check.conflicts.map((c: { kind: string }) => c.kind)).toEqual(["missing_skill", "travel"]);
    expect(check.conflicts[1]).toMatchObject({ blocking: false });
    expect(check.conflicts[1].message).toMatch(/min drive from WO-T-\d+ \(ends 10:00\) but only 5 min/);
    expect(check.travelMinutesBefore).toBeGreaterThan(90);

    const clash = await ok(
      send("POST", `/work-orders/${second.id}/check`, { technicianUserId: id("bob"), start: at("09:30") }),
    );
    expect(clash.conflicts[0]).toMatchObject({ kind: "double_booking", blocking: true });
    const late = await ok(
      send("POST", `/work-orders/${second.id}/check`, { technicianUserId: id("bob"), start: at("17:30") }),
    );
    expect(late.conflicts.map((c: { kind: string }) => c.kind)).toContain("outside_shift");
    await ok(
      send("POST", `/technicians/${id("bob")}/blocks`, {
        start: `${D}T13:00`,
        end: `${D}T14:00`,
        kind: "other",
        reason: "Dentist",
      }),
      201,
    );
    const blocked = await ok(
      send("POST", `/work-orders/${second.id}/check`, { technicianUserId: id("bob"), start: at("13:15") }),
    );
    expect(blocked.conflicts.find((c: { kind: string }) => c.kind === "unavailable")?.message).toContain("Dentist");
    const outside = await ok(
      send("POST", `/work-orders/${first.id}/check`, { technicianUserId: id("bob"), start: at("11:00") }),
    );
    expect(outside.conflicts.map((c: { kind: string }) => c.kind)).toEqual(["outside_window"]);
  });

  it("refuses overridable conflicts without override, needs a reason to override (audited), and never double books", async () => {
    const refused = await send("PUT", `/work-orders/${second.id}/appointment`, {
      technicianUserId: id("bob"),
      start: at("10:05"),
    });
    expect(refused.status).toBe(409);
    const problem = await refused.json();
    expect(problem.detail).toContain("override");
    expect(problem.errors ?? problem.details ?? JSON.stringify(problem)).toBeTruthy();
    expect(JSON.stringify(problem)).toContain("missing_skill");

    const noReason = await send("PUT", `/work-orders/${second.id}/appointment`, {
      technicianUserId: id("bob"),
      start: at("10:05"),
      override: true,
    });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain("reason");

    const forced = await ok(
      send("PUT", `/work-orders/${second.id}/appointment`, {
        technicianUserId: id("bob"),
        start: at("10:05"),
        override: true,
        reason: "Customer insists; Bob is shadowing",
      }),
    );
    expect(forced.overridden.map((c: { kind: string }) => c.kind)).toEqual(["missing_skill", "travel"]);
    const [audit] = await useTransaction((tx) =>
      tx
        .select()
        .from(auditEventTable)
        .where(and(eq(auditEventTable.action, "dispatch.appointment_set"), eq(auditEventTable.entityId, second.id))),
    );
    expect(audit?.changes).toMatchObject({
      overridden: { to: ["missing_skill", "travel"] },
      reason: { to: "Customer insists; Bob is shadowing" },
    });

    const third = await workOrder();
    const never = await send("PUT", `/work-orders/${third.id}/appointment`, {
      technicianUserId: id("bob"),
      start: at("09:15"),
      override: true,
      reason: "please",
    });
    expect(never.status).toBe(409);
    expect(JSON.stringify(await never.json())).toContain("double_booking");
    expect(
      (
        await send(
          "PUT",
          `/work-orders/${third.id}/appointment`,
          { technicianUserId: id("bob"), start: at("09:15") },
          users.bob?.auth,
        )
      ).status,
    ).toBe(403);
  });

  it("books one of many concurrent requests for the same technician and slot (PostgreSQL row lock)", async () => {
    const jobs = await Promise.all(Array.from({ length: 8 }, () => workOrder({ latitude: 6.45, longitude: 3.4 })));
    const answers = await Promise.all(
      jobs.map((j) =>
        send("PUT", `/work-orders/${j.id}/appointment`, {
          technicianUserId: id("cyd"),
          start: at("11:00"),
          override: true,
          reason: "rush",
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const booked = await useTransaction((tx) =>
      tx
        .select()
        .from(workOrderTable)
        .where(eq(workOrderTable.primaryAssigneeId, id("cyd"))),
    );
    expect(booked).toHaveLength(1);

    await ok(send("PUT", `/technicians/${id("cyd")}`, { maxJobsPerDay: 1 }));
    const more = await workOrder({ latitude: 6.45, longitude: 3.4 });
    const full = await ok(
      send("POST", `/work-orders/${more.id}/check`, { technicianUserId: id("cyd"), start: at("15:00") }),
    );
    expect(full.conflicts.map((c: { kind: string }) => c.kind)).toEqual(["max_jobs"]);
    await ok(send("PUT", `/technicians/${id("cyd")}`, { maxJobsPerDay: 6 }));
  });

  it("unschedules a job back to the queue", async () => {
    const job = await workOrder();
    await ok(send("PUT", `/work-orders/${job.id}/appointment`, { technicianUserId: id("cyd"), start: at("16:00") }));
    const back = await ok(send("DELETE", `/work-orders/${job.id}/appointment`));
    expect(back).toMatchObject({ technicianUserId: null, start: null, status: "draft" });
    const board = await ok(send("GET", `/board?date=${D}`));
    expect(board.unscheduled.map((j: { id: string }) => j.id)).toContain(job.id);
  });

  it("books a draft into the job's log, so the technician's start right after folds on top; unscheduling is logged too", async () => {
    const job = await workOrder({ latitude: 6.45, longitude: 3.4 });
    const booked = await ok(
      send("PUT", `/work-orders/${job.id}/appointment`, {
        technicianUserId: id("cyd"),
        start: at("17:00"),
        override: true,
        reason: "Evening visit agreed",
      }),
    );
    expect(booked.status).toBe("scheduled");
    const cyd = users.cyd?.auth as Record<string, string>;
    const wo = (path: string, method = "GET", body?: unknown) =>
      api.request(`/api/v1/work-orders/${job.id}${path}`, {
        method,
        headers: cyd,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const started = await ok(
      wo("/field-events", "POST", { clientEventId: "0-start", event: "start", occurredAt: new Date().toISOString() }),
    );
    expect([started.applied, started.ignoredReason, started.workOrder.status]).toEqual([true, null, "in_progress"]);
    const detail = await ok(api.request(`/api/v1/work-orders/${job.id}`, { headers: dispatcher }));
    expect(detail.events.map((e: { source: string; toStatus: string | null }) => [e.source, e.toStatus])).toEqual([
      ["staff", "scheduled"],
      ["field", null],
    ]);

    const other = await workOrder({ latitude: 6.45, longitude: 3.4 });
    await ok(
      send("PUT", `/work-orders/${other.id}/appointment`, {
        technicianUserId: id("cyd"),
        start: at("19:00"),
        override: true,
        reason: "Evening visit agreed",
      }),
    );
    expect((await ok(send("DELETE", `/work-orders/${other.id}/appointment`))).status).toBe("draft");
    const log = await ok(api.request(`/api/v1/work-orders/${other.id}`, { headers: dispatcher }));
    expect(log.status).toBe("draft");
    expect(log.events.map((e: { toStatus: string | null }) => e.toStatus)).toEqual(["scheduled", "draft"]);
  });
});

describe("auto-assign explains itself", () => {
  it("filters by skill, shift, availability and load, ranks by proficiency, distance and load; dry run books nothing", async () => {
    const job = await workOrder({
      requiredSkills: [skills["Fibre splicing"] as string],
      latitude: 6.6,
      longitude: 3.36,
    });
    const dry = await ok(send("POST", `/work-orders/${job.id}/auto-assign`, { dryRun: true, start: at("14:00") }));
    expect(dry).toMatchObject({
      dryRun: true,
      appointment: null,
      chosen: { userId: id("ada"), proficiency: 5, distanceFrom: "home_base" },
    });
    expect(dry.candidates.map((c: { name: string }) => c.name)).toEqual(["Ada", "Bob"]);
    expect(dry.candidates[1]).toMatchObject({ proficiency: 3, jobsThatDay: 2, distanceFrom: "previous_job" });
    const reasons = Object.fromEntries(
      dry.rejected.map((r: { name: string; reason: { key: string } }) => [r.name, r.reason.key]),
    );
    expect(reasons).toEqual({ Cyd: "missing_skill", Eve: "missing_skill" });
    expect(dry.rejected[0].reason.message).toContain("Fibre splicing");
    const [unchanged] = await useTransaction((tx) =>
      tx.select().from(workOrderTable).where(eq(workOrderTable.id, job.id)),
    );
    expect(unchanged?.primaryAssigneeId).toBeNull();

    const late = await ok(send("POST", `/work-orders/${job.id}/auto-assign`, { dryRun: true, start: at("15:30") }));
    expect(late.rejected.find((r: { name: string }) => r.name === "Ada")?.reason.key).toBe("outside_shift");

    const real = await ok(send("POST", `/work-orders/${job.id}/auto-assign`, { start: at("14:00") }));
    expect(real.appointment).toMatchObject({ technicianUserId: id("ada"), start: at("14:00") });
    const noSlot = await send("POST", `/work-orders/${(await workOrder()).id}/auto-assign`, {});
    expect(noSlot.status).toBe(400);
  });

  it("auto-assigns a new job its dispatch rule marks auto, with the rule's skills", async () => {
    const rule = await ok(
      send("POST", "/rules", {
        name: "North installs",
        workType: "install",
        region: "north",
        skillIds: [skills["ONT install"]],
        autoAssign: true,
      }),
      201,
    );
    expect(rule).toMatchObject({ autoAssign: true, enabled: true });
    // Created through the work-order API: its workorder.created event reaches the dispatch subscriber.
    const created = await api.request("/api/v1/work-orders", {
      method: "POST",
      headers: dispatcher,
      body: JSON.stringify({
        title: "Install in the north",
        workType: "install",
        region: "North",
        latitude: 6.46,
        longitude: 3.41,
        windowStart: at("15:00"),
        windowEnd: at("16:00"),
      }),
    });
    const job = await ok(created, 201);
    const [booked] = await useTransaction((tx) =>
      tx.select().from(workOrderTable).where(eq(workOrderTable.id, job.id)),
    );
    expect(booked).toMatchObject({ primaryAssigneeId: id("cyd"), scheduledStart: new Date(at("15:00")) });
    const system = { type: "system", properties: { job: "test" } } as const;
    const again = await withActor(system, () => Dispatch.applyRules(job.id));
    expect(again).toMatchObject({ applied: false, reason: "already has a technician" });
    const other = await workOrder({
      workType: "repair",
      windowStart: new Date(at("15:00")),
      windowEnd: new Date(at("16:00")),
    });
    const skipped = await withActor(system, () => Dispatch.applyRules(other.id));
    expect(skipped).toMatchObject({ applied: false, reason: "no auto-assign rule matches" });
  });
});

describe("the board", () => {
  it("shows technicians × time with shifts, blocks, jobs with travel minutes and the queue, in a constant number of queries", async () => {
    const board = await ok(send("GET", `/board?date=${D}&days=1`));
    const bob = board.technicians.find((x: { name: string }) => x.name === "Bob");
    expect(bob.shifts).toHaveLength(1);
    expect(bob.blocks[0]).toMatchObject({ localStart: `${D}T13:00`, reason: "Dentist" });
    expect(bob.jobs).toHaveLength(2);
    expect(bob.jobs[0].travelMinutesFromPrevious).toBeNull();
    expect(bob.jobs[1].travelMinutesFromPrevious).toBeGreaterThan(90);
    const week = await ok(send("GET", `/board?date=2027-03-26&days=7&timeZone=Europe/Paris`));
    expect(week.technicians.find((x: { name: string }) => x.name === "Ada").shifts).toHaveLength(2);
    expect((await send("GET", `/board?date=${D}&days=3`)).status).toBe(400);

    const count = async () => {
      let n = 0;
      await logStatements(t, () => {
        n += 1;
      });
      await ok(send("GET", `/board?date=${D}`));
      setConnection(t.connection);
      return n;
    };
    const before = await count();
    for (const name of ["fay", "gus", "hal"]) {
      await staff(name, ["field_technician"]);
      await ok(send("PUT", `/technicians/${id(name)}`, { timeZone: "Africa/Lagos" }));
      await ok(send("POST", `/technicians/${id(name)}/shifts`, { dates: [D], start: "08:00", end: "17:00" }), 201);
      const job = await workOrder();
      await ok(send("PUT", `/work-orders/${job.id}/appointment`, { technicianUserId: id(name), start: at("09:00") }));
    }
    expect(await count()).toBe(before);
  });
});

describe("location pings with consent, kept 48 hours", () => {
  it("needs the technician's own consent, is idempotent by client ref, and is pruned after 48 h", async () => {
    const bob = users.bob?.auth;
    const now = Date.now();
    const ping = (ref: string, ago: number) => ({
      latitude: 6.5,
      longitude: 3.37,
      recordedAt: new Date(now - ago).toISOString(),
      clientRef: ref,
    });
    expect((await send("POST", "/positions", ping("a", 0), admin)).status).toBe(403);
    const off = await send("POST", "/positions", ping("a", 0), bob);
    expect(off.status).toBe(403);
    expect(JSON.stringify(await off.json())).toContain("location sharing");
    await ok(send("PUT", "/me/location-sharing", { enabled: true }, bob));

    const batch = { positions: [ping("a", 60_000), ping("b", 0), ping("old", 49 * 3_600_000)] };
    expect(await ok(send("POST", "/positions", batch, bob))).toEqual({ accepted: 2, duplicates: 0, expired: 1 });
    expect(await ok(send("POST", "/positions", batch, bob))).toEqual({ accepted: 0, duplicates: 2, expired: 1 });
    const future = await send("POST", "/positions", ping("f", -3_600_000), bob);
    expect(future.status).toBe(400);
    expect(JSON.stringify(await future.json())).toContain("recordedAt");

    const board = await ok(send("GET", `/board?date=${D}`));
    expect(board.technicians.find((x: { name: string }) => x.name === "Bob").lastPosition).toMatchObject({
      latitude: 6.5,
      longitude: 3.37,
    });

    await useTransaction((tx) =>
      tx.insert(technicianPositionTable).values({
        userId: id("bob"),
        latitude: 1,
        longitude: 1,
        recordedAt: new Date(now - 50 * 3_600_000),
        clientRef: "stale",
      }),
    );
    expect(Jobs.jobNames).toContain("dispatch.positions_prune");
    const run = await Jobs.run("dispatch.positions_prune");
    expect(run.result).toMatchObject({ deleted: 1, complete: true });
    const kept = await useTransaction((tx) =>
      tx
        .select()
        .from(technicianPositionTable)
        .where(eq(technicianPositionTable.userId, id("bob"))),
    );
    expect(kept.map((p) => p.clientRef).sort()).toEqual(["a", "b"]);

    expect(await ok(send("PUT", "/me/location-sharing", { enabled: false }, bob))).toEqual({
      enabled: false,
      deleted: 2,
    });
  });
});
