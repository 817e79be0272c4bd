import { randomBytes } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { inboxAgentTable, inboxTeamRoutingTable } from "@dotmac/core/inbox/routing.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

/**
 * An inbox lead's settings: a support lead makes their team least-loaded, gives an agent a capacity
 * of 2, adds a routing rule, sees the waiting conversation in the queue, changes the web chat greeting
 * (the demo site shows it) and copies the embed snippet. The agent then sets themselves away from the
 * top bar by keyboard, and it holds across a reload.
 */
let portal: Portal;
let base: string;
/** Every page's console errors and uncaught exceptions: the story ends with none. */
const problems: ReturnType<typeof collectProblems>[] = [];

const tag = randomBytes(3).toString("hex");
const LEAD = { email: `kemi.lead.${tag}@isp.example`, name: `Kemi Lead ${tag}` };
const AGENT = { email: `femi.agent.${tag}@isp.example`, name: `Femi Agent ${tag}` };
const TEAM = `Front desk ${tag}`;
const GREETING = `Hello from Front desk ${tag}! Ask us anything.`;
let teamId = "";
let agentId = "";

async function signIn(browser: Browser, who: { email: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  problems.push(collectProblems(page));
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/support$/);
  return page;
}

beforeAll(async () => {
  portal = await openPortal({ name: "inbox-settings" });
  ({ base } = portal);
  await Auth.createUser({ email: LEAD.email, password: PASSWORD, displayName: LEAD.name, roles: ["support_lead"] });
  const agent = await Auth.createUser({
    email: AGENT.email,
    password: PASSWORD,
    displayName: AGENT.name,
    roles: ["support"],
  });
  agentId = agent.id;
  const channelId = await useTransaction(async (tx) => {
    const [team] = await tx.insert(teamTable).values({ name: TEAM }).returning();
    teamId = team?.id as string;
    await tx.insert(teamMemberTable).values({ teamId, userId: agentId, role: "member" });
    await tx.insert(inboxTeamRoutingTable).values({ teamId, mode: "round_robin" });
    const [channel] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: `Front line ${tag}`, externalAccountId: `settings-${tag}`, teamId })
      .returning();
    return channel?.id as string;
  });
  // A customer writes while nobody is online: the conversation waits in the team's queue.
  await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: `+23481${tag.replace(/[a-f]/g, "2")}55`, name: `Amaka ${tag}` },
      externalId: `wamid.settings-${tag}`,
      kind: "text",
      body: "Is there an outage in Lekki?",
      providerAt: new Date(),
      windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
    }),
  );
}, 300_000);

afterAll(async () => {
  await portal?.stop();
});

