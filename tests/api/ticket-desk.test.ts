import { readFileSync } from "node:fs";
import * as Auth from "@dotmac/core/auth";
import { useTransaction } from "@dotmac/core/platform/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD, portalSignIn, portalWorld } from "../support/portals";

/*
 * The support desk as an agent works it: the real support role takes unassigned tickets but may not
 * assign others; bulk changes apply what is allowed per part and say what was not; one priority
 * scale with one default; teams as a managed list; the types customers may pick.
 */

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let agent: Record<string, string>;
let agentId: string;
let otherAgentId: string;
let customer: { cookie: string; csrf: string };

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const ada = await Auth.createUser({
    email: "ada@desk.test",
    password: PASSWORD,
    displayName: "Ada",
    roles: ["support"],
  });
  const ben = await Auth.createUser({
    email: "ben@desk.test",
    password: PASSWORD,
    displayName: "Ben Ade",
    roles: ["support"],
  });
  agentId = ada.id;
  otherAgentId = ben.id;
  const token = (await passwordSignIn({ email: "ada@desk.test", password: PASSWORD })).accessToken;
  agent = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const world = await portalWorld("DSK");
  customer = await portalSignIn(api.request, "customer", world.accounts.customer.email);
});
afterAll(() => t.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = admin) {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? JSON.parse(text) : null };
}
const asCustomer = (method: string, path: string, json?: unknown) =>
  call(method, path, json, {
    "content-type": "application/json",
    origin: ORIGIN,
    cookie: customer.cookie,
    "x-csrf-token": customer.csrf,
  });
async function newTicket(title: string, extra: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/tickets", { title, ...extra });
  expect(res.status).toBe(201);
  return res.body.ticket as { id: string; number: string; priority: string; primaryAssigneeId: string | null };
}

