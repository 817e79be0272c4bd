import { commissionTable } from "@dotmac/core/commission/commission.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as Quote from "@dotmac/core/quote";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCustomer, paidOrder } from "../support/commission";
import { type collectProblems, openPortal, type Portal, screenshot, signInThroughApi } from "../support/e2e";
import { newAccount, newOrganization, PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
const RESELLER = { email: "bisi.reseller@e2e.example", name: "Bisi Coker" };
const fixture = {
  resellerId: "",
  customerId: "",
  orderId: "",
  orderNumber: "",
  payoutNumber: "",
  cancelledId: "",
  cancelledNumber: "",
};

const noOverflow = () =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  portal = await openPortal({ name: "reseller-commission" });
  ({ base, page, problems } = portal);
  const reseller = await newOrganization("Ikoyi Connect", "reseller");
  fixture.resellerId = reseller.id;
  await newAccount({
    portal: "reseller",
    email: RESELLER.email,
    displayName: RESELLER.name,
    roles: ["reseller_admin"],
    organizationId: reseller.id,
  });
  const customer = await newCustomer("Tola Martins");
  fixture.customerId = customer.id;
  // An installation the reseller sold (₦250,000 net, 7.5 % VAT) is paid in full through the order's payment verb.
  const { order } = await paidOrder({
    personId: customer.id,
    resellerOrganizationId: reseller.id,
    netMinor: 25_000_000,
    taxMinor: 1_875_000,
  });
  fixture.orderNumber = order.number;
  fixture.orderId = order.id;
  // A second order, paid too, that the customer later cancels: its commission is reversed by the event.
  const second = await paidOrder({ personId: customer.id, resellerOrganizationId: reseller.id, netMinor: 4_000_000 });
  fixture.cancelledId = second.order.id;
  fixture.cancelledNumber = second.order.number;
  // The first story of a worker starts the shared runtime (seeded demo included) on a busy machine.
}, 300_000);

afterAll(() => portal?.stop());

