import { randomBytes } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

/**
 * Working the inbox list in bulk: the team's lead saves a shared macro in Settings › Inbox; an agent
 * selects three conversations (a click, then shift+click for the range), labels and resolves them in
 * one go and reads what changed; runs the macro on another conversation from its header; and saves the
 * filtered list as the view "Urgent WhatsApp", which comes back from the sidebar in one click.
 */
let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;
const ids: Record<string, string> = {};

const tag = randomBytes(3).toString("hex");
const AGENT = { email: `kemi.bulk.${tag}@isp.example`, name: `Kemi Agent ${tag}` };
const LEAD = { email: `sade.lead.${tag}@isp.example`, name: `Sade Lead ${tag}` };
const LABEL = `Outage-${tag}`;
const MACRO = `Outage reply ${tag}`;
const CUSTOMERS = ["Ada", "Bayo", "Chika", "Dapo"].map((n) => `${n} ${tag}`);

async function signIn(view: Page, who: { email: string }) {
  await view.goto(`${base}/login`);
  await view.getByLabel("Email").fill(who.email);
  await view.getByLabel("Password").fill(PASSWORD);
  await view.getByRole("button", { name: "Sign in" }).click();
  await view.waitForURL(/\/support$/);
}

beforeAll(async () => {
  portal = await openPortal({ name: "inbox-bulk" });
  ({ page, base, problems } = portal);
  await Auth.createUser({ email: AGENT.email, password: PASSWORD, displayName: AGENT.name, roles: ["support"] });
  await Auth.createUser({ email: LEAD.email, password: PASSWORD, displayName: LEAD.name, roles: ["support_lead"] });
  const system = { type: "system", properties: { job: "e2e" } } as const;
  await withActor(system, () => Inbox.Labels.createLabel({ name: LABEL, colour: "#dc2626" }));
  const [channel] = await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values({
        kind: "whatsapp",
        name: `Bulk line ${tag}`,
        externalAccountId: `e2e-bulk-${tag}`,
        accessTokenSecret: "LOCAL_GRAPH_TOKEN",
      })
      .returning(),
  );
  for (const [i, name] of CUSTOMERS.entries()) {
    const received = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
      Inbox.Receive.inbound({
        channelId: channel?.id as string,
        from: { value: `+23481${tag.replace(/[a-f]/g, "2")}${i}0`, name },
        externalId: `wamid.bulk-${tag}-${i}`,
        kind: "text",
        body: `No internet at home (${i + 1})`,
        providerAt: new Date(Date.now() + i * 1000),
        windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
      }),
    );
    ids[name] = received.conversationId;
  }
}, 300_000);

afterAll(async () => {
  await portal?.stop();
});

const row = (name: string) => page.locator(".inbox-row").filter({ hasText: name });
const conversation = (name: string) =>
  withActor({ type: "system", properties: { job: "e2e" } }, () => Inbox.Thread.read(ids[name] as string));

