import * as Auth from "@dotmac/core/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, signIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newAccount, newOrganization, newSubscriber, PASSWORD } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
const bearer = async (email: string) => ({
  authorization: `Bearer ${(await passwordSignIn({ email, password: PASSWORD })).accessToken}`,
});

interface Customer {
  kind: string;
  id: string;
  label: string;
  detail: string;
  subscriberId?: string;
  personId?: string;
  organizationId?: string;
}

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = auth) => api.request(path, { headers });
const items = async <T>(path: string, headers: Record<string, string> = auth): Promise<T[]> => {
  const res = await get(path, headers);
  expect(res.status, path).toBe(200);
  return ((await res.json()) as { items: T[] }).items;
};

describe("directory: staff for assignee pickers", () => {
  it("finds active staff by name or email, never deactivated staff or other portals' accounts", async () => {
    await newAccount({ email: "grace.hopper@isp.example", displayName: "Grace Hopper", roles: ["support"] });
    const gone = await newAccount({ email: "grace.gone@isp.example", displayName: "Grace Gone", roles: ["support"] });
    await Auth.createUser({
      portal: "customer",
      email: "grace.customer@isp.example",
      password: PASSWORD,
      displayName: "Grace Customer",
      roles: [],
    });
    const off = await api.request(`/api/v1/users/${gone.id}/deactivate`, { method: "POST", headers: auth });
    expect(off.status).toBe(200);

    const byName = await items<{ id: string; email: string; name: string }>("/api/v1/directory/staff?q=grace");
    expect(byName).toEqual([{ id: expect.any(String), email: "grace.hopper@isp.example", name: "Grace Hopper" }]);
    const byEmail = await items<{ email: string }>("/api/v1/directory/staff?q=HOPPER%40isp");
    expect(byEmail.map((s) => s.email)).toEqual(["grace.hopper@isp.example"]);
    // LIKE wildcards are literal text, not patterns.
    expect(await items("/api/v1/directory/staff?q=%25")).toEqual([]);
  });

  it("names given ids, deactivated accounts included, and refuses a malformed id", async () => {
    const all = await items<{ id: string; email: string }>("/api/v1/directory/staff?q=grace");
    const hopper = all[0]?.id as string;
    const gone = (await Auth.fromEmail("grace.gone@isp.example"))?.id as string;
    const named = await items<{ id: string; name: string }>(`/api/v1/directory/staff?ids=${hopper},${gone}`);
    expect(named.map((s) => s.name)).toEqual(["Grace Gone", "Grace Hopper"]);
    const bad = await get("/api/v1/directory/staff?ids=not-a-uuid");
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toMatch(/^ids/);
  });

  it("lists at most 20 without a query, by name", async () => {
    for (let i = 0; i < 22; i++) {
      // Invited accounts (no password to hash) are active staff too.
      const email = `agent${String(i).padStart(2, "0")}@isp.example`;
      await Auth.createUser({ email, displayName: `Agent ${String(i).padStart(2, "0")}` });
    }
    const all = await items<{ name: string }>("/api/v1/directory/staff");
    expect(all).toHaveLength(20);
    const names = all.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
  });
});

