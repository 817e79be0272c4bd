import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { personChannelTable, personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Sales from "@dotmac/core/sales";
import { leadTable } from "@dotmac/core/sales/sales.sql";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let admin: Headers;
let sales: Headers;
let salesId: string;
let agentId: string;
let agent: Headers;
let rival: Headers;
let rivalId: string;
const password = "correct horse battery staple";
const system = { type: "system", properties: { job: "test" } } as const;
const year = new Date().getUTCFullYear();

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
  };
};
const get = (path: string, headers: Headers = sales) => send("GET", path, headers);
const post = (path: string, body: unknown = {}, headers: Headers = sales) => send("POST", path, headers, body);
const patch = (path: string, body: unknown, headers: Headers = sales) => send("PATCH", path, headers, body);

async function user(email: string, roles: string[]): Promise<[string, Headers]> {
  const created = await Auth.createUser({ email, password, displayName: email.split("@")[0] as string, roles });
  const token = (await passwordSignIn({ email, password })).accessToken;
  return [created.id, { authorization: `Bearer ${token}`, "content-type": "application/json" }];
}

let personSeq = 0;
/** A contact (people are another domain's; a row is all a lead needs). */
async function person(name = `Prospect ${++personSeq}`) {
  return useTransaction(async (tx) => {
    const [row] = await tx.insert(personTable).values({ displayName: name }).returning({ id: personTable.id });
    return (row as { id: string }).id;
  });
}

/** A WhatsApp conversation with `personId`, where `agentId` replied last. */
async function conversation(personId: string, replier: string | null) {
  return useTransaction(async (tx) => {
    const [channel] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: `WA ${personId.slice(0, 6)}`, externalAccountId: `wa-${personId}` })
      .returning();
    const channelId = (channel as { id: string }).id;
    const [c] = await tx
      .insert(inboxConversationTable)
      .values({ channelId, personId, subject: "Fibre for my shop" })
      .returning();
    const conversationId = (c as { id: string }).id;
    await tx.insert(inboxMessageTable).values({
      conversationId,
      channelId,
      direction: "inbound",
      kind: "text",
      status: "received",
      body: "How much is 100 Mbps?",
    });
    if (replier) {
      await tx.insert(inboxMessageTable).values({
        conversationId,
        channelId,
        direction: "outbound",
        kind: "text",
        status: "sent",
        body: "Let me get you a quote",
        authorId: replier,
      });
    }
    return conversationId;
  });
}

const audits = (entityId: string, action: string) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(auditEventTable)
      .where(and(eq(auditEventTable.entityId, entityId), eq(auditEventTable.action, action as never))),
  );
const events = (type: string, leadId: string) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(outboxTable)
      .where(and(eq(outboxTable.type, type), sql`${outboxTable.payload}->>'leadId' = ${leadId}`)),
  );

let pipeline: { id: string; stages: { id: string; name: string; defaultProbability: number }[] };

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  [salesId, sales] = await user("sam@example.com", ["sales"]);
  [rivalId, rival] = await user("rita@example.com", ["sales"]);
  [agentId, agent] = await user("agnes@example.com", ["support"]);
});
afterAll(() => t.close());

