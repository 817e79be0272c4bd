import { randomBytes } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

/**
 * An inbox agent's day: a customer writes on WhatsApp; an agent with the support role's own permissions
 * opens the inbox, finds the unassigned conversation, is warned live that a colleague is writing there, takes it,
 * sees the customer's answer arrive without a reload, reads who it is in the contact sidebar, leaves a
 * note for a colleague with an @mention, and resolves it. At 375 px the list, thread and contact stack.
 * The customer rates the help from the survey link resolving sent; the team's lead reads the inbox report.
 */
let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;
let conversationId: string;
let channelId: string;
/** The provider id the Graph emulator gave the agent's reply (what the customer's reaction names). */
const sentExternalId = async () =>
  (
    await useTransaction((tx) =>
      tx
        .select({ externalId: inboxMessageTable.externalId })
        .from(inboxMessageTable)
        .where(and(eq(inboxMessageTable.conversationId, conversationId), eq(inboxMessageTable.direction, "outbound"))),
    )
  )[0]?.externalId;

const tag = randomBytes(3).toString("hex");
const AGENT = { email: `ife.agent.${tag}@isp.example`, name: `Ife Agent ${tag}` };
const COLLEAGUE = { email: `tolu.${tag}@isp.example`, name: `Tolu ${tag}` };
const CUSTOMER = `Chinedu Obi ${tag}`;
const customerPhone = `+23480${tag.replace(/[a-f]/g, "1")}77`;
const LEAD = { email: `bisi.lead.${tag}@isp.example`, name: `Bisi Lead ${tag}` };
let surveyPath = "";

beforeAll(async () => {
  portal = await openPortal({ name: "inbox-agent-day" });
  ({ page, base, problems } = portal);
  await Auth.createUser({ email: AGENT.email, password: PASSWORD, displayName: AGENT.name, roles: ["support"] });
  await Auth.createUser({
    email: COLLEAGUE.email,
    password: PASSWORD,
    displayName: COLLEAGUE.name,
    roles: ["support"],
  });
  await Auth.createUser({ email: LEAD.email, password: PASSWORD, displayName: LEAD.name, roles: ["support_lead"] });
  const [channel] = await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values({
        kind: "whatsapp",
        name: `Support line ${tag}`,
        externalAccountId: `e2e-${tag}`,
        // The local runtime answers replies with its Graph emulator, whose receipts come back as ticks.
        accessTokenSecret: "LOCAL_GRAPH_TOKEN",
      })
      .returning(),
  );
  channelId = channel?.id as string;
  const received = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: customerPhone, name: CUSTOMER },
      externalId: `wamid.e2e-${tag}`,
      kind: "text",
      body: "Good morning, my internet has been off since 6am",
      providerAt: new Date(),
      windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
    }),
  );
  conversationId = received.conversationId;
}, 300_000);

afterAll(async () => {
  await portal?.stop();
});

