import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { useLocalBlobStore } from "@dotmac/core/platform/blob";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail, localEml } from "@dotmac/core/platform/mail";
import { teamTable } from "@dotmac/core/team/team.sql";
import { blobRoutes } from "@dotmac/functions/local/blob-routes";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { graphErrors, startGraphEmulator } from "../support/graph-emulator";

const H = 3600_000;
let t: TestDatabase;
let graph: Awaited<ReturnType<typeof startGraphEmulator>>;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let ada: Record<string, string>;
let whatsappId: string;
let messengerId: string;
let messengerNoTagId: string;
let n = 0;
const system = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "test" } }, fn);

beforeAll(async () => {
  graph = await startGraphEmulator();
  process.env.TEST_GRAPH_TOKEN = "emulator-token";
  t = await setupTestDatabase({ GRAPH_BASE_URL: graph.url, INBOX_SEND_MAX_ATTEMPTS: "3" });
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const password = "correct horse battery staple";
  await Auth.createUser({ email: "ada@example.com", password, displayName: "Ada", roles: ["support"] });
  ada = {
    authorization: `Bearer ${(await passwordSignIn({ email: "ada@example.com", password })).accessToken}`,
    "content-type": "application/json",
  };
  const channels = await useTransaction((tx) =>
    tx
      .insert(inboxChannelTable)
      .values([
        {
          kind: "whatsapp",
          name: "Support line",
          externalAccountId: "106540352242922",
          businessAccountId: "WABA1",
          accessTokenSecret: "TEST_GRAPH_TOKEN",
        },
        {
          kind: "messenger",
          name: "Page",
          externalAccountId: "104455667788990",
          accessTokenSecret: "TEST_GRAPH_TOKEN",
          settings: { humanAgentTag: true },
        },
        {
          kind: "messenger",
          name: "Other page",
          externalAccountId: "204455667788990",
          accessTokenSecret: "TEST_GRAPH_TOKEN",
        },
      ])
      .returning(),
  );
  [whatsappId, messengerId, messengerNoTagId] = channels.map((c) => c.id) as [string, string, string];
});
afterAll(async () => {
  await t.close();
  await graph.close();
});

/** A customer's message through the real receive path; the window is what Meta's timestamp opens. */
async function conversationOn(channelId: string, hoursAgo = 0) {
  const at = new Date(Date.now() - hoursAgo * H);
  const whatsapp = channelId === whatsappId;
  const from = whatsapp ? `23480${String(5_000_000 + ++n).padStart(8, "0")}` : `69345${String(++n).padStart(11, "0")}`;
  const result = await system(() =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: from, name: "Ada Obi" },
      externalId: `in-${++n}`,
      kind: "text",
      body: "My internet is down",
      providerAt: at,
      windowExpiresAt: new Date(at.getTime() + 24 * H),
    }),
  );
  if (result.outcome !== "inserted") throw new Error("not inserted");
  return { id: result.conversationId, to: from };
}

const post = (path: string, body: unknown, headers = ada) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
const reply = (conversationId: string, body: Record<string, unknown>, headers = ada) =>
  post(`/api/v1/inbox/conversations/${conversationId}/messages`, { idempotencyKey: `k-${++n}`, ...body }, headers);
const message = async (id: string) =>
  (await useTransaction((tx) => tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.id, id))))[0];
const conversation = async (id: string) =>
  (await useTransaction((tx) => tx.select().from(inboxConversationTable).where(eq(inboxConversationTable.id, id))))[0];
const receipt = (channelId: string, externalId: string, status: "sent" | "delivered" | "read") =>
  system(() => Inbox.Receive.receipt({ channelId, externalId, status, at: new Date() }));