describe("taking and assigning tickets", () => {
  it("the support role holds support:ticket:take, not support:ticket:assign, and me says so", async () => {
    const me = await call("GET", "/api/v1/auth/me", undefined, agent);
    expect(me.body.permissions).toContain("support:ticket:take");
    expect(me.body.permissions).not.toContain("support:ticket:assign");
  });

  it("an agent takes an unassigned ticket; taking it again changes nothing; someone else's answers 409", async () => {
    const ticket = await newTicket("Desk: no internet");
    const taken = await call("POST", `/api/v1/tickets/${ticket.id}/take`, undefined, agent);
    expect(taken.status).toBe(200);
    expect(taken.body.primaryAssigneeId).toBe(agentId);
    const again = await call("POST", `/api/v1/tickets/${ticket.id}/take`, undefined, agent);
    expect([again.status, again.body.primaryAssigneeId]).toEqual([200, agentId]);
    const events = await call("GET", `/api/v1/tickets/${ticket.id}/events`, undefined, agent);
    expect(events.body.items.filter((e: { kind: string }) => e.kind === "assigned")).toHaveLength(1);

    const held = await newTicket("Desk: held by Ben", { primaryAssigneeId: otherAgentId });
    const refused = await call("POST", `/api/v1/tickets/${held.id}/take`, undefined, agent);
    expect(refused.status).toBe(409);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body.detail).toContain("Ben Ade");
  });

  it("through the assign route an agent may only make themselves the primary assignee of an unassigned ticket", async () => {
    const ticket = await newTicket("Desk: slow speeds");
    const toBen = await call("POST", `/api/v1/tickets/${ticket.id}/assign`, { primaryAssigneeId: otherAgentId }, agent);
    expect(toBen.status).toBe(403);
    expect(toBen.body.detail).toContain("support:ticket:assign");
    const others = await call("POST", `/api/v1/tickets/${ticket.id}/assign`, { assigneeIds: [otherAgentId] }, agent);
    expect(others.status).toBe(403);
    const self = await call("POST", `/api/v1/tickets/${ticket.id}/assign`, { primaryAssigneeId: agentId }, agent);
    expect([self.status, self.body.primaryAssigneeId]).toEqual([200, agentId]);
    const unassign = await call("POST", `/api/v1/tickets/${ticket.id}/assign`, { primaryAssigneeId: null }, agent);
    expect(unassign.status).toBe(403);
    // The admin (support:ticket:assign) sets anyone.
    const byAdmin = await call("POST", `/api/v1/tickets/${ticket.id}/assign`, { primaryAssigneeId: otherAgentId });
    expect([byAdmin.status, byAdmin.body.primaryAssigneeId]).toEqual([200, otherAgentId]);
  });

  it("a bulk change applies what the agent may do and lists, per ticket and part, what was refused and why", async () => {
    const free = await newTicket("Desk bulk: free");
    const held = await newTicket("Desk bulk: held", { primaryAssigneeId: otherAgentId });
    const toBen = await call(
      "POST",
      "/api/v1/tickets/bulk",
      { ids: [free.id], status: "open", primaryAssigneeId: otherAgentId },
      agent,
    );
    expect(toBen.status).toBe(200);
    expect(toBen.body.updated).toEqual([]);
    expect(toBen.body.failed).toEqual([
      {
        id: free.id,
        number: free.number,
        detail: expect.stringContaining("support:ticket:assign"),
        applied: ["status"],
        refused: [
          {
            field: "primaryAssigneeId",
            code: "forbidden",
            reason: "take_only_unassigned",
            params: {},
            detail: expect.stringContaining("yourself"),
          },
        ],
      },
    ]);
    // The status part was kept although the assignment was refused.
    expect((await call("GET", `/api/v1/tickets/${free.id}`, undefined, agent)).body).toMatchObject({
      status: "open",
      primaryAssigneeId: null,
    });

    const take = await call(
      "POST",
      "/api/v1/tickets/bulk",
      { ids: [free.id, held.id], primaryAssigneeId: agentId },
      agent,
    );
    expect(take.body.updated).toEqual([free.id]);
    expect(take.body.failed).toEqual([
      expect.objectContaining({
        id: held.id,
        applied: [],
        refused: [
          {
            field: "primaryAssigneeId",
            code: "conflict",
            reason: "already_assigned",
            params: { name: "Ben Ade" },
            detail: expect.stringContaining("Ben Ade"),
          },
        ],
      }),
    ]);
    expect((await call("GET", `/api/v1/tickets/${held.id}`)).body.primaryAssigneeId).toBe(otherAgentId);
  });
});

