import * as Auth from "@dotmac/core/auth";
import * as Campaign from "@dotmac/core/campaign";
import { campaignRecipientTable, campaignTable } from "@dotmac/core/campaign/campaign.sql";
import { seedCampaigns } from "@dotmac/core/demo";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { inboxTemplateTable } from "@dotmac/core/inbox/templates.sql";
import * as Jobs from "@dotmac/core/jobs";
import { withActor } from "@dotmac/core/platform/context";
import { setConnection, useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail, localEml, type MailTransport, setMailTransport } from "@dotmac/core/platform/mail";
import { leadTable } from "@dotmac/core/sales/sales.sql";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import * as Survey from "@dotmac/core/survey";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, signIn, staffToken, testApp } from "../support/api";
import { logStatements, setupTestDatabase, type TestDatabase } from "../support/db";
import { startGraphEmulator } from "../support/graph-emulator";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let graph: Awaited<ReturnType<typeof startGraphEmulator>>;
type Headers = Record<string, string>;
let admin: Headers;
let marketer: Headers;
let tech: Headers;
const password = "correct horse battery staple";
const system = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "test" } }, fn);

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
  };
};
const get = (path: string, headers: Headers = marketer) => send("GET", path, headers);
const post = (path: string, body: unknown = {}, headers: Headers = marketer) => send("POST", path, headers, body);

