import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import * as Subscriber from "@dotmac/core/subscriber";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { ORIGIN, passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD, portalSignIn, portalWorld } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let world: Awaited<ReturnType<typeof portalWorld>>;
let staff: Record<string, string>;
let dispatcher: Record<string, string>;
let customer: { cookie: string; csrf: string };
let person: { id: string };

const bearer = async (email: string) => ({
  authorization: `Bearer ${(await passwordSignIn({ email, password: PASSWORD })).accessToken}`,
  "content-type": "application/json",
});

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("CCX");
  staff = await bearer(world.accounts.staff.email);
  await Auth.createUser({
    email: "ccx-dispatch@example.com",
    password: PASSWORD,
    displayName: "Dee",
    roles: ["dispatcher"],
  });
  dispatcher = await bearer("ccx-dispatch@example.com");
  customer = await portalSignIn(api.request, "customer", world.accounts.customer.email);
  const res = await api.request("/api/v1/people", {
    method: "POST",
    headers: staff,
    body: JSON.stringify({
      firstName: "Adaeze",
      lastName: "Okafor",
      email: "adaeze.ccx@example.com",
      phone: "+2348031112233",
      organizationId: world.orgs.resellerA.id,
    }),
  });
  expect(res.status).toBe(201);
  person = await res.json();
  await withActor(staffActor({ id: world.accounts.staff.id, email: world.accounts.staff.email }), () =>
    Subscriber.link({ subscriberId: world.subscribers.subA, personId: person.id }),
  );
});
afterAll(() => t.close());

const get = (path: string, headers = staff) => api.request(path, { headers });
const customerPost = (path: string, json: unknown) =>
  api.request(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: ORIGIN,
      cookie: customer.cookie,
      "x-csrf-token": customer.csrf,
    },
    body: JSON.stringify(json),
  });

async function customerTicket(title: string) {
  const res = await customerPost("/api/v1/customer/tickets", { title, description: "From the portal" });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; number: string };
}

describe("the customer behind a ticket", () => {
  it("the staff read names the person, channels, subscriber, organisation, other tickets and the portal author", async () => {
    const earlier = await customerTicket("CCX router blinking red");
    const ticket = await customerTicket("CCX no internet since Monday");
    expect((await customerPost(`/api/v1/customer/tickets/${ticket.id}/comments`, { body: "Still down" })).status).toBe(
      201,
    );

    const res = await get(`/api/v1/tickets/${ticket.number}`);
    expect(res.status).toBe(200);
    const { customer: context, ...read } = await res.json();
    expect(read).toMatchObject({ id: ticket.id, subscriberId: world.subscribers.subA });
    expect(context.person).toMatchObject({
      id: person.id,
      name: "Adaeze Okafor",
      email: "adaeze.ccx@example.com",
      phone: "+2348031112233",
    });
    expect(context.person.channels.map((c: { kind: string }) => c.kind).sort()).toEqual(["email", "phone"]);
    expect(context.subscriber).toMatchObject({
      subscriberNumber: "CCX-A1",
      status: "active",
      planName: "Plan of CCX-A1",
    });
    expect(context.organization).toEqual({ id: world.orgs.resellerA.id, name: "CCX Reseller A" });
    expect(context.otherTickets.map((o: { number: string }) => o.number)).toEqual([earlier.number]);
    // The customer's reply and the creation event are by the portal account: named, not "unknown".
    expect(context.accounts).toEqual([{ id: world.accounts.customer.id, name: "Ada" }]);
    const comments = await (await get(`/api/v1/tickets/${ticket.id}/comments`)).json();
    expect(comments.items.map((c: { authorId: string }) => c.authorId)).toContain(world.accounts.customer.id);
  });

  it("the list carries the customer's name in the same page query", async () => {
    await customerTicket("CCX list column check");
    const page = await (await get("/api/v1/tickets?q=CCX%20list%20column")).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0].customerName).toBe("Adaeze Okafor");
    const byPerson = await (await get(`/api/v1/tickets?personId=${person.id}&limit=200`)).json();
    expect(byPerson.items.map((i: { customerName: string }) => i.customerName)).toContain("Adaeze Okafor");
    const bySubscriber = await (await get(`/api/v1/tickets?subscriberId=${world.subscribers.subA}&limit=200`)).json();
    expect(bySubscriber.items.length).toBeGreaterThanOrEqual(3);
  });

  it("a reader without crm:contact:read sees the name but not the channels", async () => {
    const ticket = await customerTicket("CCX dispatcher view");
    const { customer: context } = await (await get(`/api/v1/tickets/${ticket.id}`, dispatcher)).json();
    expect(context.person).toMatchObject({ name: "Adaeze Okafor", email: null, phone: null, channels: [] });
    expect(context.subscriber.subscriberNumber).toBe("CCX-A1");
  });
});

