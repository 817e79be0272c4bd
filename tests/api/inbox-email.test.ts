import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import * as Email from "@dotmac/core/inbound/email";
import * as Inbox from "@dotmac/core/inbox";
import {
  inboxAttachmentTable,
  inboxChannelTable,
  inboxConversationTable,
  inboxMessageTable,
} from "@dotmac/core/inbox/inbox.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail, localEml } from "@dotmac/core/platform/mail";
import { and, eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmtpListener, startSmtpListener } from "../../packages/functions/src/local/smtp";
import { passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const ADDRESS = "support@isp.test";
const ADMIN = { email: "inbox-admin@example.com", password: "correct horse battery staple" };
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let token: string;
let channel: typeof inboxChannelTable.$inferSelect;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email", name));

async function drain() {
  const Inbound = await import("@dotmac/core/inbound");
  const outcomes: string[] = [];
  for (const m of await t.queue.receive(10)) {
    outcomes.push(await Inbound.consume(m));
    await t.queue.ack(m.id);
  }
  return outcomes;
}
const receive = async (raw: string | Buffer, recipients: string[] = [ADDRESS]) => {
  await Email.enqueueRaw(typeof raw === "string" ? Buffer.from(raw.replace(/\r?\n/g, "\r\n")) : raw, recipients);
  return drain();
};
const messageBy = async (externalId: string) =>
  (
    await useTransaction((tx) =>
      tx
        .select()
        .from(inboxMessageTable)
        .where(and(eq(inboxMessageTable.channelId, channel.id), eq(inboxMessageTable.externalId, externalId))),
    )
  )[0];
const mail = (h: Record<string, string>, body = "Hello") =>
  `${Object.entries({ From: "Ada Obi <ada@customer.test>", To: ADDRESS, Date: new Date().toUTCString(), ...h })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`;

/** What the outbox will do: store our reply, send it through the email provider, record the Message-ID. */
async function reply(conversationId: string, body: string, payload: Record<string, unknown> = {}) {
  const [row] = await useTransaction((tx) =>
    tx
      .insert(inboxMessageTable)
      .values({
        conversationId,
        channelId: channel.id,
        direction: "outbound",
        kind: "email",
        status: "sending",
        body,
        payload,
      })
      .returning(),
  );
  const message = row as typeof inboxMessageTable.$inferSelect;
  const sent = await Inbox.EmailProvider.emailProvider.send({
    messageId: message.id,
    channel: { ...channel, settings: channel.settings },
    to: "ada@customer.test",
    kind: "email",
    body,
    subject: null,
    payload,
  });
  await useTransaction((tx) =>
    tx
      .update(inboxMessageTable)
      .set({ externalId: sent.externalId, status: "sent", sentAt: new Date() })
      .where(eq(inboxMessageTable.id, message.id)),
  );
  return sent;
}

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  await Auth.createUser({ ...ADMIN, displayName: "Inbox admin", roles: ["admin"] });
  token = (await passwordSignIn(ADMIN)).accessToken;
  [channel] = (await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values({ kind: "email", name: "Support", externalAccountId: ADDRESS, settings: { displayName: "ISP Support" } })
      .returning(),
  )) as [typeof inboxChannelTable.$inferSelect];
});
afterAll(() => t.close());

