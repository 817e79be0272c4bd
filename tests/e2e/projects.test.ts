import * as Auth from "@dotmac/core/auth";
import { userTable } from "@dotmac/core/auth/auth.sql";
import * as Jobs from "@dotmac/core/jobs";
import { emailDeliveryTable, notificationTable } from "@dotmac/core/notification/notification.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as Project from "@dotmac/core/project";
import { and, eq, like, sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn } from "../support/api";
import { type collectProblems, openPortal, type Portal, screenshot, signInThroughApi } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let pm: Record<string, string>;
const PASSWORD = "correct horse battery staple";
const PM = { email: "pat.pm@e2e.example", name: "Pat Manager" };
const TECH = { email: "tech@demo-isp.example", name: "Tunde Okafor" };
const NAME = "Fibre to 14 Bode Thomas Street";
const project = { id: "", number: "" };

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: pm,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
}
const taskOf = async (key: string) =>
  ((await api("GET", `/api/v1/projects/${project.id}`)).tasks as { key: string; startAt: string; id: string }[]).find(
    (x) => x.key === key,
  ) as { key: string; startAt: string; id: string };

beforeAll(async () => {
  portal = await openPortal({ name: "projects" });
  ({ base, page, problems } = portal);
  const system = { type: "system", properties: { job: "e2e.projects" } } as const;
  await withActor(system, () =>
    Auth.createUser({ email: PM.email, password: PASSWORD, displayName: PM.name, roles: ["project_manager"] }),
  );
  pm = {
    authorization: `Bearer ${(await passwordSignIn({ email: PM.email, password: PASSWORD })).accessToken}`,
    "content-type": "application/json",
  };
  // An admin's SLA for two fibre stages: an hour on the 24/7 calendar, at risk after half of it.
  await withActor(system, async () => {
    for (const taskKey of ["survey", "approval"]) {
      await Project.saveClockPolicy({
        projectType: "fiber_optics_installation",
        taskKey,
        targetMinutes: 60,
        warnAtPercent: 50,
        calendarId: null,
      });
    }
  });
});

afterAll(() => portal?.stop());

