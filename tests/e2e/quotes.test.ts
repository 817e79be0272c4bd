import { readFileSync } from "node:fs";
import * as Auth from "@dotmac/core/auth";
import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import * as Sales from "@dotmac/core/sales";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot, signInThroughApi } from "../support/e2e";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
let customerContext: BrowserContext;
let customerPage: Page;
const PASSWORD = "correct horse battery staple";
const SELLER = { email: "bisi.sales@e2e.example", name: "Bisi Sales" };
const CUSTOMER = { email: "kemi.adeyemi@e2e.example", name: "Kemi Adeyemi" };
const WALK_IN = "Tayo Adebayo";
const fixture = { lead: "", leadNumber: "", quoteUrl: "", quoteNumber: "" };

const noOverflow = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  portal = await openPortal({ name: "quotes", log: (line) => process.stdout.write(`[runtime] ${line}\n`) });
  ({ base, page, problems } = portal);
  // Generous waits: the story shares two cores with other suites; nothing here asserts on time.
  portal.context.setDefaultTimeout(60_000);
  const system = { type: "system", properties: { job: "e2e.quotes" } } as const;
  await withActor(system, () =>
    Auth.createUser({ email: SELLER.email, password: PASSWORD, displayName: SELLER.name, roles: ["sales"] }),
  );
  const person = await withActor(system, () => Person.create({ displayName: CUSTOMER.name, email: CUSTOMER.email }));
  await withActor(system, () =>
    Auth.createUser({
      portal: "customer",
      email: CUSTOMER.email,
      password: PASSWORD,
      displayName: CUSTOMER.name,
      roles: [],
      personId: person.id,
    }),
  );
  await withActor(system, () => Person.create({ displayName: WALK_IN, phone: "+2348091234567" }));
  const lead = await withActor(system, () =>
    Sales.create({ personId: person.id, title: "Home fibre, 14 Bode Thomas St" }),
  );
  fixture.lead = lead.id;
  fixture.leadNumber = lead.number;
  customerContext = await portal.browser.newContext({ acceptDownloads: true });
  customerContext.setDefaultTimeout(60_000);
  customerPage = await customerContext.newPage();
  // The first story of a worker starts the shared runtime (migrations, the demo seed): slow on a busy machine.
}, 400_000);

// A failed step leaves both pages as they were, for whoever reads the failure.
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail") return;
  await screenshot(page, `quotes-failed-${ctx.task.name.slice(0, 20).replace(/\W+/g, "-")}`).catch(() => undefined);
  await screenshot(customerPage, "quotes-failed-customer").catch(() => undefined);
});

afterAll(async () => {
  await customerContext?.close();
  await portal?.stop();
});