describe("people, organisations and subscribers for staff", () => {
  it("people search by name, email or phone in keyset pages; one person's subscribers", async () => {
    const byName = await (await get("/api/v1/people?q=okafor")).json();
    expect(byName.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    const byPhone = await (await get("/api/v1/people?q=8031112233")).json();
    expect(byPhone.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    await api.request("/api/v1/people", {
      method: "POST",
      headers: staff,
      body: JSON.stringify({ displayName: "CCX Zed" }),
    });
    const first = await (await get("/api/v1/people?limit=1")).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (await get(`/api/v1/people?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0]?.id).not.toBe(first.items[0].id);
    const subs = await (await get(`/api/v1/subscribers?personId=${person.id}`)).json();
    expect(subs.items).toEqual([
      expect.objectContaining({
        subscriberNumber: "CCX-A1",
        person: { id: person.id, name: "Adaeze Okafor" },
        organization: { id: world.orgs.resellerA.id, name: "CCX Reseller A" },
      }),
    ]);
    const one = await get(`/api/v1/subscribers/${world.subscribers.subA}`);
    expect((await one.json()).address).toBe("CCX-A1 Marina Road, Lagos, NG");
  });

  it("organisations search by name; people and subscribers of one organisation", async () => {
    const orgs = await (await get("/api/v1/organizations?q=ccx%20reseller")).json();
    expect(orgs.items.map((o: { name: string }) => o.name)).toEqual(["CCX Reseller A", "CCX Reseller B"]);
    const people = await (await get(`/api/v1/people?organizationId=${world.orgs.resellerA.id}`)).json();
    expect(people.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    const subs = await (await get(`/api/v1/subscribers?organizationId=${world.orgs.childA.id}`)).json();
    expect(subs.items.map((s: { subscriberNumber: string }) => s.subscriberNumber)).toEqual(["CCX-C1"]);
  });

  it("each screen's permission holds: 403 without it, 401 signed out, 404 for an unknown subscriber", async () => {
    expect((await get("/api/v1/people", dispatcher)).status).toBe(403);
    expect((await get("/api/v1/organizations", dispatcher)).status).toBe(200);
    expect((await get("/api/v1/subscribers", dispatcher)).status).toBe(200);
    expect((await api.request("/api/v1/subscribers")).status).toBe(401);
    const cookie = { cookie: customer.cookie };
    expect((await api.request("/api/v1/subscribers", { headers: cookie })).status).toBe(401);
    const missing = await get("/api/v1/subscribers/0190c000-0000-7000-8000-0000000000ff");
    expect(missing.status).toBe(404);
    const bad = await get("/api/v1/people?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("global search", () => {
  it("finds tickets, people and subscribers, a few of each, escaping % and _", async () => {
    const ticket = await customerTicket("CCX search me 100% please");
    const res = await get("/api/v1/search?q=ccx");
    expect(res.status).toBe(200);
    const found = await res.json();
    expect(found.tickets.length).toBeLessThanOrEqual(5);
    expect(found.subscribers.map((s: { subscriberNumber: string }) => s.subscriberNumber)).toEqual([
      "CCX-A1",
      "CCX-B1",
      "CCX-C1",
    ]);
    const person = await (await get("/api/v1/search?q=adaeze")).json();
    expect(person.people).toEqual([
      { id: expect.any(String), name: "Adaeze Okafor", email: "adaeze.ccx@example.com", phone: "+2348031112233" },
    ]);
    expect(person.subscribers.map((s: { personName: string }) => s.personName)).toEqual(["Adaeze Okafor"]);
    const percent = await (await get(`/api/v1/search?q=${encodeURIComponent("100%")}`)).json();
    expect(percent.tickets.map((x: { id: string }) => x.id)).toEqual([ticket.id]);
    const underscore = await (await get("/api/v1/search?q=__")).json();
    expect(underscore.tickets).toEqual([]);
  });

  it("each kind by its read permission; portal accounts are refused", async () => {
    const asDispatcher = await (await get("/api/v1/search?q=adaeze", dispatcher)).json();
    expect(asDispatcher.people).toEqual([]);
    expect(asDispatcher.subscribers).toHaveLength(1);
    const portal = await api.request("/api/v1/search?q=adaeze", {
      headers: { cookie: customer.cookie, origin: ORIGIN },
    });
    expect([401, 403]).toContain(portal.status);
    expect((await api.request("/api/v1/search?q=adaeze")).status).toBe(401);
  });

  it("bad input is a 400 problem naming the field", async () => {
    for (const query of ["q=a", "q=", "q=ok&limit=99", `q=${"x".repeat(101)}`]) {
      const res = await get(`/api/v1/search?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = await res.json();
      expect(body.errors[0].path, query).toMatch(/^(q|limit)$/);
    }
  });
});

describe("reseller subscriber search", () => {
  it("matches by number inside the reseller's tree only", async () => {
    const admin = await portalSignIn(api.request, "reseller", world.accounts.adminA.email);
    const headers = { cookie: admin.cookie, origin: ORIGIN };
    const res = await api.request("/api/v1/reseller/subscribers?q=c1", { headers });
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((s: { subscriberNumber: string }) => s.subscriberNumber)).toEqual(["CCX-C1"]);
    const other = await (await api.request("/api/v1/reseller/subscribers?q=b1", { headers })).json();
    expect(other.items).toEqual([]);
  });
});