describe("a project manager's day", () => {
  it("creates the fibre project from the New project form and sees the Gantt with its critical path", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(PM.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.getByRole("link", { name: "Projects" }).first().click();
    await page.waitForURL(/\/projects$/);
    await page.locator(".page-actions").getByRole("link", { name: "New project" }).click();
    await page.getByLabel("Name", { exact: true }).fill(NAME);
    // The demo customer (Amaka Obi) by her subscriber, found by name: she becomes the customer; the PM manages it.
    const pick = async (search: string, select: string, text: string) => {
      await page.getByLabel(search).fill(text);
      const option = page.getByLabel(select, { exact: true }).locator("option", { hasText: text }).first();
      await option.waitFor({ state: "attached" });
      await page.getByLabel(select, { exact: true }).selectOption((await option.getAttribute("value")) as string);
    };
    await pick("Find a subscriber", "Subscriber", "Amaka Obi");
    await pick("Find a manager", "Project manager", PM.name);
    await page.getByLabel("Region").fill("Lagos");
    await screenshot(page, "projects-new", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    project.id = page.url().split("/").at(-1) as string;
    const created = await api("GET", `/api/v1/projects/${project.id}`);
    project.number = created.project.number;
    expect(created.project).toMatchObject({
      name: NAME,
      region: "Lagos",
      managerName: PM.name,
      customerName: "Amaka Obi",
    });
    expect(created.project.subscriberId).not.toBeNull();
    await page.getByRole("heading", { name: `${project.number} · ${NAME}` }).waitFor();
    await page.locator(".gantt-bar").first().waitFor();
    expect(await page.locator(".gantt-bar").count()).toBe(8);
    expect(await page.locator(".gantt-bar.gantt-critical").count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator(".gantt-link").count()).toBe(9);
    await screenshot(page, "projects-gantt", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("drags the survey two days later: its dependants move with it", async () => {
    const before = await taskOf("approval");
    const bar = page.locator('.gantt-bar[data-task="survey"]');
    const box = await bar.boundingBox();
    if (!box) throw new Error("the survey bar is not drawn");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 + 56, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.getByText(/Project survey now starts .*; \d+ dependent task\(s\) moved\./).waitFor();
    const after = await taskOf("approval");
    expect(Date.parse(after.startAt) - Date.parse(before.startAt)).toBe(2 * 86_400_000);
    // The keyboard does the same, a day at a time.
    await page.locator('.gantt-bar[data-task="survey"]').focus();
    await page.keyboard.press("ArrowLeft");
    await page.getByText(/Project survey now starts/).waitFor();
    await expect.poll(async () => (await taskOf("approval")).startAt).not.toBe(after.startAt);
    await screenshot(page, "projects-gantt-moved", { fullPage: false });
  });

  it("assigns a technician: the notification names the project manager", async () => {
    await page.getByRole("button", { name: "Project survey", exact: true }).click();
    const form = page.locator(".project-assign");
    await form.getByLabel("Technician").selectOption({ label: TECH.name });
    await form.getByRole("button", { name: "Assign" }).click();
    await page.getByText(`Project survey assigned to ${TECH.name}.`).waitFor();
    const notes = await useTransaction((tx) =>
      tx
        .select({ title: notificationTable.title })
        .from(notificationTable)
        .innerJoin(userTable, eq(userTable.id, notificationTable.userId))
        .where(and(eq(userTable.email, TECH.email), eq(notificationTable.kind, "project_task_assigned"))),
    );
    expect(notes.map((n) => n.title)).toContain(`${PM.name} assigned you “Project survey” on ${project.number}`);
  });

  it("completes the plan stage from the board: the customer gets an email naming the next stage", async () => {
    await page.getByLabel("Status of Project plan").selectOption({ label: "Done" });
    await page.getByText("Project plan is now Done.").waitFor();
    await expect
      .poll(async () =>
        (
          await useTransaction((tx) =>
            tx
              .select()
              .from(emailDeliveryTable)
              .where(like(emailDeliveryTable.dedupeKey, `project:${project.id}:stage:%`)),
          )
        ).map((m) => [m.to, m.template, (m.data as { excerpt?: string }).excerpt]),
      )
      .toEqual([["customer@demo-isp.example", "project_stage_completed", "Project survey"]]);
  });

  it("sees the survey at risk and the approval breached, on the board and in the SLA panel", async () => {
    for (const key of ["survey", "approval"]) {
      await api("POST", `/api/v1/project-tasks/${(await taskOf(key)).id}/transition`, { status: "in_progress" });
    }
    // Time passes for the two stages: their status log moves back (the engine reads only the log),
    // then the registered job finds them, as it would have after a real wait.
    const survey = (await taskOf("survey")).id;
    const approval = (await taskOf("approval")).id;
    await useTransaction(async (tx) => {
      await tx.execute(sql`update project_status_event set at = at - interval '40 minutes' where task_id = ${survey}`);
      await tx.execute(
        sql`update project_status_event set at = at - interval '90 minutes' where task_id = ${approval}`,
      );
      await tx.execute(sql`update project_clock set next_check_at = now() where project_id = ${project.id}`);
    });
    await Jobs.run("sla.scan");
    await page.reload();
    const sla = page.locator(".sla-table");
    await sla.locator('[data-row="survey"]').getByText("At risk").waitFor();
    await sla.locator('[data-row="approval"]').getByText("Breached").waitFor();
    await page.locator('[data-card="approval"]').getByText("Breached").waitFor();
    await expect
      .poll(async () =>
        (
          await useTransaction((tx) =>
            tx
              .select({ title: notificationTable.title })
              .from(notificationTable)
              .innerJoin(userTable, eq(userTable.id, notificationTable.userId))
              .where(and(eq(userTable.email, PM.email), eq(notificationTable.kind, "sla_breach"))),
          )
        ).map((n) => n.title),
      )
      .toEqual([expect.stringContaining(`${project.number}: “Survey approval & PO issuance” breached its SLA`)]);
    await page.locator(".project-board").scrollIntoViewIfNeeded();
    await screenshot(page, "projects-board", { fullPage: false });
    await sla.scrollIntoViewIfNeeded();
    await screenshot(page, "projects-sla", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("views the cost summary and exports the plan as CSV", async () => {
    await page.getByText("Planned effort").scrollIntoViewIfNeeded();
    await page.getByText("57 h").waitFor();
    await screenshot(page, "projects-costs", { fullPage: false });
    const href = await page.getByRole("link", { name: "Plan as CSV" }).getAttribute("href");
    expect(href).toBe(`/api/v1/projects/${project.id}/tasks.csv`);
    const csv = (await api("GET", href as string)) as string;
    expect(csv.split("\r\n")[0]).toBe(
      "project,task,status,stage,start,finish,days,effort_hours,assignees,critical,slack_days",
    );
    expect(csv).toContain(`${project.number},Project plan,done,true`);
    await page.goto(`${base}/projects?projectType=fiber_optics_installation`);
    await page.getByRole("link", { name: project.number }).waitFor();
    expect(await page.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(
      "/api/v1/projects/export.csv?projectType=fiber_optics_installation",
    );
    await page.getByLabel("SLA at risk or breached").check();
    await page.waitForURL(/sla=attention/);
    await page.getByRole("link", { name: project.number }).waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("edits a template dependency; a loop is refused with the server's message naming it", async () => {
    await page.locator(".page-actions").getByRole("link", { name: "Templates" }).click();
    await page.getByLabel("Project type", { exact: true }).selectOption({ label: "Cable rerun" });
    const dep = page.locator('[data-dep="rerun>test"]');
    await dep.getByLabel("Lag (days)").fill("1");
    await page.getByRole("button", { name: "Save template" }).click();
    await page.getByText("Cable rerun saved with 3 tasks.").waitFor();
    const saved = (await api("GET", "/api/v1/project-templates/cable_rerun")).dependencies as Array<{
      from: string;
      lagDays: number;
    }>;
    expect(saved.find((d) => d.from === "rerun")?.lagDays).toBe(1);
    await page.getByRole("button", { name: "Add a dependency" }).click();
    const loop = page.locator(".template-dep").last();
    await loop.getByLabel(/^After/).selectOption({ label: "Test & close" });
    await loop.getByLabel(/^Task/).selectOption({ label: "Assess the fault" });
    await page.getByRole("button", { name: "Save template" }).click();
    await page
      .getByRole("alert")
      .getByText(/These dependencies form a cycle: .*Test & close.*Remove one of them\./)
      .waitFor();
    await screenshot(page, "projects-templates", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("an admin sets the survey's SLA target to 1.5 business hours; the project manager reads it", async () => {
    const context = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await context.newPage();
    await signInThroughApi(admin, base, portal.login);
    await admin.goto(`${base}/projects/templates`);
    const survey = admin.locator('[data-sla="survey"]');
    await survey.getByText("1 business h · at risk after 50 % · Default calendar").waitFor();
    await admin.locator('[data-sla="materials"]').getByText("No target").waitFor();
    // More than a year of hours: the server's 400 names targetMinutes and lands on the hours field.
    const hours = survey.getByLabel("Target (business hours)");
    await hours.fill("9000");
    await survey.getByRole("button", { name: "Save" }).click();
    await survey.locator("#sla-survey-hours-error").waitFor();
    expect(await hours.getAttribute("aria-invalid")).toBe("true");
    await hours.fill("1.5");
    await survey.getByLabel("At risk after (%)").fill("75");
    await survey.getByRole("button", { name: "Save" }).click();
    await survey.getByText("Target of Project survey saved.").waitFor();
    const stored = (await api("GET", "/api/v1/project-sla-policies?projectType=fiber_optics_installation")).items;
    expect(stored.find((p: { taskKey: string | null }) => p.taskKey === "survey")).toMatchObject({
      targetMinutes: 90,
      warnAtPercent: 75,
      calendarId: null,
    });
    await survey.scrollIntoViewIfNeeded();
    await screenshot(admin, "projects-sla-targets", { fullPage: false });
    expect(await axeInBothThemes(admin)).toEqual([]);
    await admin.setViewportSize({ width: 375, height: 812 });
    await survey.scrollIntoViewIfNeeded();
    expect(
      await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(admin, "projects-sla-targets-375", { fullPage: false });
    await context.close();
    // The project manager (no system:settings:write) sees the new target and nothing to change it with.
    await page.reload();
    const row = page.locator('[data-sla="survey"]');
    await row.getByText("1.5 business h · at risk after 75 % · Default calendar").waitFor();
    expect(await page.locator(".sla-targets").locator("input, select, button").count()).toBe(0);
  });

  it("fits a 375 px phone", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/projects/${project.id}`);
    await page.locator(".gantt-bar").first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "projects-375", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    for (const [path, name] of [
      ["/projects/templates", "projects-templates-375"],
      ["/projects/new", "projects-new-375"],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.locator("form").first().waitFor();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      await screenshot(page, name, { fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // The refused loop's 409 is the one error the browser logs: the story asked for it.
    expect(problems.console.filter((m) => !/templates: .*status of 409/.test(m))).toEqual([]);
    expect(problems.page).toEqual([]);
  });

  it("the customer follows the stages in the customer portal", async () => {
    const context = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const customer = await context.newPage();
    await customer.goto(`${base}/customer/login`);
    await customer.getByLabel("Email").fill("customer@demo-isp.example");
    await customer.getByLabel("Password").fill(portal.demoPassword);
    await customer.getByRole("button", { name: "Sign in" }).click();
    await customer.waitForURL(/\/customer$/);
    await customer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    await customer.waitForURL(/\/customer\/projects$/);
    const mine = customer.locator(".customer-project", { hasText: NAME });
    await mine.getByText("1 of 6 stages complete").waitFor();
    expect(await mine.locator(".customer-stage").count()).toBe(6);
    expect(await mine.textContent()).not.toContain("Reserve materials");
    await screenshot(customer, "projects-customer", { fullPage: false });
    expect(await axeInBothThemes(customer)).toEqual([]);
    await customer.setViewportSize({ width: 375, height: 812 });
    expect(
      await customer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(customer, "projects-customer-375", { fullPage: false });
    await context.close();
  });
});