describe("a reseller's commission, from a paid order to a payout", () => {
  it("the reseller sees the pending commission on the order it sold, and the cancelled order's reversed", async () => {
    // The paid and cancelled events reach the commission subscribers through the runtime's bus, after the request.
    const commissionOf = async (orderId: string) =>
      (
        await useTransaction((tx) => tx.select().from(commissionTable).where(eq(commissionTable.salesOrderId, orderId)))
      )[0];
    await expect
      .poll(async () => Boolean((await commissionOf(fixture.orderId)) && (await commissionOf(fixture.cancelledId))), {
        timeout: 30_000,
      })
      .toBe(true);
    await withActor({ type: "system", properties: { job: "e2e.cancel" } }, () =>
      Quote.Order.cancel({ id: fixture.cancelledId, reason: "Customer moved away before installation" }),
    );
    await expect
      .poll(async () => (await commissionOf(fixture.cancelledId))?.reversedAt, { timeout: 30_000 })
      .toBeTruthy();
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInThroughApi(page, base, { email: RESELLER.email, password: PASSWORD }, "reseller");
    await page.goto(`${base}/reseller/commissions`);
    const row = page.locator(".commissions-table tbody tr", { hasText: fixture.orderNumber });
    await row.getByText("Pending").waitFor();
    expect(await row.textContent()).toContain("12,500.00");
    expect(await row.textContent()).toContain("5 %");
    await page.getByTestId("total-pending-NGN").getByText("12,500.00", { exact: false }).waitFor();
    const reversed = page.locator(".commissions-table tbody tr", { hasText: fixture.cancelledNumber });
    await reversed.getByText("Reversed: order cancelled").waitFor();
    expect(await reversed.textContent()).toContain("Void");
    await screenshot(page, "reseller-commission-pending", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);

    await page.getByRole("link", { name: "Orders" }).click();
    const order = page.locator(".orders-table tbody tr", { hasText: fixture.orderNumber });
    await order.getByText("Tola Martins").waitFor();
    expect(await order.textContent()).toContain("Paid");
    await screenshot(page, "reseller-orders", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("staff approve it and pay it in a payout", async () => {
    await signInThroughApi(page, base, portal.login);
    await page.goto(`${base}/commissions?resellerOrganizationId=${fixture.resellerId}`);
    await page.getByRole("heading", { name: "Reseller commissions" }).waitFor();
    await page.getByRole("button", { name: `Approve ${fixture.orderNumber}` }).click();
    await page.getByText(`Commission on ${fixture.orderNumber} approved.`).waitFor();
    const row = page.locator(".commissions-table tbody tr", { hasText: fixture.orderNumber });
    await row.getByText("Approved").waitFor();
    await screenshot(page, "staff-commissions", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);

    await page.getByRole("button", { name: "Create payout" }).click();
    const create = page.getByRole("dialog", { name: "Create a payout" });
    await create.getByLabel("Reseller").selectOption({ label: "Ikoyi Connect" });
    await create.getByRole("button", { name: "Create payout" }).click();
    const created = page.getByText(/Payout PAY-\d{4}-\d{6} created for Ikoyi Connect: (NGN|₦)\s?12,500\.00\./);
    await created.waitFor();
    fixture.payoutNumber = /PAY-\d{4}-\d{6}/.exec((await created.textContent()) ?? "")?.[0] ?? "";

    await page.getByRole("link", { name: "Payouts" }).click();
    await page.getByRole("button", { name: `Mark ${fixture.payoutNumber} paid` }).click();
    const paid = page.getByRole("dialog", { name: `Record payout ${fixture.payoutNumber} as paid` });
    await paid.getByLabel("Method").selectOption("bank_transfer");
    await paid.getByLabel("Reference").fill("GTB-TRF-7781203");
    await screenshot(page, "staff-payout-mark-paid", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await paid.getByRole("button", { name: "Mark paid" }).click();
    await page.getByText(`Payout ${fixture.payoutNumber} marked paid.`).waitFor();
    const payout = page.locator(".payouts-table tbody tr", { hasText: fixture.payoutNumber });
    await payout.getByText("GTB-TRF-7781203").waitFor();
    await screenshot(page, "staff-payouts", { fullPage: false });

    // The customer's contact page lists the order with everything else they have.
    await page.goto(`${base}/people/${fixture.customerId}`);
    await page.getByRole("heading", { name: "Tola Martins" }).waitFor();
    await page
      .locator("section", { has: page.getByRole("heading", { name: "Orders" }) })
      .getByText(fixture.orderNumber)
      .waitFor();
    await page.getByRole("button", { name: "Merge a duplicate" }).waitFor();
    await screenshot(page, "contact-page", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/people/${fixture.customerId}`);
    await page.getByRole("heading", { name: "Tola Martins" }).waitFor();
    expect(await noOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, "contact-page-375", { fullPage: false });
    await page.goto(`${base}/commissions`);
    await page.locator(".commissions-table", { hasText: fixture.orderNumber }).waitFor();
    expect(await noOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, "staff-commissions-375", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
  });

  it("the reseller sees the payout, the commission paid, on a desktop and a phone", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/reseller/payouts`);
    const payout = page.locator(".payouts-table tbody tr", { hasText: fixture.payoutNumber });
    await payout.getByText("Paid").waitFor();
    expect(await payout.textContent()).toContain("GTB-TRF-7781203");
    await payout.getByRole("button", { name: `Show ${fixture.payoutNumber}` }).click();
    await page.getByRole("heading", { name: `Commissions in ${fixture.payoutNumber}` }).waitFor();
    await page.locator("#payout-detail").getByText(fixture.orderNumber).waitFor();
    await screenshot(page, "reseller-payouts", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/reseller/commissions`);
    await page.locator(".commissions-table tbody tr", { hasText: fixture.orderNumber }).getByText("Paid").waitFor();
    expect(await noOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, "reseller-commissions-375", { fullPage: false });
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.goto(`${base}/reseller/payouts`);
    await page.locator(".payouts-table", { hasText: fixture.payoutNumber }).waitFor();
    expect(await noOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, "reseller-payouts-375", { fullPage: false });
    expect(problems.console).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
