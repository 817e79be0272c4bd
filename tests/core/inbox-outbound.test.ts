import { MessengerSend, WhatsappSend } from "@dotmac/functions/local/graph-emulator";
import { describe, expect, it } from "vitest";
import { backoffSeconds, CAP_SECONDS } from "../../packages/core/src/inbox/outbound/backoff";
import { decideWindow, type WindowState } from "../../packages/core/src/inbox/outbound/window";
import { classifyGraphError } from "../../packages/core/src/inbox/providers/graph-errors";
import { messengerBody } from "../../packages/core/src/inbox/providers/messenger";
import type { OutboundMessage } from "../../packages/core/src/inbox/providers/port";
import { whatsappBody } from "../../packages/core/src/inbox/providers/whatsapp";

const H = 3600 * 1000;
const now = new Date("2026-12-03T12:00:00Z");
const at = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * H);

describe("outbox backoff", () => {
  it("doubles from 5 s, caps at 300 s and adds at most 25 % jitter", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffSeconds(n, 0))).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
    for (const n of [1, 3, 7, 20, 60]) {
      const low = backoffSeconds(n, 0);
      const high = backoffSeconds(n, 0.999_999);
      expect(high).toBeGreaterThan(low);
      expect(high).toBeLessThanOrEqual(low * 1.25);
      expect(high).toBeLessThanOrEqual(CAP_SECONDS * 1.25);
    }
  });

  it("never waits less than the provider asked", () => {
    expect(backoffSeconds(1, 0, 60)).toBe(60);
    expect(backoffSeconds(7, 0, 60)).toBe(300);
  });
});

describe("Graph error classification (research §1.8)", () => {
  const graph = (code: number, extra: Record<string, unknown> = {}) => ({
    error: { message: `(#${code}) x`, type: "OAuthException", code, fbtrace_id: "A", ...extra },
  });

  it("retries rate limits with the provider's delay as a floor", () => {
    for (const code of [130429, 4, 613, 80007, 131056]) {
      const e = classifyGraphError(code === 130429 ? 429 : 400, graph(code));
      expect([e.disposition, e.code]).toEqual(["retry", "rate_limited"]);
      expect(e.retryAfterSeconds).toBeGreaterThan(0);
    }
    expect(classifyGraphError(429, graph(130429), "42").retryAfterSeconds).toBe(42);
  });

  it("fails 131047 and Messenger's outside-window answer, closing the window", () => {
    const wa = classifyGraphError(400, graph(131047, { error_data: { details: "more than 24 hours" } }));
    expect([wa.disposition, wa.code, wa.windowClosed]).toEqual(["fail", "template_required", true]);
    expect(wa.message).toContain("more than 24 hours");
    const fb = classifyGraphError(400, {
      error: { message: "(#10) This message is sent outside of allowed window.", code: 10, error_subcode: 2018065 },
    });
    expect([fb.disposition, fb.code, fb.windowClosed]).toEqual(["fail", "window_closed", true]);
  });

  it("fails invalid recipients, template errors, bad parameters and tokens; retries 5xx", () => {
    for (const code of [131026, 132000, 132001, 100, 131051]) {
      expect(classifyGraphError(400, graph(code))).toMatchObject({
        disposition: "fail",
        code: String(code),
        windowClosed: false,
      });
    }
    expect(classifyGraphError(401, graph(190))).toMatchObject({ disposition: "fail", code: "token_invalid" });
    expect(classifyGraphError(500, graph(131000))).toMatchObject({ disposition: "retry" });
    expect(classifyGraphError(502, null)).toMatchObject({ disposition: "retry", code: "http_502" });
  });
});

describe("customer-service windows (research §1.6, R4)", () => {
  const state = (s: Partial<WindowState>): WindowState => ({
    kind: "whatsapp",
    windowExpiresAt: null,
    lastInboundAt: null,
    humanAgentTag: false,
    template: false,
    now,
    ...s,
  });

  it("WhatsApp: free text inside the window, only templates outside", () => {
    expect(decideWindow(state({ windowExpiresAt: at(1) }))).toEqual({ allowed: true });
    expect(decideWindow(state({ windowExpiresAt: at(-1) }))).toEqual({ allowed: false, reason: "template_required" });
    expect(decideWindow(state({ windowExpiresAt: now }))).toEqual({ allowed: false, reason: "template_required" });
    expect(decideWindow(state({ windowExpiresAt: null, template: true }))).toEqual({ allowed: true });
  });

  it("Messenger/Instagram: 24 h, then HUMAN_AGENT up to 7 days only with the permission", () => {
    for (const kind of ["messenger", "instagram"] as const) {
      expect(decideWindow(state({ kind, windowExpiresAt: at(2), lastInboundAt: at(-22) }))).toEqual({
        allowed: true,
        messagingType: "RESPONSE",
      });
      const day3 = { kind, windowExpiresAt: at(-48), lastInboundAt: at(-72) };
      expect(decideWindow(state(day3))).toEqual({ allowed: false, reason: "window_closed" });
      expect(decideWindow(state({ ...day3, humanAgentTag: true }))).toEqual({
        allowed: true,
        messagingType: "MESSAGE_TAG",
        tag: "HUMAN_AGENT",
      });
      const day8 = { kind, humanAgentTag: true, windowExpiresAt: at(-168), lastInboundAt: at(-192) };
      expect(decideWindow(state(day8))).toEqual({ allowed: false, reason: "window_closed" });
    }
  });

  it("email and the web widget have no window", () => {
    expect(decideWindow(state({ kind: "email" }))).toEqual({ allowed: true });
    expect(decideWindow(state({ kind: "widget" }))).toEqual({ allowed: true });
  });
});