describe("an inbox lead's settings", () => {
  it("the lead sets least-loaded, a capacity of 2 and a rule, and sees the queue", async () => {
    const page = await signIn(portal.browser, LEAD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox settings" }).click();
    await page.waitForURL(/\/settings\/inbox$/);
    await page.getByRole("heading", { name: "Teams and routing mode" }).waitFor();

    const mode = page.getByLabel(`Routing mode of ${TEAM}`);
    expect(await mode.inputValue()).toBe("round_robin");
    await mode.selectOption({ label: "Least-loaded" });
    await page.getByRole("status").getByText(`${TEAM} now routes Least-loaded.`).waitFor({ state: "attached" });

    const capacity = page.getByLabel(`Capacity of ${AGENT.name}`);
    await capacity.fill("2");
    const agentRow = page.locator(".routing-agents tr").filter({ hasText: AGENT.name });
    await agentRow.getByRole("button", { name: "Save" }).click();
    await agentRow.getByText("0 of 2").waitFor();

    const rules = page.getByRole("region", { name: "Routing rules" });
    await rules.getByLabel("Name").fill(`WhatsApp to the desk ${tag}`);
    await rules.getByLabel("Channel").selectOption({ label: "WhatsApp" });
    await rules.getByLabel("Team").selectOption({ label: TEAM });
    await rules.getByRole("button", { name: "Add rule" }).click();
    await rules
      .getByRole("listitem")
      .filter({ hasText: `WhatsApp to the desk ${tag}: WhatsApp → ${TEAM}` })
      .waitFor();

    await page.getByRole("heading", { name: "Queue (1 waiting)" }).waitFor();
    const queue = page.getByRole("region", { name: "Queue (1 waiting)" });
    await queue.getByRole("row").filter({ hasText: "the conversation's team" }).waitFor();

    // What was saved is what the server holds: a reload shows it again.
    await page.reload();
    await page.getByLabel(`Capacity of ${AGENT.name}`).waitFor();
    expect(await page.getByLabel(`Routing mode of ${TEAM}`).inputValue()).toBe("least_loaded");
    expect(await page.getByLabel(`Capacity of ${AGENT.name}`).inputValue()).toBe("2");

    // The rule was for today's test run only: the lead removes it (a rule on every WhatsApp conversation
    // would route the other stories' conversations, which share this runtime, to this team).
    const rule = page
      .getByRole("region", { name: "Routing rules" })
      .getByRole("listitem")
      .filter({ hasText: `WhatsApp to the desk ${tag}` });
    await rule.getByRole("button", { name: "Remove" }).click();
    await rule.getByRole("button", { name: "Remove" }).click();
    await rule.waitFor({ state: "detached" });
    await page.context().close();
  });

  it("the lead changes the web chat greeting, the demo site shows it, and the snippet copies", async () => {
    const page = await signIn(portal.browser, LEAD);
    // This page's console sees the deliberate 400 of the low-contrast save: not counted with the others.
    problems.pop();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    await page.goto(`${base}/settings/inbox`);
    const webchat = page.getByRole("region", { name: "Web chat" });
    await webchat.getByLabel("Greeting").fill(GREETING);
    // A custom pair below AA is refused with what to fix; a palette colour passes.
    await webchat.getByRole("radio", { name: "Custom" }).check();
    await webchat.getByLabel("Button and header colour").fill("#ffff00");
    await webchat.getByLabel("Text colour on it").fill("#ffffff");
    await webchat.getByRole("button", { name: "Save web chat" }).click();
    await webchat
      .getByRole("alert")
      .getByText(/WCAG AA needs 4.5:1/)
      .waitFor();
    await webchat.getByRole("radio", { name: "Teal" }).check();
    await webchat.getByRole("button", { name: "Save web chat" }).click();
    await webchat
      .getByRole("status")
      .getByText(/saved: visitors see it/)
      .waitFor();

    await webchat.getByRole("button", { name: "Copy snippet" }).click();
    await webchat.getByRole("status").getByText("Snippet copied.").waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^<script src="http:\/\/[^"]+\/widget\.js" data-widget-id="wgt_[\w-]+" async><\/script>$/);

    expect(await axeInBothThemes(page)).toEqual([]);
    // The top bar is sticky: from the top, a full-page picture shows it once, where it belongs.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "inbox-settings-1280", { fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "inbox-settings-375", { fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeInBothThemes(page)).toEqual([]);

    // The ISP's site (the local demo page) draws the new greeting and colour.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/demo/widget.html`);
    const chat = page.locator("[data-dotmac-chat]");
    await chat.getByRole("button", { name: "Chat with us" }).click();
    await chat.getByText(GREETING).waitFor();
    await page.context().close();
  });

  it("the agent sets themselves away from the top bar by keyboard; it holds across a reload", async () => {
    const page = await signIn(portal.browser, AGENT);
    const status = page.getByRole("button", { name: /^Your status: / });
    await status.waitFor();
    expect(await status.getAttribute("aria-label")).toBe("Your status: Offline");
    await status.focus();
    await page.keyboard.press("Enter");
    const away = page.getByRole("radio", { name: /^Away/ });
    await away.focus();
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Your status: Away" }).waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "presence-menu-1280");
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, "presence-menu-375", { fullPage: false });
    // Nothing is wider than the phone: the top bar with the status button still fits.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.keyboard.press("Escape");
    expect(await page.getByRole("radio", { name: /^Away/ }).isVisible()).toBe(false);

    await page.reload();
    await page.getByRole("button", { name: "Your status: Away" }).waitFor();
    const [row] = await useTransaction((tx) =>
      tx.select().from(inboxAgentTable).where(eq(inboxAgentTable.userId, agentId)),
    );
    expect(row?.manualStatus).toBe("away");
    expect(problems.flatMap((p) => [...p.page, ...p.console])).toEqual([]);
    await page.context().close();
  });
});