describe("a taken ticket is being worked", () => {
  const kinds = (events: { kind: string }[]) => events.map((e) => e.kind);
  const outboxOf = async (ticketId: string) =>
    (
      (await useTransaction((tx) =>
        tx.execute(sql`select payload from outbox_event where type = 'ticket.status_changed'
                       and payload->>'ticketId' = ${ticketId}`),
      )) as unknown as { rows: { payload: { from: string; to: string } }[] }
    ).rows.map((r) => r.payload);

  it("taking a New ticket opens it in the same change, logged, emitted and audited; the agent resolves it next", async () => {
    const ticket = await newTicket("Desk open: router keeps rebooting");
    const taken = await call("POST", `/api/v1/tickets/${ticket.id}/take`, undefined, agent);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: "open", primaryAssigneeId: agentId });
    const events = (await call("GET", `/api/v1/tickets/${ticket.id}/events`, undefined, agent)).body.items;
    expect(kinds(events)).toEqual(["created", "assigned", "status_changed"]);
    expect(events[2]).toMatchObject({ from: "new", to: "open", actor: { type: "user", id: agentId } });
    expect(await outboxOf(ticket.id)).toEqual([expect.objectContaining({ from: "new", to: "open" })]);
    const audit = await call("GET", `/api/v1/audit?entityId=${ticket.id}&action=ticket.status_changed`);
    expect(audit.body.items).toEqual([expect.objectContaining({ changes: { status: { from: "new", to: "open" } } })]);
    // Resolve is the agent's next step: no manual "Open" in between.
    const resolved = await call(
      "POST",
      `/api/v1/tickets/${ticket.id}/status`,
      { status: "pending_confirmation", note: "Firmware pushed" },
      agent,
    );
    expect(resolved.status).toBe(200);
  });

  it("an assignment opens a New ticket too, by anyone who may assign; other statuses and unassigning stay as they are", async () => {
    const fresh = await newTicket("Desk open: assigned by the admin");
    const byAdmin = await call("POST", `/api/v1/tickets/${fresh.id}/assign`, { primaryAssigneeId: otherAgentId });
    expect(byAdmin.body).toMatchObject({ status: "open", primaryAssigneeId: otherAgentId });

    const waiting = await newTicket("Desk open: waiting on the customer");
    await call("POST", `/api/v1/tickets/${waiting.id}/status`, { status: "waiting_on_customer" });
    const taken = await call("POST", `/api/v1/tickets/${waiting.id}/take`, undefined, agent);
    expect(taken.body).toMatchObject({ status: "waiting_on_customer", primaryAssigneeId: agentId });

    // Only others assigned, nobody primary: nobody has taken it on yet.
    const helpers = await newTicket("Desk open: helpers only");
    const others = await call("POST", `/api/v1/tickets/${helpers.id}/assign`, { assigneeIds: [agentId] });
    expect(others.body).toMatchObject({ status: "new", primaryAssigneeId: null });
    const unassigned = await call("POST", `/api/v1/tickets/${fresh.id}/assign`, { primaryAssigneeId: null });
    expect(unassigned.body).toMatchObject({ status: "open", primaryAssigneeId: null });
  });

  it("bulk assign-to-me opens the New tickets it takes and leaves the others' statuses", async () => {
    const fresh = await newTicket("Desk open: bulk new");
    const held = await newTicket("Desk open: bulk pending");
    await call("POST", `/api/v1/tickets/${held.id}/status`, { status: "pending" });
    const res = await call(
      "POST",
      "/api/v1/tickets/bulk",
      { ids: [fresh.id, held.id], primaryAssigneeId: agentId },
      agent,
    );
    expect(res.body).toEqual({ updated: [fresh.id, held.id], failed: [] });
    const statuses = await Promise.all(
      [fresh, held].map(async (t) => (await call("GET", `/api/v1/tickets/${t.id}`, undefined, agent)).body.status),
    );
    expect(statuses).toEqual(["open", "pending"]);
  });

  it("where the transition table wants a note for new → open, taking leaves the ticket New", async () => {
    const rule = await call("PUT", "/api/v1/support/transitions", { from: "new", to: "open", requiresNote: true });
    expect(rule.status).toBe(200);
    try {
      const ticket = await newTicket("Desk open: note wanted");
      const taken = await call("POST", `/api/v1/tickets/${ticket.id}/take`, undefined, agent);
      expect(taken.body).toMatchObject({ status: "new", primaryAssigneeId: agentId });
    } finally {
      await call("PUT", "/api/v1/support/transitions", { from: "new", to: "open", requiresNote: false });
    }
  });
});

