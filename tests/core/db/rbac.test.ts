import * as Access from "@dotmac/core/access";
import * as Audit from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

const PASSWORD = "a long enough passphrase";

/**
 * The hierarchy rule written the plain way, one (held, wanted) pair at a time: the reference the
 * implementation (which lists the granting keys of a wanted key) is checked against.
 */
function grantsRef(held: string, wanted: string): boolean {
  if (held === wanted) return true;
  // Assigning anyone includes taking a ticket for oneself (permissions.ts).
  if (held === "support:ticket:assign" && wanted === "support:ticket:take") return true;
  const h = held.split(":");
  const w = wanted.split(":");
  const change = (a: string | undefined) => a === "create" || a === "update" || a === "delete";
  if (w.length === 3 && h.length === 2 && h[0] === w[0]) {
    if (w[2] === "read" && h[1] === "read") return true;
    if ((change(w[2]) || w[2] === "write") && h[1] === "write") return true;
  }
  if (w.length === 3 && h.length === 3 && h[0] === w[0] && h[1] === w[1] && change(w[2]) && h[2] === "write") {
    return true;
  }
  return w.length === 2 && h.length === 2 && h[0] === w[0] && change(w[1]) && h[1] === "write";
}

const area = fc.constantFrom("crm", "support", "network", "x");
const thing = fc.constantFrom("contact", "ticket", "read", "write", "y");
const action = fc.constantFrom("read", "write", "create", "update", "delete", "admin", "dispatch", "view");
const key = fc.oneof(
  fc.tuple(area, action).map((p) => p.join(":")),
  fc.tuple(area, thing, action).map((p) => p.join(":")),
  fc.tuple(area, thing, thing, action).map((p) => p.join(":")),
  area,
);

let t: TestDatabase;
let boss: Auth.Info;
let admin: Actor;
const asAdmin = <T>(fn: () => T) => withActor(admin, fn);
beforeAll(async () => {
  t = await setupTestDatabase();
  boss = await Auth.createUser({
    email: "boss@example.com",
    password: PASSWORD,
    displayName: "Boss",
    roles: ["admin"],
  });
  admin = staffActor(boss, { roles: ["admin"] });
});
afterAll(() => t.close());

let n = 0;
async function staffUser(roles: string[] = []) {
  const email = `rbac${++n}@example.com`;
  const user = await Auth.createUser({ email, password: PASSWORD, displayName: `User ${n}`, roles });
  const signedIn = await Auth.login({ email, password: PASSWORD });
  if ("mfaRequired" in signedIn) throw new Error("unexpected MFA challenge");
  return { user, token: signedIn.accessToken };
}

/** What the middleware computes for the next request made with this token. */
const nextRequest = (token: string) => Auth.verifySession(token, "staff");
const canOnNextRequest = async (token: string, key: Parameters<typeof Access.requirePermission>[0]) => {
  const actor: Actor = { type: "user", properties: await nextRequest(token) };
  try {
    withActor(actor, () => Access.requirePermission(key));
    return true;
  } catch {
    return false;
  }
};

describe("the hierarchy rule", () => {
  it("agrees with the plain reference for any held keys and any wanted key", () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 8 }), key, (held, wanted) => {
        expect(Access.satisfies(held, wanted)).toBe(held.some((h) => grantsRef(h, wanted)));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees on the real v1 keys too, and a key always grants itself", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Access.permissions), fc.constantFrom(...Access.permissions), (held, wanted) => {
        expect(Access.satisfies([held], wanted)).toBe(grantsRef(held, wanted));
        expect(Access.grantingKeys(wanted)).toContain(wanted);
      }),
      { numRuns: 3000 },
    );
  });

  it("spot checks: area read covers every thing's read, thing write covers its create but not its read", () => {
    expect(Access.satisfies(["crm:read"], "crm:contact:read")).toBe(true);
    expect(Access.satisfies(["crm:write"], "crm:contact:delete")).toBe(true);
    expect(Access.satisfies(["support:ticket:write"], "support:ticket:update")).toBe(true);
    expect(Access.satisfies(["support:ticket:write"], "support:ticket:read")).toBe(false);
    expect(Access.satisfies(["support:ticket:write"], "support:ticket:assign")).toBe(false);
    expect(Access.satisfies(["customer:write"], "customer:delete")).toBe(true);
    expect(Access.satisfies(["customer:write"], "customer:read")).toBe(false);
    expect(Access.satisfies(["crm:read"], "support:ticket:read")).toBe(false);
  });
});

