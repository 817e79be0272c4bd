import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import * as Jobs from "@dotmac/core/jobs";
import { emailDeliveryTable, notificationTable } from "@dotmac/core/notification/notification.sql";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import * as Project from "@dotmac/core/project";
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { ORIGIN, passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD, portalSignIn, portalWorld } from "../support/portals";

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = Record<string, any>;
type Headers = Record<string, string>;

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let world: Awaited<ReturnType<typeof portalWorld>>;
let pm: Headers;
let pmId: string;
let techId: string;
let tech: Headers;
let sales: Headers;
let customerId: string;
let admin: Headers;
let ada: { cookie: string; csrf: string };
let bola: { cookie: string; csrf: string };

const call = async (method: string, path: string, body?: unknown, headers: Headers = pm) => {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    // biome-ignore lint/suspicious/noExplicitAny: a CSV body is read as text, JSON loosely
    body: (text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as any,
  };
};
const browser = (session: { cookie: string; csrf: string }, path: string) =>
  api.request(path, { headers: { origin: ORIGIN, cookie: session.cookie, "x-csrf-token": session.csrf } });

async function staffUser(email: string, displayName: string, roles: string[]): Promise<[string, Headers]> {
  const u = await Auth.createUser({ email, password: PASSWORD, displayName, roles });
  const token = (await passwordSignIn({ email, password: PASSWORD })).accessToken;
  return [u.id, { authorization: `Bearer ${token}`, "content-type": "application/json" }];
}

const emails = (like_: string) =>
  useTransaction((tx) => tx.select().from(emailDeliveryTable).where(like(emailDeliveryTable.dedupeKey, like_)));

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("PRJ");
  [pmId, pm] = await staffUser("pm@example.com", "Pat Manager", ["project_manager"]);
  [techId, tech] = await staffUser("tech@example.com", "Tunde Tech", ["field_technician"]);
  [, sales] = await staffUser("sales@example.com", "Sade Sales", ["sales"]);
  const adminToken = (await passwordSignIn({ email: world.accounts.staff.email, password: PASSWORD })).accessToken;
  admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  const person = await call(
    "POST",
    "/api/v1/people",
    { displayName: "Ada Customer", email: "ada.customer@example.com", partyStatus: "customer" },
    admin,
  );
  expect(person.status, JSON.stringify(person.body)).toBe(201);
  customerId = person.body.id;
  ada = await portalSignIn(api.request, "customer", world.accounts.customer.email);
  bola = await portalSignIn(api.request, "customer", world.accounts.otherCustomer.email);
});
afterAll(() => t.close());

let fibre: Json;
const task = (key: string) => (fibre.tasks as Json[]).find((x) => x.key === key) as Json;

describe("project templates", () => {
  it("a fresh install has v1's six templates; fibre installation has its six stages and all four dependency types", async () => {
    const res = await call("GET", "/api/v1/project-templates");
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: Json) => x.projectType).sort()).toEqual([...Project.projectTypes].sort());
    const tpl = res.body.items.find((x: Json) => x.projectType === "fiber_optics_installation");
    expect(tpl.tasks.filter((x: Json) => x.isStage).map((x: Json) => x.title)).toEqual([
      "Project plan",
      "Project survey",
      "Survey approval & PO issuance",
      "Drop cable installation",
      "Last-mile installation",
      "Power, splicing & activation",
    ]);
    expect(new Set(tpl.dependencies.map((d: Json) => d.type))).toEqual(new Set(["fs", "ss", "ff", "sf"]));
    expect(tpl.dependencies.some((d: Json) => d.lagDays > 0)).toBe(true);
    expect(tpl.dueDays).toBe(14);
  });

  it("a template edit keeps tasks by key; a cycle is refused naming it; sales cannot edit", async () => {
    const tpl = (await call("GET", "/api/v1/project-templates/cable_rerun")).body;
    const body = {
      name: "Cable rerun",
      dueDays: 6,
      tasks: [...tpl.tasks.map(({ id: _, ...x }: Json) => x), { key: "photo", title: "Photo report", durationDays: 0 }],
      dependencies: [...tpl.dependencies, { from: "test", to: "photo", type: "ff", lagDays: 0 }],
    };
    const saved = await call("PUT", "/api/v1/project-templates/cable_rerun", body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.tasks.map((x: Json) => x.key)).toEqual(["assess", "rerun", "test", "photo"]);
    expect(saved.body.tasks[0].id).toBe(tpl.tasks[0].id);
    const loop = await call("PUT", "/api/v1/project-templates/cable_rerun", {
      ...body,
      dependencies: [...body.dependencies, { from: "photo", to: "assess" }],
    });
    expect(loop.status).toBe(409);
    expect(loop.type).toContain("problem+json");
    expect(loop.body.detail).toContain(
      "Assess the fault → Rerun the cable → Test & close → Photo report → Assess the fault",
    );
    const unknown = await call("PUT", "/api/v1/project-templates/cable_rerun", {
      ...body,
      dependencies: [{ from: "nope", to: "assess" }],
    });
    expect(unknown.status).toBe(400);
    expect((await call("PUT", "/api/v1/project-templates/cable_rerun", body, sales)).status).toBe(403);
    expect((await call("GET", "/api/v1/project-templates", undefined, sales)).status).toBe(200);
  });
});

