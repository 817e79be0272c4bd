import * as Auth from "@dotmac/core/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let techAuth: Record<string, string>;
let readerAuth: Record<string, string>;
let opsId: string;
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  opsId = (await Auth.fromEmail("ops@example.com"))?.id as string;
  await Auth.createUser({ email: "tech@example.com", password, displayName: "Tech", roles: ["field_technician"] });
  await Auth.createUser({ email: "auditor@example.com", password, displayName: "Aud", roles: ["auditor"] });
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
    "content-type": "application/json",
  });
  techAuth = await bearer("tech@example.com");
  readerAuth = await bearer("auditor@example.com");
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown, headers = auth) =>
  api.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = (path: string, headers = auth) => api.request(path, { headers });

describe("tickets API", () => {
  it("staff open a ticket, read it by id and number, change, assign, comment, and read the log", async () => {
    const types = (await (await get("/api/v1/tickets/types")).json()).items as { id: string; name: string }[];
    const bts = types.find((x) => x.name === "BTS Outage");
    expect(bts).toBeDefined();

    const noc = await (await send("POST", "/api/v1/teams", { name: "NOC" })).json();
    const res = await send("POST", "/api/v1/tickets", {
      title: "BTS down in Lekki",
      priority: "high",
      ticketTypeId: bts?.id,
      channel: "phone",
      tags: ["outage"],
      teamId: noc.id,
    });
    expect(res.status).toBe(201);
    const { ticket, warnings } = await res.json();
    expect(warnings).toEqual([]);
    expect(ticket).toMatchObject({ title: "BTS down in Lekki", status: "new", priority: "high", tags: ["outage"] });
    expect(ticket.number).toMatch(/^TCK-\d{4}-\d{6}$/);

    // The read adds who the ticket is for (none here: it was opened without a customer, so nobody confirms).
    expect(await (await get(`/api/v1/tickets/${ticket.id}`)).json()).toEqual({
      ...ticket,
      customer: {
        person: null,
        subscriber: null,
        organization: null,
        otherTickets: [],
        accounts: [],
        confirmsResolution: false,
      },
    });
    expect((await (await get(`/api/v1/tickets/${ticket.number}`)).json()).id).toBe(ticket.id);

    const patched = await send("PATCH", `/api/v1/tickets/${ticket.id}`, { priority: "urgent", region: "Lagos" });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ priority: "urgent", region: "Lagos" });

    const opened = await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "open" });
    expect((await opened.json()).status).toBe("open");
    const assigned = await send("POST", `/api/v1/tickets/${ticket.id}/assign`, { primaryAssigneeId: opsId });
    expect((await assigned.json()).primaryAssigneeId).toBe(opsId);

    const comment = await send("POST", `/api/v1/tickets/${ticket.id}/comments`, {
      body: "@ops@example.com site visit booked",
      isInternal: false,
    });
    expect(comment.status).toBe(201);
    expect(await comment.json()).toMatchObject({ isInternal: false, mentions: [opsId], authorId: opsId });
    const comments = await (await get(`/api/v1/tickets/${ticket.id}/comments`)).json();
    expect(comments.items).toHaveLength(1);

    const events = await (await get(`/api/v1/tickets/${ticket.id}/events`)).json();
    expect(events.items.map((e: { kind: string }) => e.kind)).toEqual([
      "created",
      "priority_changed",
      "status_changed",
      "assigned",
      "first_response",
    ]);

    const list = await (await get(`/api/v1/tickets?status=open,new&priority=urgent&teamId=${noc.id}&limit=5`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([ticket.id]);
    expect(list.nextCursor).toBeNull();

    expect((await send("DELETE", `/api/v1/tickets/${ticket.id}`)).status).toBe(204);
    expect((await get(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);
  });

  it("answers 400 naming the field", async () => {
    const noTitle = await send("POST", "/api/v1/tickets", { priority: "sky-high" });
    expect(noTitle.status).toBe(400);
    expect(noTitle.headers.get("content-type")).toContain("application/problem+json");
    const paths = (await noTitle.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["title", "priority"]));

    const types = (await (await get("/api/v1/tickets/types")).json()).items as {
      id: string;
      requiresSubscriber: boolean;
    }[];
    const needsSubscriber = types.find((x) => x.requiresSubscriber);
    const noSub = await send("POST", "/api/v1/tickets", { title: "Link down", ticketTypeId: needsSubscriber?.id });
    expect(noSub.status).toBe(400);
    expect((await noSub.json()).errors[0].path).toBe("subscriberId");

    const { ticket } = await (await send("POST", "/api/v1/tickets", { title: "Router" })).json();
    const jump = await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "closed" });
    expect(jump.status).toBe(400);
    expect((await jump.json()).errors[0].path).toBe("note");
    const badStatus = await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "merged" });
    expect((await badStatus.json()).errors[0].path).toBe("status");
    const badList = await get("/api/v1/tickets?status=lost");
    expect(badList.status).toBe(400);
    expect((await badList.json()).errors[0].path).toMatch(/^status/);
    const badCursor = await get("/api/v1/tickets?cursor=zzz");
    expect((await badCursor.json()).errors[0].path).toBe("cursor");
  });

  it("answers 403 to staff without the permission and 404 for unknown tickets", async () => {
    const denied = await send("POST", "/api/v1/tickets", { title: "Mine" }, techAuth);
    expect(denied.status).toBe(403);
    expect((await get("/api/v1/tickets", techAuth)).status).toBe(403);

    expect((await get("/api/v1/tickets", readerAuth)).status).toBe(200);
    const { ticket } = await (await send("POST", "/api/v1/tickets", { title: "Read only" })).json();
    expect((await send("PATCH", `/api/v1/tickets/${ticket.id}`, { title: "Changed" }, readerAuth)).status).toBe(403);
    expect((await send("DELETE", `/api/v1/tickets/${ticket.id}`, undefined, readerAuth)).status).toBe(403);

    const unknown = "0190c000-0000-7000-8000-0000000000ff";
    expect((await get(`/api/v1/tickets/${unknown}`)).status).toBe(404);
    expect((await get("/api/v1/tickets/TCK-1999-000001")).status).toBe(404);
    expect((await send("PATCH", `/api/v1/tickets/${unknown}`, { title: "x" })).status).toBe(404);
    expect((await send("POST", `/api/v1/tickets/${unknown}/status`, { status: "open" })).status).toBe(404);
    expect((await get(`/api/v1/tickets/${unknown}/events`)).status).toBe(404);
    expect((await send("DELETE", `/api/v1/tickets/${unknown}`)).status).toBe(404);
  });

  it("refuses anonymous callers", async () => {
    expect((await api.request("/api/v1/tickets")).status).toBe(401);
    expect((await api.request("/api/v1/tickets/types")).status).toBe(401);
  });
});
