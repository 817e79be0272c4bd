import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, signIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers = auth) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });

describe("organisations API", () => {
  it("staff create a reseller and a child, then read and list them", async () => {
    const reseller = await (await post("/api/v1/organizations", { name: "FibreLink", accountType: "reseller" })).json();
    const res = await post("/api/v1/organizations", {
      name: "Lekki Estate",
      accountType: "customer",
      parentId: reseller.id,
    });
    expect(res.status).toBe(201);
    const child = await res.json();
    expect(child).toMatchObject({ name: "Lekki Estate", parentId: reseller.id, status: "active" });

    const got = await api.request(`/api/v1/organizations/${child.id}`, { headers: auth });
    expect(await got.json()).toEqual(child);
    const list = await api.request(`/api/v1/organizations?parentId=${reseller.id}&limit=10`, { headers: auth });
    expect((await list.json()).items.map((o: { id: string }) => o.id)).toEqual([child.id]);
  });

  it("answers 400 naming the field, and 404 for an unknown id", async () => {
    const bad = await post("/api/v1/organizations", { name: "X", accountType: "competitor" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("accountType");
    const missing = await api.request("/api/v1/organizations/0190c000-0000-7000-8000-0000000000ff", { headers: auth });
    expect(missing.status).toBe(404);
  });
});

describe("people API", () => {
  it("staff create a person with channels, read them back and list them", async () => {
    const res = await post("/api/v1/people", {
      firstName: "Ada",
      lastName: "Obi",
      email: "Ada@Example.com",
      channels: [{ kind: "whatsapp", value: "+234 803 000 0001" }],
    });
    expect(res.status).toBe(201);
    const ada = await res.json();
    expect(ada).toMatchObject({ displayName: "Ada Obi", email: "ada@example.com", partyStatus: "lead" });
    expect(ada.channels).toHaveLength(2);

    expect(await (await api.request(`/api/v1/people/${ada.id}`, { headers: auth })).json()).toEqual(ada);
    const list = await (await api.request("/api/v1/people?partyStatus=lead", { headers: auth })).json();
    expect(list.items.map((p: { id: string }) => p.id)).toContain(ada.id);
  });

  it("a taken channel is 409 naming the owner; a bad phone is 400 saying what to fix", async () => {
    const owner = await (await post("/api/v1/people", { displayName: "Owner", phone: "+2348035550000" })).json();
    const taken = await post("/api/v1/people", {
      displayName: "Second",
      channels: [{ kind: "phone", value: "2348035550000" }],
    });
    expect(taken.status).toBe(409);
    expect((await taken.json()).detail).toContain(owner.id);
    const bad = await post("/api/v1/people", { displayName: "Local", phone: "0803 555 0000" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toContain("country code");
  });

  it("needs a session, and a cookie session needs a same-origin request with the CSRF token", async () => {
    const anon = await post("/api/v1/people", { displayName: "Anon" }, { "content-type": "application/json" });
    expect(anon.status).toBe(401);
    expect((await api.request("/api/v1/organizations")).status).toBe(401);
    const { cookie, csrf } = await signIn(api.request, "ops@example.com", "correct horse battery staple");
    const crossSite = await post(
      "/api/v1/organizations",
      { name: "Evil", accountType: "vendor" },
      { cookie, origin: "https://evil.example", "x-csrf-token": csrf, "content-type": "application/json" },
    );
    expect(crossSite.status).toBe(403);
    const sameSite = await post(
      "/api/v1/organizations",
      { name: "Good", accountType: "vendor" },
      { cookie, origin: ORIGIN, "x-csrf-token": csrf, "content-type": "application/json" },
    );
    expect(sameSite.status).toBe(201);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await (await api.request("/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/people",
        "/api/v1/people/{id}",
        "/api/v1/organizations",
        "/api/v1/organizations/{id}",
      ]),
    );
  });
});