describe("replying on WhatsApp", () => {
  it("a double submit is one message; it is sending with Meta's id until the sent receipt says sent", async () => {
    const c = await conversationOn(whatsappId);
    const body = { body: "We restarted your port", idempotencyKey: `double-${++n}` };
    const first = await post(`/api/v1/inbox/conversations/${c.id}/messages`, body);
    expect(first.status).toBe(201);
    const again = await post(`/api/v1/inbox/conversations/${c.id}/messages`, body);
    expect(again.status).toBe(200);
    const created = await first.json();
    expect((await again.json()).id).toBe(created.id);
    expect(created).toMatchObject({ direction: "outbound", kind: "text", status: "queued", conversationId: c.id });
    expect(graph.sent.filter((s) => s.to === c.to)).toHaveLength(1);

    const accepted = await message(created.id);
    const wire = graph.sent.find((s) => s.to === c.to);
    expect(accepted).toMatchObject({ status: "sending", externalId: wire?.id, attempts: 1, sentAt: null });
    expect(wire?.opaque).toBe(created.id);
    expect(wire?.token).toBe("emulator-token");

    await receipt(whatsappId, wire?.id as string, "sent");
    expect(await message(created.id)).toMatchObject({ status: "sent", sentAt: expect.any(Date) });
    await receipt(whatsappId, wire?.id as string, "read");
    expect((await message(created.id))?.status).toBe("read");
  });

  it("retries a rate limit and server errors with growing backoff, then sends", async () => {
    const c = await conversationOn(whatsappId);
    graph.script(c.to, graphErrors.rateLimited, graphErrors.serverError);
    const created = await (await reply(c.id, { body: "Checking the OLT now" })).json();
    const first = await message(created.id);
    expect(first).toMatchObject({ status: "queued", attempts: 1, errorCode: "rate_limited", externalId: null });
    const firstWait = (first?.nextAttemptAt?.getTime() ?? 0) - (first?.sendingStartedAt?.getTime() ?? Date.now());

    // Not due yet: nothing is attempted.
    const early = new Date((first?.nextAttemptAt?.getTime() ?? 0) - 1000);
    expect((await system(() => Inbox.Send.attempt(created.id, { now: early }))).outcome).toBe("skipped");

    const due1 = new Date((first?.nextAttemptAt?.getTime() ?? 0) + 1);
    expect(await system(() => Inbox.Send.attempt(created.id, { now: due1, random: 0 }))).toMatchObject({
      outcome: "retry",
      code: "131000",
    });
    const second = await message(created.id);
    expect(second?.attempts).toBe(2);
    expect((second?.nextAttemptAt?.getTime() ?? 0) - due1.getTime()).toBe(10_000);
    expect(firstWait).toBeGreaterThanOrEqual(5_000);

    const due2 = new Date((second?.nextAttemptAt?.getTime() ?? 0) + 1);
    expect(await system(() => Inbox.Send.due({ now: due2 }))).toMatchObject({ accepted: 1 });
    expect(await message(created.id)).toMatchObject({ status: "sending", attempts: 3, errorCode: null });
  });

  it("131047 fails the message as needing a template and closes the window; free text is then refused", async () => {
    const c = await conversationOn(whatsappId);
    graph.script(c.to, graphErrors.reengagement);
    const created = await (await reply(c.id, { body: "Are you still there?" })).json();
    expect(await message(created.id)).toMatchObject({ status: "failed", errorCode: "template_required" });
    expect((await conversation(c.id))?.windowExpiresAt?.getTime()).toBeLessThanOrEqual(Date.now());

    const refused = await reply(c.id, { body: "Hello?" });
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await refused.json())).toContain("template");
  });

  it("gives up after the attempt budget; the retry button sends it again", async () => {
    const c = await conversationOn(whatsappId);
    graph.script(c.to, graphErrors.unavailable, graphErrors.unavailable, graphErrors.unavailable);
    const created = await (await reply(c.id, { body: "Your ticket is open" })).json();
    for (let i = 0; i < 2; i++) {
      const row = await message(created.id);
      await system(() => Inbox.Send.attempt(created.id, { now: new Date((row?.nextAttemptAt?.getTime() ?? 0) + 1) }));
    }
    const failed = await message(created.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3, errorCode: "2", failedAt: expect.any(Date) });
    expect(failed?.errorDetail).toContain("Gave up after 3 attempts");

    const retried = await post(`/api/v1/inbox/messages/${created.id}/retry`, {});
    expect(retried.status).toBe(200);
    const wire = graph.sent.find((s) => s.to === c.to);
    expect(await message(created.id)).toMatchObject({ status: "sending", externalId: wire?.id, attempts: 1 });
    await receipt(whatsappId, wire?.id as string, "sent");
    expect((await message(created.id))?.status).toBe("sent");
  });

  it("a send cut off after the claim is never re-sent by itself: it fails as delivery_unknown and the agent decides", async () => {
    const c = await conversationOn(whatsappId);
    // What a crash between the claim and recording Meta's answer leaves: `sending`, no provider id.
    const [lost] = await useTransaction((tx) =>
      tx
        .insert(inboxMessageTable)
        .values({
          conversationId: c.id,
          channelId: whatsappId,
          direction: "outbound",
          kind: "text",
          status: "sending",
          body: "We are on our way",
          attempts: 1,
          sendingStartedAt: new Date(Date.now() - 3600_000),
        })
        .returning(),
    );
    await system(() => Inbox.Send.due({ now: new Date() }));
    await system(() => Inbox.Send.due({ now: new Date() }));
    expect(await message(lost?.id as string)).toMatchObject({ status: "failed", errorCode: "delivery_unknown" });
    expect((await message(lost?.id as string))?.errorDetail).toMatch(/may have this message/);
    expect(graph.sent.filter((s) => s.to === c.to)).toHaveLength(0);
    // The agent checked: the retry button sends it, once.
    expect((await post(`/api/v1/inbox/messages/${lost?.id}/retry`, {})).status).toBe(200);
    expect(graph.sent.filter((s) => s.to === c.to)).toHaveLength(1);
  });

  it("sends an approved template with its variables outside the window; a wrong count is a 400", async () => {
    graph.setTemplates([
      {
        name: "outage_update",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Outage in {{1}} until {{2}}." }],
      },
      { name: "promo", language: "en_US", status: "REJECTED", category: "MARKETING", components: [] },
    ]);
    const synced = await post(`/api/v1/inbox/channels/${whatsappId}/templates/sync`, {}, admin);
    expect(synced.status).toBe(200);
    expect(await synced.json()).toMatchObject({ synced: 2, created: 2, changed: 0, removed: 0 });
    // Again with one status changed by Meta: the summary counts it, nothing is new.
    graph.setTemplates([
      {
        name: "outage_update",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Outage in {{1}} until {{2}}." }],
      },
      { name: "promo", language: "en_US", status: "PENDING", category: "MARKETING", components: [] },
    ]);
    const again = await post(`/api/v1/inbox/channels/${whatsappId}/templates/sync`, {}, admin);
    expect(await again.json()).toMatchObject({ synced: 2, created: 0, changed: 1, removed: 0 });
    graph.setTemplates([
      {
        name: "outage_update",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Outage in {{1}} until {{2}}." }],
      },
      { name: "promo", language: "en_US", status: "REJECTED", category: "MARKETING", components: [] },
    ]);
    expect((await post(`/api/v1/inbox/channels/${whatsappId}/templates/sync`, {}, admin)).status).toBe(200);
    expect((await post(`/api/v1/inbox/channels/${whatsappId}/templates/sync`, {})).status).toBe(403);
    const list = await (await api.request(`/api/v1/inbox/channels/${whatsappId}/templates`, { headers: ada })).json();
    expect(list.items[0]).toMatchObject({
      name: "outage_update",
      status: "APPROVED",
      bodyVariables: 2,
      headerFormat: null,
    });

    const c = await conversationOn(whatsappId, 30);
    expect((await reply(c.id, { body: "Hi" })).status).toBe(409);
    const template = { name: "outage_update", language: "en_US", variables: ["Lekki Phase 1", "4pm"] };
    expect((await reply(c.id, { template: { ...template, variables: ["Lekki"] } })).status).toBe(400);
    expect((await reply(c.id, { template: { ...template, name: "promo", variables: [] } })).status).toBe(400);
    const sent = await reply(c.id, { template });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ kind: "template", body: "Outage in Lekki Phase 1 until 4pm." });
    const wire = graph.sent.find((s) => s.to === c.to);
    expect(wire?.body).toMatchObject({
      type: "template",
      template: {
        name: "outage_update",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Lekki Phase 1" },
              { type: "text", text: "4pm" },
            ],
          },
        ],
      },
    });
    expect(graph.rejected).toEqual([]);
  });

  it("a template with an image header: the agent uploads the image through an inbox slot, then sends it", async () => {
    graph.setTemplates([
      {
        name: "router_swap",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [
          { type: "HEADER", format: "IMAGE" },
          { type: "BODY", text: "Your new router arrives on {{1}}." },
        ],
      },
    ]);
    const swapped = await post(`/api/v1/inbox/channels/${whatsappId}/templates/sync`, {}, admin);
    expect(await swapped.json()).toMatchObject({ synced: 1, created: 1, changed: 0, removed: 2 });
    const PNG = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const refused = await post("/api/v1/inbox/uploads/slots", {
      filename: "x.html",
      contentType: "text/html",
      size: 10,
    });
    expect(refused.status).toBe(400);
    const slotRes = await post("/api/v1/inbox/uploads/slots", {
      filename: "router.png",
      contentType: "image/png",
      size: PNG.length,
    });
    expect(slotRes.status).toBe(201);
    const slot = await slotRes.json();
    const state = (headers = ada) => api.request(`/api/v1/inbox/uploads/${slot.uploadId}`, { headers });
    expect(await (await state()).json()).toMatchObject({ status: "pending" });
    const store = useLocalBlobStore();
    if (!store) throw new Error("the tests run on the local blob store");
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.fields as Record<string, string>)) form.append(k, v);
    form.append("file", new Blob([PNG]), "router.png");
    const blobs = blobRoutes(store, 1024 * 1024);
    expect((await blobs.request(new URL(slot.url).pathname, { method: "POST", body: form })).status).toBe(201);
    expect(await (await state()).json()).toMatchObject({ status: "accepted", detectedType: "image/png" });
    // Someone else's upload is not there for them.
    expect((await state(admin)).status).toBe(404);

    const c = await conversationOn(whatsappId, 30);
    const template = { name: "router_swap", language: "en_US", variables: ["Friday"] };
    expect((await reply(c.id, { template })).status).toBe(400);
    const sent = await reply(c.id, { template: { ...template, headerMediaUploadId: slot.uploadId } });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ kind: "template", body: "Your new router arrives on Friday." });
    const wire = graph.sent.find((s) => s.to === c.to);
    expect(JSON.stringify(wire?.body)).toContain('"type":"header"');
    expect(graph.rejected).toEqual([]);
  });

  it("a user who cannot see the conversation gets 404", async () => {
    const c = await conversationOn(whatsappId);
    const [team] = await useTransaction((tx) =>
      tx
        .insert(teamTable)
        .values({ name: `Billing ${++n}` })
        .returning(),
    );
    await useTransaction((tx) =>
      tx.update(inboxConversationTable).set({ teamId: team?.id }).where(eq(inboxConversationTable.id, c.id)),
    );
    expect((await reply(c.id, { body: "Hello" })).status).toBe(404);
    expect((await reply(c.id, { body: "Hello" }, admin)).status).toBe(201);
  });
});

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** The composer's upload: a slot, the presigned POST to the local blob route, the check's verdict. */
async function uploaded(filename: string, contentType: string, bytes: Buffer, headers = ada) {
  const slot = await (
    await post("/api/v1/inbox/uploads/slots", { filename, contentType, size: bytes.length }, headers)
  ).json();
  const store = useLocalBlobStore();
  if (!store) throw new Error("the tests run on the local blob store");
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.fields as Record<string, string>)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(bytes)]), filename);
  await blobRoutes(store, 1024 * 1024).request(new URL(slot.url).pathname, { method: "POST", body: form });
  const state = await (await api.request(`/api/v1/inbox/uploads/${slot.uploadId}`, { headers })).json();
  return { id: slot.uploadId as string, status: state.status as string };
}