describe("a salesperson's quote, accepted by the customer", { timeout: 240_000 }, () => {
  it("builds a quote for a lead with exact live totals", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    // Signing in has its own stories: this one starts at the quotes list.
    await signInThroughApi(page, base, { email: SELLER.email, password: PASSWORD });
    await page.goto(`${base}/quotes`);
    await page.getByRole("heading", { name: "Quotes", level: 1 }).waitFor();
    await page.getByRole("button", { name: "New quote" }).click();
    const dialog = page.getByRole("dialog", { name: "New quote" });
    await dialog.getByLabel("Find a lead").fill("Bode Thomas");
    // The search narrows the list to this lead (the choose-a-lead option and one lead).
    await expect.poll(() => dialog.locator("#lead-id option").count()).toBe(2);
    await dialog.locator("option", { hasText: fixture.leadNumber }).waitFor({ state: "attached" });
    await dialog.getByLabel("Lead", { exact: true }).selectOption(fixture.lead);
    await dialog.getByLabel("Title").fill("Fibre to the home: Kemi Adeyemi");
    await dialog.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("heading", { level: 1, name: /^QUO-\d{4}-\d{6} · / }).waitFor();
    expect(page.url()).toMatch(/\/quotes\/[0-9a-f-]{36}$/);
    fixture.quoteUrl = page.url();
    fixture.quoteNumber = (await page.getByRole("heading", { level: 1 }).textContent())?.split(" · ")[0] ?? "";
    expect(fixture.quoteNumber).toMatch(/^QUO-\d{4}-\d{6}$/);

    await page.getByLabel("Project on acceptance").selectOption("fiber_optics_installation");
    await page.getByLabel("Deposit on acceptance (%)").fill("50");
    await page.getByRole("button", { name: "Add a line" }).click();
    await page.locator("#line-0-description").fill("Fibre installation (drop, ONT, labour)");
    await page.locator("#line-0-unitPrice").fill("50000");
    await page.getByRole("button", { name: "Add a line" }).click();
    await page.locator("#line-1-description").fill("Drop cable per metre");
    await page.locator("#line-1-quantity").fill("120.5");
    await page.locator("#line-1-unitPrice").fill("333.33");
    await page.locator("#line-1-discountPercent").fill("10");
    // 50,000 + 7.5 % = 53,750.00; 120.5 × 333.33 − 10 % = 36,149.64 + 7.5 % (2,711.22) = 38,860.86
    await page.getByText("Totals are up to date").waitFor();
    await expect.poll(() => page.getByTestId("quote-total").textContent()).toMatch(/92,610\.86/);
    await screenshot(page, "quote-builder", { fullPage: true });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("previews the quote, downloads the PDF and sends it", async () => {
    await page.getByRole("button", { name: "Preview" }).click();
    const frame = page.frameLocator("iframe.quote-preview");
    await frame.getByText("Drop cable per metre").waitFor();
    expect(await frame.locator("tfoot").textContent()).toMatch(/92,610\.86/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${fixture.quoteNumber}.pdf`);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");
    await page.getByRole("button", { name: "Hide preview" }).click();
    await page.getByRole("button", { name: "Send…" }).click();
    const dialog = page.getByRole("dialog", { name: `Send ${fixture.quoteNumber}` });
    await dialog.getByLabel("Message").fill("Hello Kemi, here is the quote we discussed.");
    await screenshot(page, "quote-send", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Send quote" }).click();
    await page.getByText(`${fixture.quoteNumber} was sent.`).waitFor();
    await page.getByText("This quote was sent: it can no longer be changed.").waitFor();
  });

  it("the customer accepts in the customer portal with a drawn signature", async () => {
    await customerPage.setViewportSize({ width: 1280, height: 800 });
    await signInThroughApi(customerPage, base, { email: CUSTOMER.email, password: PASSWORD }, "customer");
    await customerPage.goto(`${base}/customer`);
    await customerPage.getByRole("link", { name: "Quotes" }).click();
    const card = customerPage.locator(".quote-card", { hasText: fixture.quoteNumber });
    await card.getByText("Drop cable per metre").waitFor();
    expect(await card.textContent()).toMatch(/92,610\.86/);
    await screenshot(customerPage, "customer-quotes", { fullPage: true });
    expect(await axeInBothThemes(customerPage)).toEqual([]);

    await card.getByRole("button", { name: "Accept…" }).click();
    const dialog = customerPage.getByRole("dialog", { name: `Accept ${fixture.quoteNumber}` });
    await dialog.getByLabel("Your full name").fill(CUSTOMER.name);
    const pad = dialog.locator("canvas.signature-pad");
    const box = await pad.boundingBox();
    if (!box) throw new Error("no signature pad");
    await customerPage.mouse.move(box.x + 20, box.y + box.height * 0.7);
    await customerPage.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await customerPage.mouse.move(box.x + 20 + i * 25, box.y + box.height * (i % 2 ? 0.3 : 0.7));
    }
    await customerPage.mouse.up();
    await dialog.getByLabel(/I have read the quote and agree/).check();
    await screenshot(customerPage, "customer-quote-accept", { fullPage: false });
    expect(await axeInBothThemes(customerPage)).toEqual([]);
    await dialog.getByRole("button", { name: "Accept and sign" }).click();
    await customerPage.getByText(`Quote ${fixture.quoteNumber} accepted. Your order is confirmed.`).waitFor();
    await card.getByText(/You accepted this quote/).waitFor();
  });

  it("the salesperson sees the acceptance, the order and its fibre project", async () => {
    await page.goto(fixture.quoteUrl);
    await page.getByText(/Accepted by Kemi Adeyemi on .* \(customer portal\)/).waitFor();
    await page.getByRole("link", { name: "Open sales order" }).click();
    await page.getByRole("heading", { name: /^SO-\d{6} · Kemi Adeyemi$/ }).waitFor();
    await page.getByText(/^PRJ-\d{4}-\d{6}$/).waitFor();
    await page.getByText("Deposit not paid yet", { exact: false }).waitFor();
    await screenshot(page, "sales-order", { fullPage: true });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("drafts a quote for a walk-in customer who has no lead", async () => {
    await page.goto(`${base}/quotes`);
    await page.getByRole("button", { name: "New quote" }).click();
    const dialog = page.getByRole("dialog", { name: "New quote" });
    await dialog.getByLabel("A person, without a lead").check();
    await dialog.getByLabel("Find a person").fill("Tayo");
    await dialog.locator("#quote-person option", { hasText: WALK_IN }).waitFor({ state: "attached" });
    await dialog.getByLabel("Person", { exact: true }).selectOption({ label: `${WALK_IN} · +2348091234567` });
    await dialog.getByLabel("Title").fill("Router upgrade for Tayo");
    await screenshot(page, "quote-new-person", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("heading", { level: 1, name: /^QUO-\d{4}-\d{6} · Router upgrade for Tayo$/ }).waitFor();
    await page.getByText(`${WALK_IN} · No lead`).waitFor();
    await page.getByRole("button", { name: "Add a line" }).waitFor();
  });

  it("fits a 375 px phone and leaves no console errors", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(fixture.quoteUrl);
    await page.getByText(/Accepted by Kemi Adeyemi/).waitFor();
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "quote-375", { fullPage: true });
    await customerPage.setViewportSize({ width: 375, height: 812 });
    await customerPage.reload();
    await customerPage.locator(".quote-card", { hasText: fixture.quoteNumber }).waitFor();
    expect(await noOverflow(customerPage)).toBeLessThanOrEqual(0);
    await screenshot(customerPage, "customer-quotes-375", { fullPage: true });
    expect(await axeInBothThemes(customerPage)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems.console).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
