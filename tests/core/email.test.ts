import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  classify,
  deliveryReport,
  dispositionReport,
  normaliseSubject,
  type ParsedEmail,
  parseEmail,
  replyTokens,
  threadIds,
} from "@dotmac/core/inbound/email";
import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml } from "../../packages/core/src/inbox/email/sanitize";
import { splitAddress } from "../../packages/core/src/inbox/email/token";
import { trimReferences } from "../../packages/core/src/inbox/providers/email";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email", name));
const parse = (name: string) => parseEmail(fixture(name));

describe("parsing real-world mail", () => {
  it("multipart/alternative keeps both bodies and normalised ids", async () => {
    const email = await parse("multipart-alternative.eml");
    expect(email.messageId).toBe("CAF1alt001@mail.customer.test");
    expect(email.from).toEqual({ address: "ada@customer.test", name: "Ada Obi" });
    expect(email.text).toContain("Router lights are red.");
    expect(email.html).toContain("<b>9am</b>");
  });

  it("multipart/related keeps the inline image as an attachment and its cid: link in the HTML", async () => {
    const email = await parse("inline-image.eml");
    expect(email.html).toContain('src="cid:router@customer.test"');
    expect(email.attachments).toMatchObject([
      { filename: "router.png", contentType: "image/png", cid: "router@customer.test", inline: true },
    ]);
  });

  it.each([
    ["iso-8859-1-qp.eml", "Connexion très lente", "très lente à Genève", "François Müller"],
    ["windows-1252-base64.eml", "Charged twice – €25", "“November” – I was charged €25 twice…", "Bola"],
    ["shift-jis.eml", "回線が遅い", "インターネットが遅いです。", "Taro"],
  ])("%s decodes subject, body and name", async (name, subject, body, from) => {
    const email = await parse(name);
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(body);
    expect(email.from?.name).toBe(from);
  });

  it("refuses a message over the size cap before parsing it", async () => {
    await expect(parseEmail(fixture("multipart-alternative.eml"), 100)).rejects.toMatchObject({
      code: "payload_too_large",
    });
  });
});

describe("threading rules", () => {
  it("Gmail: In-Reply-To first, then References newest to oldest", async () => {
    const email = await parse("gmail-reply.eml");
    expect(threadIds(email)).toEqual([
      { match: "in_reply_to", id: "msg_out-1@mail.isp.test" },
      { match: "references", id: "CAF1alt001@mail.customer.test" },
    ]);
  });

  it("Outlook: only In-Reply-To", async () => {
    const email = await parse("outlook-reply.eml");
    expect(threadIds(email)).toEqual([{ match: "in_reply_to", id: "msg_out-2@mail.isp.test" }]);
  });

  it("subject only: prefixes in any language, ticket tags, spacing and case do not matter", async () => {
    const email = await parse("subject-only-reply.eml");
    expect(threadIds(email)).toEqual([]);
    expect(normaliseSubject(email.subject)).toBe(normaliseSubject("Internet down since 9am"));
    expect(normaliseSubject("AW: WG: SV: Antw: Réf: RE[2]: [#TCK-2026-000123] Hello")).toBe("hello");
    expect(normaliseSubject("Re: Fwd: ")).toBe("");
  });

  it("reply tokens are read from envelope recipients first, on our address only, case-insensitively", () => {
    const email = {
      to: [{ address: "support+cTOKENTO@isp.test", name: "" }],
      cc: [{ address: "other+cnope@elsewhere.test", name: "" }],
      deliveredTo: [],
    } as Pick<ParsedEmail, "to" | "cc" | "deliveredTo">;
    expect(replyTokens(email, ["Support+cEnvelope@ISP.test"], "support@isp.test").map((t) => t.token)).toEqual([
      "envelope",
      "tokento",
    ]);
    expect(splitAddress("Support+Tag@ISP.test")).toEqual({ base: "support@isp.test" });
  });

  it("References keep the first id and the last ten", () => {
    const ids = Array.from({ length: 30 }, (_, i) => `id${i}`);
    expect(trimReferences(ids)).toEqual(["id0", ...ids.slice(20)]);
    expect(trimReferences(ids.slice(0, 3))).toEqual(ids.slice(0, 3));
  });
});

const headersOnly = (headers: Record<string, string>) =>
  classify({ headers, contentType: { value: "text/plain", params: {} }, from: null, attachments: [] });

