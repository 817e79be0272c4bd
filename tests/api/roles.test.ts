import * as Access from "@dotmac/core/access";
import * as Audit from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

type Role = Auth.Rbac.Role;
type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

const PASSWORD = "correct horse battery staple";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: string;
let adminId: string;
let supportToken: string;
let auditorToken: string;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = await staffToken();
  adminId = (await Auth.fromEmail("ops@example.com"))?.id ?? "";
  await Auth.createUser({ email: "desk@example.com", password: PASSWORD, displayName: "Desk", roles: ["support"] });
  await Auth.createUser({ email: "audit@example.com", password: PASSWORD, displayName: "Aud", roles: ["auditor"] });
  supportToken = (await passwordSignIn({ email: "desk@example.com", password: PASSWORD })).accessToken;
  auditorToken = (await passwordSignIn({ email: "audit@example.com", password: PASSWORD })).accessToken;
});
afterAll(() => t.close());

const call = (token: string, method: string, path: string, body?: unknown) =>
  api.request(`/api/v1/roles${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const asAdmin = (method: string, path: string, body?: unknown) => call(admin, method, path, body);

async function expectStatus(res: Response, status: number) {
  expect(res.status, await res.clone().text()).toBe(status);
  return res;
}
const problem = async (res: Response) => (await res.clone().json()) as Problem;
const fieldsOf = async (res: Response) => ((await problem(res)).errors ?? []).map((e) => e.path);
async function roles(): Promise<Role[]> {
  return ((await (await expectStatus(await asAdmin("GET", ""), 200)).json()) as { items: Role[] }).items;
}
const role = async (name: string) => (await roles()).find((r) => r.name === name);

describe("GET /api/v1/roles and /permissions", () => {
  it("lists the built-in roles marked as such, with how many active accounts hold each", async () => {
    const list = await roles();
    expect(list.find((r) => r.name === "admin")).toMatchObject({ builtin: true, permissions: ["*"], holders: 1 });
    expect(list.find((r) => r.name === "support")).toMatchObject({ builtin: true, portal: "staff", holders: 1 });
    expect(list.find((r) => r.name === "reseller_admin")).toMatchObject({ portal: "reseller" });
  });

  it("lists every permission key, and the same keys grouped by area", async () => {
    const res = await expectStatus(await asAdmin("GET", "/permissions"), 200);
    const body = (await res.json()) as { items: string[]; groups: { area: string; permissions: string[] }[] };
    expect(body.items).toEqual([...Access.permissions]);
    expect(body.groups.flatMap((g) => g.permissions)).toEqual(body.items);
    expect(body.groups.map((g) => g.area)).toEqual(expect.arrayContaining(["crm", "support", "network", "field"]));
    for (const g of body.groups) for (const key of g.permissions) expect(key.startsWith(`${g.area}:`)).toBe(true);
  });
});

describe("custom roles: create → change → delete", () => {
  it("POST creates a staff role (201) with its keys de-duplicated and sorted, and audits it", async () => {
    const res = await expectStatus(
      await asAdmin("POST", "", {
        name: "billing_desk",
        description: "Billing questions",
        permissions: ["support:ticket:read", "crm:contact:read", "crm:contact:read"],
      }),
      201,
    );
    expect(await res.json()).toEqual({ name: "billing_desk" });
    expect(await role("billing_desk")).toEqual({
      name: "billing_desk",
      description: "Billing questions",
      portal: "staff",
      permissions: ["crm:contact:read", "support:ticket:read"],
      mfaRequired: false,
      builtin: false,
      holders: 0,
    });
    const actor = staffActor({ id: adminId, email: "ops@example.com", roles: ["admin"] });
    const { items } = await withActor(actor, () => Audit.list({ action: "role.created" }));
    expect(items[0]?.changes?.name).toEqual({ to: "billing_desk" });
  });

  it("400 names the fields: a bad name and an unknown key; 409 for a taken or built-in name", async () => {
    const bad = await expectStatus(
      await asAdmin("POST", "", { name: "Bad Name!", permissions: ["crm:everything"] }),
      400,
    );
    expect(await fieldsOf(bad)).toEqual(expect.arrayContaining(["name", "permissions.0"]));
    await expectStatus(await asAdmin("POST", "", { name: "billing_desk" }), 409);
    await expectStatus(await asAdmin("POST", "", { name: "admin" }), 409);
  });

  it("PATCH changes a custom role's keys, description and MFA flag (204)", async () => {
    await expectStatus(
      await asAdmin("PATCH", "/billing_desk", { permissions: ["crm:contact:write"], mfaRequired: true }),
      204,
    );
    expect(await role("billing_desk")).toMatchObject({
      permissions: ["crm:contact:write"],
      mfaRequired: true,
      description: "Billing questions",
    });
    const bad = await expectStatus(await asAdmin("PATCH", "/billing_desk", { mfaRequired: "yes" }), 400);
    expect(await fieldsOf(bad)).toEqual(["mfaRequired"]);
  });

  it("PATCH of a built-in role changes only whether it requires MFA; its keys are 409", async () => {
    await expectStatus(await asAdmin("PATCH", "/operator", { mfaRequired: true }), 204);
    expect(await role("operator")).toMatchObject({ mfaRequired: true, builtin: true });
    const res = await expectStatus(await asAdmin("PATCH", "/operator", { permissions: ["audit:read"] }), 409);
    expect((await problem(res)).detail).toMatch(/built-in/);
  });

  it("DELETE removes a custom role and takes it from its holders; built-in roles are 409", async () => {
    const holder = await Auth.createUser({
      email: "holder@example.com",
      password: PASSWORD,
      displayName: "Holder",
      roles: ["billing_desk", "support"],
    });
    expect((await role("billing_desk"))?.holders).toBe(1);
    await expectStatus(await asAdmin("DELETE", "/billing_desk"), 204);
    expect(await role("billing_desk")).toBeUndefined();
    expect((await Auth.fromEmail(holder.email))?.roles).toEqual(["support"]);
    await expectStatus(await asAdmin("DELETE", "/support"), 409);
  });

  it("404 for a role that does not exist", async () => {
    expect(
      (await problem(await expectStatus(await asAdmin("PATCH", "/nobody", { mfaRequired: true }), 404))).code,
    ).toBe("not_found");
    await expectStatus(await asAdmin("DELETE", "/nobody"), 404);
  });
});

describe("security", () => {
  it("a support user may not read or change roles (403); no credentials is 401", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", ""],
      ["GET", "/permissions"],
      ["POST", "", { name: "sneaky" }],
      ["PATCH", "/support", { mfaRequired: false }],
      ["DELETE", "/support"],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(supportToken, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await problem(res)).detail).toMatch(/rbac:/);
      const anonymous = await api.request(`/api/v1/roles${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(anonymous.status, `anonymous ${method} ${path}`).toBe(401);
    }
    expect(await role("sneaky")).toBeUndefined();
  });

  it("an auditor reads roles and keys but cannot change them", async () => {
    expect((await call(auditorToken, "GET", "")).status).toBe(200);
    expect((await call(auditorToken, "GET", "/permissions")).status).toBe(200);
    expect((await call(auditorToken, "POST", "", { name: "mine" })).status).toBe(403);
    expect((await call(auditorToken, "PATCH", "/auditor", { mfaRequired: true })).status).toBe(403);
    expect((await call(auditorToken, "DELETE", "/operator")).status).toBe(403);
  });
});
