import { randomBytes } from "node:crypto";
import { deflateSync } from "node:zlib";
import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { inboxTemplateTable } from "@dotmac/core/inbox/templates.sql";
import { useBlobStore } from "@dotmac/core/platform/blob";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";
import { PASSWORD } from "../support/portals";
import { axeInBothThemes } from "./axe";

/**
 * The thread pane: a customer sends a photo of their router's lights, and the agent sees it as a
 * thumbnail that opens full size; the conversation carries coloured label chips in the list and the
 * header. Another customer wrote 30 hours ago, so WhatsApp's window is closed: the agent picks an approved
 * template, fills its variable by keyboard, reads the preview and sends it.
 */
let portal: Portal;
let page: Page;
let base: string;
let problems: ReturnType<typeof collectProblems>;

const tag = randomBytes(3).toString("hex");
const AGENT = { email: `kemi.agent.${tag}@isp.example`, name: `Kemi Agent ${tag}` };
const PHOTO_CUSTOMER = `Amaka Eze ${tag}`;
const LATE_CUSTOMER = `Segun Bello ${tag}`;
const system = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "e2e" } }, fn);

/** A real PNG (a router's status panel: a dark box with a row of green lights, one red), 320×200. */
function routerPhoto(): Buffer {
  const w = 320;
  const h = 200;
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      let rgb = [40, 44, 52];
      const light = Math.floor((x - 40) / 60);
      const cx = 60 + light * 60;
      if (light >= 0 && light < 4 && (x - cx) ** 2 + (y - 100) ** 2 < 200)
        rgb = light === 3 ? [220, 38, 38] : [34, 197, 94];
      row.set(rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  portal = await openPortal({ name: "inbox-thread" });
  ({ page, base, problems } = portal);
  await Auth.createUser({ email: AGENT.email, password: PASSWORD, displayName: AGENT.name, roles: ["support"] });
  const [channel] = await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values({
        kind: "whatsapp",
        name: `Support line ${tag}`,
        externalAccountId: `e2e-thread-${tag}`,
        accessTokenSecret: "LOCAL_GRAPH_TOKEN",
      })
      .returning(),
  );
  const channelId = channel?.id as string;
  // The catalogue as Templates.sync leaves it: one approved template with a variable, one rejected.
  await useTransaction((tx) =>
    tx.insert(inboxTemplateTable).values([
      {
        channelId,
        name: "service_restored",
        language: "en_GB",
        category: "UTILITY",
        status: "APPROVED",
        components: [
          { type: "BODY", text: "Hello {{1}}, service in your area is back. Reply if you are still offline." },
        ],
      },
      {
        channelId,
        name: "router_swap",
        language: "en_GB",
        category: "UTILITY",
        status: "APPROVED",
        components: [
          { type: "HEADER", format: "IMAGE" },
          { type: "BODY", text: "Your replacement router arrives on {{1}}." },
        ],
      },
      { channelId, name: "promo_may", language: "en_GB", category: "MARKETING", status: "REJECTED", components: [] },
    ]),
  );
  // The photo as the media fetch stores it: bytes in the blob store, type from the magic bytes.
  const key = `inbox/media/e2e-${tag}/0`;
  const photo = routerPhoto();
  await useBlobStore().put(key, photo, "image/png");
  const digits = tag.replace(/[a-f]/g, "1");
  const photoMessage = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: `+23481${digits}01`, name: PHOTO_CUSTOMER },
      externalId: `wamid.photo-${tag}`,
      kind: "image",
      body: "These are the lights on my router",
      providerAt: new Date(),
      windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
      attachments: [
        {
          filename: "router.png",
          declaredType: "image/jpeg",
          detectedType: "image/png",
          blobKey: key,
          size: photo.byteLength,
          state: "stored",
        },
      ],
    }),
  );
  const late = new Date(Date.now() - 30 * 3600_000);
  await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: `+23481${digits}02`, name: LATE_CUSTOMER },
      externalId: `wamid.late-${tag}`,
      kind: "text",
      body: "Is the outage in Surulere fixed?",
      providerAt: late,
      windowExpiresAt: new Date(late.getTime() + 24 * 3600_000),
    }),
  );
  await system(async () => {
    for (const [name, colour] of [
      [`Outage ${tag}`, "green"],
      [`Hardware ${tag}`, "#ef4444"],
    ] as const) {
      await Inbox.Labels.createLabel({ name, colour });
    }
    await Inbox.Actions.setLabels({ id: photoMessage.conversationId, labels: [`Outage ${tag}`, `Hardware ${tag}`] });
  });
}, 300_000);