describe("working the inbox list in bulk", () => {
  it("the lead saves a shared macro in Settings › Inbox, step by step", async () => {
    const context = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const view = await context.newPage();
    await signIn(view, LEAD);
    await view.goto(`${base}/settings/inbox`);
    const panel = view.getByRole("region", { name: "Macros" });
    await panel.getByLabel("Name", { exact: true }).fill(MACRO);
    await panel.getByLabel("Who can run it").selectOption("shared");
    await panel.getByLabel("Step 1 action").selectOption({ label: "Add label" });
    await panel.getByLabel("Step 1 value").selectOption({ label: LABEL });
    await panel.getByRole("button", { name: "Add a step" }).click();
    await panel.getByLabel("Step 2 action").selectOption({ label: "Set priority" });
    await panel.getByLabel("Step 2 value").selectOption({ label: "Urgent" });
    await panel.getByRole("button", { name: "Add a step" }).click();
    await panel.getByLabel("Step 3 action").selectOption({ label: "Add a note" });
    await panel.getByLabel("Step 3 value").fill("Known outage in Yaba, engineers on site");
    await panel.getByRole("button", { name: "Save macro" }).click();
    await panel.getByText("Add label → Set priority → Add a note").waitFor();
    expect(await axeInBothThemes(view)).toEqual([]);
    // The form's buttons scrolled the page; a full-page shot from the top keeps the sticky header on top.
    await view.evaluate(() => window.scrollTo(0, 0));
    await screenshot(view, "inbox-macros-settings-1280");
    await view.setViewportSize({ width: 375, height: 800 });
    await view.evaluate(() => window.scrollTo(0, 0));
    await screenshot(view, "inbox-macros-settings-375");
    await context.close();
  });

  it("an agent selects three conversations, labels and resolves them at once, and reads what changed", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, AGENT);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ }).click();
    await page.waitForURL(/\/inbox/);
    await page.locator("#inbox-q").fill(tag);
    await page.locator("#inbox-q").press("Enter");
    for (const name of CUSTOMERS) await row(name).waitFor();
    await page.getByLabel(`Select the conversation with ${CUSTOMERS[0]}`).check();
    await page.getByLabel(`Select the conversation with ${CUSTOMERS[2]}`).click({ modifiers: ["Shift"] });
    const bar = page.getByRole("region", { name: "Bulk actions" });
    await bar.getByText("3 conversations selected").waitFor();
    expect(await page.getByLabel(`Select the conversation with ${CUSTOMERS[3]}`).isChecked()).toBe(false);
    await bar.getByLabel("Add label").selectOption(LABEL);
    await bar.getByLabel("Set status").selectOption("resolved");
    await screenshot(page, "inbox-bulk-1280");
    await bar.getByRole("button", { name: "Apply" }).click();
    await bar.getByRole("status").getByText("3 changed").waitFor();
    for (const name of CUSTOMERS.slice(0, 3)) {
      expect((await conversation(name)).conversation).toMatchObject({ status: "resolved", labels: [LABEL] });
      await row(name).waitFor({ state: "detached" });
    }
    expect((await conversation(CUSTOMERS[3] as string)).conversation).toMatchObject({ status: "open", labels: [] });
    expect(await axeInBothThemes(page)).toEqual([]);
    await bar.getByRole("button", { name: "Clear selection" }).click();
    await bar.waitFor({ state: "detached" });
  });

  it("runs the shared macro on one conversation from its header", async () => {
    const last = CUSTOMERS[3] as string;
    await row(last).locator(".inbox-item").click();
    await page.getByRole("heading", { name: `Conversation with ${last}` }).waitFor();
    await page.getByLabel("Run a macro on this conversation").selectOption({ label: MACRO });
    await page.getByRole("status").getByText(`Macro “${MACRO}” ran.`).waitFor();
    await page.locator(".inbox-bubble.internal").filter({ hasText: "Known outage in Yaba" }).waitFor();
    const after = (await conversation(last)).conversation;
    expect(after).toMatchObject({ priority: "urgent", labels: [LABEL], status: "open" });
    await screenshot(page, "inbox-macro-run-1280");
  });

  it("saves the filtered list as 'Urgent WhatsApp' and opens it again from the sidebar", async () => {
    await page.locator("#inbox-kind").selectOption("whatsapp");
    await page.locator("#inbox-priority-filter").selectOption("urgent");
    await page.waitForURL(/priority=urgent/);
    const views = page.getByRole("navigation", { name: "Saved views" });
    await views.getByRole("button", { name: "Save view" }).click();
    const dialog = page.getByRole("dialog", { name: "Save this view" });
    await dialog.getByLabel("Name").fill("Urgent WhatsApp");
    await dialog.getByRole("button", { name: "Save view" }).click();
    await dialog.waitFor({ state: "hidden" });
    const saved = views.getByRole("button", { name: "Urgent WhatsApp" });
    expect(await saved.getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: /^All/ }).click();
    await page.locator("#inbox-kind").selectOption("");
    await page.locator("#inbox-priority-filter").selectOption("");
    expect(await saved.getAttribute("aria-pressed")).toBe("false");
    await saved.click();
    await page.waitForURL(/priority=urgent/);
    expect(page.url()).toContain("kind=whatsapp");
    await row(CUSTOMERS[3] as string).waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "inbox-views-1280");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByLabel(`Select the conversation with ${CUSTOMERS[3]}`).check();
    await page.getByRole("region", { name: "Bulk actions" }).waitFor();
    await screenshot(page, "inbox-bulk-375");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems.page).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});