describe("an inbox agent's day", () => {
  it("signs in, opens the inbox and finds the unassigned WhatsApp conversation", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(AGENT.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByRole("button", { name: /Unassigned/ }).click();
    await page.locator("#inbox-q").fill(CUSTOMER);
    await page.locator("#inbox-q").press("Enter");
    const item = page.locator(".inbox-item").filter({ hasText: CUSTOMER });
    await item.getByText("WhatsApp").waitFor();
    await item.getByText("my internet has been off").waitFor();
    // The customer waits: the row says when the reply is due (the reply target of a first response).
    await item.getByText(/^Reply due in/).waitFor();
    await item.click();
    await page.waitForURL(new RegExp(`c=${conversationId}`));
  });

  it("reads the contact sidebar, replies, writes a note with an @mention, and resolves", async () => {
    await page.getByRole("heading", { name: `Conversation with ${CUSTOMER}` }).waitFor();
    const contact = page.getByRole("complementary", { name: "Contact" });
    await contact.getByRole("link", { name: CUSTOMER }).waitFor();
    await contact.getByText("No subscriber linked.").waitFor();
    await page.getByText(/customer-service window closes/).waitFor();
    await screenshot(page, "inbox-thread-1280");

    // A colleague opens the same conversation and starts writing: the agent is warned, live.
    const colleagueContext = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const colleaguePage = await colleagueContext.newPage();
    await colleaguePage.goto(`${base}/login`);
    await colleaguePage.getByLabel("Email").fill(COLLEAGUE.email);
    await colleaguePage.getByLabel("Password").fill(PASSWORD);
    await colleaguePage.getByRole("button", { name: "Sign in" }).click();
    await colleaguePage.waitForURL(/\/support$/);
    await colleaguePage.goto(`${base}/inbox?c=${conversationId}`);
    await colleaguePage.getByRole("heading", { name: `Conversation with ${CUSTOMER}` }).waitFor();
    await colleaguePage.locator("#inbox-composer").pressSequentially("Hi Chinedu", { delay: 20 });
    await page.getByText(`${COLLEAGUE.name} is replying now`).waitFor();
    await colleagueContext.close();

    await page.getByRole("button", { name: "Take it" }).click();
    await page.getByText("You have this conversation now").waitFor();
    expect(await page.getByRole("button", { name: "Take it" }).count()).toBe(0);

    await page.locator("#inbox-composer").fill("Sorry about that, Chinedu. We are checking your line now.");
    await page.locator("#inbox-composer").press("Enter");
    await page.locator(".inbox-bubble.outbound").filter({ hasText: "checking your line" }).waitFor();

    // The customer answers on WhatsApp: the open thread shows it without a reload (the live socket).
    await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
      Inbox.Receive.inbound({
        channelId,
        from: { value: customerPhone, name: CUSTOMER },
        externalId: `wamid.e2e-${tag}-2`,
        kind: "text",
        body: "Thanks, the light on the router is red",
        providerAt: new Date(),
        windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
      }),
    );
    await page.locator(".inbox-bubble.inbound").filter({ hasText: "the light on the router is red" }).waitFor();

    // … and reacts 👍 to the agent's reply: the reaction shows on that reply, not as a message of its own.
    await expect.poll(async () => (await sentExternalId()) ?? null).not.toBeNull();
    await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, async () =>
      Inbox.Receive.inbound({
        channelId,
        from: { value: customerPhone, name: CUSTOMER },
        externalId: `wamid.e2e-${tag}-reaction`,
        kind: "reaction",
        body: "👍",
        replyToExternalId: (await sentExternalId()) as string,
        providerAt: new Date(),
      }),
    );
    await page
      .locator(".inbox-bubble.outbound")
      .filter({ hasText: "checking your line" })
      .locator(".inbox-reaction", { hasText: "👍" })
      .waitFor();

    await page.getByRole("button", { name: "Note", exact: true }).click();
    await page.locator("#inbox-composer").fill(`@${COLLEAGUE.email} can you check the OLT in Yaba?`);
    await page.locator("#inbox-composer").press("Enter");
    await page.locator(".inbox-bubble.internal").filter({ hasText: "check the OLT" }).waitFor();
    await page.getByText(`Note by ${AGENT.name}`).waitFor();

    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await page.locator(".inbox-actions .badge").getByText("Resolved").waitFor();
    const colleague = await Auth.fromEmail(COLLEAGUE.email);
    const saved = await withActor({ type: "system", properties: { job: "e2e" } }, () =>
      Inbox.Thread.read(conversationId),
    );
    expect(saved.conversation.status).toBe("resolved");
    const thread = () =>
      withActor({ type: "system", properties: { job: "e2e" } }, () => Inbox.Thread.messages({ id: conversationId }));
    // The survey is queued by the resolve's event, after the response: wait for it to be stored.
    await expect.poll(async () => (await thread()).items.length).toBe(5);
    const [survey, note, , reply] = (await thread()).items;
    // Resolving sends the customer the satisfaction survey, as an automatic message (no author).
    expect(survey).toMatchObject({ direction: "outbound", authorId: null });
    expect(survey?.body).toMatch(/How did we do\? .*\/csat#token=/);
    surveyPath = (survey?.body ?? "").replace(/^.*?(\/csat#token=\S+).*$/s, "$1");
    expect(note).toMatchObject({ direction: "internal", mentions: [colleague?.id] });
    expect(reply).toMatchObject({ direction: "outbound", authorName: AGENT.name });
  });

  it("has no serious axe finding; at 375 px list, thread and contact stack", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("heading", { name: `Conversation with ${CUSTOMER}` }).waitFor();
    await screenshot(page, "inbox-thread-375");
    await page.getByRole("button", { name: "Contact details" }).click();
    await page.getByRole("complementary", { name: "Contact" }).getByRole("link", { name: CUSTOMER }).waitFor();
    await screenshot(page, "inbox-contact-375");
    await page
      .getByRole("complementary", { name: "Contact" })
      .getByRole("button", { name: "Back to the conversation" })
      .click();
    await page.getByRole("button", { name: "Back to the list" }).click();
    await page.getByRole("button", { name: /Unassigned/ }).waitFor();
    await screenshot(page, "inbox-list-375");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems.page).toEqual([]);
    expect(problems.console).toEqual([]);
  });

  it("the customer rates the help from the survey link, once, by keyboard", async () => {
    const customer = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const view = await customer.newPage();
    await view.goto(`${base}${surveyPath}`);
    await view.getByRole("heading", { name: "How did we do?" }).waitFor();
    // The token leaves the address bar at once.
    expect(view.url()).not.toContain("token");
    await view.getByText(`About your conversation on Support line ${tag}`).waitFor();
    expect(await axeInBothThemes(view)).toEqual([]);
    await screenshot(view, "csat-1280");
    await view.setViewportSize({ width: 375, height: 800 });
    await screenshot(view, "csat-375");
    await view.getByRole("button", { name: "Send my rating" }).click();
    await view.getByRole("alert").getByText("Pick a rating from 1 to 5 first").waitFor();
    await view.getByRole("radio", { name: "3 — Neutral" }).focus();
    await view.keyboard.press("ArrowDown");
    expect(await view.getByRole("radio", { name: "4 — Happy" }).isChecked()).toBe(true);
    await view.getByLabel("Anything to add? (optional)").fill("Quick and kind, thank you");
    await view.getByRole("button", { name: "Send my rating" }).click();
    await view.getByText("Thank you: your rating of 4 out of 5 reached the team.").waitFor();
    await customer.close();
  });

  it("the team's lead reads the inbox report: the agent's conversation, first response and rating", async () => {
    const lead = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const view = await lead.newPage();
    await view.goto(`${base}/login`);
    await view.getByLabel("Email").fill(LEAD.email);
    await view.getByLabel("Password").fill(PASSWORD);
    await view.getByRole("button", { name: "Sign in" }).click();
    await view.waitForURL(/\/support$/);
    await view.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox report" }).click();
    await view.waitForURL(/\/inbox\/reports/);
    await view.getByRole("heading", { name: "Inbox report", level: 1 }).waitFor();
    // Right now: the reply targets of the conversations the lead sees (ours is resolved: nothing overdue from it).
    const now = view.getByRole("region", { name: "Reply targets right now" });
    await now.getByText("Overdue").waitFor();
    await now.getByText("Due within the hour").waitFor();
    const row = view.getByRole("region", { name: "Per agent" }).getByRole("row").filter({ hasText: AGENT.name });
    await row.waitFor();
    // One conversation, resolved, answered within its target, rated 4.
    expect(await row.getByRole("cell").allTextContents()).toEqual([
      "1",
      "1",
      expect.stringMatching(/\d/),
      expect.stringMatching(/\d/),
      expect.stringMatching(/\d/),
      expect.stringMatching(/\d/),
      "100%",
      "4 / 5 (1)",
    ]);
    await view.getByRole("img", { name: /Conversations per channel/ }).waitFor();
    expect(await view.getByRole("link", { name: "Download CSV" }).getAttribute("href")).toContain("export.csv");
    expect(await axeInBothThemes(view)).toEqual([]);
    await screenshot(view, "inbox-report-1280");
    await view.setViewportSize({ width: 375, height: 800 });
    await screenshot(view, "inbox-report-375");
    await lead.close();
  });
});
