import { encodeCursor } from "@dotmac/core/platform/input";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { appSignIn, portalWorld } from "../support/portals";

// Issue 9 finding 7: NUL bytes and out-of-range values ended in 500 on these requests. Each is now a
// 400 problem+json that names what to fix; tests/security/fuzz.test.ts covers every other route.

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let world: Awaited<ReturnType<typeof portalWorld>>;
let staff: string;
let customer: string;
let ticket: { id: string; number: string };

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  world = await portalWorld("Bad");
  staff = await staffToken();
  customer = (await appSignIn(api.request, "customer", world.accounts.customer.email)).accessToken;
  const res = await send(staff, "POST", "/api/v1/tickets", {
    title: "Router down",
    subscriberId: world.subscribers.subA,
  });
  ticket = ((await res.json()) as { ticket: typeof ticket }).ticket;
});
afterAll(() => t.close());

function send(token: string, method: string, path: string, body?: unknown) {
  return api.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A 400 problem+json whose errors name `path`, and whose detail says so too. */
async function expectRefused(res: Response, path: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { code: string; detail: string; errors?: { path: string; message: string }[] };
  expect(problem.code).toBe("validation");
  expect(problem.errors?.map((e) => e.path)).toContain(path);
  expect(problem.detail).toContain(path);
  return problem;
}

describe("issue 9 finding 7", () => {
  it("issue 9 finding 7: a NUL in a staff comment body is a 400 naming the field", async () => {
    const res = await send(staff, "POST", `/api/v1/tickets/${ticket.id}/comments`, { body: "see\u0000this" });
    const problem = await expectRefused(res, "body");
    expect(problem.detail).toMatch(/NUL/);
  });

  it("issue 9 finding 7: a lone surrogate in a staff comment body is a 400 naming the field", async () => {
    const res = await send(staff, "POST", `/api/v1/tickets/${ticket.id}/comments`, { body: "half \ud83d of an emoji" });
    const problem = await expectRefused(res, "body");
    expect(problem.detail).toMatch(/surrogate/);
  });

  it("issue 9 finding 7: a NUL in a customer comment body is a 400 naming the field", async () => {
    const res = await send(customer, "POST", `/api/v1/customer/tickets/${ticket.id}/comments`, { body: "hi\u0000" });
    await expectRefused(res, "body");
  });

  it("issue 9 finding 7: a NUL in a ticket merge target is a 400 naming the field", async () => {
    const res = await send(staff, "POST", `/api/v1/tickets/${ticket.id}/merge`, { targetRef: "TCK\u0000" });
    await expectRefused(res, "targetRef");
  });

  it("issue 9 finding 7: a NUL in a user update is a 400 naming the field", async () => {
    const res = await send(staff, "PATCH", `/api/v1/users/${world.accounts.memberA.id}`, { displayName: "A\u0000" });
    await expectRefused(res, "displayName");
  });

  it("issue 9 finding 7: a NUL in a user role update is a 400 naming the role", async () => {
    const res = await send(staff, "PUT", `/api/v1/users/${world.accounts.staff.id}/roles`, { roles: ["admin\u0000"] });
    await expectRefused(res, "roles.0");
  });

  it("issue 9 finding 7: ?q=%00 on the ticket list is a 400 naming q", async () => {
    await expectRefused(await send(staff, "GET", "/api/v1/tickets?q=%00"), "q");
    // A NUL in a key is named without being echoed: the answer stays storable and loggable.
    const key = await send(staff, "GET", "/api/v1/tickets?a%00b=1");
    expect(key.status).toBe(400);
    expect(await key.text()).not.toContain("\\u0000");
  });

  it("issue 9 finding 7: /tickets/%00 and /customer/tickets/%00 are a 400 naming the path", async () => {
    await expectRefused(await send(staff, "GET", "/api/v1/tickets/%00"), "(path)");
    await expectRefused(await send(customer, "GET", "/api/v1/customer/tickets/%00"), "(path)");
  });

  it("issue 9 finding 7: DELETE /roles/%00 is a 400 naming the path", async () => {
    await expectRefused(await send(staff, "DELETE", "/api/v1/roles/%00"), "(path)");
  });

  it("issue 9 finding 7: an out-of-range createdFrom on the ticket list and the audit list is a 400", async () => {
    const bad = [
      "+275760-09-13T00:00:00.000Z",
      "-271821-04-20T00:00:00.000Z",
      "275760-09-13",
      "1e15",
      "5",
      "1899-12-31",
    ];
    for (const value of bad) {
      const v = encodeURIComponent(value);
      await expectRefused(await send(staff, "GET", `/api/v1/tickets?createdFrom=${v}`), "createdFrom");
      await expectRefused(await send(staff, "GET", `/api/v1/tickets?createdTo=${v}`), "createdTo");
      await expectRefused(await send(staff, "GET", `/api/v1/audit?from=${v}`), "from");
      const problem = await expectRefused(await send(staff, "GET", `/api/v1/audit?to=${v}`), "to");
      expect(problem.detail).toMatch(/ISO 8601|between 1900-01-01 and 9999-12-31/);
    }
  });

  it("issue 9 finding 7: the dates the portal sends (a local midnight as ISO, or a day) are still accepted", async () => {
    // packages/web sends `new Date("2026-11-01T00:00:00").toISOString()`; an API client may send a day.
    for (const from of [new Date("2026-01-01T00:00:00").toISOString(), "2026-01-01", "2026-01-01T01:00:00+01:00"]) {
      const v = encodeURIComponent(from);
      const list = await send(staff, "GET", `/api/v1/tickets?createdFrom=${v}&createdTo=9999-12-31`);
      expect(list.status).toBe(200);
      expect(((await list.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toContain(ticket.id);
      expect((await send(staff, "GET", `/api/v1/audit?from=${v}`)).status).toBe(200);
    }
  });

  it("issue 9 finding 7: a crafted cursor (an out-of-range instant, a NUL, not ours) is a 400 naming cursor", async () => {
    const crafted = [
      encodeCursor(["+275760-09-13T00:00:00.000Z", ticket.id]),
      encodeCursor(["5", ticket.id]),
      encodeCursor(["2026-01-01T00:00:00.000000Z", "not-a-uuid"]),
      encodeCursor(["a\u0000", world.accounts.staff.id]),
      "not-base64!",
    ];
    for (const [i, cursor] of crafted.entries()) {
      const c = encodeURIComponent(cursor);
      await expectRefused(await send(staff, "GET", `/api/v1/tickets?cursor=${c}`), "cursor");
      await expectRefused(await send(staff, "GET", `/api/v1/audit?cursor=${c}`), "cursor");
      await expectRefused(await send(customer, "GET", `/api/v1/customer/tickets?cursor=${c}`), "cursor");
      // The account list pages by (email, id): any text passes as an email there, a NUL does not.
      if (i >= 2) await expectRefused(await send(staff, "GET", `/api/v1/users?cursor=${c}`), "cursor");
    }
  });

  it("issue 9 finding 7: an out-of-range instant in a body (ticket due date, API key expiry) is a 400 naming it", async () => {
    const due = await send(staff, "PATCH", `/api/v1/tickets/${ticket.id}`, { dueAt: "+275760-09-13T00:00:00.000Z" });
    await expectRefused(due, "dueAt");
    const key = await send(staff, "POST", "/api/v1/api-keys", { name: "far", scopes: ["audit:read"], expiresAt: 1e15 });
    await expectRefused(key, "expiresAt");
  });

  it("issue 9 finding 7: a reference to a record that does not exist is a 400 naming the field, not a 500", async () => {
    const res = await send(staff, "POST", "/api/v1/users", {
      email: "ghost@example.com",
      displayName: "Ghost",
      personId: "0190b7a4-0000-7000-8000-00000000dead",
    });
    const problem = await expectRefused(res, "personId");
    expect(problem.detail).toMatch(/does not exist/);
  });
});
