import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DEMO_WIDGET_ID } from "@dotmac/core/demo";
import { widgetProvider } from "@dotmac/core/inbox";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPortal, type Portal, repoRoot, screenshot } from "../support/e2e";
import { seriousAxeFindings } from "./axe";

let portal: Portal;
let page: Page;
let base: string;
const VISITOR = `Ngozi ${Date.now()}`;
/** The widget's budget: one small framework-free script. */
const WIDGET_GZIP_BUDGET = 8 * 1024;

beforeAll(async () => {
  portal = await openPortal({ name: "widget-visitor" });
  ({ base, page } = portal);
});
afterAll(() => portal?.stop());

const panel = () => page.locator("[data-dotmac-chat]");

/**
 * The agent's reply as the outbound pipeline delivers it to a web chat: queued by the inbox, accepted by
 * the widget provider (sent on accept). The staff reply route belongs to the outbound part of the inbox.
 */
async function agentReply(body: string) {
  await useTransaction(async (tx) => {
    const [row] = await tx
      .select({ conversation: inboxConversationTable, channel: inboxChannelTable })
      .from(inboxConversationTable)
      .innerJoin(personTable, eq(personTable.id, inboxConversationTable.personId))
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
      .where(eq(personTable.displayName, VISITOR));
    if (!row) throw new Error("no conversation for the visitor");
    const [message] = await tx
      .insert(inboxMessageTable)
      .values({
        conversationId: row.conversation.id,
        channelId: row.channel.id,
        direction: "outbound",
        kind: "text",
        status: "queued",
        body,
      })
      .returning();
    if (!message) throw new Error("no message");
    const accepted = await widgetProvider.send({
      messageId: message.id,
      channel: { ...row.channel, settings: row.channel.settings },
      to: "visitor",
      kind: "text",
      body,
      subject: null,
      payload: {},
    });
    await tx
      .update(inboxMessageTable)
      .set({ status: "sent", externalId: accepted.externalId, sentAt: new Date() })
      .where(eq(inboxMessageTable.id, message.id));
  });
}

describe("a visitor chats through the widget on the ISP's site", () => {
  it("stays within its size budget", () => {
    const script = readFileSync(join(repoRoot, "packages/web/dist/widget.js"));
    expect(gzipSync(script).length).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
  });

  it("opens with the keyboard, starts a chat, sees the agent's reply, and keeps the thread after a reload", async () => {
    await page.goto(`${base}/demo/widget.html`);
    const launcher = panel().getByRole("button", { name: "Chat with us" });
    await launcher.waitFor();
    expect(await page.locator(`script[data-widget-id="${DEMO_WIDGET_ID}"]`).count()).toBe(1);

    // Keyboard only: Enter on the launcher opens the panel with focus in the form's first field.
    await launcher.focus();
    await page.keyboard.press("Enter");
    const dialog = panel().getByRole("dialog", { name: "Demo ISP website" });
    await dialog.waitFor();
    await page.keyboard.type(VISITOR);
    await page.keyboard.press("Tab");
    await page.keyboard.type("ngozi@visitor.example");
    await page.keyboard.press("Tab");
    await page.keyboard.type("My fibre light is red since this morning");
    expect(await panel().getByRole("button", { name: "Close chat" }).count()).toBe(1);
    await dialog.getByRole("button", { name: "Start chat" }).focus();
    await page.keyboard.press("Enter");

    const log = dialog.getByRole("log", { name: "Messages" });
    await log.getByText("My fibre light is red since this morning").waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, "widget-visitor-started", { fullPage: false });

    await dialog.getByRole("textbox", { name: "Message" }).fill("Router restarted twice");
    await page.keyboard.press("Enter");
    await log.getByText("Router restarted twice").waitFor();

    await agentReply("Sorry about that, Ngozi. A technician is on the way.");
    await log.getByText("A technician is on the way").waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, "widget-visitor-reply-1280", { fullPage: false });

    // Escape closes the panel and returns focus to the launcher.
    await dialog.getByRole("textbox", { name: "Message" }).focus();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(
      await page.evaluate(() => document.querySelector("[data-dotmac-chat]")?.shadowRoot?.activeElement?.textContent),
    ).toBe("Chat with us");

    // Leave and come back: the token in this site's localStorage brings the same thread.
    await page.reload();
    await panel().getByRole("button", { name: "Chat with us" }).click();
    await panel().getByRole("log").getByText("A technician is on the way").waitFor();
    expect(await panel().getByRole("log").getByRole("listitem").count()).toBe(3);

    await page.setViewportSize({ width: 375, height: 740 });
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, "widget-visitor-375", { fullPage: false });

    // The panel showed the reply: it is read.
    await expect
      .poll(async () => {
        const rows = await useTransaction((tx) =>
          tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.direction, "outbound")),
        );
        return rows.find((r) => r.body?.includes("technician is on the way"))?.status;
      })
      .toBe("read");
  });
});
