import { randomUUID } from "node:crypto";
import * as Audit from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { userTable } from "@dotmac/core/auth/auth.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

type Summary = Auth.Users.Summary;
type Detail = Auth.Users.Detail;
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

const PASSWORD = "correct horse battery staple";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: string;
let adminId: string;
let supportToken: string;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = await staffToken();
  adminId = (await Auth.fromEmail("ops@example.com"))?.id ?? "";
  await Auth.createUser({ email: "desk@example.com", password: PASSWORD, displayName: "Desk", roles: ["support"] });
  supportToken = (await passwordSignIn({ email: "desk@example.com", password: PASSWORD })).accessToken;
});
afterAll(() => t.close());

/** `/` is the collection itself: `/api/v1/users`, no trailing slash. */
const url = (path: string) => `/api/v1/users${path.replace(/^\/(?=\?|$)/, "")}`;
const call = (token: string, method: string, path: string, body?: unknown) =>
  api.request(url(path), {
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

async function invite(body: Record<string, unknown>): Promise<Auth.Info> {
  const res = await expectStatus(await asAdmin("POST", "/", body), 201);
  return ((await res.json()) as { user: Auth.Info }).user;
}
async function detail(id: string): Promise<Detail> {
  const res = await expectStatus(await asAdmin("GET", `/${id}`), 200);
  return ((await res.json()) as { user: Detail }).user;
}
async function page(query: Record<string, string>) {
  const res = await expectStatus(await asAdmin("GET", `/?${new URLSearchParams(query)}`), 200);
  return (await res.json()) as { items: Summary[]; nextCursor: string | null };
}
const auditOf = async (id: string) =>
  (
    await withActor(staffActor({ id: adminId, email: "ops@example.com", roles: ["admin"] }), () =>
      Audit.list({ entityId: id }),
    )
  ).items.map((e) => e.action);

async function activeUser(email: string, roles: string[] = []) {
  const user = await Auth.createUser({ email, password: PASSWORD, displayName: email.split("@")[0] ?? email, roles });
  return user;
}

describe("invite → the account appears as invited → the invitation can be resent", () => {
  let invited: Auth.Info;

  it("POST answers 201 with the new account and emails a link to choose a password", async () => {
    invited = await invite({ email: "New.Hire@Example.com", displayName: "New Hire", roles: ["support"] });
    expect(invited).toMatchObject({ portal: "staff", email: "new.hire@example.com", roles: ["support"] });
    const mail = (await listLocalMail()).filter((m) => m.to === "new.hire@example.com");
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toMatch(/accept-invitation#token=/);
    expect(await auditOf(invited.id)).toEqual(expect.arrayContaining(["user.created", "user.invited"]));
  });

  it("GET /{id} shows it invited: no password, no sessions, MFA off, no grants", async () => {
    expect(await detail(invited.id)).toMatchObject({
      status: "invited",
      invited: true,
      mfaEnabled: false,
      activeSessions: 0,
      grants: [],
      deactivatedAt: null,
    });
    const { items } = await page({ status: "invited" });
    expect(items.map((u) => u.email)).toEqual(["new.hire@example.com"]);
  });

  it("POST /{id}/invitation sends a fresh link (204); for an account that has a password it is 409", async () => {
    await expectStatus(await asAdmin("POST", `/${invited.id}/invitation`), 204);
    expect((await listLocalMail()).filter((m) => m.to === "new.hire@example.com")).toHaveLength(2);
    const active = await activeUser("already@example.com");
    const res = await expectStatus(await asAdmin("POST", `/${active.id}/invitation`), 409);
    expect((await problem(res)).detail).toMatch(/already accepted/);
  });

  it("refuses a second account with the same email in the same portal (409), but not in another portal", async () => {
    await expectStatus(await asAdmin("POST", "/", { email: "new.hire@example.com", displayName: "Again" }), 409);
    const customer = await invite({ portal: "customer", email: "new.hire@example.com", displayName: "Same person" });
    expect(customer.portal).toBe("customer");
  });

  it("400 names the fields to fix: bad email, empty name, a staff role for a customer", async () => {
    const bad = await expectStatus(await asAdmin("POST", "/", { email: "nope", displayName: " " }), 400);
    expect(await fieldsOf(bad)).toEqual(expect.arrayContaining(["email", "displayName"]));
    const role = await expectStatus(
      await asAdmin("POST", "/", { portal: "customer", email: "c9@example.com", displayName: "C", roles: ["admin"] }),
      400,
    );
    expect(await fieldsOf(role)).toEqual(["roles"]);
    expect((await problem(role)).detail).toMatch(/admin is a staff role/);
  });
});

describe("GET /: filters and keyset pages", () => {
  beforeAll(async () => {
    for (const name of ["ana", "bo", "cy", "di", "ed"]) await activeUser(`list-${name}@example.com`, ["operator"]);
    await Auth.createUser({
      portal: "reseller",
      email: "list-reseller@example.com",
      displayName: "Zebra Keeper",
      roles: [],
    });
  });

  it("walks every account once, in email order, two at a time", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const result: { items: Summary[]; nextCursor: string | null } = await page({
        limit: "2",
        ...(cursor ? { cursor } : {}),
      });
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((u) => `${u.email}|${u.portal}`));
      cursor = result.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const onePage = (await page({ limit: "200" })).items.map((u) => `${u.email}|${u.portal}`);
    expect(seen).toEqual(onePage);
    const total = await useTransaction((tx) => tx.select({ id: userTable.id }).from(userTable));
    expect(seen).toHaveLength(total.length);
  });

  it("filters by portal, role, status and a part of the email or name", async () => {
    expect((await page({ portal: "reseller" })).items.map((u) => u.email)).toEqual(["list-reseller@example.com"]);
    expect((await page({ role: "operator" })).items).toHaveLength(5);
    expect((await page({ q: "LIST-B" })).items.map((u) => u.email)).toEqual(["list-bo@example.com"]);
    expect((await page({ q: "zebra" })).items.map((u) => u.portal)).toEqual(["reseller"]);
    // LIKE wildcards are literal.
    expect((await page({ q: "%" })).items).toEqual([]);
    expect((await page({ status: "active", role: "operator", limit: "200" })).items).toHaveLength(5);
  });

  it("400 for an unknown status, a bad limit or a forged cursor", async () => {
    expect(await fieldsOf(await expectStatus(await asAdmin("GET", "/?status=gone"), 400))).toEqual(["status"]);
    expect(await fieldsOf(await expectStatus(await asAdmin("GET", "/?limit=0"), 400))).toEqual(["limit"]);
    expect(await fieldsOf(await expectStatus(await asAdmin("GET", "/?cursor=abc"), 400))).toEqual(["cursor"]);
  });
});

describe("PATCH, deactivate and reactivate", () => {
  it("renames and forces a password change, which holds from the user's next request", async () => {
    const user = await activeUser("rename@example.com", ["support"]);
    const token = (await passwordSignIn({ email: "rename@example.com", password: PASSWORD })).accessToken;
    const people = () => api.request("/api/v1/people", { headers: { authorization: `Bearer ${token}` } });
    expect((await people()).status).toBe(200);

    const res = await expectStatus(
      await asAdmin("PATCH", `/${user.id}`, { displayName: "Renamed", mustChangePassword: true }),
      200,
    );
    expect(((await res.json()) as { user: Summary }).user).toMatchObject({
      displayName: "Renamed",
      mustChangePassword: true,
    });
    const refused = await people();
    expect(refused.status).toBe(403);
    expect((await problem(refused)).detail).toMatch(/new password/);
    expect(await auditOf(user.id)).toContain("user.updated");
  });

  it("400 for an empty name or a wrong type; 409 to force a password change on an invited account", async () => {
    const user = await activeUser("patch400@example.com");
    const res = await expectStatus(
      await asAdmin("PATCH", `/${user.id}`, { displayName: "", mustChangePassword: "yes" }),
      400,
    );
    expect(await fieldsOf(res)).toEqual(expect.arrayContaining(["displayName", "mustChangePassword"]));
    const invited = await invite({ email: "not-yet@example.com", displayName: "Not yet" });
    await expectStatus(await asAdmin("PATCH", `/${invited.id}`, { mustChangePassword: true }), 409);
  });

  it("deactivated accounts cannot sign in until reactivated; both are audited", async () => {
    const user = await activeUser("away@example.com");
    await expectStatus(await asAdmin("POST", `/${user.id}/deactivate`), 200);
    expect((await detail(user.id)).status).toBe("deactivated");
    expect((await page({ status: "deactivated" })).items.map((u) => u.email)).toContain("away@example.com");
    await expect(passwordSignIn({ email: "away@example.com", password: PASSWORD })).rejects.toMatchObject({
      code: "unauthenticated",
    });

    const res = await expectStatus(await asAdmin("POST", `/${user.id}/reactivate`), 200);
    expect(((await res.json()) as { user: Summary }).user).toMatchObject({ status: "active", deactivatedAt: null });
    await passwordSignIn({ email: "away@example.com", password: PASSWORD });
    expect(await auditOf(user.id)).toEqual(expect.arrayContaining(["user.deactivated", "user.reactivated"]));
    // Reactivating an active account changes nothing and writes nothing.
    await expectStatus(await asAdmin("POST", `/${user.id}/reactivate`), 200);
    expect((await auditOf(user.id)).filter((a) => a === "user.reactivated")).toHaveLength(1);
  });

  it("an administrator cannot deactivate themselves (409)", async () => {
    await expectStatus(await asAdmin("POST", `/${adminId}/deactivate`), 409);
  });
});

describe("MFA reset, roles and direct grants", () => {
  it("POST /{id}/mfa/reset turns MFA off and ends the user's sessions", async () => {
    const user = await activeUser("lost-phone@example.com");
    await passwordSignIn({ email: "lost-phone@example.com", password: PASSWORD });
    await useTransaction((tx) =>
      tx.update(userTable).set({ totpSecret: "x", totpEnabledAt: new Date() }).where(eq(userTable.id, user.id)),
    );
    expect(await detail(user.id)).toMatchObject({ mfaEnabled: true, activeSessions: 1 });
    await expectStatus(await asAdmin("POST", `/${user.id}/mfa/reset`), 204);
    expect(await detail(user.id)).toMatchObject({ mfaEnabled: false, activeSessions: 0 });
    expect(await auditOf(user.id)).toContain("auth.mfa.reset");
  });

  it("PUT /{id}/roles replaces the roles; a customer cannot hold a staff role; no one removes their own admin", async () => {
    const user = await activeUser("promoted@example.com", ["support"]);
    const res = await expectStatus(await asAdmin("PUT", `/${user.id}/roles`, { roles: ["operator", "auditor"] }), 200);
    expect(((await res.json()) as { user: Auth.Info }).user.roles).toEqual(["auditor", "operator"]);
    expect(await auditOf(user.id)).toContain("user.roles.changed");

    const customer = await invite({ portal: "customer", email: "cust-roles@example.com", displayName: "Cust" });
    const bad = await expectStatus(await asAdmin("PUT", `/${customer.id}/roles`, { roles: ["support"] }), 400);
    expect(await fieldsOf(bad)).toEqual(["roles"]);
    expect(await fieldsOf(await expectStatus(await asAdmin("PUT", `/${user.id}/roles`, { roles: "x" }), 400))).toEqual([
      "roles",
    ]);
    const self = await expectStatus(await asAdmin("PUT", `/${adminId}/roles`, { roles: ["auditor"] }), 409);
    expect((await problem(self)).detail).toMatch(/yourself/);
  });

  it("POST /{id}/grants and DELETE /{id}/grants/{permission} add and take back a direct grant", async () => {
    const user = await activeUser("granted@example.com");
    await expectStatus(await asAdmin("POST", `/${user.id}/grants`, { permission: "crm:lead:read" }), 204);
    expect((await detail(user.id)).grants.map((g) => g.permission)).toEqual(["crm:lead:read"]);
    await expectStatus(await asAdmin("DELETE", `/${user.id}/grants/crm:lead:read`), 204);
    expect((await detail(user.id)).grants).toEqual([]);

    const unknown = await expectStatus(await asAdmin("POST", `/${user.id}/grants`, { permission: "crm:all" }), 400);
    expect(await fieldsOf(unknown)).toEqual(["permission"]);
    await expectStatus(await asAdmin("DELETE", `/${user.id}/grants/crm:all`), 400);
    const customer = await invite({ portal: "customer", email: "cust-grant@example.com", displayName: "Cust" });
    await expectStatus(await asAdmin("POST", `/${customer.id}/grants`, { permission: "audit:read" }), 409);
  });
});

describe("security and missing accounts", () => {
  it("a support user gets 403 on every route; no credentials get 401", async () => {
    const target = await activeUser("target@example.com");
    const routes: [string, string, unknown?][] = [
      ["GET", "/"],
      ["POST", "/", { email: "x@example.com", displayName: "X" }],
      ["GET", `/${target.id}`],
      ["PATCH", `/${target.id}`, { displayName: "Mine" }],
      ["POST", `/${target.id}/deactivate`],
      ["POST", `/${target.id}/reactivate`],
      ["POST", `/${target.id}/invitation`],
      ["POST", `/${target.id}/mfa/reset`],
      ["PUT", `/${target.id}/roles`, { roles: ["admin"] }],
      ["POST", `/${target.id}/grants`, { permission: "auth:manage" }],
      ["DELETE", `/${target.id}/grants/auth:manage`],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(supportToken, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await problem(res)).detail, `${method} ${path}`).toMatch(/auth:manage|rbac:assign/);
      const anonymous = await api.request(url(path), {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(anonymous.status, `anonymous ${method} ${path}`).toBe(401);
    }
    expect((await detail(target.id)).displayName).toBe("target");
  });

  it("404 for an account that does not exist; 400 for an id that is not a UUID", async () => {
    const id = randomUUID();
    for (const [method, path, body] of [
      ["GET", `/${id}`],
      ["PATCH", `/${id}`, { displayName: "X" }],
      ["POST", `/${id}/deactivate`],
      ["POST", `/${id}/reactivate`],
      ["POST", `/${id}/invitation`],
      ["POST", `/${id}/mfa/reset`],
      ["PUT", `/${id}/roles`, { roles: [] }],
      ["POST", `/${id}/grants`, { permission: "audit:read" }],
    ] as [string, string, unknown?][]) {
      const res = await asAdmin(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await problem(res)).code).toBe("not_found");
    }
    expect(await fieldsOf(await expectStatus(await asAdmin("GET", "/not-a-uuid"), 400))).toEqual(["id"]);
  });
});