describe("replying with files (the composer's attachments)", () => {
  it("WhatsApp: the photo goes by link with the text as its caption; refused or extra files are a 400", async () => {
    const c = await conversationOn(whatsappId);
    const photo = await uploaded("speed-test.png", "image/png", PNG);
    expect(photo.status).toBe("accepted");
    const page = await uploaded("lights.png", "image/png", Buffer.from("<!doctype html><p>hi</p>"));
    expect(page.status).toBe("rejected");
    const refused = await reply(c.id, { attachmentUploadIds: [page.id] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toMatch(/not an accepted upload of yours/);
    const second = await uploaded("invoice.pdf", "application/pdf", PDF);
    const two = await reply(c.id, { body: "Two", attachmentUploadIds: [photo.id, second.id] });
    expect(two.status).toBe(400);
    expect((await two.json()).detail).toMatch(/one file per message/);

    const sent = await reply(c.id, { body: "Here is the speed test", attachmentUploadIds: [photo.id] });
    expect(sent.status).toBe(201);
    const created = await sent.json();
    expect(created).toMatchObject({ kind: "image", body: "Here is the speed test" });
    // The thread shows the file on the agent's message.
    const thread = await (await api.request(`/api/v1/inbox/conversations/${c.id}/messages`, { headers: ada })).json();
    const shown = thread.items.find((m: { id: string }) => m.id === created.id);
    expect(shown.attachments).toMatchObject([{ filename: "speed-test.png", contentType: "image/png" }]);
    const wire = graph.sent.find((s) => s.to === c.to)?.body as { type?: string; image?: Record<string, unknown> };
    expect(wire).toMatchObject({ type: "image", image: { caption: "Here is the speed test" } });
    // Meta fetches the picture by a signed link.
    expect(String(wire.image?.link)).toMatch(/^https?:\/\//);
    expect((await message(created.id))?.status).not.toBe("failed");
  });

  it("Messenger sends a file without text: a caption is a 400 saying so; the file alone goes", async () => {
    const c = await conversationOn(messengerId);
    const photo = await uploaded("speed-test.png", "image/png", PNG);
    const captioned = await reply(c.id, { body: "Look", attachmentUploadIds: [photo.id] });
    expect(captioned.status).toBe(400);
    expect(await captioned.json()).toMatchObject({ detail: expect.stringMatching(/without text/) });
    expect((await reply(c.id, { attachmentUploadIds: [photo.id] })).status).toBe(201);
    const wire = graph.sent.find((s) => s.to === c.to)?.body as { message?: unknown };
    expect(wire.message).toMatchObject({ attachment: { type: "image" } });
  });

  it("email carries every file in the MIME body", async () => {
    const [channel] = await useTransaction((tx) =>
      tx
        .insert(inboxChannelTable)
        .values({ kind: "email", name: "Mail", externalAccountId: "support@files.test" })
        .returning(),
    );
    const inbound = await system(() =>
      Inbox.Receive.inbound({
        channelId: channel?.id as string,
        from: { value: "kemi@customer.test", name: "Kemi" },
        externalId: "<files-1@customer.test>",
        kind: "email",
        subject: "Invoice question",
        body: "Please send the invoice",
        providerAt: new Date(),
      }),
    );
    if (inbound.outcome !== "inserted") throw new Error("not inserted");
    const photo = await uploaded("speed-test.png", "image/png", PNG);
    const invoice = await uploaded("invoice.pdf", "application/pdf", PDF);
    const sent = await reply(inbound.conversationId, {
      body: "Attached: the invoice and the speed test",
      attachmentUploadIds: [invoice.id, photo.id],
    });
    expect(sent.status).toBe(201);
    const created = await sent.json();
    expect((await message(created.id))?.status).not.toBe("failed");
    const [mail] = (await listLocalMail()).slice(-1);
    const raw = (await localEml((mail?.eml ?? "").replace(/\.eml$/, "")))?.toString() ?? "";
    expect(raw).toContain("Attached: the invoice and the speed test");
    expect(raw).toMatch(/Content-Type: application\/pdf; name=invoice\.pdf/);
    expect(raw).toMatch(/Content-Type: image\/png; name=speed-test\.png/);
  });
});

describe("replying on Messenger", () => {
  it("answers inside 24 h, with the HUMAN_AGENT tag up to 7 days when the page has it, else refuses", async () => {
    const fresh = await conversationOn(messengerId, 2);
    expect((await reply(fresh.id, { body: "Looking into it" })).status).toBe(201);
    expect(graph.sent.find((s) => s.to === fresh.to)?.body).toMatchObject({ messaging_type: "RESPONSE" });

    const day3 = await conversationOn(messengerId, 72);
    expect((await reply(day3.id, { body: "Fixed now" })).status).toBe(201);
    expect(graph.sent.find((s) => s.to === day3.to)?.body).toMatchObject({
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
    });

    const noTag = await conversationOn(messengerNoTagId, 72);
    const refused = await reply(noTag.id, { body: "Fixed now" });
    expect(refused.status).toBe(409);
    const day8 = await conversationOn(messengerId, 192);
    expect((await reply(day8.id, { body: "Fixed now" })).status).toBe(409);
    expect(graph.rejected).toEqual([]);
  });
});