describe("projects from templates", () => {
  it("Project.create is idempotent on the sales order, also concurrently and inside a caller's transaction", async () => {
    const order = "0190a000-0000-7000-8000-000000000001";
    const actor = staffActor(
      { id: pmId, email: "pm@example.com", roles: ["project_manager"] },
      { permissions: ["project:create"] },
    );
    const as = <T>(f: () => Promise<T>) => withActor(actor, f);
    const runs = await Promise.all(
      [1, 2, 3].map(() => as(() => Project.create({ projectType: "air_fiber_installation", salesOrderId: order }))),
    );
    expect(new Set(runs.map((p) => p.id)).size).toBe(1);
    const inside = await as(() =>
      createTransaction(() => Project.create({ projectType: "air_fiber_installation", salesOrderId: order })),
    );
    expect(inside.id).toBe(runs[0]?.id);
    expect(runs[0]?.dueAt).toBe(
      new Date(Date.parse(`${runs[0]?.startAt}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10),
    );
  });

  it("a fibre project is numbered, its tasks scheduled through the dependencies, with the critical path", async () => {
    const created = await call("POST", "/api/v1/projects", {
      projectType: "fiber_optics_installation",
      name: "Fibre to 12 Marina Road",
      personId: customerId,
      subscriberId: world.subscribers.subA,
      managerId: pmId,
      region: "Lagos",
      startAt: "2026-03-02",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: "open", dueAt: "2026-03-16", managerName: "Pat Manager" });
    expect(created.body.number).toMatch(/^PRJ-\d{4}-\d{6}$/);
    fibre = (await call("GET", `/api/v1/projects/${created.body.id}`)).body;
    // plan 2/3 → survey 3–4 → approval 5–6 → (PO +1 day) drop 8–10 → last mile SS+1 9–11 → activation FS 12–13.
    expect([task("plan").startAt, task("survey").startAt, task("approval").startAt]).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-05",
    ]);
    expect(task("materials").startAt).toBe("2026-03-06");
    expect(task("drop").startAt).toBe("2026-03-08");
    expect(task("last_mile").startAt).toBe("2026-03-09");
    expect(task("activation")).toMatchObject({ startAt: "2026-03-12", endAt: "2026-03-14", critical: true });
    // SF: handover's finish ≥ activation start + 1 → it may start the 12th; it has slack.
    expect(task("handover")).toMatchObject({ startAt: "2026-03-12", critical: false });
    // Materials end exactly when the PO lag does: zero slack, so they are critical too.
    expect(new Set(fibre.criticalPath)).toEqual(
      new Set(["plan", "survey", "approval", "materials", "drop", "last_mile", "activation"].map((k) => task(k).id)),
    );
    expect(fibre.plannedEnd).toBe("2026-03-14");
  });

  it("dragging a task moves its dependants; an impossible dependency is a 409 naming the cycle", async () => {
    const drag = await call("PATCH", `/api/v1/project-tasks/${task("survey").id}`, { pinnedStart: "2026-03-05" });
    expect(drag.status, JSON.stringify(drag.body)).toBe(200);
    expect(drag.body.task).toMatchObject({ startAt: "2026-03-05", endAt: "2026-03-07" });
    const moved = new Map((drag.body.moved as Json[]).map((m) => [m.key, m.startAt]));
    expect(moved.get("approval")).toBe("2026-03-07");
    expect(moved.get("activation")).toBe("2026-03-14");
    expect(moved.has("plan")).toBe(false);
    const cycle = await call("POST", "/api/v1/project-tasks/dependencies", {
      predecessorId: task("activation").id,
      successorId: task("plan").id,
      type: "fs",
    });
    expect(cycle.status).toBe(409);
    expect(cycle.body.detail).toMatch(/cycle: Project plan → Project survey → .* → Project plan/);
    const self = await call("POST", "/api/v1/project-tasks/dependencies", {
      predecessorId: task("plan").id,
      successorId: task("plan").id,
    });
    expect(self.status).toBe(400);
    const badType = await call("POST", "/api/v1/project-tasks/dependencies", {
      predecessorId: task("plan").id,
      successorId: task("handover").id,
      type: "xx",
    });
    expect(badType.status).toBe(400);
    // Undo the drag: the dependants come back.
    const back = await call("PATCH", `/api/v1/project-tasks/${task("survey").id}`, { pinnedStart: null });
    expect(back.body.task.startAt).toBe("2026-03-03");
    fibre = (await call("GET", `/api/v1/projects/${fibre.project.id}`)).body;
    expect(task("activation").startAt).toBe("2026-03-12");
  });

  it("assigning a technician notifies them in the app and by email, naming who assigned them", async () => {
    const res = await call("PUT", `/api/v1/project-tasks/${task("survey").id}/assignees`, { userIds: [techId] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.assignees).toEqual([{ userId: techId, name: "Tunde Tech" }]);
    const inbox = (await call("GET", "/api/v1/notifications", undefined, tech)).body.items as Json[];
    const note = inbox.find((n) => n.kind === "project_task_assigned");
    expect(note?.title).toBe(`Pat Manager assigned you “Project survey” on ${fibre.project.number}`);
    const [mail] = await useTransaction((tx) =>
      tx
        .select()
        .from(emailDeliveryTable)
        .where(
          and(eq(emailDeliveryTable.to, "tech@example.com"), eq(emailDeliveryTable.template, "project_task_assigned")),
        ),
    );
    expect(mail?.subject).toContain("Pat Manager assigned you: Project survey");
    // Saving the same assignees again notifies nobody twice.
    await call("PUT", `/api/v1/project-tasks/${task("survey").id}/assignees`, { userIds: [techId] });
    const again = await useTransaction((tx) =>
      tx.select().from(notificationTable).where(eq(notificationTable.userId, techId)),
    );
    expect(again.filter((n) => n.kind === "project_task_assigned")).toHaveLength(1);
    const notStaff = await call("PUT", `/api/v1/project-tasks/${task("survey").id}/assignees`, {
      userIds: [world.accounts.customer.id],
    });
    expect(notStaff.status).toBe(400);
  });

  it("task statuses follow the transitions; a stage done emails the customer with the next stage, once", async () => {
    const bad = await call("POST", `/api/v1/project-tasks/${task("plan").id}/transition`, { status: "backlog" });
    expect(
      (await call("POST", `/api/v1/project-tasks/${task("plan").id}/transition`, { status: "in_progress" })).status,
    ).toBe(200);
    expect(bad.status).toBe(200);
    const blocked = await call("POST", `/api/v1/project-tasks/${task("plan").id}/transition`, { status: "backlog" });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toContain("it can become todo, blocked, done, canceled");
    const done = await call("POST", `/api/v1/project-tasks/${task("plan").id}/transition`, { status: "done" });
    expect(done.body).toMatchObject({ status: "done" });
    expect(done.body.completedAt).not.toBeNull();
    expect((await call("GET", `/api/v1/projects/${fibre.project.id}`)).body.project.status).toBe("active");
    const sent = await emails(`project:${fibre.project.id}:stage:%`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "ada.customer@example.com", template: "project_stage_completed" });
    expect(sent[0]?.data).toMatchObject({ ticketTitle: "Project plan", excerpt: "Project survey" });
    // Reopened and done again: no second email.
    await call("POST", `/api/v1/project-tasks/${task("plan").id}/transition`, { status: "in_progress" });
    await call("POST", `/api/v1/project-tasks/${task("plan").id}/transition`, { status: "done" });
    expect(await emails(`project:${fibre.project.id}:stage:%`)).toHaveLength(1);
  });

  it("the customer sees their project's stages only; another customer sees nothing", async () => {
    const mine = await (await browser(ada, "/api/v1/customer/projects")).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0].stages).toHaveLength(6);
    expect(mine.items[0].stages[0]).toMatchObject({ title: "Project plan", status: "done" });
    expect(mine.items[0].progress).toEqual({ done: 1, total: 6 });
    expect(JSON.stringify(mine)).not.toContain("Reserve materials");
    expect(JSON.stringify(mine)).not.toContain("Tunde");
    expect((await (await browser(bola, "/api/v1/customer/projects")).json()).items).toEqual([]);
    // A customer session does not open the staff API at all.
    expect([401, 403]).toContain((await browser(ada, `/api/v1/projects/${fibre.project.id}`)).status);
  });

  it("completing every task completes the project and emails the customer once", async () => {
    for (const x of fibre.tasks as Json[]) {
      if (x.key === "plan") continue;
      const r = await call("POST", `/api/v1/project-tasks/${x.id}/transition`, { status: "done" });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const after = (await call("GET", `/api/v1/projects/${fibre.project.id}`)).body.project;
    expect(after).toMatchObject({ status: "completed", progress: { done: 8, total: 8 } });
    expect(await emails(`project:${fibre.project.id}:completed`)).toHaveLength(1);
    const closed = await call("PATCH", `/api/v1/project-tasks/${task("plan").id}`, { durationDays: 3 });
    expect(closed.status).toBe(409);
    expect((await call("POST", `/api/v1/projects/${fibre.project.id}/status`, { status: "active" })).status).toBe(200);
  });

  it("a task spawns a work order for the field; comments, costs and CSV export", async () => {
    const wo = await call("POST", `/api/v1/project-tasks/${task("drop").id}/work-orders`, { workType: "install" });
    expect(wo.status, JSON.stringify(wo.body)).toBe(201);
    expect(wo.body.number).toMatch(/^WO-/);
    const linked = await call("GET", `/api/v1/projects/${fibre.project.id}/work-orders`);
    expect(linked.body.items).toEqual([expect.objectContaining({ id: wo.body.id, taskId: task("drop").id })]);
    const woDetail = await call("GET", `/api/v1/work-orders/${wo.body.id}`);
    expect(woDetail.body.projectId ?? woDetail.body.workOrder?.projectId).toBe(fibre.project.id);

    const c = await call("POST", `/api/v1/projects/${fibre.project.id}/comments`, {
      taskId: task("drop").id,
      body: "Duct blocked at pole 4",
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ authorName: "Pat Manager", attachments: [] });
    const foreign = await call("POST", `/api/v1/projects/${fibre.project.id}/comments`, {
      body: "x",
      uploadIds: ["0190a000-0000-7000-8000-0000000000ff"],
    });
    expect(foreign.status).toBe(404);

    const costs = await call("GET", `/api/v1/projects/${fibre.project.id}/costs`);
    expect(costs.status, JSON.stringify(costs.body)).toBe(200);
    expect(costs.body).toMatchObject({ plannedEffortHours: 57, workOrders: 1 });

    await call("PATCH", `/api/v1/projects/${fibre.project.id}`, { name: '=HYPERLINK("http://evil")' });
    const csv = await call("GET", "/api/v1/projects/export.csv");
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    expect(csv.body).toContain(`'=HYPERLINK(""http://evil"")`);
    const plan = await call("GET", `/api/v1/projects/${fibre.project.id}/tasks.csv`);
    expect(plan.body.split("\r\n")[0]).toBe(
      "project,task,status,stage,start,finish,days,effort_hours,assignees,critical,slack_days",
    );
    expect(plan.body).toContain("Project survey,done,true,2026-03-03,2026-03-04,2,8,Tunde Tech,true,0");
  });

  it("security: no session is 401, a technician without project rights is 403, bad ids are 400/404", async () => {
    expect((await api.request("/api/v1/projects")).status).toBe(401);
    expect((await api.request("/api/v1/customer/projects")).status).toBe(401);
    expect((await call("GET", "/api/v1/projects", undefined, tech)).status).toBe(403);
    expect((await call("POST", "/api/v1/projects", { projectType: "cross_connect" }, sales)).status).toBe(403);
    expect((await call("GET", "/api/v1/projects/not-a-uuid")).status).toBe(400);
    expect((await call("GET", "/api/v1/projects/0190a000-0000-7000-8000-0000000000aa")).status).toBe(404);
    const bad = await call("POST", "/api/v1/projects", { projectType: "moon_base" });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain("projectType");
    const dates = await call("POST", "/api/v1/projects", {
      projectType: "cross_connect",
      startAt: "2026-03-10",
      dueAt: "2026-03-01",
    });
    expect(dates.status).toBe(400);
    const ghost = await call("POST", "/api/v1/projects", {
      projectType: "cross_connect",
      personId: "0190a000-0000-7000-8000-0000000000bb",
    });
    expect(ghost.status).toBe(400);
  });
});

describe("project and task SLA clocks", () => {
  let p: Json;
  const clocksOf = async () => (await call("GET", `/api/v1/projects/${p.project.id}/clocks`)).body as Json;
  const clockOf = (c: Json, key: string) =>
    (c.tasks as Json[]).find((x) => x.taskId === (p.tasks as Json[]).find((t) => t.key === key)?.id) as Json;
  // Time passes for one task: its status log moves back (the engine reads only the log), then the clock is due.
  const age = (taskId: string, minutes: number) =>
    useTransaction(async (tx) => {
      await tx.execute(
        sql`update project_status_event set at = at - make_interval(mins => ${minutes}) where task_id = ${taskId}`,
      );
      await tx.execute(sql`update project_clock set next_check_at = now() where subject_id = ${taskId}`);
    });
  const alerts = (kind: string) =>
    useTransaction((tx) =>
      tx
        .select()
        .from(notificationTable)
        .where(
          and(eq(notificationTable.kind, kind as "sla_warning"), like(notificationTable.link, `%${p.project.number}`)),
        ),
    );

  it("fibre installation ships v1's Fiber Project Task SLA; admins edit policies, bad input is a 400 saying what to fix", async () => {
    const seeded = await call("GET", "/api/v1/project-sla-policies?projectType=fiber_optics_installation");
    expect(seeded.status).toBe(200);
    expect(seeded.body.items.map((x: Json) => [x.taskKey, x.targetMinutes])).toEqual([
      [null, 5760],
      ["plan", 480],
      ["survey", 960],
      ["approval", 960],
      ["drop", 1440],
      ["last_mile", 1440],
      ["activation", 960],
    ]);
    const zero = await call(
      "PUT",
      "/api/v1/project-sla-policies",
      { projectType: "cable_rerun", targetMinutes: 0 },
      admin,
    );
    expect(zero.status).toBe(400);
    expect(zero.type).toContain("problem+json");
    expect(zero.body.detail).toContain("targetMinutes");
    const unknown = await call(
      "PUT",
      "/api/v1/project-sla-policies",
      { projectType: "fiber_optics_installation", taskKey: "moon", targetMinutes: 60 },
      admin,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain("moon is not a task of the fiber_optics_installation template");
    expect(unknown.body.detail).toContain("survey");
    const ghost = await call(
      "PUT",
      "/api/v1/project-sla-policies",
      { projectType: "cable_rerun", targetMinutes: 60, calendarId: "0190a000-0000-7000-8000-0000000000cc" },
      admin,
    );
    expect(ghost.status).toBe(400);
    const pmTry = await call("PUT", "/api/v1/project-sla-policies", { projectType: "cable_rerun", targetMinutes: 60 });
    expect(pmTry.status).toBe(403);
    // The office's 24/7 default calendar, so the story does not depend on today's weekday.
    for (const [taskKey, targetMinutes] of [
      ["survey", 60],
      [null, 6000],
    ] as const) {
      const saved = await call(
        "PUT",
        "/api/v1/project-sla-policies",
        { projectType: "fiber_optics_installation", taskKey, targetMinutes, warnAtPercent: 50, calendarId: null },
        admin,
      );
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const temp = await call(
      "PUT",
      "/api/v1/project-sla-policies",
      { projectType: "cable_rerun", targetMinutes: 90 },
      admin,
    );
    expect((await call("DELETE", `/api/v1/project-sla-policies/${temp.body.id}`, undefined, admin)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/project-sla-policies/${temp.body.id}`, undefined, admin)).status).toBe(404);
  });

  it("a started task's clock warns then breaches; the PM and assignees are told once, even by concurrent scans", async () => {
    const created = await call("POST", "/api/v1/projects", {
      projectType: "fiber_optics_installation",
      name: "Clocked fibre build",
      managerId: pmId,
    });
    expect(created.status).toBe(201);
    p = (await call("GET", `/api/v1/projects/${created.body.id}`)).body;
    const survey = (p.tasks as Json[]).find((x) => x.key === "survey") as Json;
    await call("PUT", `/api/v1/project-tasks/${survey.id}/assignees`, { userIds: [techId] });

    let c = await clocksOf();
    expect(c.project).toMatchObject({ taskId: null, health: "on_track", targetMinutes: 6000 });
    expect(clockOf(c, "survey")).toMatchObject({ health: "not_started", targetMinutes: 60 });
    expect(clockOf(c, "materials")).toMatchObject({ health: "none", targetMinutes: null });

    await call("POST", `/api/v1/project-tasks/${survey.id}/transition`, { status: "in_progress" });
    c = await clocksOf();
    expect(clockOf(c, "survey").health).toBe("on_track");
    expect(Date.parse(clockOf(c, "survey").deadline) - Date.now()).toBeGreaterThan(55 * 60_000);

    await age(survey.id, 40);
    const runs = await Promise.all([Jobs.run("sla.scan"), Jobs.run("sla.scan")]);
    const raised = runs.map((r) => (r.result as Json).projects.warnings as number);
    expect(raised.reduce((a, b) => a + b, 0)).toBe(1);
    expect(clockOf(await clocksOf(), "survey").health).toBe("at_risk");
    await expect.poll(async () => (await alerts("sla_warning")).length).toBe(2);
    const list = await call("GET", "/api/v1/projects?sla=attention");
    expect(list.body.items.map((x: Json) => x.id)).toContain(p.project.id);

    await age(survey.id, 30);
    await Promise.all([Jobs.run("sla.scan"), Jobs.run("sla.scan"), Project.scanClocks()]);
    const breached = clockOf(await clocksOf(), "survey");
    expect(breached.health).toBe("breached");
    expect(breached.breachedAt).not.toBeNull();
    await expect
      .poll(async () => (await alerts("sla_breach")).map((n) => n.userId).sort())
      .toEqual([pmId, techId].sort());
    const [note] = (await alerts("sla_breach")).filter((n) => n.userId === techId);
    expect(note?.title).toContain(`${p.project.number}: “Project survey” breached its SLA`);
    await Jobs.run("sla.scan");
    expect(await alerts("sla_breach")).toHaveLength(2);
    expect(await alerts("sla_warning")).toHaveLength(2);
  });

  it("a project made before the status log gets its clocks from migration 0033's backfill", async () => {
    const made = await call("POST", "/api/v1/projects", { projectType: "fiber_optics_installation" });
    const old = (await call("GET", `/api/v1/projects/${made.body.id}`)).body as Json;
    // Two stages with targets (the template's handover tasks have none), by key: list order is not theirs.
    const started = (old.tasks as Json[]).find((x) => x.key === "plan");
    const blocked = (old.tasks as Json[]).find((x) => x.key === "survey");
    await call("POST", `/api/v1/project-tasks/${started?.id}/transition`, { status: "in_progress" });
    await call("POST", `/api/v1/project-tasks/${blocked?.id}/transition`, { status: "in_progress" });
    const block = await call("POST", `/api/v1/project-tasks/${blocked?.id}/transition`, { status: "blocked" });
    expect(block.status, JSON.stringify(block.body)).toBe(200);
    // As before 0032: no log, no registry rows. The migration's statements then run as they ship.
    await useTransaction(async (tx) => {
      await tx.execute(sql`delete from project_status_event where project_id = ${made.body.id}`);
      await tx.execute(sql`delete from project_clock where project_id = ${made.body.id}`);
    });
    const none = await call("GET", `/api/v1/projects/${made.body.id}/clocks`);
    expect((none.body.tasks as Json[]).find((x) => x.taskId === started?.id)?.health).toBe("not_started");
    const backfill = readFileSync(
      join(import.meta.dirname, "../../packages/core/migrations/0033_project_status_backfill.sql"),
      "utf8",
    );
    for (const statement of backfill.split("--> statement-breakpoint")) {
      await useTransaction((tx) => tx.execute(sql.raw(statement)));
    }
    const c = (await call("GET", `/api/v1/projects/${made.body.id}/clocks`)).body as Json;
    const health = (id: unknown) => (c.tasks as Json[]).find((x) => x.taskId === id)?.health;
    expect(health(started?.id)).toBe("on_track");
    expect(health(blocked?.id)).toBe("paused");
    expect(c.project.health).not.toBe("none");
    const rows = await useTransaction((tx) =>
      tx.execute(
        sql`select count(*)::int as n from project_clock where project_id = ${made.body.id} and next_check_at is not null`,
      ),
    );
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe((old.tasks as Json[]).length + 1);
  });

  it("on hold pauses the project's clock; a blocked task pauses its own; completed stops it", async () => {
    await call("POST", `/api/v1/projects/${p.project.id}/status`, { status: "active" });
    await call("POST", `/api/v1/projects/${p.project.id}/status`, { status: "on_hold" });
    const plan = (p.tasks as Json[]).find((x) => x.key === "plan") as Json;
    await call("POST", `/api/v1/project-tasks/${plan.id}/transition`, { status: "in_progress" });
    let c = await clocksOf();
    expect(c.project.health).toBe("paused");
    expect(c.project.deadline).toBeNull();
    expect(clockOf(c, "plan").health).toBe("on_track");
    await call("POST", `/api/v1/projects/${p.project.id}/status`, { status: "active" });
    await call("POST", `/api/v1/project-tasks/${plan.id}/transition`, { status: "blocked" });
    c = await clocksOf();
    expect(c.project.health).toBe("on_track");
    expect(clockOf(c, "plan").health).toBe("paused");
    await call("POST", `/api/v1/project-tasks/${plan.id}/transition`, { status: "in_progress" });
    await call("POST", `/api/v1/project-tasks/${plan.id}/transition`, { status: "done" });
    expect(clockOf(await clocksOf(), "plan").health).toBe("met");
    const fresh = await call("POST", "/api/v1/projects", { projectType: "cross_connect" });
    const attention = (await call("GET", "/api/v1/projects?sla=attention")).body.items.map((x: Json) => x.id);
    expect(attention).not.toContain(fresh.body.id);
    expect((await call("GET", `/api/v1/projects/${fresh.body.id}/clocks`, undefined, tech)).status).toBe(403);
    expect((await call("GET", "/api/v1/projects?sla=soon")).status).toBe(400);
  });
});
