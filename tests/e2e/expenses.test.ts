import { randomBytes } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { workOrderAssignmentTable, workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPortal, type Portal, screenshot } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let portal: Portal;
let tech: Page;
let manager: Page;
let managerContext: BrowserContext;
let workOrderId: string;
const suffix = randomBytes(3).toString("hex");
const TECH = `tech.${suffix}@e2e.example`;
const MANAGER = `mgr.${suffix}@e2e.example`;
const PURPOSE = `Fuel to the Lekki site ${suffix}`;
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

beforeAll(async () => {
  portal = await openPortal({ name: "expenses" });
  const { password } = portal.login;
  const [techUser] = await withActor({ type: "system", properties: { job: "e2e.expenses" } }, () =>
    Promise.all([
      Auth.createUser({ email: TECH, password, displayName: "Tunde Tech", roles: ["field_technician"] }),
      Auth.createUser({ email: MANAGER, password, displayName: "Mia Manager", roles: ["dispatcher"] }),
    ]),
  );
  workOrderId = await useTransaction(async (tx) => {
    const [wo] = await tx
      .insert(workOrderTable)
      .values({ number: `WO-E2E-${suffix}`, title: "Repair drop cable" })
      .returning();
    if (!wo) throw new Error("no work order");
    await tx.insert(workOrderAssignmentTable).values({ workOrderId: wo.id, userId: techUser.id, isPrimary: true });
    return wo.id;
  });
  tech = portal.page;
  await tech.setViewportSize({ width: 1280, height: 800 });
  managerContext = await portal.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  managerContext.setDefaultTimeout(20_000);
  manager = await managerContext.newPage();
});

afterAll(async () => {
  await managerContext?.close();
  await portal?.stop();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${portal.base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(portal.login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

describe("expenses: a technician's claim, a manager's approval, the job's cost", () => {
  it("the technician files an expense with a receipt and submits it", async () => {
    await signIn(tech, TECH);
    // A technician lands on the phone app; its footer leads to the claims in the full portal.
    await tech.waitForURL((url) => url.pathname.startsWith("/tech"));
    await tech.getByRole("contentinfo").getByRole("link", { name: "Expenses" }).click();
    await tech.getByRole("heading", { name: "Expenses", level: 1 }).waitFor();
    await tech.getByRole("button", { name: "New expense" }).click();
    const dialog = tech.getByRole("dialog", { name: "New expense" });
    await dialog.getByLabel("Purpose").fill(PURPOSE);
    await dialog.getByLabel("Category").selectOption({ label: "Fuel" });
    await dialog.getByLabel("Amount").fill("2500.50");
    await dialog.getByLabel("Vendor").fill("Total Lekki");
    await dialog.getByLabel("Work order id").fill(workOrderId);
    await dialog.getByLabel("Receipt").setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: PNG });
    await dialog.getByText("Receipt attached: receipt.png").waitFor();
    await screenshot(tech, "expenses-new-1280", { fullPage: false });
    await dialog.getByRole("button", { name: "Submit for approval" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = tech.locator("table.exp-table");
    await row.getByText("Submitted", { exact: true }).waitFor();
    await row.getByText("NGN 2,500.50").or(row.getByText("₦2,500.50")).waitFor();
    await tech.setViewportSize({ width: 375, height: 812 });
    await tech.getByRole("heading", { name: "Expenses", level: 1 }).waitFor();
    await screenshot(tech, "expenses-mine-375");
    await tech.setViewportSize({ width: 1280, height: 800 });
  });

  it("the manager sees the receipt and approves with a reason; no serious axe finding", async () => {
    await signIn(manager, MANAGER);
    await manager.goto(`${portal.base}/expenses`);
    // The demo day's own claims wait in the same queue: this story's row is the one with its purpose.
    const row = manager.locator("table.exp-table").first().locator("tr", { hasText: PURPOSE });
    await row.getByText("Tunde Tech").waitFor();
    await row.getByRole("button", { name: /^View receipt of EXP-/ }).waitFor();
    expect(await axeInBothThemes(manager)).toEqual([]);
    await screenshot(manager, "expenses-queue-1280", { fullPage: false });
    await row.getByRole("button", { name: /^Approve EXP-/ }).click();
    const dialog = manager.getByRole("dialog", { name: /^Decide on EXP-/ });
    await dialog.getByLabel("Reason (optional)").fill("Receipt matches the pump price");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await dialog.waitFor({ state: "hidden" });
    await manager.getByText(/is now Approved/).waitFor();
    await manager.locator("table.exp-table").first().getByText(PURPOSE).waitFor({ state: "detached" });
  });

  it("the technician is told of the decision and follows it to the claim", async () => {
    // The decision reaches the technician through the event bus: look until the notification is there.
    const told = tech.getByRole("link", { name: /^Your expense claim EXP-\d{4}-\d{6} was approved$/ });
    await expect
      .poll(
        async () => {
          await tech.goto(`${portal.base}/notifications`);
          await tech.getByRole("heading", { level: 1 }).waitFor();
          return told.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await tech.getByText("Receipt matches the pump price").waitFor();
    expect(await axeInBothThemes(tech)).toEqual([]);
    await screenshot(tech, "expenses-told-1280", { fullPage: false });
    await tech.setViewportSize({ width: 375, height: 812 });
    await told.waitFor();
    const overflow = await tech.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(tech, "expenses-told-375");
    await tech.setViewportSize({ width: 1280, height: 800 });
    await told.click();
    await tech.waitForURL((url) => url.pathname === "/expenses");
    const row = tech.locator("table.exp-table tr", { hasText: PURPOSE });
    await row.getByText("Approved", { exact: true }).waitFor();
  });

  it("the work order's cost summary shows the approved expense", async () => {
    await manager.goto(`${portal.base}/expenses/work-orders/${workOrderId}`);
    const summary = manager.locator("table.cost-summary-table");
    await summary.getByRole("rowheader", { name: "NGN" }).waitFor();
    const cells = await summary.locator("tbody tr").first().locator("td").allTextContents();
    expect(cells[1]).toMatch(/2,500\.50/);
    expect(cells[3]).toMatch(/2,500\.50/);
    expect(await axeInBothThemes(manager)).toEqual([]);
    await screenshot(manager, "expenses-cost-summary-1280", { fullPage: false });
    await manager.setViewportSize({ width: 375, height: 812 });
    const overflow = await manager.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(manager, "expenses-cost-summary-375");
  });

  it("logged no Content Security Policy violation and threw no uncaught error", () => {
    const csp = [...portal.problems.console, ...portal.problems.page].filter((l) => /Content Security Policy/i.test(l));
    expect(csp).toEqual([]);
    expect(portal.problems.page).toEqual([]);
  });
});
