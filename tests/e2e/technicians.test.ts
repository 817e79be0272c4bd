import * as Auth from "@dotmac/core/auth";
import * as Dispatch from "@dotmac/core/dispatch";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let base: string;
let page: Page;
let problems: ReturnType<typeof collectProblems>;
const ZONE = "Africa/Lagos"; // UTC+1 all year: 10:00 there is 09:00Z.
const tag = String(Date.now() % 100_000);
const dayIn = (n: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(Date.now() + n * 86_400_000));
const [d1, d2, d3] = [dayIn(1), dayIn(2), dayIn(3)];
const skillName = `Fibre splicing ${tag}`;
let ada = "";
let skillId = "";
const jobs = { onShift: "", dayOff: "" };

const system = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "e2e.technicians" } }, fn);

beforeAll(async () => {
  portal = await openPortal({ name: "technicians" });
  ({ base, page, problems } = portal);
  await page.setViewportSize({ width: 1280, height: 800 });
  const email = `dispatcher.${tag}@e2e.example`;
  await system(() =>
    Auth.createUser({ email, password: portal.demoPassword, displayName: "Dana Dispatcher", roles: ["dispatcher"] }),
  );
  const tech = await system(() =>
    Auth.createUser({
      email: `ada.${tag}@e2e.example`,
      password: portal.demoPassword,
      displayName: `Ada Obi ${tag}`,
      roles: ["field_technician"],
    }),
  );
  ada = tech.id;
  skillId = (await system(() => Dispatch.Technicians.createSkill({ name: skillName }))).id;
  // Two jobs needing the skill, each with the customer home 10:00–12:00 Lagos time: tomorrow, and the day after.
  for (const [key, day] of [
    ["onShift", d1],
    ["dayOff", d2],
  ] as const) {
    const [row] = await useTransaction((tx) =>
      tx
        .insert(workOrderTable)
        .values({
          number: `WO-TECH-${key.toUpperCase()}-${tag}`,
          title: `Splice drop cable (${key})`,
          status: "draft",
          workType: "repair",
          latitude: 6.46,
          longitude: 3.4,
          estimatedDurationMinutes: 60,
          requiredSkills: [skillId],
          windowStart: new Date(`${day}T09:00:00Z`),
          windowEnd: new Date(`${day}T11:00:00Z`),
        })
        .returning(),
    );
    jobs[key] = row?.id ?? "";
  }
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(portal.demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
});

afterAll(() => portal?.stop());

/** Auto-assign as the signed-in dispatcher, through the HTTP API (dry run: explains, books nothing). */
const autoAssign = (workOrderId: string) =>
  page.evaluate(async (id) => {
    const csrf = document.cookie
      .split("; ")
      .find((c) => c.startsWith("__Host-dotmac_csrf="))
      ?.split("=")[1];
    const res = await fetch(`/api/v1/dispatch/work-orders/${id}/auto-assign`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf ?? "") },
      body: JSON.stringify({ dryRun: true }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        chosen: { userId: string; proficiency: number | null } | null;
        rejected: { userId: string; reason: { key: string } }[];
      },
    };
  }, workOrderId);

