import * as Auth from "@dotmac/core/auth";
import { patchConfig } from "@dotmac/core/platform/config";
import { setMailTransport } from "@dotmac/core/platform/mail";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let ada: Record<string, string>;
let bob: Record<string, string>;
let adaId: string;
let bobId: string;
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  adaId = (await Auth.createUser({ email: "ada@example.com", password, displayName: "Ada", roles: ["support"] })).id;
  bobId = (await Auth.createUser({ email: "bob@example.com", password, displayName: "Bob", roles: ["support"] })).id;
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
    "content-type": "application/json",
  });
  ada = await bearer("ada@example.com");
  bob = await bearer("bob@example.com");
});
afterAll(() => t.close());
afterEach(() => {
  patchConfig({ MAIL_DRIVER: "local" });
  setMailTransport(undefined);
});

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  api.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = (path: string, headers: Record<string, string> = admin) => api.request(path, { headers });

async function assignedTicket(title: string, primaryAssigneeId: string) {
  const created = await (await send("POST", "/api/v1/tickets", admin, { title, priority: "high" })).json();
  const res = await send("POST", `/api/v1/tickets/${created.ticket.id}/assign`, admin, { primaryAssigneeId });
  expect(res.status).toBe(200);
  return created.ticket as { id: string; number: string };
}

describe("notifications API", () => {
  it("each user sees, counts and marks only their own notifications", async () => {
    const first = await assignedTicket("Fibre cut on Allen Avenue", adaId);
    const second = await assignedTicket("OLT timeout in Ikeja", adaId);
    await assignedTicket("BTS down in Lekki", bobId);

    expect(await (await get("/api/v1/notifications/unread-count", ada)).json()).toEqual({ unread: 2 });
    const page = await (await get("/api/v1/notifications?limit=1", ada)).json();
    expect(page).toMatchObject({ unread: 2, nextCursor: expect.any(String) });
    expect(page.items).toEqual([
      {
        id: expect.any(String),
        kind: "ticket_assigned",
        title: `${second.number} was assigned to you`,
        body: null,
        link: `/tickets/${second.number}`,
        ticketId: second.id,
        readAt: null,
        createdAt: expect.any(String),
      },
    ]);
    const next = await (await get(`/api/v1/notifications?limit=1&cursor=${page.nextCursor}`, ada)).json();
    expect(next.items.map((n: { ticketId: string }) => n.ticketId)).toEqual([first.id]);
    expect(next.nextCursor).toBeNull();

    // Bob cannot read or mark Ada's notifications; his list holds his own only.
    const bobList = await (await get("/api/v1/notifications", bob)).json();
    expect(bobList.items).toHaveLength(1);
    expect((await send("POST", `/api/v1/notifications/${page.items[0].id}/read`, bob)).status).toBe(404);

    const read = await send("POST", `/api/v1/notifications/${page.items[0].id}/read`, ada);
    expect(read.status).toBe(200);
    expect((await read.json()).readAt).toEqual(expect.any(String));
    const unread = await (await get("/api/v1/notifications?unread=true", ada)).json();
    expect(unread).toMatchObject({ unread: 1, items: [{ ticketId: first.id }] });

    expect(await (await send("POST", "/api/v1/notifications/read-all", ada)).json()).toEqual({ updated: 1 });
    expect(await (await get("/api/v1/notifications/unread-count", ada)).json()).toEqual({ unread: 0 });
    expect(await (await get("/api/v1/notifications/unread-count", bob)).json()).toEqual({ unread: 1 });
  });

  it("refuses anonymous callers (401), API keys (403) and bad input (400 naming the field)", async () => {
    expect((await api.request("/api/v1/notifications")).status).toBe(401);
    expect((await api.request("/api/v1/notifications/unread-count")).status).toBe(401);
    const key = await (
      await send("POST", "/api/v1/api-keys", admin, { name: "monitor", scopes: ["system:monitoring:read"] })
    ).json();
    const keyHeaders = { authorization: `Bearer ${key.key}` };
    expect((await get("/api/v1/notifications", keyHeaders)).status).toBe(403);

    const bad = await get("/api/v1/notifications?cursor=not-a-cursor", ada);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: "cursor", message: "is invalid" }]);
    expect((await send("POST", "/api/v1/notifications/not-a-uuid/read", ada)).status).toBe(400);
  });

  it("email deliveries are listed for system:monitoring:read only, with failures and their errors", async () => {
    setMailTransport({
      name: "local",
      async deliver() {
        throw new Error("550 mailbox unavailable");
      },
    });
    await assignedTicket("Radio link flapping", bobId);
    expect((await get("/api/v1/notifications/deliveries", bob)).status).toBe(403);
    expect((await api.request("/api/v1/notifications/deliveries")).status).toBe(401);
    const res = await get("/api/v1/notifications/deliveries?status=failed");
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toEqual([
      expect.objectContaining({
        to: "bob@example.com",
        template: "ticket_assigned",
        status: "failed",
        attempts: 1,
        lastError: "550 mailbox unavailable",
        nextAttemptAt: expect.any(String),
        sentAt: null,
      }),
    ]);
  });
});

describe("development mailbox API", () => {
  it("lists and reads the local mail folder for administrators", async () => {
    const ticket = await assignedTicket("Mailbox check", adaId);
    const res = await get("/api/v1/dev/mailbox");
    expect(res.status).toBe(200);
    const { items } = await res.json();
    const mail = items.find((m: { to: string; subject: string }) => m.to === "ada@example.com");
    expect(mail).toMatchObject({
      id: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-[0-9a-f-]{36}$/),
      subject: `[${ticket.number}] Assigned to you: Mailbox check`,
      text: expect.stringContaining(`/tickets/${ticket.number}`),
      html: expect.stringContaining("<!doctype html>"),
      sentAt: expect.any(String),
    });
    // Newest first.
    const times = items.map((m: { sentAt: string }) => m.sentAt);
    expect([...times].sort().reverse()).toEqual(times);

    const one = await get(`/api/v1/dev/mailbox/${mail.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(mail);
    expect((await get("/api/v1/dev/mailbox/..%2F..%2Fpglite")).status).toBe(404);
    expect((await get(`/api/v1/dev/mailbox/${mail.id.replace(/.$/, "0")}0`)).status).toBe(404);
  });

  it("is not public, and staff who are not administrators are refused, monitoring readers included", async () => {
    expect((await api.request("/api/v1/dev/mailbox")).status).toBe(401);
    expect((await get("/api/v1/dev/mailbox", ada)).status).toBe(403);
    await Auth.createUser({ email: "aud@example.com", password, displayName: "Aud", roles: ["auditor", "operator"] });
    const auditor = {
      authorization: `Bearer ${(await passwordSignIn({ email: "aud@example.com", password })).accessToken}`,
    };
    expect((await get("/api/v1/dev/mailbox", auditor)).status).toBe(403);
  });

  it("answers 404 when mail goes out through SES", async () => {
    patchConfig({ MAIL_DRIVER: "ses" });
    const res = await get("/api/v1/dev/mailbox");
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toMatch(/MAIL_DRIVER=local/);
  });
});