describe(`roles and grants on ${dbKind}`, () => {
  it("admin bypasses every key with no keys of its own; a non-staff account holding 'admin' gets nothing", () => {
    const bare = staffActor({ id: boss.id, email: boss.email, roles: ["admin"] }, { permissions: [] });
    for (const key of Access.permissions)
      expect(() => withActor(bare, () => Access.requirePermission(key))).not.toThrow();
    const customer = staffActor(
      { id: boss.id, email: "c@example.com", roles: ["admin"] },
      { portal: "customer", permissions: [...Access.permissions] },
    );
    expect(() => withActor(customer, () => Access.requirePermission("audit:read"))).toThrow(/audit:read/);
  });

  it("a custom role's keys take effect on the holder's next request and are gone after the change", async () => {
    const { user, token } = await staffUser();
    expect(await canOnNextRequest(token, "crm:lead:read")).toBe(false);

    await asAdmin(() => Auth.Rbac.createRole({ name: "lead_desk", permissions: ["crm:lead:read", "crm:lead:write"] }));
    await asAdmin(() => Auth.Rbac.assignRoles({ id: user.id, roles: ["lead_desk"] }));
    expect((await nextRequest(token)).permissions).toEqual(["crm:lead:read", "crm:lead:write"]);
    expect(await canOnNextRequest(token, "crm:lead:delete")).toBe(true); // crm:lead:write grants it
    expect(await canOnNextRequest(token, "crm:contact:read")).toBe(false);

    await asAdmin(() => Auth.Rbac.updateRole({ name: "lead_desk", permissions: ["crm:lead:write"] }));
    expect(await canOnNextRequest(token, "crm:lead:read")).toBe(false);
    expect(await canOnNextRequest(token, "crm:lead:write")).toBe(true);

    await asAdmin(() => Auth.Rbac.deleteRole({ name: "lead_desk" }));
    const after = await nextRequest(token);
    expect(after.roles).toEqual([]);
    expect(after.permissions).toEqual([]);
  });

  it("a direct grant takes effect on the next request and is gone after it is revoked", async () => {
    const { user, token } = await staffUser(["support"]);
    expect(await canOnNextRequest(token, "crm:lead:read")).toBe(false);
    await asAdmin(() => Auth.Rbac.grant({ id: user.id, permission: "crm:lead:read" }));
    // Idempotent: granting again changes nothing and writes no second audit row.
    await asAdmin(() => Auth.Rbac.grant({ id: user.id, permission: "crm:lead:read" }));
    expect(await canOnNextRequest(token, "crm:lead:read")).toBe(true);
    // Role keys and the grant add up.
    expect(await canOnNextRequest(token, "support:ticket:read")).toBe(true);

    await asAdmin(() => Auth.Rbac.revokeGrant({ id: user.id, permission: "crm:lead:read" }));
    expect(await canOnNextRequest(token, "crm:lead:read")).toBe(false);
    const { items } = await asAdmin(() => Audit.list({ entityId: user.id }));
    expect(items.map((e) => e.action).filter((a) => a.startsWith("user.permission"))).toEqual([
      "user.permission.revoked",
      "user.permission.granted",
    ]);
  });

  it("a built-in role's keys cannot be edited or the role deleted; only its MFA flag changes", async () => {
    const before = (await asAdmin(() => Auth.Rbac.listRoles())).find((r) => r.name === "support");
    await expect(
      asAdmin(() => Auth.Rbac.updateRole({ name: "support", permissions: ["audit:read"] })),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(asAdmin(() => Auth.Rbac.updateRole({ name: "support", description: "mine" }))).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(asAdmin(() => Auth.Rbac.deleteRole({ name: "support" }))).rejects.toMatchObject({ code: "conflict" });
    await expect(asAdmin(() => Auth.Rbac.createRole({ name: "auditor" }))).rejects.toMatchObject({ code: "conflict" });

    await asAdmin(() => Auth.Rbac.updateRole({ name: "support", mfaRequired: true }));
    const after = (await asAdmin(() => Auth.Rbac.listRoles())).find((r) => r.name === "support");
    expect(after).toEqual({ ...before, mfaRequired: true });
    // Keys of a built-in role still come from code, whatever is stored.
    const support = Access.builtinRoles.find((r) => r.name === "support");
    expect(after?.permissions).toEqual(support?.permissions);
    await asAdmin(() => Auth.Rbac.updateRole({ name: "support", mfaRequired: false }));
  });

  it("a customer account can never be given a staff role, built-in or custom, nor a direct grant", async () => {
    await asAdmin(() => Auth.Rbac.createRole({ name: "staff_only", permissions: ["crm:lead:read"] }));
    const staffRoles = [...Access.builtinRoles.filter((r) => r.portal === "staff").map((r) => r.name), "staff_only"];
    const customer = await Auth.createUser({
      portal: "customer",
      email: "customer@example.com",
      displayName: "Customer",
      roles: [],
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...staffRoles), { minLength: 1 }), async (roles) => {
        await expect(asAdmin(() => Auth.Rbac.assignRoles({ id: customer.id, roles }))).rejects.toMatchObject({
          code: "validation",
        });
      }),
      { numRuns: 25 },
    );
    await expect(
      Auth.createUser({ portal: "customer", email: "c2@example.com", displayName: "C", roles: ["admin"] }),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(asAdmin(() => Auth.Rbac.grant({ id: customer.id, permission: "audit:read" }))).rejects.toMatchObject({
      code: "conflict",
    });
    const stored = await asAdmin(() => Auth.Users.get({ id: customer.id }));
    expect(stored.roles).toEqual([]);
    expect(stored.grants).toEqual([]);
  });

  it("an administrator cannot remove admin from themselves; another administrator can", async () => {
    const { user: second } = await staffUser(["admin"]);
    const self = staffActor(second, { roles: ["admin"] });
    await expect(
      withActor(self, () => Auth.Rbac.assignRoles({ id: second.id, roles: ["support"] })),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/yourself/) });
    // Adding a role next to admin is fine.
    await withActor(self, () => Auth.Rbac.assignRoles({ id: second.id, roles: ["admin", "auditor"] }));
    const changed = await asAdmin(() => Auth.Rbac.assignRoles({ id: second.id, roles: ["auditor"] }));
    expect(changed.roles).toEqual(["auditor"]);
  });

  it("a user without rbac:assign cannot change roles or grants", async () => {
    const { user } = await staffUser(["support"]);
    const support = staffActor(user, { roles: ["support"] });
    await expect(
      withActor(support, () => Auth.Rbac.assignRoles({ id: user.id, roles: ["admin"] })),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      withActor(support, () => Auth.Rbac.grant({ id: user.id, permission: "auth:manage" })),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