afterAll(async () => {
  await portal?.stop();
});

const item = (name: string) => page.locator(".inbox-item", { hasText: name });

describe("the inbox thread pane", () => {
  it("the agent sees the customer's photo as a thumbnail, and the labels in their colours", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(AGENT.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/support$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Inbox/ }).click();
    await page.getByRole("button", { name: /Unassigned/ }).click();
    const row = item(PHOTO_CUSTOMER);
    await row.locator(".label-c-green", { hasText: `Outage ${tag}` }).waitFor();
    await row.locator(".label-c-red", { hasText: `Hardware ${tag}` }).waitFor();
    await row.click();
    await page.getByRole("heading", { name: `Conversation with ${PHOTO_CUSTOMER}` }).waitFor();

    const header = page.getByRole("list", { name: "Labels" });
    const green = header.locator(".label-c-green");
    await green.waitFor();
    const [bg, fg] = await green.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(bg).toBe("rgb(220, 252, 231)");
    expect(fg).toBe("rgb(22, 101, 52)");

    const image = page.getByRole("img", { name: "Image: router.png" });
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    const link = page.getByRole("link", { name: "Image: router.png" });
    expect(await link.getAttribute("target")).toBe("_blank");
    // The full-size link answers the picture itself, inline, as the bytes say.
    const full = await page.request.get(`${base}${await link.getAttribute("href")}`);
    expect(full.status()).toBe(200);
    expect(full.headers()["content-type"]).toBe("image/png");
    expect(full.headers()["content-disposition"]).toMatch(/^inline/);
    await screenshot(page, "inbox-thread-media-1280");
  });

  it("on a conversation whose window closed, the agent sends a template with a variable, by keyboard", async () => {
    await item(LATE_CUSTOMER).click();
    await page.getByRole("heading", { name: `Conversation with ${LATE_CUSTOMER}` }).waitFor();
    await page.getByText(/24-hour window is closed/).waitFor();
    const offer = page.getByRole("button", { name: "Send a template" });
    await offer.focus();
    await page.keyboard.press("Enter");
    expect(await offer.getAttribute("aria-expanded")).toBe("true");
    const picker = page.getByLabel("Template", { exact: true });
    await picker.waitFor();
    // Only the approved one is offered.
    expect(await picker.locator("option").allTextContents()).toEqual([
      "Choose a template…",
      "router_swap (en_GB)",
      "service_restored (en_GB)",
    ]);
    await picker.focus();
    await picker.selectOption({ label: "service_restored (en_GB)" });
    const variable = page.getByLabel("Variable 1");
    await variable.focus();
    await page.keyboard.type("Segun");
    await page
      .locator(".inbox-template-preview")
      .getByText("Hello Segun, service in your area is back. Reply if you are still offline.")
      .waitFor();
    await screenshot(page, "inbox-thread-template-1280");
    await page.keyboard.press("Enter");
    await page.getByText("Sent.").waitFor();
    await page
      .locator(".inbox-bubble.outbound")
      .getByText("Hello Segun, service in your area is back. Reply if you are still offline.")
      .waitFor();
    expect(await page.locator(".inbox-template-preview").count()).toBe(0);
  });

  it("a template with an image header: the agent uploads the image, then sends", async () => {
    const picker = page.getByLabel("Template", { exact: true });
    await picker.selectOption({ label: "router_swap (en_GB)" });
    await page.getByText("This template needs a header file (image): upload it before sending.").waitFor();
    const send = page.getByRole("button", { name: "Send template" });
    expect(await send.isDisabled()).toBe(true);
    await page.getByLabel("Variable 1").fill("Friday");
    await page.getByLabel("Upload the header file").setInputFiles({
      name: "router.png",
      mimeType: "image/png",
      buffer: routerPhoto(),
    });
    await page.getByText("The header file is uploaded and checked.").waitFor();
    await screenshot(page, "inbox-thread-template-header-1280");
    await send.click();
    await page.locator(".inbox-bubble.outbound").getByText("Your replacement router arrives on Friday.").waitFor();
  });

  it("the agent attaches a photo to a reply: refused files say why, the good one goes out with its caption", async () => {
    await item(PHOTO_CUSTOMER).click();
    await page.getByRole("heading", { name: `Conversation with ${PHOTO_CUSTOMER}` }).waitFor();
    const attach = page.getByLabel("Attach", { exact: true });
    const files = page.getByRole("list", { name: "Files to send" });
    // A web page renamed .png: the slot takes the declared type, the byte check refuses it.
    await attach.setInputFiles({
      name: "lights.png",
      mimeType: "image/png",
      buffer: Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>"),
    });
    await files.getByRole("alert").filter({ hasText: "lights.png: this type of file cannot be sent" }).waitFor();
    // A program: refused before it uploads, by the type allowlist.
    await attach.setInputFiles({ name: "setup.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") });
    await files.getByRole("alert").filter({ hasText: "setup.exe: this type of file cannot be sent" }).waitFor();
    // The slot's 400 for it is the browser's one expected console line here.
    const refusedSlot = problems.console.filter((line) => /status of 400/.test(line));
    expect(refusedSlot).toHaveLength(1);
    problems.console.splice(problems.console.indexOf(refusedSlot[0] as string), 1);
    // The real photo: uploaded, checked, ready (refused files do not take the channel's one-file place).
    await attach.setInputFiles({ name: "speed-test.png", mimeType: "image/png", buffer: routerPhoto() });
    const ready = files.getByRole("listitem").filter({ hasText: "speed-test.png" });
    await ready.getByText("Ready to send").waitFor();
    expect(await ready.getByRole("button", { name: "Remove speed-test.png" }).isVisible()).toBe(true);
    expect(await axeInBothThemes(page)).toEqual([]);
    await screenshot(page, "inbox-composer-1280");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("heading", { name: `Conversation with ${PHOTO_CUSTOMER}` }).waitFor();
    await page.locator("#inbox-composer").scrollIntoViewIfNeeded();
    await screenshot(page, "inbox-composer-375");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    // The refused ones are removed by their ×; the caption goes with the photo.
    await files.getByRole("button", { name: "Remove lights.png" }).click();
    await page.locator("#inbox-composer").fill("Here is the speed test from our side");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("Sent.").waitFor();
    const bubble = page.locator(".inbox-bubble.outbound", { hasText: "Here is the speed test from our side" });
    const thumb = bubble.getByRole("img", { name: "Image: speed-test.png" });
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await page.getByRole("list", { name: "Files to send" }).count()).toBe(0);
    // The Graph emulator took the photo by its link: the receipt comes back as a tick.
    await bubble.locator(".inbox-ticks", { hasText: "✓" }).waitFor();
    expect(await bubble.locator(".inbox-failed").count()).toBe(0);
  });

  it("has no serious axe finding; at 375 px the photo and the template fit", async () => {
    expect(await axeInBothThemes(page)).toEqual([]);
    await item(PHOTO_CUSTOMER).click();
    await page.getByRole("img", { name: "Image: router.png" }).waitFor();
    expect(await axeInBothThemes(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("heading", { name: `Conversation with ${PHOTO_CUSTOMER}` }).waitFor();
    await screenshot(page, "inbox-thread-media-375");
    await page.getByRole("button", { name: "Back to the list" }).click();
    await page.getByRole("button", { name: /Unassigned/ }).click();
    await item(LATE_CUSTOMER).click();
    await page.getByRole("button", { name: "Send a template" }).click();
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "service_restored (en_GB)" });
    await screenshot(page, "inbox-thread-template-375");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems.page).toEqual([]);
    expect(problems.console).toEqual([]);
  });
});