describe("resolving a ticket with nobody to confirm", () => {
  it("closes it at once as resolved: no confirmation, no token, nothing for the grace job; the read says so first", async () => {
    const ticket = await newTicket("Desk resolve: walk-in report");
    const before = await call("GET", `/api/v1/tickets/${ticket.id}`, undefined, agent);
    expect(before.body.customer.confirmsResolution).toBe(false);
    await call("POST", `/api/v1/tickets/${ticket.id}/take`, undefined, agent);
    const resolved = await call(
      "POST",
      `/api/v1/tickets/${ticket.id}/status`,
      { status: "pending_confirmation", note: "Explained the settings on the phone" },
      agent,
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: "closed",
      resolvedAt: expect.any(String),
      closedAt: expect.any(String),
    });
    expect((await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`, undefined, agent)).body).toBeNull();
    const events = (await call("GET", `/api/v1/tickets/${ticket.id}/events`, undefined, agent)).body.items;
    expect(events.filter((e: { kind: string }) => e.kind === "confirmation_sent")).toEqual([]);
    expect(events.find((e: { kind: string }) => e.kind === "resolved")?.to).toMatchObject({
      status: "closed",
      confirmation: "nobody_to_ask",
    });
    expect(events.filter((e: { kind: string }) => e.kind === "status_changed").at(-1)).toMatchObject({
      from: "open",
      to: "closed",
    });
    const confirmations = (await useTransaction((tx) =>
      tx.execute(sql`select id from ticket_confirmation where ticket_id = ${ticket.id}`),
    )) as unknown as { rows: unknown[] };
    expect(confirmations.rows).toEqual([]);
  });

  it("a ticket whose subscriber has a portal account still asks, and the read says it will", async () => {
    const world = await portalWorld("DSR");
    const ticket = await newTicket("Desk resolve: subscriber with an account", {
      subscriberId: world.subscribers.subA,
    });
    expect((await call("GET", `/api/v1/tickets/${ticket.id}`)).body.customer.confirmsResolution).toBe(true);
    await call("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "open" });
    const resolved = await call("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "pending_confirmation" });
    expect(resolved.body.status).toBe("pending_confirmation");
    expect((await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`)).body).toMatchObject({
      state: "open",
      email: world.accounts.customer.email,
    });
  });
});

describe("bulk refusals carry a reason a client can word", () => {
  it("names each refusal by key with its values, or by code alone when there is no key", async () => {
    const held = await newTicket("Desk reasons: on hold");
    await call("POST", `/api/v1/tickets/${held.id}/status`, { status: "on_hold" });
    const open = await newTicket("Desk reasons: open");
    await call("POST", `/api/v1/tickets/${open.id}/status`, { status: "open" });
    const missing = "0190f2a0-0000-7000-8000-000000000001";

    const status = await call("POST", "/api/v1/tickets/bulk", {
      ids: [held.id, missing],
      status: "waiting_on_customer",
    });
    expect(status.body.failed.map((f: { refused: unknown[] }) => f.refused)).toEqual([
      [
        {
          field: "status",
          code: "validation",
          reason: "transition_not_allowed",
          params: { from: "on_hold", to: "waiting_on_customer", allowed: "open,pending,closed,canceled" },
          detail: expect.stringContaining("cannot become waiting_on_customer"),
        },
      ],
      [{ field: "status", code: "not_found", reason: null, params: {}, detail: expect.any(String) }],
    ]);

    const close = await call("POST", "/api/v1/tickets/bulk", { ids: [open.id], status: "closed" });
    expect(close.body.failed[0].refused).toEqual([
      expect.objectContaining({ reason: "note_required", params: { from: "open", to: "closed" } }),
    ]);

    const customerId = (await portalWorld("DSB")).accounts.customer.id;
    const wrong = await call("POST", "/api/v1/tickets/bulk", {
      ids: [open.id],
      primaryAssigneeId: customerId,
      teamId: missing,
    });
    expect(wrong.body.failed[0].refused).toEqual([
      expect.objectContaining({ field: "teamId", code: "validation", reason: "team_unavailable", params: {} }),
      expect.objectContaining({ field: "primaryAssigneeId", code: "validation", reason: "not_staff", params: {} }),
    ]);

    const source = await newTicket("Desk reasons: merged away");
    await call("POST", `/api/v1/tickets/${source.id}/merge`, { targetRef: open.id });
    const merged = await call("POST", "/api/v1/tickets/bulk", { ids: [source.id], status: "pending" });
    expect(merged.body.failed[0].refused).toEqual([
      expect.objectContaining({ code: "precondition_failed", reason: "merged", params: {} }),
    ]);
  });
});