async function user(email: string, roles: string[]): Promise<Headers> {
  await Auth.createUser({ email, password, displayName: email.split("@")[0] as string, roles });
  const token = (await passwordSignIn({ email, password })).accessToken;
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

let subSeq = 0;
/** A person (through the people API) with a subscriber synced from billing in `region`. */
async function customer(name: string, email: string, region: string, status: "active" | "suspended" = "active") {
  const person = (await post("/api/v1/people", { displayName: name, email }, admin)).body;
  subSeq += 1;
  await useTransaction((tx) =>
    tx.insert(subscriberTable).values({
      externalSystem: "billing",
      externalId: `b-${subSeq}`,
      subscriberNumber: `SUB-${subSeq}`,
      status,
      serviceAddress: { line1: `${subSeq} Allen Ave`, city: "Ikeja", region, country: "NG" },
      sourceUpdatedAt: new Date(),
      personId: person.id,
    }),
  );
  return person.id as string;
}

const mailTo = async (address: string) => (await listLocalMail()).filter((m) => m.to === address);
const recipientsOf = async (campaignId: string) =>
  (await get(`/api/v1/campaigns/${campaignId}/recipients?limit=500`)).body.items as Campaign.RecipientInfo[];

/** The signed links a recipient's mail carries, read from the MIME actually sent. */
async function linksOf(address: string) {
  const [mail] = (await mailTo(address)).slice(-1);
  const eml = ((await localEml((mail?.eml ?? "").replace(/\.eml$/, ""))) ?? "").toString().replace(/\r?\n[ \t]+/g, " ");
  const unfolded = eml.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  return {
    eml,
    listUnsubscribe: /List-Unsubscribe: <([^>]+)>/.exec(eml)?.[1] as string,
    click: /href="(http[^"]+\/api\/v1\/t\/click[^"]+)"/.exec(unfolded)?.[1]?.replace(/&amp;/g, "&") as string,
  };
}

const emailSteps = (extra: object[] = []) => [
  {
    subject: "Fibre is here, {{first_name}}",
    body: "Hello {{first_name}},\n\nFibre has reached your street. Book at https://isp.example/fibre?from=mail.\n\nThe team",
  },
  ...extra,
];

let lagosSegment: string;
let ada: string;
let bayo: string;
let _chi: string;

beforeAll(async () => {
  graph = await startGraphEmulator();
  process.env.TEST_GRAPH_TOKEN = "emulator-token";
  t = await setupTestDatabase({ GRAPH_BASE_URL: graph.url });
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  marketer = await user("marketer@example.com", ["support"]);
  tech = await user("tech@example.com", ["field_technician"]);
  ada = await customer("Ada Obi", "ada@customer.test", "Lagos");
  bayo = await customer("Bayo <b>Bold</b>", "bayo@customer.test", "Lagos");
  _chi = await customer("Chi Eze", "chi@customer.test", "Lagos", "suspended");
  await customer("Dayo Abuja", "dayo@customer.test", "Abuja");
  await post("/api/v1/people", { displayName: "No Subscriber", email: "nosub@customer.test" }, admin);
});
afterAll(async () => {
  await t.close();
  await graph.close();
});

describe("campaigns API", () => {
  it("a marketer builds a segment over subscribers' service status and region and previews it before saving", async () => {
    const preview = await post("/api/v1/segments/preview", {
      filter: { subscriberStatuses: ["active"], regions: ["lagos"] },
      channel: "email",
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ matched: 2, reachable: 2 });
    expect(preview.body.sample.map((s: { personId: string }) => s.personId).sort()).toEqual([ada, bayo].sort());
    const all = await post("/api/v1/segments/preview", { filter: { regions: ["Lagos"] } });
    expect(all.body.matched).toBe(3);

    const saved = await post("/api/v1/segments", {
      name: "Lagos active",
      filter: { subscriberStatuses: ["active"], regions: ["Lagos"] },
    });
    expect(saved.status).toBe(201);
    lagosSegment = saved.body.id;
    expect((await post("/api/v1/segments", { name: "Lagos active", filter: {} })).status).toBe(409);
    const bad = await post("/api/v1/segments/preview", { filter: { subscriberStatuses: ["gone"] } });
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, "filter.subscriberStatuses.0"]);
    expect((await post("/api/v1/segments/preview", { filter: { colour: "red" } })).status).toBe(400);
    expect((await get("/api/v1/segments")).body.items.map((s: { name: string }) => s.name)).toEqual(["Lagos active"]);
  });

  it("refuses without a session, without the permission, and says what to fix in a bad draft", async () => {
    expect((await api.request("/api/v1/campaigns")).status).toBe(401);
    expect((await get("/api/v1/campaigns", tech)).status).toBe(403);
    expect((await post("/api/v1/segments/preview", { filter: {} }, tech)).status).toBe(403);
    const noSubject = await post("/api/v1/campaigns", {
      name: "Broken",
      channel: "email",
      segmentId: lagosSegment,
      steps: [{ body: "Hi" }],
    });
    expect([noSubject.status, noSubject.body.errors[0].path]).toEqual([400, "steps.0.subject"]);
    const noChannel = await post("/api/v1/campaigns", {
      name: "WA",
      channel: "whatsapp",
      segmentId: lagosSegment,
      steps: [{ templateName: "promo", templateLanguage: "en" }],
    });
    expect([noChannel.status, noChannel.body.errors[0].path]).toEqual([400, "inboxChannelId"]);
    const missingSegment = await post("/api/v1/campaigns", {
      name: "X",
      channel: "email",
      segmentId: "0190a0a0-0000-7000-8000-000000000000",
      steps: emailSteps(),
    });
    expect(missingSegment.status).toBe(404);
  });

  let launch: string;
  it("a draft previews its audience and its first email with variables filled and escaped in HTML", async () => {
    const created = await post("/api/v1/campaigns", {
      name: "Fibre launch",
      channel: "email",
      segmentId: lagosSegment,
      steps: emailSteps([
        { delayHours: 24, subject: "Still thinking, {{first_name}}?", body: "A reminder: https://isp.example/fibre" },
      ]),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "draft",
      segmentName: "Lagos active",
      steps: [{ position: 0 }, { position: 1, delayHours: 24 }],
    });
    launch = created.body.id;
    const preview = await get(`/api/v1/campaigns/${launch}/preview`);
    expect(preview.body).toMatchObject({ matched: 2, reachable: 2 });
    // The first sampled person by name is Ada.
    expect(preview.body.message.subject).toBe("Fibre is here, Ada");
    expect(preview.body.message.html).toContain('<a href="https://isp.example/fibre?from=mail">');

    // Bayo's name carries markup: in HTML it is text, never markup.
    const rendered = await Campaign.renderEmail(
      { subject: "Hi {{name}}", body: "Dear {{name}} & co" },
      { firstName: null, lastName: null, displayName: "Bayo <b>Bold</b>", email: null },
      null,
    );
    expect(rendered.html).toContain("Dear Bayo &lt;b&gt;Bold&lt;/b&gt; &amp; co");
    expect(rendered.html).not.toContain("<b>Bold</b>");
  });

  it("sent now: one email per recipient with RFC 8058 headers and signed links; a draft only is editable", async () => {
    const scheduled = await post(`/api/v1/campaigns/${launch}/schedule`, {});
    expect(scheduled.status).toBe(200);
    // The bus delivered campaign.started: the first step went out during the request.
    const after = (await get(`/api/v1/campaigns/${launch}`)).body;
    expect(after).toMatchObject({ status: "sending", stats: { total: 2, sent: 2, pending: 0 } });
    expect(await mailTo("ada@customer.test")).toHaveLength(1);
    expect(await mailTo("chi@customer.test")).toHaveLength(0);
    const { eml, listUnsubscribe, click } = await linksOf("ada@customer.test");
    expect(eml).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(listUnsubscribe).toMatch(/\/api\/v1\/t\/unsubscribe\?r=[0-9a-f-]+&s=/);
    expect(click).toContain("/api/v1/t/click?");

    const edit = await send("PUT", `/api/v1/campaigns/${launch}`, marketer, {
      name: "Late edit",
      channel: "email",
      segmentId: lagosSegment,
      steps: emailSteps(),
    });
    expect(edit.status).toBe(409);
    expect((await post(`/api/v1/campaigns/${launch}/schedule`, {})).status).toBe(409);
    const rows = await recipientsOf(launch);
    expect(rows.map((r) => [r.personId, r.status, r.step]).sort()).toEqual(
      [
        [ada, "sent", 0],
        [bayo, "sent", 0],
      ].sort(),
    );
  });

  it("tracks opens and clicks through signed URLs and refuses an unsigned or altered one (never an open redirect)", async () => {
    const { click } = await linksOf("ada@customer.test");
    const path = click.replace(/^https?:\/\/[^/]+/, "");
    const ok = await api.request(path);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("https://isp.example/fibre?from=mail");

    const url = new URL(click);
    const altered = new URL(click);
    altered.searchParams.set("u", "https://evil.example/phish");
    const tampered = await api.request(`${altered.pathname}${altered.search}`);
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get("location")).toBeNull();
    const unsigned = await api.request(
      `/api/v1/t/click?r=${url.searchParams.get("r")}&u=${encodeURIComponent("https://evil.example")}&s=`,
    );
    expect(unsigned.status).toBe(400);
    const otherRecipient = await api.request(
      `/api/v1/t/click?r=0190a0a0-0000-7000-8000-000000000000&u=${encodeURIComponent(url.searchParams.get("u") as string)}&s=${url.searchParams.get("s")}`,
    );
    expect(otherRecipient.status).toBe(400);

    const pixel = await api.request(
      `/api/v1/t/open?r=${url.searchParams.get("r")}&s=${encodeURIComponent(await Campaign.sign("open", url.searchParams.get("r") as string))}`,
    );
    expect([pixel.status, pixel.headers.get("content-type")]).toEqual([200, "image/gif"]);
    // A forged pixel still answers a GIF (mail clients show no errors) but records nothing.
    expect((await api.request(`/api/v1/t/open?r=${url.searchParams.get("r")}&s=forged`)).status).toBe(200);
    const ada1 = (await recipientsOf(launch)).find((r) => r.personId === ada);
    expect(ada1?.openedAt).not.toBeNull();
    expect(ada1?.clickedAt).not.toBeNull();
    expect((await get(`/api/v1/campaigns/${launch}`)).body.stats).toMatchObject({ opened: 1, clicked: 1 });
  });

  it("one-click unsubscribe (RFC 8058) is honoured at once, idempotent, and the next step never reaches them", async () => {
    const { listUnsubscribe } = await linksOf("bayo@customer.test");
    const path = listUnsubscribe.replace(/^https?:\/\/[^/]+/, "");
    // A browser GET shows the page and changes nothing.
    const page = await api.request(path);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/unsubscribe\?r=/);
    const lookup = await api.request(path.replace("/unsubscribe?", "/unsubscribe/lookup?"), { method: "POST" });
    expect(await lookup.json()).toMatchObject({
      campaignName: "Fibre launch",
      address: "b***@customer.test",
      unsubscribed: false,
    });

    // What a mailbox provider sends: form-encoded, no Origin, no cookie.
    const oneClick = () =>
      api.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
    const first = await oneClick();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ unsubscribed: true, channel: "email" });
    expect((await oneClick()).status).toBe(200);
    const altered = await api.request(path.replace(/s=[^&]+/, "s=AAAA"), { method: "POST" });
    expect(altered.status).toBe(400);

    // Step 2 is due 24 h after step 1: the nurture job adds it for Ada only, and sends it.
    const later = new Date(Date.now() + 25 * 3_600_000);
    const nurture = await system(() => Campaign.Send.runNurture(later));
    expect(nurture).toMatchObject({ added: 1, sent: 1, completed: 1 });
    expect(await mailTo("ada@customer.test")).toHaveLength(2);
    expect(await mailTo("bayo@customer.test")).toHaveLength(1);
    const done = (await get(`/api/v1/campaigns/${launch}`)).body;
    expect(done).toMatchObject({ status: "completed", stats: { total: 3, sent: 3, unsubscribed: 1 } });

    // A new campaign to the same segment leaves the opted-out person out from the start.
    const again = await post("/api/v1/campaigns", {
      name: "Second wave",
      channel: "email",
      segmentId: lagosSegment,
      steps: emailSteps(),
    });
    expect((await get(`/api/v1/campaigns/${again.body.id}/preview`)).body).toMatchObject({ matched: 2, reachable: 1 });
    await post(`/api/v1/campaigns/${again.body.id}/schedule`, {});
    expect((await recipientsOf(again.body.id)).map((r) => r.personId)).toEqual([ada]);
    expect(await mailTo("bayo@customer.test")).toHaveLength(1);
  });

  it("a retried or concurrent batch sends each message once; a failed delivery is retried alone", async () => {
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await customer(`Batch ${i}`, `batch${i}@customer.test`, "Kano"));
    const segment = (await post("/api/v1/segments", { name: "Kano", filter: { regions: ["Kano"] } })).body.id;
    const campaign = (
      await post("/api/v1/campaigns", { name: "Kano promo", channel: "email", segmentId: segment, steps: emailSteps() })
    ).body.id;
    // Scheduled in a minute: nothing goes out during the request; the job picks it up once due.
    await post(`/api/v1/campaigns/${campaign}/schedule`, { at: new Date(Date.now() + 60_000).toISOString() });
    expect((await get(`/api/v1/campaigns/${campaign}`)).body.status).toBe("scheduled");
    expect((await Jobs.run("campaigns.send_scheduled")).result).toMatchObject({ started: 0 });

    // The mail service fails once for one address.
    const delivered: string[] = [];
    let failedOnce = false;
    const { localMailTransport } = await import("@dotmac/core/platform/mail/local");
    const local = localMailTransport(`${t.dataDir}/mail`);
    const flaky: MailTransport = {
      name: "local",
      deliver: (m) => local.deliver(m),
      async deliverRaw(m) {
        if (m.to === "batch2@customer.test" && !failedOnce) {
          failedOnce = true;
          throw new Error("ThrottlingException");
        }
        delivered.push(m.to);
        await local.deliverRaw?.(m);
      },
    };
    setMailTransport(flaky);
    try {
      await useTransaction((tx) =>
        tx
          .update(campaignTable)
          .set({ scheduledAt: new Date(Date.now() - 1000) })
          .where(eq(campaignTable.id, campaign)),
      );
      const now = new Date();
      await system(() => Campaign.Send.startDue(now));
      const [a, b] = await Promise.all([
        system(() => Campaign.Send.sendBatch(now)),
        system(() => Campaign.Send.sendBatch(now)),
      ]);
      expect(a.claimed + b.claimed).toBe(6);
      expect(delivered).toHaveLength(5);
      // Retried: once the failure's backoff passed, only it goes out; the five sent are not claimed again.
      const retry = await system(() => Campaign.Send.sendBatch(new Date(now.getTime() + 5 * 60_000)));
      expect(retry).toMatchObject({ claimed: 1, sent: 1 });
      expect((await system(() => Campaign.Send.sendBatch(new Date(now.getTime() + 60 * 60_000)))).claimed).toBe(0);
    } finally {
      setMailTransport(undefined);
    }
    expect([...delivered].sort()).toEqual(people.map((_, i) => `batch${i}@customer.test`).sort());
    const job = await Jobs.run("campaigns.send_scheduled");
    expect(job.result).toMatchObject({ completed: 1 });
    expect((await get(`/api/v1/campaigns/${campaign}`)).body).toMatchObject({
      status: "completed",
      stats: { sent: 6, failed: 0 },
    });
    const [counts] = await useTransaction((tx) =>
      tx
        .select({
          rows: sql<number>`count(*)::int`,
          attempts: sql<number>`sum(${campaignRecipientTable.attempts})::int`,
        })
        .from(campaignRecipientTable)
        .where(eq(campaignRecipientTable.campaignId, campaign)),
    );
    expect(counts).toEqual({ rows: 6, attempts: 7 });
  });

  it("a batch's SQL does not grow with its recipients (v1 sent with a query per recipient)", async () => {
    const statementsToSend = async (region: string, people: number) => {
      for (let i = 0; i < people; i++)
        await customer(`${region} ${i}`, `${region.toLowerCase()}${i}@customer.test`, region);
      const segment = (await post("/api/v1/segments", { name: region, filter: { regions: [region] } })).body.id;
      const campaign = (
        await post("/api/v1/campaigns", {
          name: `${region} wave`,
          channel: "email",
          segmentId: segment,
          steps: emailSteps(),
        })
      ).body.id;
      await post(`/api/v1/campaigns/${campaign}/schedule`, { at: new Date(Date.now() + 60_000).toISOString() });
      await useTransaction((tx) =>
        tx
          .update(campaignTable)
          .set({ scheduledAt: new Date(Date.now() - 1000) })
          .where(eq(campaignTable.id, campaign)),
      );
      await system(() => Campaign.Send.startDue(new Date()));
      let n = 0;
      await logStatements(t, () => {
        n += 1;
      });
      const sent = await system(() => Campaign.Send.sendBatch(new Date()));
      setConnection(t.connection);
      expect(sent.sent).toBe(people);
      return n;
    };
    expect(await statementsToSend("Ondo", 2)).toBe(await statementsToSend("Oyo", 9));
  });

  it("the nurture job does real work: it adds due steps and sends them", async () => {
    const segment = (await post("/api/v1/segments", { name: "Abuja", filter: { regions: ["Abuja"] } })).body.id;
    const campaign = (
      await post("/api/v1/campaigns", {
        name: "Abuja nurture",
        channel: "email",
        segmentId: segment,
        steps: emailSteps([{ delayHours: 48, subject: "Day 2", body: "Day two" }]),
      })
    ).body.id;
    await post(`/api/v1/campaigns/${campaign}/schedule`, {});
    expect((await Jobs.run("campaigns.advance_nurture")).result).toMatchObject({ added: 1, sent: 0 });
    expect((await get(`/api/v1/campaigns/${campaign}`)).body.status).toBe("sending");
    await useTransaction((tx) =>
      tx
        .update(campaignRecipientTable)
        .set({ dueAt: new Date(Date.now() - 1000) })
        .where(and(eq(campaignRecipientTable.campaignId, campaign), eq(campaignRecipientTable.step, 1))),
    );
    expect((await Jobs.run("campaigns.advance_nurture")).result).toMatchObject({ added: 0, sent: 1, completed: 1 });
    expect((await mailTo("dayo@customer.test")).map((m) => m.subject)).toEqual(["Fibre is here, Dayo", "Day 2"]);
  });

  it("cancelling skips what is pending; a cancelled campaign cannot be scheduled", async () => {
    const campaign = (
      await post("/api/v1/campaigns", { name: "Oops", channel: "email", segmentId: lagosSegment, steps: emailSteps() })
    ).body.id;
    await post(`/api/v1/campaigns/${campaign}/schedule`, { at: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await post(`/api/v1/campaigns/${campaign}/cancel`)).body.status).toBe("cancelled");
    expect((await post(`/api/v1/campaigns/${campaign}/schedule`, {})).status).toBe(409);
    expect((await post(`/api/v1/campaigns/${campaign}/cancel`)).status).toBe(409);
    const bad = await post(`/api/v1/campaigns/${campaign}/schedule`, { at: "tomorrow" });
    expect(bad.status).toBe(400);
  });

  it("WhatsApp: approved templates only, to opted-in numbers, through the inbox; a reply opens one campaign lead", async () => {
    const [channel] = await useTransaction((tx) =>
      tx
        .insert(inboxChannelTable)
        .values({
          kind: "whatsapp",
          name: "Sales line",
          externalAccountId: "106540352242922",
          businessAccountId: "WABA1",
          accessTokenSecret: "TEST_GRAPH_TOKEN",
        })
        .returning(),
    );
    const channelId = channel?.id as string;
    await useTransaction((tx) =>
      tx.insert(inboxTemplateTable).values([
        {
          channelId,
          name: "fibre_offer",
          language: "en",
          category: "MARKETING",
          status: "APPROVED",
          components: [{ type: "BODY", text: "Hi {{1}}, fibre is live in {{2}}" }],
          syncedAt: new Date(),
        },
        {
          channelId,
          name: "draft_offer",
          language: "en",
          category: "MARKETING",
          status: "PENDING",
          components: [{ type: "BODY", text: "Hi" }],
          syncedAt: new Date(),
        },
      ]),
    );
    // Two people who wrote in on WhatsApp: one opted in to marketing, one not.
    const inbound = (from: string, name: string, externalId: string, body = "Hello") =>
      system(() =>
        Inbox.Receive.inbound({
          channelId,
          from: { value: from, name },
          externalId,
          kind: "text",
          body,
          providerAt: new Date(),
        }),
      );
    const optedIn = await inbound("2348030000001", "Wale WhatsApp", "wamid.1");
    await inbound("2348030000002", "Wale NoOptIn", "wamid.2");
    const personOf = async (conversationId: string) =>
      (
        await useTransaction((tx) =>
          tx
            .select({ personId: inboxConversationTable.personId })
            .from(inboxConversationTable)
            .where(eq(inboxConversationTable.id, conversationId)),
        )
      )[0]?.personId as string;
    const wale = await personOf(optedIn.conversationId);
    expect(
      (await post("/api/v1/campaigns/consent", { personId: wale, channel: "whatsapp", state: "opted_in" })).status,
    ).toBe(200);

    const segment = (await post("/api/v1/segments", { name: "WhatsApp Wales", filter: { search: "Wale" } })).body.id;
    expect(
      (await post("/api/v1/segments/preview", { filter: { search: "Wale" }, channel: "whatsapp" })).body,
    ).toMatchObject({
      matched: 2,
      reachable: 1,
    });
    const pending = (
      await post("/api/v1/campaigns", {
        name: "WA pending",
        channel: "whatsapp",
        segmentId: segment,
        inboxChannelId: channelId,
        steps: [{ templateName: "draft_offer", templateLanguage: "en" }],
      })
    ).body.id;
    const refused = await post(`/api/v1/campaigns/${pending}/schedule`, {});
    expect([refused.status, refused.body.detail]).toEqual([412, expect.stringContaining("not approved")]);

    const campaign = (
      await post("/api/v1/campaigns", {
        name: "WA fibre",
        channel: "whatsapp",
        segmentId: segment,
        inboxChannelId: channelId,
        steps: [
          { templateName: "fibre_offer", templateLanguage: "en", templateVariables: ["{{first_name}}", "Ikeja"] },
        ],
      })
    ).body.id;
    expect((await post(`/api/v1/campaigns/${campaign}/schedule`, {})).status).toBe(200);
    const rows = await recipientsOf(campaign);
    expect(rows.map((r) => [r.personId, r.status])).toEqual([[wale, "sent"]]);
    const [message] = await useTransaction((tx) =>
      tx
        .select()
        .from(inboxMessageTable)
        .where(eq(inboxMessageTable.idempotencyKey, `campaign:${rows[0]?.id}`)),
    );
    expect(message).toMatchObject({
      kind: "template",
      body: "Hi Wale, fibre is live in Ikeja",
      conversationId: optedIn.conversationId,
    });
    expect(graph.sent.filter((s) => s.to === "2348030000001")).toHaveLength(1);

    // Wale replies: the campaign's lead is opened once (source campaign), a second reply reuses it.
    await inbound("2348030000001", "Wale WhatsApp", "wamid.3", "Yes please, how much?");
    await inbound("2348030000001", "Wale WhatsApp", "wamid.4", "Also, when?");
    const leads = await useTransaction((tx) => tx.select().from(leadTable).where(eq(leadTable.personId, wale)));
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ source: "campaign", campaignId: campaign });
    expect((await recipientsOf(campaign))[0]).toMatchObject({ leadId: leads[0]?.id, repliedAt: expect.any(String) });
  });

  it("the WhatsApp picker lists approved templates with their variables; an unmapped variable or a foreign template is 400 naming it", async () => {
    const [channel] = await useTransaction((tx) =>
      tx
        .insert(inboxChannelTable)
        .values({
          kind: "whatsapp",
          name: "Marketing line",
          externalAccountId: "106540352242999",
          businessAccountId: "WABA2",
          accessTokenSecret: "TEST_GRAPH_TOKEN",
        })
        .returning(),
    );
    const channelId = channel?.id as string;
    await useTransaction((tx) =>
      tx.insert(inboxTemplateTable).values([
        {
          channelId,
          name: "street_live",
          language: "en",
          category: "MARKETING",
          status: "APPROVED",
          components: [{ type: "BODY", text: "Hi {{1}}, fibre is live on {{2}}" }],
        },
        { channelId, name: "held_back", language: "en", category: "MARKETING", status: "REJECTED", components: [] },
      ]),
    );
    const listed = await get("/api/v1/campaigns/whatsapp-channels");
    expect(listed.status).toBe(200);
    const line = listed.body.items.find((c: { id: string }) => c.id === channelId);
    expect(line).toMatchObject({
      name: "Marketing line",
      templates: [{ name: "street_live", language: "en", variables: 2, body: "Hi {{1}}, fibre is live on {{2}}" }],
    });
    expect((await get("/api/v1/campaigns/whatsapp-channels", tech)).status).toBe(403);
    const draft = (templateName: string, templateVariables: string[]) => ({
      name: "WA street",
      channel: "whatsapp",
      segmentId: lagosSegment,
      inboxChannelId: channelId,
      steps: [{ templateName, templateLanguage: "en", templateVariables }],
    });
    const unmapped = await post("/api/v1/campaigns", draft("street_live", ["{{first_name}}"]));
    expect([unmapped.status, unmapped.body.errors[0].path]).toEqual([400, "steps.0.templateVariables.1"]);
    expect(unmapped.body.detail).toContain("{{2}}");
    const blank = await post("/api/v1/campaigns", draft("street_live", ["{{first_name}}", " "]));
    expect([blank.status, blank.body.errors[0].path]).toEqual([400, "steps.0.templateVariables.1"]);
    const foreign = await post("/api/v1/campaigns", draft("fibre_offer", ["a", "b"]));
    expect([foreign.status, foreign.body.errors[0].path]).toEqual([400, "steps.0.templateName"]);
    const tooMany = await post("/api/v1/campaigns", draft("street_live", ["a", "b", "c"]));
    expect(tooMany.status).toBe(400);
    // A rejected template may sit in a draft (the UI never offers it), but it is never sent: 412.
    const rejected = (await post("/api/v1/campaigns", draft("held_back", []))).body.id;
    const refused = await post(`/api/v1/campaigns/${rejected}/schedule`, {});
    expect([refused.status, refused.body.errors[0].path]).toEqual([412, "steps.0.templateName"]);
    // The draft is edited to the approved template, every variable mapped.
    const edited = await send(
      "PUT",
      `/api/v1/campaigns/${rejected}`,
      marketer,
      draft("street_live", ["{{first_name}}", "Allen Avenue"]),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.steps[0]).toMatchObject({
      templateName: "street_live",
      templateVariables: ["{{first_name}}", "Allen Avenue"],
    });
    const audit = await get(`/api/v1/audit?action=campaign.updated&entityId=${rejected}`, admin);
    expect(audit.body.items).toHaveLength(1);
  });

  it("segments: rename and refilter; one a scheduled campaign uses cannot be deleted (409); an unused one is; a name clash is 409", async () => {
    const spare = (await post("/api/v1/segments", { name: "Spare", filter: { regions: ["Abuja"] } })).body.id;
    const renamed = await send("PUT", `/api/v1/segments/${spare}`, marketer, {
      name: "Abuja suspended",
      filter: { regions: ["Abuja"], subscriberStatuses: ["suspended"] },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Abuja suspended", filter: { subscriberStatuses: ["suspended"] } });
    const lagosName = (await get("/api/v1/segments")).body.items.find(
      (x: { id: string }) => x.id === lagosSegment,
    ).name;
    const clash = await send("PUT", `/api/v1/segments/${spare}`, marketer, { name: lagosName, filter: {} });
    expect(clash.status).toBe(409);
    const later = (
      await post("/api/v1/campaigns", { name: "Later", channel: "email", segmentId: spare, steps: emailSteps() })
    ).body.id;
    await post(`/api/v1/campaigns/${later}/schedule`, { at: "2099-01-01T09:00:00.000Z" });
    const used = await send("DELETE", `/api/v1/segments/${spare}`, marketer);
    expect(used.status).toBe(409);
    expect(used.headers.get("content-type")).toContain("application/problem+json");
    expect(used.body.detail).toContain('scheduled campaign "Later"');
    await post(`/api/v1/campaigns/${later}/cancel`);
    expect((await send("DELETE", `/api/v1/segments/${spare}`, tech)).status).toBe(403);
    expect((await send("DELETE", `/api/v1/segments/${spare}`, marketer)).status).toBe(204);
    expect((await send("DELETE", `/api/v1/segments/${spare}`, marketer)).status).toBe(404);
    expect((await get("/api/v1/segments")).body.items.map((x: { id: string }) => x.id)).not.toContain(spare);
    const audit = await get(`/api/v1/audit?action=segment.deleted&entityId=${spare}`, admin);
    expect(audit.body.items).toHaveLength(1);
  });

  it("recipients export as CSV through the one encoder, one row per message, to whoever may read the campaign", async () => {
    const csv = await get(`/api/v1/campaigns/${launch}/recipients.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="campaign-recipients-/);
    const lines = (csv.body as string).trim().split("\r\n");
    expect(lines[0]).toBe("name,address,step,status,error,sent_at,opened_at,clicked_at,replied_at,unsubscribed_at");
    expect(lines.some((l) => l.startsWith("Ada Obi,ada@customer.test,1,sent,"))).toBe(true);
    expect((await get(`/api/v1/campaigns/${launch}/recipients.csv`, tech)).status).toBe(403);
    expect((await get(`/api/v1/campaigns/${crypto.randomUUID()}/recipients.csv`)).status).toBe(404);
  });

  it("the unsubscribe routes carry no cookie authority: a signed-in browser's forged post does nothing more", async () => {
    const session = await signIn((p, i) => api.request(p, i), "marketer@example.com", password);
    const res = await api.request("/api/v1/t/unsubscribe?r=0190a0a0-0000-7000-8000-000000000000&s=x", {
      method: "POST",
      headers: { cookie: session.cookie, origin: "https://evil.example", "content-type": "text/plain" },
      body: "x",
    });
    expect(res.status).toBe(400);
    expect(ORIGIN).toContain("localhost");
  });

  it("the demo seeds a sent campaign with recipient statuses and an active survey with answers, once", async () => {
    const ops = await Auth.fromEmail("ops@example.com");
    const admin = {
      type: "user" as const,
      properties: {
        userId: ops?.id as string,
        email: "ops@example.com",
        portal: "staff" as const,
        roles: ["admin"],
        permissions: [],
      },
    };
    await seedCampaigns(admin);
    await seedCampaigns(admin);
    const campaign = (await get("/api/v1/campaigns")).body.items.find(
      (c: { name: string }) => c.name === "Fibre is live on your street",
    );
    expect(campaign).toMatchObject({
      status: "sending",
      // The demo's four active Lagos subscribers, and Ada from this file (Bayo opted out).
      stats: { total: 5, sent: 5, opened: 2, clicked: 1, unsubscribed: 1 },
    });
    const survey = (await withActor(admin, () => Survey.list({}))).find((s) => s.slug === "after-your-installation");
    expect(survey).toMatchObject({ status: "active", responses: 5 });
  });
});