describe("Graph request bodies, as Meta documents them", () => {
  const channel = {
    id: "c",
    kind: "whatsapp" as const,
    externalAccountId: "106540352242922",
    businessAccountId: "1",
    accessTokenSecret: "T",
    settings: {},
  };
  const message = (m: Partial<OutboundMessage>): OutboundMessage => ({
    messageId: "7d4a6f36-2f0e-4d0b-9c1b-1f9a3a1b2c3d",
    channel,
    to: "2348031234567",
    kind: "text",
    body: "We restarted your port; please check.",
    subject: null,
    payload: {},
    ...m,
  });

  it("WhatsApp text quotes the customer's message and carries our id as opaque callback data", () => {
    const body = whatsappBody(message({ payload: { contextExternalId: "wamid.IN1" } }));
    expect(body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "2348031234567",
      type: "text",
      text: { preview_url: false, body: "We restarted your port; please check." },
      context: { message_id: "wamid.IN1" },
      biz_opaque_callback_data: "7d4a6f36-2f0e-4d0b-9c1b-1f9a3a1b2c3d",
    });
    expect(WhatsappSend.safeParse(body).success).toBe(true);
  });

  it("WhatsApp template fills the header media and the body variables", () => {
    const body = whatsappBody(
      message({
        kind: "template",
        body: null,
        payload: {
          template: {
            name: "outage_update",
            language: "en_US",
            variables: ["Lekki Phase 1", "4pm"],
            headerMedia: { type: "image", link: "https://files.example/outage.png" },
          },
        },
      }),
    );
    expect(body.template).toEqual({
      name: "outage_update",
      language: { code: "en_US" },
      components: [
        { type: "header", parameters: [{ type: "image", image: { link: "https://files.example/outage.png" } }] },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Lekki Phase 1" },
            { type: "text", text: "4pm" },
          ],
        },
      ],
    });
    expect(WhatsappSend.safeParse(body).success).toBe(true);
  });

  it("WhatsApp media by link with a caption; documents keep their filename", () => {
    const body = whatsappBody(
      message({ payload: { media: { type: "document", link: "https://files.example/a.pdf", filename: "bill.pdf" } } }),
    );
    expect(body).toMatchObject({
      type: "document",
      document: {
        link: "https://files.example/a.pdf",
        caption: "We restarted your port; please check.",
        filename: "bill.pdf",
      },
    });
    expect(WhatsappSend.safeParse(body).success).toBe(true);
  });

  it("Messenger/Instagram: RESPONSE inside the window, MESSAGE_TAG + HUMAN_AGENT after it, metadata = our id", () => {
    const m = message({ channel: { ...channel, kind: "messenger" }, to: "6934512345678901" });
    expect(messengerBody(m)).toEqual({
      recipient: { id: "6934512345678901" },
      messaging_type: "RESPONSE",
      message: { text: "We restarted your port; please check.", metadata: m.messageId },
    });
    const tagged = messengerBody({ ...m, payload: { tag: "HUMAN_AGENT" } });
    expect(tagged).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
    const file = messengerBody({
      ...m,
      body: null,
      payload: { media: { type: "document", link: "https://f.example/a.pdf" } },
    });
    expect(file.message).toEqual({
      attachment: { type: "file", payload: { url: "https://f.example/a.pdf", is_reusable: false } },
      metadata: m.messageId,
    });
    for (const b of [messengerBody(m), tagged, file]) expect(MessengerSend.safeParse(b).success).toBe(true);
  });

  it("the emulator refuses what Meta refuses", () => {
    expect(WhatsappSend.safeParse({ to: "2348031234567", type: "text", text: { body: "x" } }).success).toBe(false);
    expect(
      WhatsappSend.safeParse({
        messaging_product: "whatsapp",
        to: "1234567",
        type: "template",
        template: { name: "x" },
      }).success,
    ).toBe(false);
    expect(
      MessengerSend.safeParse({
        recipient: { id: "1" },
        messaging_type: "RESPONSE",
        tag: "HUMAN_AGENT",
        message: { text: "x" },
      }).success,
    ).toBe(false);
  });
});
