import * as Auth from "@dotmac/core/auth";
import * as Contact from "@dotmac/core/contact";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as Sales from "@dotmac/core/sales";
import * as Ticket from "@dotmac/core/ticket";
import * as WorkOrder from "@dotmac/core/workorder";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { newOrder } from "../support/commission";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newOrganization, newSubscriber } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let admin: Headers;
let support: Headers;
const staff = { type: "system", properties: { job: "test.fixture" } } as const;

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field.
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
};
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
const as = <T>(work: () => Promise<T>) => withActor(staff, work);

const newPerson = (displayName: string, email?: string) =>
  as(() => Person.create({ displayName, ...(email ? { email } : {}), partyStatus: "customer" }));
const newTicket = (personId: string, title: string) =>
  as(async () => (await Ticket.create({ title, priority: "medium", personId })).ticket);
const newJob = (personId: string, title: string) =>
  as(() =>
    WorkOrder.create({
      title,
      priority: "medium",
      workType: "install",
      personId,
      requiredSkills: [],
      estimatedDurationMinutes: 60,
      tags: [],
    }),
  );

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = bearer(await staffToken("c360-admin@example.com"));
  await Auth.createUser({
    email: "c360-support@example.com",
    password: "correct horse battery staple",
    displayName: "Sade Support",
    roles: ["support"],
  });
  support = bearer(
    (await passwordSignIn({ email: "c360-support@example.com", password: "correct horse battery staple" })).accessToken,
  );
});
afterAll(() => t.close());

describe("the contact's page is one read", () => {
  let personId: string;
  beforeAll(async () => {
    const org = await newOrganization("Lekki Foods", "customer");
    const person = await as(() =>
      Person.create({
        displayName: "Amaka Obi",
        email: "amaka@example.com",
        phone: "+2348030000001",
        organizationId: org.id,
        partyStatus: "customer",
      }),
    );
    personId = person.id;
    await newSubscriber("C360-1", { personId });
    await newSubscriber("C360-2", { personId });
    for (let i = 1; i <= 7; i++) await newTicket(personId, `No internet ${i}`);
    await newJob(personId, "Install ONT at Lekki");
    await as(() => Sales.create({ personId, title: "Fibre 100 for Lekki Foods" }));
    await newOrder({ personId, resellerOrganizationId: null, netMinor: 150_000, taxMinor: 11_250 });
  });

  it("an admin sees every section: the newest five of each with the total, linked by id and number", async () => {
    const res = await send("GET", `/api/v1/contacts/${personId}`, admin);
    expect(res.status).toBe(200);
    const { person, organization, sections } = res.body;
    expect(person).toMatchObject({ displayName: "Amaka Obi", email: "amaka@example.com" });
    expect(person.channels.map((c: { kind: string }) => c.kind).sort()).toEqual(["email", "phone"]);
    expect(organization).toMatchObject({ name: "Lekki Foods", accountType: "customer" });
    expect(sections.subscribers.total).toBe(2);
    expect(sections.subscribers.items.map((s: { number: string }) => s.number)).toEqual(["C360-1", "C360-2"]);
    expect(sections.tickets.total).toBe(7);
    expect(sections.tickets.items).toHaveLength(Contact.SECTION_SIZE);
    expect(sections.tickets.items[0]).toMatchObject({ title: "No internet 7" });
    expect(sections.tickets.items[0].number).toMatch(/^TCK-/);
    expect(sections.workOrders).toMatchObject({ total: 1, items: [{ title: "Install ONT at Lekki" }] });
    expect(sections.leads).toMatchObject({ total: 1, items: [{ title: "Fibre 100 for Lekki Foods" }] });
    expect(sections.orders).toMatchObject({
      total: 1,
      items: [{ amountMinor: 161_250, currency: "NGN", kind: "pending" }],
    });
    expect(sections.quotes).toEqual({ items: [], total: 0 });
    expect(sections.projects).toEqual({ items: [], total: 0 });
    expect(sections.conversations).toEqual({ items: [], total: 0 });
  });

  it("a section stays five rows however many there are; its total follows the data", async () => {
    for (let i = 0; i < 40; i++) await newTicket(personId, `Flood ${i}`);
    const res = await send("GET", `/api/v1/contacts/${personId}`, admin);
    expect(res.body.sections.tickets.total).toBe(47);
    expect(res.body.sections.tickets.items).toHaveLength(Contact.SECTION_SIZE);
    expect(res.body.sections.tickets.items[0].title).toBe("Flood 39");
  });

  it("support staff see what they may read; the rest is null, not empty", async () => {
    const res = await send("GET", `/api/v1/contacts/${personId}`, support);
    expect(res.status).toBe(200);
    expect(res.body.sections.tickets.total).toBe(47);
    expect(res.body.sections.subscribers.total).toBe(2);
    expect(res.body.sections.workOrders).toBeNull();
    expect(res.body.sections.leads).toBeNull();
    expect(res.body.sections.orders).toBeNull();
  });

  it("a missing person is 404, a malformed id 400, no credentials 401", async () => {
    expect((await send("GET", `/api/v1/contacts/${crypto.randomUUID()}`, admin)).status).toBe(404);
    expect((await send("GET", "/api/v1/contacts/nope", admin)).status).toBe(400);
    expect((await send("GET", `/api/v1/contacts/${personId}`, {})).status).toBe(401);
  });
});

