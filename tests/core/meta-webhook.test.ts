import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Meta, MetaMessaging, MetaWhatsApp } from "@dotmac/core/inbound/payloads";
import { bodyDigest, hubChallenge, hubSign, hubVerify } from "@dotmac/core/webhook";
import { describe, expect, it } from "vitest";

const secret = "meta-app-secret";
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/meta", name), "utf8");
const reference = (key: string, body: string | Buffer) =>
  `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;

describe("X-Hub-Signature-256", () => {
  const body = Buffer.from(fixture("wa-text.json"));

  it("accepts Meta's signature over the raw bytes, with any configured secret (rotation)", () => {
    expect(hubSign(secret, body)).toBe(reference(secret, body));
    expect(hubVerify(body, reference(secret, body), [secret])).toEqual({ ok: true, id: bodyDigest(body) });
    expect(hubVerify(body, reference(secret, body), ["old-secret", secret]).ok).toBe(true);
    expect(hubVerify(body, reference(secret, body).toUpperCase().replace("SHA256=", "sha256="), [secret]).ok).toBe(
      true,
    );
  });

  it("signs the escaped bytes Meta sends: an emoji body verifies as received, not as re-serialised", () => {
    const escaped = Buffer.from('{"text":"\\ud83d\\udc4d caf\\u00e9"}');
    expect(hubVerify(escaped, reference(secret, escaped), [secret]).ok).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(escaped.toString())));
    expect(hubVerify(reserialised, reference(secret, escaped), [secret])).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("fails closed: no secret, no header, another scheme, a bad signature, one tampered byte", () => {
    const good = reference(secret, body);
    expect(hubVerify(body, good, [])).toEqual({ ok: false, reason: "no_secret" });
    expect(hubVerify(body, undefined, [secret])).toEqual({ ok: false, reason: "missing_signature" });
    expect(hubVerify(body, good.replace("sha256=", "sha1="), [secret]).ok).toBe(false);
    expect(hubVerify(body, good.slice(7), [secret]).ok).toBe(false);
    expect(hubVerify(body, reference("another", body), [secret]).ok).toBe(false);
    expect(hubVerify(body, `${good.slice(0, -1)}0`, [secret]).ok).toBe(good.endsWith("0"));
    const tampered = Buffer.from(body);
    tampered[40] = (tampered[40] ?? 0) ^ 1;
    expect(hubVerify(tampered, good, [secret])).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("the envelope id is sha256 of the body: a retry of the same bytes is the same envelope", () => {
    expect(bodyDigest(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(bodyDigest(Buffer.from(body))).toBe(bodyDigest(body));
  });
});

describe("GET verification (hub.challenge)", () => {
  const ok = { mode: "subscribe", token: "verify-me", challenge: "1158201444" };
  it("echoes a short printable challenge when the token matches one configured", () => {
    expect(hubChallenge(ok, ["verify-me"])).toEqual({ ok: true, challenge: "1158201444" });
    expect(hubChallenge(ok, ["old", "verify-me"])).toEqual({ ok: true, challenge: "1158201444" });
  });
  it("refuses: no token configured, wrong mode, wrong or missing token, markup or overlong challenge", () => {
    expect(hubChallenge(ok, []).ok).toBe(false);
    expect(hubChallenge({ ...ok, mode: "unsubscribe" }, ["verify-me"]).ok).toBe(false);
    expect(hubChallenge({ ...ok, token: "verify-m" }, ["verify-me"]).ok).toBe(false);
    expect(hubChallenge({ ...ok, token: undefined }, ["verify-me"]).ok).toBe(false);
    expect(hubChallenge({ ...ok, challenge: "<script>alert(1)</script>" }, ["verify-me"]).ok).toBe(false);
    expect(hubChallenge({ ...ok, challenge: "x".repeat(129) }, ["verify-me"]).ok).toBe(false);
    expect(hubChallenge({ ...ok, challenge: undefined }, ["verify-me"]).ok).toBe(false);
  });
});

const whatsapp = (name: string) => MetaWhatsApp.items(MetaWhatsApp.Payload.parse(JSON.parse(fixture(name))));
const messaging = (name: string) => MetaMessaging.items(MetaMessaging.Payload.parse(JSON.parse(fixture(name))));

describe("WhatsApp payloads, one fixture per type", () => {
  const customer = { type: "message", channelKind: "whatsapp", account: "106540352242922", direction: "inbound" };
  const cases: [string, Record<string, unknown>][] = [
    [
      "wa-text.json",
      { kind: "text", body: "My internet has been down since 9am", contactName: "Ada Obi", windowHours: 24 },
    ],
    ["wa-text-reply.json", { kind: "text", body: "Still down", replyTo: "wamid.OUT1" }],
    [
      "wa-image.json",
      {
        kind: "image",
        body: "router lights",
        media: [
          {
            ref: "1013859600285441",
            via: "graph_media_id",
            declaredType: "image/jpeg",
            filename: null,
            sha256: "5f0d",
          },
        ],
      },
    ],
    [
      "wa-video.json",
      { kind: "video", body: "blinking", media: [expect.objectContaining({ declaredType: "video/mp4" })] },
    ],
    ["wa-audio.json", { kind: "audio", body: null, payload: { voice: true } }],
    [
      "wa-document.json",
      { kind: "document", body: "my bill", media: [expect.objectContaining({ filename: "invoice-2026-11.pdf" })] },
    ],
    ["wa-sticker.json", { kind: "sticker", media: [expect.objectContaining({ declaredType: "image/webp" })] }],
    [
      "wa-location.json",
      {
        kind: "location",
        body: "Home, 12 Allen Ave, Ikeja",
        payload: { location: expect.objectContaining({ latitude: 6.5244, longitude: 3.3792 }) },
      },
    ],
    ["wa-contacts.json", { kind: "contacts", body: "Chidi Okeke" }],
    [
      "wa-button-reply.json",
      {
        kind: "interactive",
        body: "Restart router",
        replyTo: "wamid.OUT7",
        payload: expect.objectContaining({
          interactive: { type: "button_reply", id: "restart_router", title: "Restart router" },
        }),
      },
    ],
    ["wa-list-reply.json", { kind: "interactive", body: "50 Mbps", replyTo: "wamid.OUT8" }],
    [
      "wa-template-button.json",
      {
        kind: "button",
        body: "Yes, come tomorrow",
        payload: expect.objectContaining({ button: { text: "Yes, come tomorrow", payload: "CONFIRM_VISIT" } }),
      },
    ],
    [
      "wa-reaction.json",
      {
        kind: "reaction",
        body: "👍",
        replyTo: "wamid.OUT7",
        windowHours: 0,
        payload: { reaction: { target: "wamid.OUT7", emoji: "👍" } },
      },
    ],
    [
      "wa-reaction-removed.json",
      { kind: "reaction", body: null, payload: { reaction: { target: "wamid.OUT7", emoji: null } } },
    ],
    [
      "wa-referral.json",
      {
        kind: "text",
        windowHours: 72,
        payload: { referral: expect.objectContaining({ source_type: "ad", ctwa_clid: "ARAkx" }) },
      },
    ],
    [
      "wa-unsupported.json",
      {
        kind: "unsupported",
        body: null,
        payload: { unsupported: "unsupported", error: { code: 131051, title: "Message type unknown" } },
      },
    ],
  ];
  for (const [name, expected] of cases) {
    it(name, () => {
      const [item, ...rest] = whatsapp(name);
      expect(rest).toEqual([]);
      expect(item).toMatchObject({ ...customer, contact: "2348031234567", ...expected });
    });
  }

  it("statuses: sent (with our opaque id), delivered, read, failed with Meta's error", () => {
    expect(whatsapp("wa-status-sent.json")).toEqual([
      {
        type: "receipt",
        channelKind: "whatsapp",
        account: "106540352242922",
        externalId: "wamid.OUT7",
        status: "sent",
        at: new Date(1764755300_000),
        error: null,
        ourMessageId: "msg_01JEXAMPLE",
      },
    ]);
    expect(whatsapp("wa-status-delivered.json")).toMatchObject([{ status: "delivered" }]);
    expect(whatsapp("wa-status-read.json")).toMatchObject([{ status: "read", at: new Date(1764755320_000) }]);
    expect(whatsapp("wa-status-failed.json")).toMatchObject([
      { status: "failed", externalId: "wamid.OUT9", error: { code: 131047, title: "Re-engagement message" } },
    ]);
  });

  it("a batch keeps every message and status, in order; other fields and unknown keys pass", () => {
    const payload = JSON.parse(fixture("wa-text.json"));
    const value = payload.entry[0].changes[0].value;
    value.messages.push({ ...value.messages[0], id: "wamid.TXT9", brand_new_field: { x: 1 } });
    value.statuses = JSON.parse(fixture("wa-status-read.json")).entry[0].changes[0].value.statuses;
    payload.entry.push({
      id: "1",
      changes: [{ field: "message_template_status_update", value: { event: "APPROVED" } }],
    });
    const items = MetaWhatsApp.items(MetaWhatsApp.Payload.parse(payload));
    expect(items.map((i) => i.type)).toEqual(["message", "message", "receipt", "skipped"]);
  });

  it("a known field with a broken shape fails with its path (dead letter), never silently", () => {
    const payload = JSON.parse(fixture("wa-location.json"));
    payload.entry[0].changes[0].value.messages[0].location.latitude = "north";
    payload.entry[0].changes[0].value.metadata = {};
    expect(() => MetaWhatsApp.items(MetaWhatsApp.Payload.parse(payload))).toThrow(
      /entry\[0\]\.changes\[0\]\.value\.metadata/,
    );
  });

  it("the window opens 24 h from the customer's time (72 h after an ad), never from the future", () => {
    const channelId = "00000000-0000-7000-8000-000000000001";
    const [text] = whatsapp("wa-text.json");
    const [ad] = whatsapp("wa-referral.json");
    const [reaction] = whatsapp("wa-reaction.json");
    if (text?.type !== "message" || ad?.type !== "message" || reaction?.type !== "message") throw new Error("fixture");
    expect(Meta.toInbound(channelId, text).windowExpiresAt).toEqual(new Date((1764754800 + 24 * 3600) * 1000));
    expect(Meta.toInbound(channelId, ad).windowExpiresAt).toEqual(new Date((1764755100 + 72 * 3600) * 1000));
    expect(Meta.toInbound(channelId, reaction).windowExpiresAt).toBeNull();
    const now = new Date(1764754000_000);
    expect(Meta.toInbound(channelId, text, now).windowExpiresAt).toEqual(new Date(now.getTime() + 24 * 3600_000));
    expect(Meta.toInbound(channelId, text).from).toEqual({ value: "+2348031234567", name: "Ada Obi" });
  });
});

describe("Messenger and Instagram payloads, one fixture per type", () => {
  const page = { channelKind: "messenger", account: "104455667788990" };
  const ig = { channelKind: "instagram", account: "17841400000000001" };
  const cases: [string, Record<string, unknown>][] = [
    [
      "messenger-text.json",
      {
        ...page,
        type: "message",
        direction: "inbound",
        contact: "6934512345678901",
        kind: "text",
        body: "Is there an outage in Lekki?",
        at: new Date(1764755500123),
        windowHours: 24,
      },
    ],
    [
      "messenger-image.json",
      {
        ...page,
        kind: "image",
        media: [
          expect.objectContaining({ via: "url", ref: expect.stringMatching(/^https:\/\/scontent\.xx\.fbcdn\.net\//) }),
        ],
      },
    ],
    ["messenger-quick-reply.json", { ...page, kind: "text", body: "Billing", payload: { quickReply: "BILLING" } }],
    [
      "messenger-echo.json",
      {
        ...page,
        type: "message",
        direction: "outbound",
        contact: "6934512345678901",
        externalId: "m_AbCdEf200",
        windowHours: 0,
        ourMessageId: "msg_01JEXAMPLE",
      },
    ],
    [
      "messenger-delivery.json",
      {
        ...page,
        type: "watermark",
        status: "delivered",
        contact: "6934512345678901",
        mids: ["m_AbCdEf200"],
        watermark: new Date(1764755600000),
      },
    ],
    [
      "messenger-read.json",
      { ...page, type: "watermark", status: "read", watermark: new Date(1764755600000), mids: [] },
    ],
    [
      "messenger-reaction.json",
      { ...page, type: "message", kind: "reaction", body: "❤️", replyTo: "m_AbCdEf200", windowHours: 0 },
    ],
    [
      "messenger-postback.json",
      { ...page, type: "message", kind: "button", body: "Talk to an agent", externalId: "m_AbCdEf300" },
    ],
    ["messenger-referral.json", { type: "skipped" }],
    [
      "instagram-text.json",
      { ...ig, type: "message", direction: "inbound", contact: "1234567890123456", kind: "text" },
    ],
    [
      "instagram-story-mention.json",
      { ...ig, kind: "unsupported", media: [], payload: expect.objectContaining({ unsupported: "story_mention" }) },
    ],
    ["instagram-deleted.json", { ...ig, kind: "system", windowHours: 0, payload: { deleted: true } }],
    ["instagram-echo.json", { ...ig, direction: "outbound", contact: "1234567890123456", body: "Yes we do!" }],
    ["instagram-seen.json", { ...ig, type: "receipt", status: "read", externalId: "aWdfZAG1fIG9" }],
  ];
  for (const [name, expected] of cases) {
    it(name, () => {
      const [item, ...rest] = messaging(name);
      expect(rest).toEqual([]);
      expect(item).toMatchObject(expected);
    });
  }

  it("refuses a payload that is neither a page nor an Instagram account", () => {
    expect(MetaMessaging.Payload.safeParse({ object: "user", entry: [] }).success).toBe(false);
  });
});
