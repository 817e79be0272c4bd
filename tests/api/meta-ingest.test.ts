import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as Inbound from "@dotmac/core/inbound";
import * as Inbox from "@dotmac/core/inbox";
import {
  inboxAttachmentTable,
  inboxChannelTable,
  inboxConversationTable,
  inboxMessageTable,
  inboxReceiptTable,
} from "@dotmac/core/inbox/inbox.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { deadLetterTable, queueMessageTable } from "@dotmac/core/platform/platform.sql";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const WA_SECRET = "wa-app-secret";
const META_SECRET = "meta-app-secret";
const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/meta", name), "utf8"));
const sign = (secret: string, body: string | Buffer) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
// A 1×1 PNG: what the media host serves, and what the magic-byte check must recognise.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let media: Server;
let graph = "";
let waChannel = "";
beforeAll(async () => {
  media = createServer((req, res) => {
    if (req.headers.authorization !== "Bearer wa-token") return void res.writeHead(401).end();
    if (req.url === "/v21.0/1013859600285441") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ url: `${graph}/files/1`, file_size: PNG.length, id: "1013859600285441" }));
    }
    if (req.url === "/files/1") return void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    res.writeHead(404).end();
  });
  await new Promise<void>((ready) => media.listen(0, "127.0.0.1", ready));
  graph = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  process.env.META_TEST_WA_TOKEN = "wa-token";
  t = await setupTestDatabase({
    META_WHATSAPP_APP_SECRETS: `old-secret ${WA_SECRET}`,
    META_APP_SECRETS: META_SECRET,
    META_WHATSAPP_VERIFY_TOKEN: "wa-verify",
    META_VERIFY_TOKEN: "meta-verify",
    GRAPH_BASE_URL: graph,
  });
  api = testApp();
  const [wa] = await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values([
        {
          kind: "whatsapp",
          name: "Support WhatsApp",
          externalAccountId: "106540352242922",
          accessTokenSecret: "META_TEST_WA_TOKEN",
        },
        { kind: "messenger", name: "Demo ISP page", externalAccountId: "104455667788990" },
      ])
      .returning(),
  );
  waChannel = wa?.id ?? "";
});
afterAll(async () => {
  await t.close();
  await new Promise((done) => media.close(done));
});
beforeEach(() => {
  setConfig(t.env);
});

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  api.request(path, {
    method: "POST",
    body: typeof body === "string" ? body : new Uint8Array(body),
    headers: { "content-type": "application/json", ...headers },
  });
const deliver = (path: "/webhooks/whatsapp" | "/webhooks/meta", payload: unknown) => {
  const body = JSON.stringify(payload);
  return post(path, body, { "x-hub-signature-256": sign(path.endsWith("whatsapp") ? WA_SECRET : META_SECRET, body) });
};
const rows = <T>(q: (tx: Parameters<Parameters<typeof useTransaction>[0]>[0]) => Promise<T>) => useTransaction(q);
const queued = () => rows((tx) => tx.select().from(queueMessageTable));

/** What the poller does: receive, consume, ack or fail. */
async function drain() {
  for (;;) {
    const batch = await t.queue.receive(10);
    if (batch.length === 0) return;
    for (const m of batch) {
      try {
        await Inbound.consume(m);
        await t.queue.ack(m.id);
      } catch (error) {
        await t.queue.fail(m, (error as Error).message);
      }
    }
  }
}
const conversation = async (id: string) =>
  (await rows((tx) => tx.select().from(inboxConversationTable).where(eq(inboxConversationTable.id, id))))[0];
const message = async (externalId: string) =>
  (await rows((tx) => tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.externalId, externalId))))[0];

describe("GET verification", () => {
  it("echoes the challenge as text/plain for the right token, refuses anything else with 403", async () => {
    const ok = await api.request("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=4242");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe("4242");
    const meta = await api.request("/webhooks/meta?hub.mode=subscribe&hub.verify_token=meta-verify&hub.challenge=x1");
    expect(await meta.text()).toBe("x1");
    // Each Meta app has its own token.
    expect(
      (await api.request("/webhooks/meta?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1")).status,
    ).toBe(403);
    expect(
      (await api.request("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=%3Cb%3E"))
        .status,
    ).toBe(403);
    const { META_WHATSAPP_VERIFY_TOKEN: _, ...rest } = t.env;
    setConfig(rest);
    expect(
      (await api.request("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1")).status,
    ).toBe(403);
  });
});