describe("automatic mail is recognised and never answered", () => {
  it.each([
    [{ "auto-submitted": "auto-replied" }, "auto_reply"],
    [{ "auto-submitted": "auto-generated" }, "auto_reply"],
    [{ "x-autoreply": "yes" }, "auto_reply"],
    [{ "x-autorespond": "Vacation" }, "auto_reply"],
    [{ "x-autoresponder": "1" }, "auto_reply"],
    [{ "x-auto-response-suppress": "OOF, AutoReply" }, "auto_reply"],
    [{ precedence: "auto_reply" }, "auto_reply"],
    [{ "x-mailer": "Vacation Responder 1.0" }, "auto_reply"],
    [{ "return-path": "<>" }, "auto_reply"],
    [{ precedence: "bulk" }, "list"],
    [{ precedence: "junk" }, "list"],
    [{ "list-id": "<news.example>" }, "list"],
    [{ "list-unsubscribe": "<mailto:x@y>" }, "list"],
    [{ "x-failed-recipients": "a@b.test" }, "bounce"],
    [{ "auto-submitted": "no" }, "human"],
    [{ subject: "Out of Office" }, "human"],
  ])("%o → %s", (headers, expected) => {
    expect(headersOnly(headers).class).toBe(expected);
  });

  it("an Outlook out-of-office is an auto-reply", async () => {
    expect(classify(await parse("out-of-office.eml"))).toMatchObject({ class: "auto_reply" });
  });

  it("a mailing list post is a list", async () => {
    expect(classify(await parse("mailing-list.eml")).class).toBe("list");
  });

  it("a DSN is a bounce naming our message, the status and the reason", async () => {
    const email = await parse("dsn.eml");
    expect(classify(email).class).toBe("bounce");
    expect(deliveryReport(email)).toEqual({
      originalMessageId: "msg_out-3@mail.isp.test",
      action: "failed",
      status: "5.1.1",
      recipient: "nobody@customer.test",
      diagnostic: "550 5.1.1 <nobody@customer.test>: Recipient address rejected: User unknown",
    });
  });

  it("an MDN is a read receipt naming our message", async () => {
    const email = await parse("mdn.eml");
    expect(classify(email).class).toBe("read_receipt");
    expect(dispositionReport(email)).toMatchObject({ originalMessageId: "msg_out-4@mail.isp.test" });
  });

  it("ordinary replies are human", async () => {
    for (const name of ["gmail-reply.eml", "outlook-reply.eml", "multipart-alternative.eml"]) {
      expect(classify(await parse(name)).class).toBe("human");
    }
  });
});

describe("the HTML sanitiser", () => {
  const clean = (html: string) => sanitizeEmailHtml(html);
  it.each([
    ["<p>a<script>alert(1)</script></p>", "<p>a</p>"],
    ['<p onclick="x()" onmouseover="y()">a</p>', "<p>a</p>"],
    ['<a href="javascript:alert(1)">x</a>', '<a target="_blank" rel="noopener noreferrer nofollow">x</a>'],
    [
      '<a href="data:text/html,<script>x</script>">x</a>',
      '<a target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
    ['<img src="data:text/html;base64,PHNjcmlwdD4=">', ""],
    ['<img src="data:image/png;base64,iVBORw0KGgo=">', '<img src="data:image/png;base64,iVBORw0KGgo=" />'],
    ['<div style="width:expression(alert(1))">x</div>', "<div>x</div>"],
    ['<div style="background:url(https://t.test/p)">x</div>', "<div>x</div>"],
    ['<div style="color:red">x</div>', '<div style="color:red">x</div>'],
    ['<base href="https://evil.test/"><p>x</p>', "<p>x</p>"],
    ['<meta http-equiv="refresh" content="0;url=https://evil.test"><p>x</p>', "<p>x</p>"],
    ["<style>p{color:red}</style><p>x</p>", "<p>x</p>"],
    ['<iframe src="https://evil.test"></iframe><form action="/x"><input name="a"></form>', ""],
    ['<img src="https://t.test/pixel.gif">', '<img data-blocked-src="https://t.test/pixel.gif" />'],
    ['<img src="cid:logo@x">', '<img src="cid:logo@x" />'],
  ])("%s", async (input, expected) => {
    expect(await clean(input)).toBe(expected);
  });

  it("a render embeds known cid images, drops unknown ones, and loads remote https images only on request", async () => {
    const stored = await clean(
      '<img src="cid:a@x"><img src="cid:b@x"><img src="https://t.test/p.gif"><img src="http://t.test/q.gif">',
    );
    expect(await sanitizeEmailHtml(stored, { inline: { "a@x": "data:image/png;base64,AAAA" } })).toBe(
      '<img src="data:image/png;base64,AAAA" /><img data-blocked-src="https://t.test/p.gif" /><img data-blocked-src="http://t.test/q.gif" />',
    );
    expect(await sanitizeEmailHtml(stored, { inline: {}, remoteImages: true })).toBe(
      '<img src="https://t.test/p.gif" /><img data-blocked-src="http://t.test/q.gif" />',
    );
  });

  it("the fixture's script and handler are gone", async () => {
    const email = await parse("multipart-alternative.eml");
    const html = await clean(email.html ?? "");
    expect(html).not.toMatch(/script|onclick|steal/);
    expect(html).toContain("<b>9am</b>");
  });
});

describe("SES receiving's S3 notifications", () => {
  it("become one email envelope per object, keyed by the decoded object key; the setup test event is acknowledged", async () => {
    const { s3Envelopes } = await import("../../packages/functions/src/handlers/inbound");
    const body = JSON.stringify({
      Records: [
        {
          eventSource: "aws:s3",
          eventTime: "2026-12-03T10:00:00.000Z",
          s3: { object: { key: "inbound/email/abc+def%21" } },
        },
      ],
    });
    const [envelope] = (s3Envelopes(body) ?? []).map((e) => JSON.parse(e));
    expect(envelope).toMatchObject({
      provider: "email",
      id: "inbound/email/abc def!",
      receivedAt: "2026-12-03T10:00:00.000Z",
    });
    expect(JSON.parse(envelope.body)).toEqual({ key: "inbound/email/abc def!", source: "ses" });
    expect(s3Envelopes(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent" }))).toEqual([]);
    expect(s3Envelopes(JSON.stringify({ v: 1, provider: "billing" }))).toBeUndefined();
  });
});