describe("sales pipeline API", () => {
  it("a fresh install has one default pipeline with ordered stages, made on first use, once", async () => {
    const [a, b] = await Promise.all([get("/api/v1/pipelines"), get("/api/v1/pipelines")]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const items = (await get("/api/v1/pipelines")).body.items;
    expect(items).toHaveLength(1);
    pipeline = items[0];
    expect(items[0]).toMatchObject({ name: "Sales", isDefault: true });
    expect(pipeline.stages.map((s) => [s.name, s.defaultProbability])).toEqual([
      ["New", 10],
      ["Contacted", 20],
      ["Qualified", 40],
      ["Proposal", 60],
      ["Negotiation", 80],
    ]);
  });

  it("creates a numbered lead with audit row and event; a second create for the person returns it", async () => {
    const personId = await person("Chidi Okafor");
    const first = await post("/api/v1/leads", {
      personId,
      title: "Home fibre 100 Mbps",
      valueMinor: 4_500_000,
      currency: "ngn",
      expectedCloseDate: "2030-01-15",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      number: `LEAD-${year}-00001`,
      status: "new",
      probability: 10,
      currency: "NGN",
      valueMinor: 4_500_000,
      source: "other",
      ownerUserId: salesId,
      ownerName: "sam",
      personName: "Chidi Okafor",
      stageName: "New",
    });
    const again = await post("/api/v1/leads", { personId, title: "Same person, second enquiry" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, id: first.body.id, title: "Home fibre 100 Mbps" });
    expect(await audits(first.body.id, "lead.created")).toHaveLength(1);
    expect(await events("sales.lead_created", first.body.id)).toHaveLength(1);
    expect((await get(`/api/v1/leads/${first.body.id}`)).body.number).toBe(`LEAD-${year}-00001`);
  });

  it("concurrent creates for one person make one lead (the partial unique index decides)", async () => {
    const personId = await person("Racing Rachel");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withActor(system, () => Sales.create({ personId, title: `Double submit ${i}` })),
      ),
    );
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await useTransaction((tx) => tx.select().from(leadTable).where(eq(leadTable.personId, personId)));
    expect(rows).toHaveLength(1);
  });

  it("refuses bad input with what to fix", async () => {
    const personId = await person();
    const cases: [unknown, string][] = [
      [{ title: "No person" }, "personId"],
      [{ personId, title: "" }, "title"],
      [{ personId, title: "x", valueMinor: 12.5 }, "valueMinor"],
      [{ personId, title: "x", valueMinor: -1 }, "valueMinor"],
      [{ personId, title: "x", currency: "naira" }, "currency"],
      [{ personId, title: "x", expectedCloseDate: "2030-02-30" }, "expectedCloseDate"],
      [{ personId, title: "x", pipelineId: "00000000-0000-4000-8000-000000000000" }, "pipelineId"],
      [{ personId: "00000000-0000-4000-8000-000000000000", title: "x" }, "personId"],
      [{ personId, title: "x", ownerUserId: agentId.replace(/.$/, "0") }, "ownerUserId"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/api/v1/leads", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body), field).toContain(field);
    }
    expect((await get("/api/v1/leads/not-a-uuid")).status).toBe(400);
    expect((await get("/api/v1/leads/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get("/api/v1/leads?cursor=zzz")).status).toBe(400);
    expect((await get("/api/v1/leads?closeFrom=2030-02-01&closeTo=2030-01-01")).status).toBe(400);
  });

  it("a lead from an inbox conversation in one click: source from the channel, owner who replied, linked", async () => {
    const personId = await person("Ngozi Eze");
    const conversationId = await conversation(personId, agentId);
    const res = await post("/api/v1/leads/from-conversation", { conversationId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      source: "whatsapp",
      ownerUserId: agentId,
      conversationId,
      title: "Fibre for my shop",
      personId,
    });
    const again = await post("/api/v1/leads/from-conversation", { conversationId });
    expect(again).toMatchObject({ status: 200, body: { id: res.body.id, created: false } });
    const linked = await get(`/api/v1/leads?conversationId=${conversationId}`);
    expect(linked.body.items.map((l: { id: string }) => l.id)).toEqual([res.body.id]);
    // Another person's conversation never starts this person's lead.
    const stranger = await person();
    const wrong = await post("/api/v1/leads", { personId: stranger, title: "x", conversationId });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain("conversationId");
    expect((await post("/api/v1/leads/from-conversation", { conversationId: stranger })).status).toBe(404);
  });

  it("moves along the board: stage default probability and status, rank within the column", async () => {
    const [a, b, c] = await Promise.all(
      ["Ama", "Bayo", "Chika"].map(
        async (n) => (await post("/api/v1/leads", { personId: await person(n), title: n })).body,
      ),
    );
    const contacted = pipeline.stages[1] as { id: string };
    const qualified = pipeline.stages[2] as { id: string };
    // Drag Ama to Contacted, then Bayo to Contacted on top, then Chika after Bayo.
    const moved = await post(`/api/v1/leads/${a.id}/move`, { stageId: contacted.id });
    expect(moved.body).toMatchObject({ stageId: contacted.id, status: "contacted", probability: 20 });
    await post(`/api/v1/leads/${b.id}/move`, { stageId: contacted.id, afterId: null });
    await post(`/api/v1/leads/${c.id}/move`, { stageId: contacted.id, afterId: b.id });
    const board = (await get("/api/v1/leads/board")).body;
    const column = board.columns.find((col: { stageId: string }) => col.stageId === contacted.id);
    expect(column.items.map((x: { id: string }) => x.id)).toEqual([b.id, c.id, a.id]);
    expect(column.count).toBe(3);
    expect(await events("sales.lead_stage_changed", a.id)).toHaveLength(1);
    // Within the column, not a stage change: no event.
    await post(`/api/v1/leads/${a.id}/move`, { stageId: contacted.id, afterId: null });
    expect(await events("sales.lead_stage_changed", a.id)).toHaveLength(1);
    expect(
      (await get("/api/v1/leads/board")).body.columns
        .find((col: { stageId: string }) => col.stageId === contacted.id)
        .items.map((x: { id: string }) => x.id),
    ).toEqual([a.id, b.id, c.id]);
    // The keyset page of one column carries on where the board stopped.
    const page1 = (await get(`/api/v1/leads/board/column?stageId=${contacted.id}&limit=2`)).body;
    expect(page1.items).toHaveLength(2);
    const page2 = (await get(`/api/v1/leads/board/column?stageId=${contacted.id}&limit=2&cursor=${page1.nextCursor}`))
      .body;
    expect(page2.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(page2.nextCursor).toBeNull();
    const bad = await post(`/api/v1/leads/${a.id}/move`, { stageId: qualified.id, afterId: b.id });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain("afterId");
    expect((await post(`/api/v1/leads/${a.id}/move`, { stageId: a.id })).status).toBe(400);
  });

  it("won and lost close a lead once: lost needs a reason; a second call changes nothing", async () => {
    const lead = (await post("/api/v1/leads", { personId: await person(), title: "Office link" })).body;
    const noReason = await post(`/api/v1/leads/${lead.id}/lost`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.detail).toContain("reason");
    const lost = await post(`/api/v1/leads/${lead.id}/lost`, { reason: "Went with a competitor" });
    expect(lost.body).toMatchObject({ status: "lost", probability: 0, lostReason: "Went with a competitor" });
    const again = await post(`/api/v1/leads/${lead.id}/lost`, { reason: "Another reason" });
    expect(again.body).toMatchObject({ lostReason: "Went with a competitor", updatedAt: lost.body.updatedAt });
    expect(await events("sales.lead_lost", lead.id)).toHaveLength(1);
    expect((await patch(`/api/v1/leads/${lead.id}`, { title: "x" })).status).toBe(409);
    expect((await post(`/api/v1/leads/${lead.id}/move`, { stageId: pipeline.stages[1]?.id })).status).toBe(409);
    // Verbs other domains call, inside their own transaction: idempotent too.
    const won = await withActor(system, () => Sales.markWon({ id: lead.id }));
    await withActor(system, () => Sales.markWon({ id: lead.id }));
    expect(won).toMatchObject({ status: "won", probability: 100, lostReason: null });
    expect(await events("sales.lead_won", lead.id)).toHaveLength(1);
    expect(await audits(lead.id, "lead.won")).toHaveLength(1);
    expect((await post(`/api/v1/leads/${lead.id}/lost`, { reason: "late" })).status).toBe(409);
    // Closed: a new enquiry from the person opens a new lead.
    const next = await post("/api/v1/leads", { personId: lead.personId, title: "Second site" });
    expect(next.body.created).toBe(true);
    expect((await post(`/api/v1/leads/${lead.id}/reopen`)).status).toBe(409);
  });

  it("lists with filters: status, owner, stage, source, expected close, text", async () => {
    const personId = await person("Filter Fola");
    const lead = (
      await post(
        "/api/v1/leads",
        { personId, title: "Estate rollout", source: "referral", expectedCloseDate: "2031-03-10" },
        rival,
      )
    ).body;
    const ids = async (query: string) =>
      (await get(`/api/v1/leads?${query}`)).body.items.map((l: { id: string }) => l.id) as string[];
    expect(await ids("q=fola")).toEqual([lead.id]);
    expect(await ids(`q=${lead.number}`)).toEqual([lead.id]);
    expect(await ids("source=referral")).toEqual([lead.id]);
    expect(await ids("closeFrom=2031-03-01&closeTo=2031-03-31")).toEqual([lead.id]);
    expect(await ids("owner=me&q=fola")).toEqual([]);
    expect((await get("/api/v1/leads?owner=me&q=fola", rival)).body.items).toHaveLength(1);
    expect(await ids(`owner=${rivalId}`)).toEqual([lead.id]);
    expect(await ids(`stageId=${pipeline.stages[0]?.id}&status=new&q=fola`)).toEqual([lead.id]);
    expect(await ids("status=won,lost&q=fola")).toEqual([]);
    expect((await get("/api/v1/leads?status=open")).status).toBe(400);
  });

  it("bulk assigns an owner and bulk moves to another pipeline, keeping dedupe", async () => {
    const leads = await Promise.all(
      [1, 2, 3].map(async (i) => (await post("/api/v1/leads", { personId: await person(), title: `Bulk ${i}` })).body),
    );
    const assigned = await post("/api/v1/leads/bulk/assign", {
      ids: [...leads.map((l) => l.id), "00000000-0000-4000-8000-000000000000"],
      ownerUserId: rivalId,
    });
    expect(assigned.body).toMatchObject({ updated: 3, skipped: [{ reason: "does not exist" }] });
    expect((await get(`/api/v1/leads/${leads[0].id}`)).body.ownerUserId).toBe(rivalId);
    expect((await post("/api/v1/leads/bulk/assign", { ids: [], ownerUserId: null })).status).toBe(400);
    const other = await post(
      "/api/v1/pipelines",
      { name: "Enterprise", stages: [{ name: "Survey", defaultProbability: 30 }, { name: "Contract" }] },
      admin,
    );
    expect(other.status).toBe(201);
    // The first person already has an open lead there: that one is skipped, saying why.
    await post("/api/v1/leads", { personId: leads[0].personId, title: "Enterprise deal", pipelineId: other.body.id });
    const moved = await post("/api/v1/leads/bulk/move", { ids: leads.map((l) => l.id), pipelineId: other.body.id });
    expect(moved.body.updated).toBe(2);
    expect(moved.body.skipped[0].reason).toContain("already has an open lead");
    const after = (await get(`/api/v1/leads/${leads[1].id}`)).body;
    expect(after).toMatchObject({ pipelineId: other.body.id, stageName: "Survey", probability: 30 });
  });

  it("pipelines: create, reorder stages, refuse removing a stage or pipeline that holds open leads", async () => {
    expect((await post("/api/v1/pipelines", { name: "Nope", stages: [{ name: "A" }] })).status).toBe(403);
    const p = (
      await post("/api/v1/pipelines", { name: "Wholesale", stages: [{ name: "One" }, { name: "Two" }] }, admin)
    ).body;
    const [one, two] = p.stages;
    const reordered = await patch(
      `/api/v1/pipelines/${p.id}`,
      { stages: [{ id: two.id, name: "Two", defaultProbability: 70 }, { id: one.id, name: "One" }, { name: "Three" }] },
      admin,
    );
    expect(reordered.body.stages.map((s: { name: string }) => s.name)).toEqual(["Two", "One", "Three"]);
    expect((await patch(`/api/v1/pipelines/${p.id}`, { stages: [{ name: "A" }, { name: "a" }] }, admin)).status).toBe(
      400,
    );
    await post("/api/v1/leads", { personId: await person(), title: "In Two", pipelineId: p.id, stageId: two.id });
    const drop = await patch(`/api/v1/pipelines/${p.id}`, { stages: [{ id: one.id, name: "One" }] }, admin);
    expect(drop.status).toBe(409);
    expect(drop.body.detail).toContain('"Two"');
    expect((await send("DELETE", `/api/v1/pipelines/${p.id}`, admin)).status).toBe(409);
    expect((await send("DELETE", `/api/v1/pipelines/${pipeline.id}`, admin)).status).toBe(409);
    const made = await patch(`/api/v1/pipelines/${p.id}`, { isDefault: true }, admin);
    expect(made.body.isDefault).toBe(true);
    const all = (await get("/api/v1/pipelines")).body.items;
    expect(all.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { id: string }) => x.id)).toEqual([p.id]);
    await patch(`/api/v1/pipelines/${pipeline.id}`, { isDefault: true }, admin);
  });

  it("forecast weights value by probability per month (exact, rounded half up); the report counts stages", async () => {
    const p = (
      await post(
        "/api/v1/pipelines",
        {
          name: "Forecast",
          stages: [
            { name: "Early", defaultProbability: 33 },
            { name: "Late", defaultProbability: 50 },
          ],
        },
        admin,
      )
    ).body;
    const make = async (valueMinor: number, expectedCloseDate: string | null, stageId?: string) =>
      (
        await post("/api/v1/leads", {
          personId: await person(),
          title: "F",
          pipelineId: p.id,
          valueMinor,
          currency: "USD",
          expectedCloseDate,
          stageId,
        })
      ).body;
    await make(101, "2032-05-03"); // 33.33
    await make(101, "2032-05-20"); // 33.33 -> 66.66 in the month -> 67
    await make(1000, "2032-07-01", p.stages[1].id); // 500
    await make(999, null);
    const lost = await make(5000, "2032-05-10");
    await post(`/api/v1/leads/${lost.id}/lost`, { reason: "Too expensive" });
    const f = (await get(`/api/v1/sales-reports/forecast?pipelineId=${p.id}&from=2032-05-01&months=3`)).body;
    expect(f.currency).toBe("USD");
    expect(f.months).toEqual([
      { month: "2032-05", count: 2, valueMinor: 202, weightedMinor: 67 },
      { month: "2032-06", count: 0, valueMinor: 0, weightedMinor: 0 },
      { month: "2032-07", count: 1, valueMinor: 1000, weightedMinor: 500 },
    ]);
    expect(f.undated).toEqual({ count: 1, valueMinor: 999, weightedMinor: 330 });
    const r = (await get(`/api/v1/sales-reports/pipeline?pipelineId=${p.id}`)).body;
    expect(r.stages.map((s: { name: string; count: number }) => [s.name, s.count])).toEqual([
      ["Early", 3],
      ["Late", 1],
    ]);
    expect(r).toMatchObject({ lost: { count: 1, valueMinor: 5000 }, won: { count: 0 }, winRate: 0 });
    expect(r.lostReasons).toEqual([{ reason: "Too expensive", count: 1 }]);
    expect((await get("/api/v1/sales-reports/forecast?months=99")).status).toBe(400);
  });

  it("soft delete needs crm:lead:delete (crm:lead:write grants it); the number stays taken", async () => {
    const lead = (await post("/api/v1/leads", { personId: await person(), title: "Remove me" })).body;
    expect((await send("DELETE", `/api/v1/leads/${lead.id}`, agent)).status).toBe(403);
    expect((await send("DELETE", `/api/v1/leads/${lead.id}`, sales)).status).toBe(204);
    expect((await get(`/api/v1/leads/${lead.id}`)).status).toBe(404);
    expect(await withActor(system, () => Sales.fromID(lead.id))).toBeUndefined();
    expect(await audits(lead.id, "lead.deleted")).toHaveLength(1);
  });
});

describe("sales screens: a new lead from the form, and pipeline settings", () => {
  it("opens a lead for a contact typed in the form; a double submit makes one contact and one lead", async () => {
    const contact = { name: "Funmi Bakare", phone: "+234 803 555 0101", email: "Funmi@Example.com" };
    const form = { title: "Office fibre, Ikeja", contact, valueMinor: 12_345_678, currency: "ngn", source: "walk_in" };
    const first = await post("/api/v1/leads", form);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, personName: "Funmi Bakare", valueMinor: 12_345_678 });
    expect(first.body).toMatchObject({ currency: "NGN", source: "walk_in", stageName: "New", ownerUserId: salesId });
    // The same form again (a double click, a retry): the contact is found by phone, the lead is the first.
    const [again, racing] = await Promise.all([post("/api/v1/leads", form), post("/api/v1/leads", form)]);
    for (const r of [again, racing]) expect(r.body).toMatchObject({ created: false, id: first.body.id });
    const people = await useTransaction((tx) =>
      tx.select().from(personChannelTable).where(eq(personChannelTable.value, "+2348035550101")),
    );
    expect(people).toHaveLength(1);
    expect(people[0]?.personId).toBe(first.body.personId);
    // Two new contacts at once, never seen before: one person, one lead.
    const twice = { title: "Shop fibre", contact: { name: "Tunde Ade", email: "tunde.ade@example.com" } };
    const pair = await Promise.all([post("/api/v1/leads", twice), post("/api/v1/leads", twice)]);
    expect(new Set(pair.map((r) => r.body.id)).size).toBe(1);
    expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
    const tunde = await useTransaction((tx) =>
      tx.select().from(personTable).where(eq(personTable.email, "tunde.ade@example.com")),
    );
    expect(tunde).toHaveLength(1);
  });

  it("refuses a contact it could not find again, or both a person and a contact, saying what to fix", async () => {
    const cases: [unknown, string, number][] = [
      [{ title: "x", contact: { name: "No address" } }, "contact.phone", 400],
      [{ title: "x", contact: { name: "Bad phone", phone: "0803 000 0000" } }, "contact.phone", 400],
      [{ title: "x", contact: { name: "Bad email", email: "not-an-email" } }, "contact.email", 400],
      [{ title: "x", contact: { name: "", phone: "+2348030000001" } }, "contact.name", 400],
      [{ title: "x", personId: await person(), contact: { name: "Both", phone: "+2348030000002" } }, "personId", 400],
      // The phone is Funmi's and the email Tunde's: two people, so the form must pick one.
      [
        { title: "x", contact: { name: "Mixed", phone: "+2348035550101", email: "tunde.ade@example.com" } },
        "contact",
        409,
      ],
    ];
    for (const [body, field, status] of cases) {
      const res = await post("/api/v1/leads", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(res.body.errors ?? res.body), field).toContain(field);
    }
    // A support agent may write contacts but not leads.
    const agentTry = await post(
      "/api/v1/leads",
      { title: "x", contact: { name: "A", phone: "+2348030000003" } },
      agent,
    );
    expect(agentTry.status).toBe(403);
  });

  it("a sales manager sets up a pipeline; a stage with open leads is archived only after they move", async () => {
    const [, manager] = await user("mara.manager@example.com", ["sales_manager"]);
    expect((await post("/api/v1/pipelines", { name: "Government" })).status).toBe(403);
    const made = await post("/api/v1/pipelines", { name: "Government" }, manager);
    expect(made.status).toBe(201);
    expect(made.body.stages.map((s: { name: string }) => s.name)).toEqual([
      "New",
      "Contacted",
      "Qualified",
      "Proposal",
      "Negotiation",
    ]);
    const p = made.body as typeof pipeline & { id: string };
    const [fresh, contacted, qualified] = p.stages as { id: string; name: string }[];
    // Reorder (Qualified up), rename, set a probability and the status leads take there: one save.
    const saved = await patch(
      `/api/v1/pipelines/${p.id}`,
      {
        name: "Government deals",
        stages: [
          { id: fresh?.id, name: "New", defaultProbability: 5, status: "new" },
          { id: qualified?.id, name: "Site survey", defaultProbability: 35, status: "qualified" },
          ...p.stages.slice(1).filter((s) => s.id !== qualified?.id),
        ],
      },
      manager,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.name).toBe("Government deals");
    expect(saved.body.stages.slice(0, 3).map((s: { name: string }) => s.name)).toEqual([
      "New",
      "Site survey",
      "Contacted",
    ]);
    expect(saved.body.stages[1]).toMatchObject({ defaultProbability: 35, status: "qualified" });

    const inContacted = [];
    for (const title of ["Bank HQ", "Hospital"]) {
      inContacted.push(
        (await post("/api/v1/leads", { personId: await person(), title, pipelineId: p.id, stageId: contacted?.id }))
          .body,
      );
    }
    const archive = (stageId: string, body: unknown = {}, headers = manager) =>
      post(`/api/v1/pipelines/${p.id}/stages/${stageId}/archive`, body, headers);
    expect((await archive(contacted?.id as string, {}, sales)).status).toBe(403);
    const refused = await archive(contacted?.id as string);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('Stage "Contacted" still holds 2 open lead(s): choose a stage to move them to');
    expect(refused.body.errors).toEqual([
      { path: "moveToStageId", message: "2 open lead(s) must move to another stage first" },
    ]);
    expect((await archive(contacted?.id as string, { moveToStageId: contacted?.id })).status).toBe(400);
    const done = await archive(contacted?.id as string, { moveToStageId: qualified?.id });
    expect(done.status).toBe(200);
    expect(done.body.stages.map((s: { name: string }) => s.name)).toEqual([
      "New",
      "Site survey",
      "Proposal",
      "Negotiation",
    ]);
    for (const lead of inContacted) {
      expect((await get(`/api/v1/leads/${lead.id}`)).body).toMatchObject({
        stageName: "Site survey",
        probability: 35,
        status: "qualified",
      });
      expect(await events("sales.lead_stage_changed", lead.id)).toHaveLength(1);
    }
    expect(await audits(p.id, "pipeline.stage_archived")).toHaveLength(1);
    // An empty stage goes at once; again, or the last stage, is refused.
    expect((await archive(fresh?.id as string)).status).toBe(200);
    expect((await archive(fresh?.id as string)).status).toBe(404);
    const board = (await get(`/api/v1/leads/board?pipelineId=${p.id}`)).body;
    expect(board.pipeline.stages.map((s: { name: string }) => s.name)).toEqual([
      "Site survey",
      "Proposal",
      "Negotiation",
    ]);
  });
});