describe("priorities", () => {
  it("one ordered scale with one default for the staff API and the customer API", async () => {
    const staff = await newTicket("Desk: default priority");
    expect(staff.priority).toBe("medium");
    const customerTicket = await asCustomer("POST", "/api/v1/customer/tickets", {
      title: "Desk: my line",
      description: "Dead since morning",
    });
    expect(customerTicket.body.priority).toBe("medium");
    for (const retired of ["normal", "lower"]) {
      const res = await call("POST", "/api/v1/tickets", { title: "Desk: old scale", priority: retired });
      expect([res.status, res.body.errors[0].path]).toEqual([400, "priority"]);
    }
    const stats = await call("GET", "/api/v1/tickets/stats");
    expect(stats.body.byPriority.map((p: { priority: string }) => p.priority)).toEqual([
      "low",
      "medium",
      "high",
      "urgent",
    ]);
  });
});

describe("teams", () => {
  it("admins manage the list; agents read it; tickets reference a team and filter by it", async () => {
    const noc = await call("POST", "/api/v1/teams", { name: "Desk NOC", description: "Network operations" });
    expect(noc.status).toBe(201);
    const clash = await call("POST", "/api/v1/teams", { name: "desk noc" });
    expect([clash.status, clash.body.errors[0].path]).toEqual([409, "name"]);
    expect((await call("POST", "/api/v1/teams", { name: "Desk Field" }, agent)).status).toBe(403);
    expect((await call("POST", "/api/v1/teams", { name: "" })).status).toBe(400);
    const listed = await call("GET", "/api/v1/teams", undefined, agent);
    expect(listed.body.items.map((x: { name: string }) => x.name)).toContain("Desk NOC");

    const renamed = await call("PATCH", `/api/v1/teams/${noc.body.id}`, { name: "Desk NOC Lagos" });
    expect(renamed.body).toMatchObject({ id: noc.body.id, name: "Desk NOC Lagos", description: "Network operations" });
    const ticket = await newTicket("Desk: BTS down", { teamId: noc.body.id });
    const filtered = await call("GET", `/api/v1/tickets?teamId=${noc.body.id}`, undefined, agent);
    expect(filtered.body.items.map((x: { id: string }) => x.id)).toEqual([ticket.id]);

    expect((await call("DELETE", `/api/v1/teams/${noc.body.id}`, undefined, agent)).status).toBe(403);
    expect((await call("DELETE", `/api/v1/teams/${noc.body.id}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/teams/${noc.body.id}`)).status).toBe(404);
    expect((await call("GET", "/api/v1/teams")).body.items.map((x: { id: string }) => x.id)).not.toContain(noc.body.id);
    // Old tickets keep a removed team; new ones cannot pick it.
    expect((await call("GET", `/api/v1/tickets/${ticket.id}`)).body.teamId).toBe(noc.body.id);
    const gone = await call("POST", "/api/v1/tickets", { title: "Desk: removed team", teamId: noc.body.id });
    expect([gone.status, gone.body.errors[0].path]).toEqual([400, "teamId"]);
    const audit = await call("GET", "/api/v1/audit?action=team.removed");
    expect(audit.body.items.length).toBeGreaterThan(0);
  });
});