describe("merging two people moves every record of the duplicate", () => {
  it("tickets, work orders, orders and leads follow; a second open lead in the same pipeline stays; audited", async () => {
    const target = await newPerson("Bayo Adeyemi", "bayo@example.com");
    const source = await newPerson("B. Adeyemi", "bayo.adeyemi@example.com");
    await newTicket(source.id, "Slow speeds");
    await newJob(source.id, "Replace router");
    await newOrder({ personId: source.id, resellerOrganizationId: null, netMinor: 10_000 });
    await as(() => Sales.create({ personId: target.id, title: "Target's open lead" }));
    const sourceLead = await as(() => Sales.create({ personId: source.id, title: "Source's open lead" }));

    const candidates = await send("GET", `/api/v1/contacts/${target.id}`, admin);
    expect(candidates.body.mergeCandidates).toEqual([]);

    const res = await send("POST", `/api/v1/contacts/${target.id}/merge`, admin, { sourceId: source.id });
    expect(res.status).toBe(200);
    expect(res.body.moved).toMatchObject({ ticket: 1, work_order: 1, sales_order: 1, crm_lead: 0 });
    const after = await send("GET", `/api/v1/contacts/${target.id}`, admin);
    expect(after.body.sections.tickets.items.map((x: { title: string }) => x.title)).toEqual(["Slow speeds"]);
    expect(after.body.sections.workOrders.total).toBe(1);
    expect(after.body.sections.orders.total).toBe(1);
    expect(after.body.sections.leads.items.map((x: { title: string }) => x.title)).toEqual(["Target's open lead"]);
    expect(sourceLead.personId).toBe(source.id);

    const gone = await send("GET", `/api/v1/contacts/${source.id}`, admin);
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toContain(`merged into ${target.id}`);
    const replay = await send("POST", `/api/v1/contacts/${target.id}/merge`, admin, { sourceId: source.id });
    expect(replay.status).toBe(412);
    const self = await send("POST", `/api/v1/contacts/${target.id}/merge`, admin, { sourceId: target.id });
    expect(self.status).toBe(400);
    const audit = await send("GET", `/api/v1/audit?action=contact.merged&entityId=${target.id}`, admin);
    expect(audit.body.items).toHaveLength(1);
  });

  it("people sharing an address are offered for merging: a WhatsApp number that is another's phone", async () => {
    const one = await as(() =>
      Person.create({ displayName: "Funke Ade", phone: "+2348030000777", partyStatus: "customer" }),
    );
    const two = await as(() =>
      Person.create({
        displayName: "Funke (WhatsApp)",
        partyStatus: "lead",
        channels: [{ kind: "whatsapp", value: "+2348030000777" }],
      }),
    );
    const res = await send("GET", `/api/v1/contacts/${two.id}`, admin);
    expect(res.body.mergeCandidates).toEqual([{ id: one.id, displayName: "Funke Ade", matched: "+2348030000777" }]);
  });

  it("the inbox sidebar offers the same people and its merge is the contact merge: the duplicate's ticket follows", async () => {
    const [channel] = await useTransaction((tx) =>
      tx
        .insert(inboxChannelTable)
        .values({ kind: "whatsapp", name: "Merge line", externalAccountId: "c360-9001" })
        .returning(),
    );
    const { conversationId } = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
      Inbox.Receive.inbound({
        channelId: channel?.id as string,
        from: { value: "+2348030000888", name: "Tolu on WhatsApp" },
        externalId: "wamid.c360-merge-1",
        kind: "text",
        body: "My line is down again",
        providerAt: new Date(),
        windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
      }),
    );
    const duplicate = await as(() =>
      Person.create({ displayName: "Tolu Bakare", phone: "+2348030000888", partyStatus: "customer" }),
    );
    await newTicket(duplicate.id, "Router lights red");
    const C = `/api/v1/inbox/conversations/${conversationId}`;
    const sidebar = await send("GET", C, admin);
    expect(sidebar.body.mergeCandidates).toEqual([
      { id: duplicate.id, displayName: "Tolu Bakare", matched: "+2348030000888" },
    ]);
    const personId = sidebar.body.person.id;
    const merged = await send("POST", `${C}/merge-person`, admin, { personId: duplicate.id });
    expect(merged.status).toBe(200);
    const contact = await send("GET", `/api/v1/contacts/${personId}`, admin);
    expect(contact.body.sections.tickets.items.map((x: { title: string }) => x.title)).toEqual(["Router lights red"]);
    expect((await send("GET", C, admin)).body.mergeCandidates).toEqual([]);
    const audit = await send("GET", `/api/v1/audit?action=contact.merged&entityId=${personId}`, admin);
    expect(audit.body.items).toHaveLength(1);
    expect((await send("POST", `${C}/merge-person`, admin, { personId: duplicate.id })).status).toBe(412);
  });

  it("merging needs crm:contact:write: an auditor is 403", async () => {
    await Auth.createUser({
      email: "c360-auditor@example.com",
      password: "correct horse battery staple",
      displayName: "Ada Auditor",
      roles: ["auditor"],
    });
    const auditor = bearer(
      (await passwordSignIn({ email: "c360-auditor@example.com", password: "correct horse battery staple" }))
        .accessToken,
    );
    const a = await newPerson("Merge A");
    const b = await newPerson("Merge B");
    expect((await send("POST", `/api/v1/contacts/${a.id}/merge`, auditor, { sourceId: b.id })).status).toBe(403);
  });

  it("every table that points at a person is covered by the merge rules (a new one must decide)", async () => {
    const result = (await useTransaction((tx) =>
      tx.execute(sql`
        select distinct cl.relname as table
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_class ref on ref.oid = c.confrelid
        where c.contype = 'f' and ref.relname = 'person'`),
    )) as unknown as { rows: { table: string }[] };
    const personDomain = ["person", "person_channel", "person_status_log", "person_merge_log", "subscriber"];
    const uncovered = result.rows
      .map((r) => r.table)
      .filter((table) => !personDomain.includes(table) && !(table in Contact.mergeRules));
    expect(uncovered).toEqual([]);
  });
});