describe("an email conversation, in and out", () => {
  let conversationId: string;
  let ours: string;

  it("a new email opens a conversation; a replay of the same message is one row", async () => {
    expect(await receive(fixture("multipart-alternative.eml"))).toEqual(["processed"]);
    expect(await receive(fixture("multipart-alternative.eml"))).toEqual(["processed"]);
    const rows = await useTransaction((tx) =>
      tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.externalId, "CAF1alt001@mail.customer.test")),
    );
    expect(rows).toHaveLength(1);
    const first = rows[0] as typeof inboxMessageTable.$inferSelect;
    expect(first).toMatchObject({ kind: "email", threadMatch: "new", subject: "Internet down since 9am" });
    expect(first.payload.html).not.toMatch(/script|onclick/);
    conversationId = first.conversationId;
  });

  it("our reply is raw MIME with our Message-ID, the thread's headers and a signed reply token", async () => {
    ours = (await reply(conversationId, "We are looking into it.")).externalId;
    expect(ours).toMatch(/^msg_[0-9a-f-]+@isp\.test$/);
    const [sent] = (await listLocalMail()).slice(-1);
    const raw = (await localEml((sent?.eml ?? "").replace(/\.eml$/, "")))?.toString() ?? "";
    expect(raw).toContain(`Message-ID: <${ours}>`);
    expect(raw).toContain("In-Reply-To: <CAF1alt001@mail.customer.test>");
    expect(raw).toMatch(/Reply-To: support\+c[a-z2-7]{42}@isp\.test/);
    expect(raw).toContain("Subject: Re: Internet down since 9am");
    expect(raw).not.toContain("Auto-Submitted");
  });

  it("the customer's reply lands in the same conversation by In-Reply-To", async () => {
    await receive(
      mail({ Subject: "Re: something else", "Message-ID": "<r1@customer.test>", "In-Reply-To": `<${ours}>` }),
    );
    expect(await messageBy("r1@customer.test")).toMatchObject({ conversationId, threadMatch: "in_reply_to" });
  });

  it("a client that dropped the headers threads by the reply token in the envelope", async () => {
    const replyTo = `support+c${await Inbox.ReplyToken.issue(conversationId)}@isp.test`;
    await receive(mail({ Subject: "different", "Message-ID": "<r2@customer.test>", From: "Bo <bo@other.test>" }), [
      replyTo,
    ]);
    expect(await messageBy("r2@customer.test")).toMatchObject({ conversationId, threadMatch: "reply_token" });
  });

  it("a forged token is ignored", async () => {
    const forged = `support+c${"a".repeat(42)}@isp.test`;
    await receive(mail({ Subject: "hi", "Message-ID": "<r3@customer.test>", From: "eve@other.test" }), [forged]);
    const message = await messageBy("r3@customer.test");
    expect(message?.threadMatch).toBe("new");
    expect(message?.conversationId).not.toBe(conversationId);
  });

  it("only the subject: same sender, normalised subject, within a week", async () => {
    await receive(fixture("subject-only-reply.eml"));
    expect(await messageBy("mobile-008@customer.test")).toMatchObject({ conversationId, threadMatch: "subject" });
  });

  it("an auto-reply is stored as automatic and nothing answers it", async () => {
    const before = (await listLocalMail()).length;
    await receive(
      mail({
        Subject: "Automatic reply",
        "Message-ID": "<ooo@customer.test>",
        "In-Reply-To": `<${ours}>`,
        "Auto-Submitted": "auto-replied",
      }),
    );
    const message = await messageBy("ooo@customer.test");
    expect(message).toMatchObject({ conversationId, threadMatch: "in_reply_to" });
    expect(message?.payload).toMatchObject({ class: "auto_reply", automatic: true });
    expect((await listLocalMail()).length).toBe(before);
    const outbound = await useTransaction((tx) =>
      tx
        .select()
        .from(inboxMessageTable)
        .where(and(eq(inboxMessageTable.conversationId, conversationId), eq(inboxMessageTable.direction, "outbound"))),
    );
    expect(outbound).toHaveLength(1);
  });

  it("our own automatic mail carries the headers that stop robots answering", async () => {
    await reply(conversationId, "We got your message.", { automatic: true });
    const [sent] = (await listLocalMail()).slice(-1);
    const raw = (await localEml((sent?.eml ?? "").replace(/\.eml$/, "")))?.toString() ?? "";
    expect(raw).toContain("Auto-Submitted: auto-replied");
    expect(raw).toContain("X-Auto-Response-Suppress: All");
  });

  it("a DSN marks our message failed with the status and opens no conversation", async () => {
    const before = await useTransaction((tx) => tx.select().from(inboxConversationTable));
    const dsn = fixture("dsn.eml").toString().replace("msg_out-3@mail.isp.test", ours);
    expect(await receive(Buffer.from(dsn))).toEqual(["processed"]);
    expect(await messageBy(ours)).toMatchObject({ status: "failed", errorCode: "5.1.1" });
    expect((await messageBy(ours))?.errorDetail).toContain("User unknown");
    expect(await useTransaction((tx) => tx.select().from(inboxConversationTable))).toHaveLength(before.length);
    expect(await messageBy("dsn-010@mx.isp.test")).toBeUndefined();
  });

  it("mail for an address we do not serve is a dead letter saying what to connect", async () => {
    expect(await receive(mail({ To: "sales@isp.test", "Message-ID": "<x@y>" }), ["sales@isp.test"])).toEqual(["dead"]);
  });
});

describe("attachments and the HTML route", () => {
  it("a real PDF is stored; an HTML page named invoice.pdf is rejected", async () => {
    await receive(fixture("attachments.eml"));
    const message = await messageBy("att-013@customer.test");
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(inboxAttachmentTable)
        .where(eq(inboxAttachmentTable.messageId, message?.id as string)),
    );
    expect(rows.map((r) => [r.filename, r.state, r.detectedType])).toEqual([
      ["bill.pdf", "stored", "application/pdf"],
      ["invoice.pdf", "rejected", null],
    ]);
    expect(rows[1]?.error).toContain("could not be identified");
    expect(rows[1]?.blobKey).toBeNull();
  });

  it("serves sanitised HTML with inline images embedded, its own CSP and sandbox, remote images only on request", async () => {
    await receive(fixture("inline-image.eml"));
    const message = await messageBy("CAF1rel002@mail.customer.test");
    const url = `/api/v1/inbox/messages/${message?.id}/html`;
    const res = await api.request(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src data:;");
    expect(csp).toContain("sandbox");
    expect(csp).not.toContain("script-src");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const html = await res.text();
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).toContain('data-blocked-src="https://tracker.example/pixel.gif"');
    const withImages = await api.request(`${url}?images=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(withImages.headers.get("content-security-policy")).toContain("img-src data: https:");
    expect(await withImages.text()).toContain('src="https://tracker.example/pixel.gif"');
    expect((await api.request(url)).status).toBe(401);
    const missing = await api.request("/api/v1/inbox/messages/00000000-0000-7000-8000-000000000000/html", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
  });
});

describe("the local SMTP listener", () => {
  let smtp: SmtpListener;
  beforeAll(async () => {
    smtp = await startSmtpListener({ port: 0, log: () => {} });
  });
  afterAll(() => smtp.close());
  const transport = () => createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });

  it("accepts mail for our channel and it becomes a conversation", async () => {
    const raw = mail({ Subject: "Via SMTP", "Message-ID": "<smtp-1@customer.test>", From: "kemi@customer.test" });
    await transport().sendMail({ envelope: { from: "kemi@customer.test", to: [ADDRESS] }, raw });
    await withActor({ type: "system", properties: { job: "test" } }, drain);
    expect(await messageBy("smtp-1@customer.test")).toMatchObject({ subject: "Via SMTP", threadMatch: "new" });
  });

  it("refuses recipients that are not our inbox addresses", async () => {
    const raw = mail({ Subject: "x", "Message-ID": "<smtp-2@customer.test>" });
    await expect(
      transport().sendMail({ envelope: { from: "a@customer.test", to: ["someone@elsewhere.test"] }, raw }),
    ).rejects.toThrow(/550/);
  });
});