describe("directory: customers for the ticket form", () => {
  it("finds subscribers by number and by their party's name, with the ids to put on a ticket", async () => {
    const org = await newOrganization("Marina Towers Estate", "customer");
    const subscriberId = await newSubscriber("SUB-DIR-001", { organizationId: org.id });
    const found = await items<Customer>("/api/v1/directory/customers?q=sub-dir");
    expect(found).toEqual([
      {
        kind: "subscriber",
        id: subscriberId,
        label: "SUB-DIR-001",
        detail: "Marina Towers Estate · Plan of SUB-DIR-001 · SUB-DIR-001 Marina Road · Lagos · active",
        subscriberId,
        organizationId: org.id,
      },
    ]);
    const byParty = await items<Customer>("/api/v1/directory/customers?q=marina%20towers");
    expect(byParty.map((c) => [c.kind, c.id])).toEqual([
      ["subscriber", subscriberId],
      ["organization", org.id],
    ]);
    expect(byParty[1]).toMatchObject({ label: "Marina Towers Estate", organizationId: org.id });
  });

  it("finds people by name, email and phone (including a channel)", async () => {
    const created = await api.request("/api/v1/people", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        firstName: "Chidi",
        lastName: "Okafor",
        email: "chidi@example.com",
        phone: "+234 803 555 0101",
        channels: [{ kind: "whatsapp", value: "+234 809 777 0202" }],
      }),
    });
    expect(created.status).toBe(201);
    const chidi = (await created.json()) as { id: string };
    for (const q of ["okafor", "CHIDI%40example", "555%200101", "777%200202"]) {
      const found = await items<Customer>(`/api/v1/directory/customers?q=${q}`);
      expect(found, q).toEqual([
        {
          kind: "person",
          id: chidi.id,
          label: "Chidi Okafor",
          detail: "chidi@example.com · +2348035550101",
          personId: chidi.id,
        },
      ]);
    }
  });

  it("shares the 20 places between kinds, so many subscribers do not hide an organisation", async () => {
    for (let i = 0; i < 25; i++) await newSubscriber(`SUB-CROWD-${String(i).padStart(2, "0")}`);
    const org = await newOrganization("Crowd Control Ltd", "customer");
    const found = await items<Customer>("/api/v1/directory/customers?q=crowd");
    expect(found).toHaveLength(20);
    expect(found.at(-1)).toMatchObject({ kind: "organization", id: org.id });
    expect(found.filter((c) => c.kind === "subscriber")).toHaveLength(19);
  });

  it("labels exactly the records a ticket names, for readers too", async () => {
    const org = await newOrganization("Label Me Ltd", "customer");
    const subscriberId = await newSubscriber("SUB-DIR-LABEL", { organizationId: org.id });
    const found = await items<Customer>(
      `/api/v1/directory/customers?subscriberId=${subscriberId}&organizationId=${org.id}`,
    );
    expect(found.map((c) => [c.kind, c.label])).toEqual([
      ["subscriber", "SUB-DIR-LABEL"],
      ["organization", "Label Me Ltd"],
    ]);
    await newAccount({ email: "auditor.label@isp.example", displayName: "Auditor", roles: ["auditor"] });
    const auditor = await bearer("auditor.label@isp.example");
    expect((await get(`/api/v1/directory/customers?organizationId=${org.id}`, auditor)).status).toBe(200);
    expect((await get("/api/v1/directory/customers?q=label", auditor)).status).toBe(403);
  });

  it("answers 400 naming q when it is too long", async () => {
    const res = await get(`/api/v1/directory/customers?q=${"x".repeat(201)}`);
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe("q");
  });
});

describe("directory: status transitions for the status picker", () => {
  it("lists the active transitions, with the ones that need a note", async () => {
    const found = await items<{ from: string; to: string; requiresNote: boolean }>("/api/v1/directory/transitions");
    expect(found).toContainEqual({ from: "new", to: "open", requiresNote: false });
    expect(found).toContainEqual({ from: "open", to: "closed", requiresNote: true });
    expect(found.some((t) => t.to === "merged")).toBe(false);
  });
});

describe("directory: security", () => {
  it("needs a session: 401 without credentials", async () => {
    for (const path of ["/api/v1/directory/staff", "/api/v1/directory/customers", "/api/v1/directory/transitions"]) {
      expect((await api.request(path)).status, path).toBe(401);
    }
  });

  it("staff look-up needs support:ticket:read, customer look-up support:ticket:create", async () => {
    await newAccount({ email: "auditor.dir@isp.example", displayName: "Auditor", roles: ["auditor"] });
    await newAccount({ email: "tech.dir@isp.example", displayName: "Tech", roles: ["field_technician"] });
    const auditor = await bearer("auditor.dir@isp.example");
    const tech = await bearer("tech.dir@isp.example");
    expect((await get("/api/v1/directory/staff", auditor)).status).toBe(200);
    expect((await get("/api/v1/directory/transitions", auditor)).status).toBe(200);
    expect((await get("/api/v1/directory/transitions", tech)).status).toBe(403);
    expect((await get("/api/v1/directory/customers", auditor)).status).toBe(403);
    expect((await get("/api/v1/directory/staff", tech)).status).toBe(403);
    expect((await get("/api/v1/directory/customers", tech)).status).toBe(403);
  });

  it("other portals' sessions are refused", async () => {
    await newAccount({ portal: "customer", email: "cust.dir@isp.example", displayName: "Customer" });
    const session = await api.request("/api/v1/customer/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: "cust.dir@isp.example", password: PASSWORD }),
    });
    expect(session.status).toBe(200);
    const cookie = session.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const res = await api.request("/api/v1/directory/customers?q=a", { headers: { cookie, origin: ORIGIN } });
    expect([401, 403]).toContain(res.status);
  });

  it("a staff session cookie works for the portal's GETs", async () => {
    await newAccount({ email: "agent.dir@isp.example", displayName: "Agent Dir", roles: ["support"] });
    const { cookie } = await signIn(api.request, "agent.dir@isp.example", PASSWORD);
    const res = await api.request("/api/v1/directory/staff?q=agent%20dir", { headers: { cookie, origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((s: { email: string }) => s.email)).toEqual(["agent.dir@isp.example"]);
  });
});