describe("POST fails closed on each route: 401 and nothing queued", () => {
  for (const [path, secret, name] of [
    ["/webhooks/whatsapp", WA_SECRET, "META_WHATSAPP_APP_SECRETS"],
    ["/webhooks/meta", META_SECRET, "META_APP_SECRETS"],
  ] as const) {
    it(path, async () => {
      await useTransaction((tx) => tx.execute(sql`truncate queue_message`));
      const body = JSON.stringify(fixture(path.endsWith("whatsapp") ? "wa-text.json" : "messenger-text.json"));
      const good = sign(secret, body);
      const tampered = Buffer.from(body);
      tampered[20] = (tampered[20] ?? 0) ^ 1;
      const cases: [string | Buffer, Record<string, string>][] = [
        [body, {}],
        [body, { "x-hub-signature-256": good.replace("sha256=", "sha1=") }],
        [body, { "x-hub-signature-256": sign("wrong", body) }],
        [tampered, { "x-hub-signature-256": good }],
      ];
      for (const [b, headers] of cases) {
        const res = await post(path, b, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
      }
      const { [name]: _, ...rest } = t.env;
      setConfig(rest);
      const none = await post(path, body, { "x-hub-signature-256": good });
      expect(none.status).toBe(401);
      expect((await none.json()).detail).toMatch(/no app secret/);
      expect(await queued()).toHaveLength(0);
      setConfig(t.env);
      // Meta escapes non-ASCII; the signature is over those bytes. And the cap is Meta's, not 1 MiB.
      const emoji = body
        .replace("My internet", "\\ud83d\\ude2d My internet")
        .replace("Is there", "\\ud83d\\ude2d Is there");
      expect((await post(path, emoji, { "x-hub-signature-256": sign(secret, emoji) })).status).toBe(200);
      const big = JSON.stringify({ ...JSON.parse(body), padding: "x".repeat(1536 * 1024) });
      expect((await post(path, big, { "x-hub-signature-256": sign(secret, big) })).status).toBe(200);
      expect(await queued()).toHaveLength(2);
      await useTransaction((tx) => tx.execute(sql`truncate queue_message`));
    });
  }
});

describe("ingest through the queue", () => {
  it("replays ×3 in shuffled order and a crash before commit store each message once; a person is created once", async () => {
    const batch = fixture("wa-text.json");
    const value = batch.entry[0].changes[0].value;
    value.messages.push({ ...value.messages[0], id: "wamid.TXT-B", text: { body: "Hello?" } });
    const single = fixture("wa-text-reply.json");
    const payloads = [batch, single, batch, single, batch, single].sort(() => Math.random() - 0.5);
    // A different batch carrying a message already seen: caught by the message key, not the envelope.
    payloads.push({ ...single, entry: [...single.entry, ...batch.entry] });
    for (const p of payloads) expect((await deliver("/webhooks/whatsapp", p)).status).toBe(200);

    // Crash: the first delivery is applied inside a transaction that fails before commit.
    const [first] = await t.queue.receive(1);
    if (!first) throw new Error("nothing queued");
    await expect(
      createTransaction(async () => {
        await Inbound.consume(first);
        throw new Error("crash between receive and commit");
      }),
    ).rejects.toThrow("crash");
    expect(await rows((tx) => tx.select().from(inboxMessageTable))).toHaveLength(0);
    await Inbound.consume(first);
    await t.queue.ack(first.id);
    await drain();

    const messages = await rows((tx) =>
      tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.channelId, waChannel)),
    );
    expect(messages.map((m) => m.externalId).sort()).toEqual(
      [value.messages[0].id, "wamid.TXT-B", single.entry[0].changes[0].value.messages[0].id].sort(),
    );
    const people = await rows((tx) => tx.select().from(personTable).where(eq(personTable.displayName, "Ada Obi")));
    expect(people).toHaveLength(1);
    const [conversation] = await rows((tx) =>
      tx.select().from(inboxConversationTable).where(eq(inboxConversationTable.channelId, waChannel)),
    );
    expect(conversation).toMatchObject({ unreadCount: 3, personId: people[0]?.id });
    expect(conversation?.windowExpiresAt).toEqual(new Date((1764754801 + 24 * 3600) * 1000));
  });

  it("statuses out of order never move back; failed after delivered changes nothing; a receipt for an unknown message waits", async () => {
    const [conversation] = await rows((tx) =>
      tx.select().from(inboxConversationTable).where(eq(inboxConversationTable.channelId, waChannel)),
    );
    if (!conversation) throw new Error("no conversation");
    await useTransaction((tx) =>
      tx.insert(inboxMessageTable).values({
        conversationId: conversation.id,
        channelId: waChannel,
        direction: "outbound",
        kind: "text",
        status: "sending",
        externalId: "wamid.OUT7",
        body: "We restarted your port",
      }),
    );
    const status = (name: string, patch: Record<string, unknown> = {}) => {
      const p = fixture(name);
      Object.assign(p.entry[0].changes[0].value.statuses[0], patch);
      return p;
    };
    for (const p of [
      status("wa-status-read.json"),
      status("wa-status-sent.json"),
      status("wa-status-delivered.json"),
    ]) {
      await deliver("/webhooks/whatsapp", p);
    }
    await deliver("/webhooks/whatsapp", status("wa-status-failed.json", { id: "wamid.OUT7", timestamp: "1764755500" }));
    await deliver("/webhooks/whatsapp", status("wa-status-failed.json"));
    await drain();
    const out7 = await message("wamid.OUT7");
    expect(out7).toMatchObject({ status: "read", errorCode: null });
    expect(out7?.readAt).toEqual(new Date(1764755320_000));
    const waiting = await rows((tx) =>
      tx.select().from(inboxReceiptTable).where(eq(inboxReceiptTable.externalId, "wamid.OUT9")),
    );
    expect(waiting).toMatchObject([{ status: "failed", appliedAt: null, error: { code: "131047" } }]);
  });

  it("Messenger: an echo of our send is one row and applies the receipt that came first; another echo is recorded once as sent", async () => {
    await deliver("/webhooks/meta", fixture("messenger-text.json"));
    await drain();
    const inbound = await message("m_AbCdEf123");
    if (!inbound) throw new Error("not received");
    const delivery = fixture("messenger-delivery.json");
    delivery.entry[0].messaging[0].delivery.mids = ["m_OURS"];
    await deliver("/webhooks/meta", delivery);
    await drain();
    // Our send, committed before Meta answered with its mid.
    const [ours] = await rows((tx) =>
      tx
        .insert(inboxMessageTable)
        .values({
          conversationId: inbound.conversationId,
          channelId: inbound.channelId,
          direction: "outbound",
          kind: "text",
          status: "sending",
          body: "We are checking your line now.",
        })
        .returning(),
    );
    const echo = fixture("messenger-echo.json");
    Object.assign(echo.entry[0].messaging[0].message, { mid: "m_OURS", metadata: ours?.id });
    const other = fixture("messenger-echo.json");
    for (const p of [echo, other, echo, other]) await deliver("/webhooks/meta", p);
    await drain();
    expect(await message("m_OURS")).toMatchObject({ id: ours?.id, status: "delivered" });
    const fromSuite = await rows((tx) =>
      tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.externalId, "m_AbCdEf200")),
    );
    expect(fromSuite).toMatchObject([
      { direction: "outbound", status: "sent", conversationId: inbound.conversationId },
    ]);
    // A read watermark reaches everything we sent up to it.
    await deliver("/webhooks/meta", fixture("messenger-read.json"));
    await drain();
    expect(await message("m_AbCdEf200")).toMatchObject({ status: "read" });
  });

  it("a delivery for a channel nobody connected is dead-lettered with the reason, and Meta still gets 200", async () => {
    const p = fixture("wa-text.json");
    p.entry[0].changes[0].value.metadata.phone_number_id = "999000999";
    expect((await deliver("/webhooks/whatsapp", p)).status).toBe(200);
    await drain();
    const dead = await rows((tx) => tx.select().from(deadLetterTable));
    expect(dead.map((d) => d.reason).join("\n")).toMatch(/No whatsapp channel is connected for account 999000999/);
  });

  it("a reaction annotates the message it reacts to (newest wins, any order, no unread); an Instagram unsend blanks the original once", async () => {
    const text = fixture("wa-text.json");
    text.entry[0].changes[0].value.messages[0].id = "wamid.REACT-TARGET";
    await deliver("/webhooks/whatsapp", text);
    await drain();
    const target = await message("wamid.REACT-TARGET");
    const unreadBefore = (await conversation(target?.conversationId as string))?.unreadCount;
    const reaction = (id: string, emoji: string, seconds: number) => {
      const p = fixture("wa-reaction.json");
      const m = p.entry[0].changes[0].value.messages[0];
      Object.assign(m, { id, timestamp: String(seconds) });
      Object.assign(m.reaction, { message_id: "wamid.REACT-TARGET", emoji });
      return p;
    };
    // The removal (newer) arrives before the thumbs-up (older), and each is delivered twice.
    for (const p of [reaction("wamid.RCT-B", "", 1764755100), reaction("wamid.RCT-A", "👍", 1764755050)]) {
      await deliver("/webhooks/whatsapp", p);
      await deliver("/webhooks/whatsapp", p);
    }
    await drain();
    expect((await message("wamid.REACT-TARGET"))?.payload.reactions).toEqual({
      customer: { emoji: null, at: new Date(1764755100_000).toISOString() },
    });
    expect(await message("wamid.RCT-A")).toMatchObject({ kind: "reaction", conversationId: target?.conversationId });
    expect((await conversation(target?.conversationId as string))?.unreadCount).toBe(unreadBefore);
    const thread = await withActor({ type: "system", properties: { job: "test" } }, () =>
      Inbox.Thread.messages({ id: target?.conversationId as string }),
    );
    expect(thread.items.map((i) => i.kind)).not.toContain("reaction");

    await rows((tx) =>
      tx
        .insert(inboxChannelTable)
        .values({ kind: "instagram", name: "Demo ISP Instagram", externalAccountId: "17841400000000001" }),
    );
    await deliver("/webhooks/meta", fixture("instagram-text.json"));
    await drain();
    expect((await message("aWdfZAG1fIG1"))?.body).toBeTruthy();
    for (let i = 0; i < 2; i++) await deliver("/webhooks/meta", fixture("instagram-deleted.json"));
    await drain();
    const unsent = await rows((tx) =>
      tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.externalId, "aWdfZAG1fIG1")),
    );
    expect(unsent).toHaveLength(1);
    expect(unsent[0]).toMatchObject({ body: null, payload: { unsent: { at: expect.any(String) } } });
  });

  it("a batch for a connected and an unconnected number keeps the first; a replay once connected adds only the second", async () => {
    const p = fixture("wa-text.json");
    const known = p.entry[0].changes[0];
    known.value.messages[0].id = "wamid.MIXED-KNOWN";
    const unknown = structuredClone(known);
    unknown.value.metadata.phone_number_id = "555000555";
    unknown.value.messages[0].id = "wamid.MIXED-UNKNOWN";
    p.entry.push({ id: "102290129340399", changes: [unknown] });
    expect((await deliver("/webhooks/whatsapp", p)).status).toBe(200);
    await drain();
    expect(await message("wamid.MIXED-KNOWN")).toMatchObject({ direction: "inbound" });
    expect(await message("wamid.MIXED-UNKNOWN")).toBeUndefined();
    const [dead] = await rows((tx) =>
      tx.select().from(deadLetterTable).where(sql`${deadLetterTable.reason} like '%555000555%'`),
    );
    expect(dead?.reason).toMatch(/^1 item left out: No whatsapp channel is connected for account 555000555/);

    await rows((tx) =>
      tx.insert(inboxChannelTable).values({ kind: "whatsapp", name: "Second number", externalAccountId: "555000555" }),
    );
    expect(await Inbound.replayDeadLetters({ ids: [dead?.id as string] })).toBe(1);
    await drain();
    expect(await message("wamid.MIXED-UNKNOWN")).toMatchObject({ direction: "inbound" });
    const copies = await rows((tx) =>
      tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.externalId, "wamid.MIXED-KNOWN")),
    );
    expect(copies).toHaveLength(1);
  });

  it("media: a WhatsApp image is fetched through the Graph two-step and stored; a host off the allowlist is rejected", async () => {
    const image = fixture("wa-image.json");
    image.entry[0].changes[0].value.messages[0].image.sha256 = createHash("sha256").update(PNG).digest("base64");
    await deliver("/webhooks/whatsapp", image);
    const evil = fixture("messenger-image.json");
    evil.entry[0].messaging[0].message.attachments[0].payload.url = "https://evil.example/x.png";
    await deliver("/webhooks/meta", evil);
    await drain();
    const attachments = await rows((tx) =>
      tx
        .select({ a: inboxAttachmentTable, externalId: inboxMessageTable.externalId })
        .from(inboxAttachmentTable)
        .innerJoin(inboxMessageTable, eq(inboxMessageTable.id, inboxAttachmentTable.messageId)),
    );
    const byId = Object.fromEntries(attachments.map((r) => [r.externalId, r.a]));
    expect(byId["wamid.IMG1"]).toMatchObject({ state: "stored", detectedType: "image/png", size: PNG.length });
    expect(byId["wamid.IMG1"]?.blobKey).toMatch(/^inbox\/media\/.+\/0$/);
    expect(byId.m_AbCdEf124).toMatchObject({
      state: "rejected",
      error: expect.stringMatching(/evil\.example is not on the media host allowlist/),
    });
  });
});