describe("a dispatcher sets up a technician's skills and week", () => {
  it("makes a new staff user a technician: region, zone, then her home base on her page", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Technicians" }).click();
    await page.getByRole("heading", { name: "Technicians", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Add technician" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a technician" });
    // Nothing chosen: the dialog says so on the field and stays open.
    await dialog.getByRole("button", { name: "Add technician" }).click();
    await dialog.locator("#add-tech-user-error").getByText("Choose a staff user").waitFor();
    await dialog
      .getByLabel("Staff user")
      .selectOption({ label: `Ada Obi ${tag} (ada.${tag}@e2e.example) · field technician` });
    await dialog.getByLabel("Region").fill("Lagos");
    await dialog.getByLabel("Time zone (IANA, e.g. Africa/Lagos)").fill(ZONE);
    await screenshot(page, "technicians-add-1280", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, "technicians-add-375", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole("button", { name: "Add technician" }).click();
    await page.waitForURL((u) => u.pathname === `/technicians/${ada}`);
    await page.getByRole("heading", { name: `Ada Obi ${tag}`, level: 1 }).waitFor();
    await page.getByLabel("Home base latitude").fill("6.45");
    await page.getByLabel("Home base longitude").fill("3.39");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();
    await page.getByRole("link", { name: "All technicians" }).click();
    await page.getByRole("heading", { name: "Technicians", level: 1 }).waitFor();
  });

  it("finds the technician in the list: region, no skills yet, no shift today", async () => {
    const row = page.locator(`[data-tech="${ada}"]`);
    await row.getByText("Lagos").waitFor();
    await row.getByText("No skills yet.").waitFor();
    await row.getByText("No shift today").waitFor();
    await screenshot(page, "technicians-list-1280", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    // Before any shift, auto-assign cannot pick Ada.
    const before = await autoAssign(jobs.onShift);
    expect(before.status).toBe(200);
    expect(before.body.chosen?.userId).not.toBe(ada);
    await row.getByRole("link", { name: `Ada Obi ${tag}` }).click();
    await page.getByRole("heading", { name: `Ada Obi ${tag}`, level: 1 }).waitFor();
  });

  it("adds the skill at proficiency 4 as the primary one", async () => {
    // A label around a select names it with the chosen option too ("Skill Fibre splicing").
    const form = page.getByRole("form", { name: "Add skill" });
    await form.getByRole("combobox", { name: /^Skill/ }).selectOption({ label: skillName });
    await form.getByRole("combobox", { name: /^Proficiency/ }).selectOption("4");
    await form.getByLabel("Primary skill", { exact: true }).check();
    await form.getByRole("button", { name: "Add skill" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${skillName} added.` })
      .waitFor();
    expect(await page.getByLabel(`Proficiency in ${skillName}`).inputValue()).toBe("4");
    const [saved] = (await system(() => Dispatch.Technicians.get({ userId: ada }))).skills;
    expect(saved).toMatchObject({ skillId, proficiency: 4, isPrimary: true });
  });

  it("adds 08:00–17:00 shifts in the technician's zone and a day off, and auto-assign respects both", async () => {
    await page.getByText(`Times are in the technician's time zone, ${ZONE}`).waitFor();
    await page.getByLabel("From date").fill(d1);
    await page.getByLabel("To date (blank: one day)").fill(d3);
    await page.getByLabel(`Start (${ZONE})`).fill("08:00");
    await page.getByLabel(`End (${ZONE})`).fill("17:00");
    await page.getByRole("button", { name: "Add shifts" }).click();
    await page.getByRole("status").filter({ hasText: "Shifts added." }).waitFor();
    await page.getByText(`${d1} 08:00–17:00 (${ZONE})`).waitFor();
    // Stored as instants: 08:00 in Lagos is 07:00Z.
    const detail = await system(() => Dispatch.Technicians.get({ userId: ada, from: d1, days: 3 }));
    expect(detail.shifts.map((s) => s.startsAt)).toContain(new Date(`${d1}T07:00:00Z`).toISOString());

    await page.getByLabel(`From (${ZONE})`).fill(`${d2}T00:00`);
    await page.getByLabel(`Until (${ZONE})`).fill(`${d3}T00:00`);
    await page.getByLabel("Reason (optional)").fill("Day off");
    await page.getByRole("button", { name: "Add time off" }).click();
    await page.getByRole("status").filter({ hasText: "Time off added." }).waitFor();
    await page.locator("[data-block]").getByText("Day off").waitFor();
    await screenshot(page, "technician-page-1280");
    expect(await axeInBothThemes(page)).toEqual([]);

    const onShift = await autoAssign(jobs.onShift);
    expect(onShift.status, JSON.stringify(onShift.body)).toBe(200);
    expect(onShift.body.chosen).toMatchObject({ userId: ada, proficiency: 4 });
    const dayOff = await autoAssign(jobs.dayOff);
    expect(dayOff.body.chosen?.userId).not.toBe(ada);
    expect(dayOff.body.rejected.find((r) => r.userId === ada)?.reason.key).toBe("unavailable");
  });

  it("works at 375 px", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("heading", { name: "Shifts and time off" }).waitFor();
    await screenshot(page, "technician-page-375");
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("sees the skill in the catalogue and adds a dispatch rule for a region", async () => {
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Skills and dispatch rules" })
      .click();
    await page.getByRole("heading", { name: "Skills and dispatch rules", level: 1 }).waitFor();
    await page.locator(`[data-skill="${skillId}"]`).getByText(skillName, { exact: true }).waitFor();
    // A region no other story uses, auto-assign off: the rule changes nobody else's jobs.
    const form = page.getByRole("form", { name: "Add a rule" });
    await form.getByLabel("Name").fill(`Splicing ${tag}`);
    await form.getByLabel("Region").fill(`E2E-${tag}`);
    await form.getByLabel(skillName).check();
    await form.getByRole("button", { name: "Add rule" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Splicing ${tag} added.` })
      .waitFor();
    const rule = page.getByRole("row").filter({ hasText: `Splicing ${tag}` });
    await rule.getByText(`E2E-${tag}`).waitFor();
    await rule.getByText(skillName, { exact: true }).waitFor();
    await screenshot(page, "dispatch-settings-1280");
    expect(await axeInBothThemes(page)).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