describe("ticket types customers may choose", () => {
  it("the admin's customerVisible flag decides what the customer form lists and what the customer API accepts", async () => {
    const types = (await call("GET", "/api/v1/support/types")).body.items as {
      id: string;
      name: string;
      customerVisible: boolean;
      requiresSubscriber: boolean;
    }[];
    const internal = types.find((x) => x.name === "Fiber Cut");
    const general = types.find((x) => x.name === "General Enquiry");
    expect([internal?.customerVisible, general?.customerVisible]).toEqual([false, true]);

    const offered = (await asCustomer("GET", "/api/v1/customer/tickets/types")).body.items as { name: string }[];
    expect(offered.map((x) => x.name)).toContain("General Enquiry");
    expect(offered.map((x) => x.name)).not.toContain("Fiber Cut");
    expect(offered.length).toBeLessThan(types.length);

    const refused = await asCustomer("POST", "/api/v1/customer/tickets", {
      title: "Desk: fibre",
      description: "The cable in the street is cut",
      ticketTypeId: internal?.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body.errors[0]).toEqual({ path: "ticketTypeId", message: "is not offered to customers" });

    // The admin offers it; the customer sees and uses it. Saving without the flag keeps it.
    const saved = await call("PUT", `/api/v1/support/types/${encodeURIComponent("Fiber Cut")}`, {
      requiresSubscriber: false,
      customerVisible: true,
    });
    expect(saved.body.customerVisible).toBe(true);
    const kept = await call("PUT", `/api/v1/support/types/${encodeURIComponent("Fiber Cut")}`, { active: true });
    expect(kept.body.customerVisible).toBe(true);
    const accepted = await asCustomer("POST", "/api/v1/customer/tickets", {
      title: "Desk: fibre",
      description: "The cable in the street is cut",
      ticketTypeId: internal?.id,
    });
    expect(accepted.status).toBe(201);
  });
});

describe("the migration of existing desk data", () => {
  it("maps v1 priorities onto the scale, free-text teams onto team rows, saved filters onto team ids", async () => {
    const rowsOf = async <T>(query: ReturnType<typeof sql>) =>
      ((await useTransaction((tx) => tx.execute(query))) as unknown as { rows: T[] }).rows;
    const insert = (number: string, priority: string, team: string | null) =>
      rowsOf(sql`insert into ticket (id, number, title, priority, service_team)
                 values (gen_random_uuid(), ${number}, 'Legacy', ${priority}, ${team}) returning id`);
    await insert("LEG-1", "lower", "Legacy Field");
    await insert("LEG-2", "normal", " legacy field ");
    await insert("LEG-3", "high", "Legacy NOC");
    await insert("LEG-4", "medium", null);
    await rowsOf(sql`insert into saved_filter (id, user_id, name, filters)
                     select gen_random_uuid(), id, 'Legacy view', '{"serviceTeam": "Legacy NOC", "priority": "normal"}'::jsonb
                     from user_account where email = 'ops@example.com' returning id`);
    const statements = readFileSync("packages/core/migrations/0015_desk_workflow_data.sql", "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await useTransaction(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });
    const rows = await rowsOf<{ number: string; priority: string; team: string | null }>(
      sql`select t.number, t.priority, team.name as team from ticket t left join team on team.id = t.team_id
          where t.number like 'LEG-%' order by t.number`,
    );
    expect(rows).toEqual([
      { number: "LEG-1", priority: "low", team: "Legacy Field" },
      { number: "LEG-2", priority: "medium", team: "Legacy Field" },
      { number: "LEG-3", priority: "high", team: "Legacy NOC" },
      { number: "LEG-4", priority: "medium", team: null },
    ]);
    const [view] = await rowsOf<{ filters: Record<string, string>; team: string }>(
      sql`select f.filters, team.name as team from saved_filter f join team on team.id::text = f.filters->>'teamId'
          where f.name = 'Legacy view'`,
    );
    expect(view).toEqual({ filters: { teamId: expect.any(String), priority: "medium" }, team: "Legacy NOC" });
    // The scale's SLA policies: one per priority, v1's lower and normal folded in.
    const policies = await rowsOf<{ priority: string }>(
      sql`select priority from sla_policy where ticket_type_id is null and priority is not null order by priority`,
    );
    expect(policies.map((p) => p.priority)).toEqual(["high", "low", "medium", "urgent"]);
  });
});

describe("the confirmation of a ticket never resolved", () => {
  it("answers 200 with null, not 404", async () => {
    const ticket = await newTicket("Desk: never resolved");
    const res = await call("GET", `/api/v1/tickets/${ticket.id}/confirmation`, undefined, agent);
    expect([res.status, res.body]).toEqual([200, null]);
  });
});
