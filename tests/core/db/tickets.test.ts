import * as Access from "@dotmac/core/access";
import * as Audit from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import type { AppError } from "@dotmac/core/platform/errors";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import * as Team from "@dotmac/core/team";
import * as Ticket from "@dotmac/core/ticket";
import { ticketStatusTransitionTable } from "@dotmac/core/ticket/ticket.sql";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let admin: ReturnType<typeof staffActor>;
let tech: ReturnType<typeof staffActor>;
let agentId: string;
let types: Ticket.TypeInfo[];

beforeAll(async () => {
  t = await setupTestDatabase();
  const opsUser = await Auth.createUser({ email: "ops@isp.test", displayName: "Ops", roles: ["admin"] });
  const techUser = await Auth.createUser({ email: "tech@isp.test", displayName: "Tech", roles: ["field_technician"] });
  const agent = await Auth.createUser({ email: "ada@isp.test", displayName: "Ada", roles: ["support"] });
  agentId = agent.id;
  admin = staffActor({ id: opsUser.id, email: opsUser.email, roles: ["admin"] });
  tech = staffActor(
    { id: techUser.id, email: techUser.email, roles: ["field_technician"] },
    { permissions: [...(Access.builtinRoles.find((r) => r.name === "field_technician")?.permissions ?? [])] },
  );
  types = await asAdmin(() => Ticket.types({}));
});
afterAll(() => t.close());
beforeEach(async () => {
  await useTransaction((tx) =>
    tx.execute(sql`truncate ticket_event, ticket_comment, ticket_assignee, ticket, outbox_event cascade`),
  );
  await asAdmin(() => Ticket.configureNumbering({ pattern: "TCK-{YYYY}-", padding: 6, start: 1 }));
  await useTransaction((tx) => tx.execute(sql`update ticket_number_sequence set prefix = '', next_value = start`));
});

// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const asAdmin = <T>(work: () => Promise<T>) => withActor(admin, async () => work());

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

const typeNamed = (name: string) => {
  const type = types.find((x) => x.name === name);
  if (!type) throw new Error(`no ticket type ${name}`);
  return type;
};

async function subscriber(number: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .insert(subscriberTable)
      .values({
        externalSystem: "billing",
        externalId: `bill-${number}`,
        subscriberNumber: number,
        status: "active",
        sourceUpdatedAt: new Date(),
      })
      .returning(),
  );
  return row as typeof subscriberTable.$inferSelect;
}

const year = new Date().getUTCFullYear();

describe(`tickets on ${dbKind}`, () => {
  it("the migration seeds v1's telco types, some requiring a subscriber", () => {
    expect(types.length).toBeGreaterThanOrEqual(30);
    expect(typeNamed("Customer Link Disconnection").requiresSubscriber).toBe(true);
    expect(typeNamed("BTS Outage").requiresSubscriber).toBe(false);
  });

  it("numbers follow the pattern, padding and date tokens, and restart when the prefix changes", async () => {
    const first = await asAdmin(() => Ticket.create({ title: "Fibre cut on Allen Avenue" }));
    const second = await asAdmin(() => Ticket.create({ title: "OLT timeout in Ikeja" }));
    expect([first.ticket.number, second.ticket.number]).toEqual([`TCK-${year}-000001`, `TCK-${year}-000002`]);

    const now = new Date();
    const ymd = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, "0")}${String(now.getUTCDate()).padStart(2, "0")}`;
    const config = await asAdmin(() =>
      Ticket.configureNumbering({ pattern: "INC{YYYY}{MM}{DD}-", padding: 3, start: 100 }),
    );
    expect(config.preview).toBe(`INC${ymd}-100`);
    const third = await asAdmin(() => Ticket.create({ title: "BTS down in Lekki" }));
    expect(third.ticket.number).toBe(`INC${ymd}-100`);
    expect(Ticket.renderPrefix("T-{YYYY}.{MM}.{DD}-", new Date("2027-03-04T23:59:00Z"))).toBe("T-2027.03.04-");

    const bad = await failure(asAdmin(() => Ticket.configureNumbering({ pattern: "TCK-{YY}-", padding: 4 })));
    expect(bad.code).toBe("validation");
    expect(bad.details.map((d) => d.path)).toContain("pattern");
  });

  it("20 concurrent creates get 20 distinct consecutive numbers", async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => asAdmin(() => Ticket.create({ title: `Outage report ${i}` }))),
    );
    const numbers = created.map((c) => c.ticket.number).sort();
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `TCK-${year}-${String(i + 1).padStart(6, "0")}`));
  });

  it("a type that requires a subscriber refuses without one; a second open ticket of the same kind warns", async () => {
    const type = typeNamed("Customer Link Disconnection");
    const refused = await failure(asAdmin(() => Ticket.create({ title: "Link down", ticketTypeId: type.id })));
    expect(refused.code).toBe("validation");
    expect(refused.details).toEqual([{ path: "subscriberId", message: expect.stringContaining(type.name) }]);

    const sub = await subscriber("SUB-0001");
    const first = await asAdmin(() =>
      Ticket.create({ title: "Link down", ticketTypeId: type.id, subscriberId: sub.id, priority: "high" }),
    );
    expect(first.warnings).toEqual([]);
    const second = await asAdmin(() =>
      Ticket.create({ title: "Still down", ticketTypeId: type.id, subscriberId: sub.id }),
    );
    expect(second.warnings).toEqual([
      expect.objectContaining({ code: "possible_duplicate", ticketId: first.ticket.id, number: first.ticket.number }),
    ]);
    // A closed ticket is no longer a duplicate.
    await asAdmin(() => Ticket.changeStatus({ id: first.ticket.id, status: "closed", note: "Restored" }));
    await asAdmin(() => Ticket.changeStatus({ id: second.ticket.id, status: "canceled", note: "Same outage" }));
    const third = await asAdmin(() =>
      Ticket.create({ title: "Down again", ticketTypeId: type.id, subscriberId: sub.id }),
    );
    expect(third.warnings).toEqual([]);
  });

  it("status changes follow the transition table, need a note when flagged, and are logged", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Slow browsing", priority: "medium" }));
    const refused = await failure(
      asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" })),
    );
    expect(refused.code).toBe("validation");
    expect(refused.details[0]?.path).toBe("status");

    const open = await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    expect(open.status).toBe("open");
    const noNote = await failure(asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "closed" })));
    expect(noNote.code).toBe("validation");
    expect(noNote.details).toEqual([{ path: "note", message: expect.any(String) }]);

    const closed = await asAdmin(() =>
      Ticket.changeStatus({ id: ticket.id, status: "closed", note: "Replaced the router" }),
    );
    expect(closed.closedAt).not.toBeNull();
    expect(closed.resolvedAt).not.toBeNull();
    const reopened = await asAdmin(() =>
      Ticket.changeStatus({ id: ticket.id, status: "open", note: "Customer says no" }),
    );
    expect([reopened.resolvedAt, reopened.closedAt]).toEqual([null, null]);

    const merged = await failure(asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "merged" as "open" })));
    expect(merged.details[0]?.path).toBe("status");

    const log = await asAdmin(() => Ticket.events(ticket.id));
    expect(log.map((e) => [e.kind, e.from, e.to])).toEqual([
      ["created", null, { status: "new", priority: "medium", ticketTypeId: null }],
      ["status_changed", "new", "open"],
      ["status_changed", "open", "closed"],
      ["resolved", null, expect.objectContaining({ status: "closed" })],
      ["status_changed", "closed", "open"],
      ["reopened", "closed", "open"],
    ]);
    expect(log.every((e) => e.actor.type === "user" && e.actor.id === admin.properties.userId)).toBe(true);
    const notes = await asAdmin(() => Ticket.comments(ticket.id));
    expect(notes.map((n) => [n.body, n.isInternal])).toEqual([
      ["Replaced the router", true],
      ["Customer says no", true],
    ]);
  });

  it("with no active transition rows every change is allowed (v1's rule)", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Anything goes" }));
    try {
      await useTransaction((tx) => tx.update(ticketStatusTransitionTable).set({ active: false }));
      const moved = await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "site_under_construction" }));
      expect(moved.status).toBe("site_under_construction");
    } finally {
      await useTransaction((tx) => tx.update(ticketStatusTransitionTable).set({ active: true }));
    }
  });

  it("priority and type changes append events; assignment logs before and after; comments resolve mentions", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "PPPoE fails", priority: "low" }));
    const bts = typeNamed("BTS Outage");
    const updated = await asAdmin(() =>
      Ticket.update({ id: ticket.id, priority: "urgent", ticketTypeId: bts.id, tags: ["outage", "outage"] }),
    );
    expect(updated.tags).toEqual(["outage"]);
    const needsSub = await failure(
      asAdmin(() => Ticket.update({ id: ticket.id, ticketTypeId: typeNamed("Customer Link Disconnection").id })),
    );
    expect(needsSub.details[0]?.path).toBe("subscriberId");

    const assigned = await asAdmin(() =>
      Ticket.assign({ id: ticket.id, primaryAssigneeId: admin.properties.userId, assigneeIds: [agentId] }),
    );
    expect([assigned.primaryAssigneeId, assigned.assigneeIds]).toEqual([admin.properties.userId, [agentId]]);
    const notStaff = await failure(
      asAdmin(() => Ticket.assign({ id: ticket.id, assigneeIds: ["0190c000-0000-7000-8000-00000000dead"] })),
    );
    expect(notStaff.details[0]?.path).toBe("assigneeIds");

    const note = await asAdmin(() =>
      Ticket.addComment({ id: ticket.id, body: "@ada@isp.test please check, cc @nobody@isp.test." }),
    );
    expect(note.mentions).toEqual([agentId]);
    const reply = await asAdmin(() => Ticket.addComment({ id: ticket.id, body: "We are on it", isInternal: false }));
    expect(reply.isInternal).toBe(false);

    const log = await asAdmin(() => Ticket.events(ticket.id));
    expect(log.map((e) => e.kind)).toEqual([
      "created",
      "priority_changed",
      "type_changed",
      "assigned",
      // Someone now works the New ticket: it opens with the assignment.
      "status_changed",
      "first_response",
    ]);
    expect(log[1]).toMatchObject({ from: "low", to: "urgent" });
    expect(log[3]).toMatchObject({
      from: { primaryAssigneeId: null, assigneeIds: [] },
      to: { primaryAssigneeId: admin.properties.userId, assigneeIds: [agentId] },
    });
    expect(log[4]).toMatchObject({ from: "new", to: "open" });
    expect((await asAdmin(() => Ticket.fromRef(ticket.id)))?.firstResponseAt).not.toBeNull();

    const outbox = await useTransaction((tx) => tx.select({ type: outboxTable.type }).from(outboxTable));
    expect(outbox.map((o) => o.type).sort()).toEqual([
      "ticket.assigned",
      "ticket.commented",
      "ticket.commented",
      "ticket.created",
      "ticket.status_changed",
    ]);
  });

  it("get by id or number; soft delete hides it and logs it", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Router reboot loop" }));
    expect((await asAdmin(() => Ticket.fromRef(ticket.number)))?.id).toBe(ticket.id);
    expect((await asAdmin(() => Ticket.fromRef(ticket.id)))?.number).toBe(ticket.number);
    await asAdmin(() => Ticket.remove(ticket.id));
    expect(await asAdmin(() => Ticket.fromRef(ticket.number))).toBeUndefined();
    expect((await failure(asAdmin(() => Ticket.remove(ticket.id)))).code).toBe("not_found");
    expect((await asAdmin(() => Ticket.list({}))).items).toEqual([]);
  });

  it("list filters, and keyset pages never skip or repeat", async () => {
    const sub = await subscriber("SUB-0002");
    const fibre = await asAdmin(() => Team.create({ name: "Fibre" }));
    const wireless = await asAdmin(() => Team.create({ name: "Wireless" }));
    for (let i = 0; i < 23; i++) {
      await asAdmin(() =>
        Ticket.create({
          title: i % 2 ? `Fibre issue ${i}` : `Wireless issue ${i}`,
          priority: i % 3 === 0 ? "urgent" : "low",
          teamId: i % 2 ? fibre.id : wireless.id,
          subscriberId: i === 5 ? sub.id : null,
          primaryAssigneeId: i === 7 ? agentId : null,
          assigneeIds: i === 8 ? [agentId] : [],
        }),
      );
    }
    // Several tickets in the same instant, so the id tiebreak is exercised.
    await useTransaction((tx) =>
      tx.execute(sql`update ticket set created_at = '2026-01-01T00:00:00Z' where title like '%1_'`),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await asAdmin(() => Ticket.list({ limit: 4, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen.length).toBe(23);
    expect(new Set(seen).size).toBe(23);

    const urgent = await asAdmin(() => Ticket.list({ priority: ["urgent"], status: ["new", "open"] }));
    expect(urgent.items.length).toBe(8);
    expect((await asAdmin(() => Ticket.list({ teamId: fibre.id }))).items.length).toBe(11);
    expect((await asAdmin(() => Ticket.list({ subscriberId: sub.id }))).items.map((x) => x.title)).toEqual([
      "Fibre issue 5",
    ]);
    expect((await asAdmin(() => Ticket.list({ assigneeId: agentId }))).items.map((x) => x.title).sort()).toEqual([
      "Fibre issue 7",
      "Wireless issue 8",
    ]);
    expect((await asAdmin(() => Ticket.list({ q: "WIRELESS ISSUE 2" }))).items.map((x) => x.title).sort()).toEqual([
      "Wireless issue 2",
      "Wireless issue 20",
      "Wireless issue 22",
    ]);
    expect((await asAdmin(() => Ticket.list({ q: `TCK-${year}-000001` }))).items.length).toBe(1);
    expect((await asAdmin(() => Ticket.list({ createdTo: new Date("2026-01-02T00:00:00Z") }))).items.length).toBe(10);
    expect((await failure(asAdmin(() => Ticket.list({ cursor: "nonsense" })))).details[0]?.path).toBe("cursor");
  });

  it("a field technician cannot create, assign or delete tickets", async () => {
    const asTech = <T>(work: () => Promise<T>) => withActor(tech, async () => work());
    expect((await failure(asTech(() => Ticket.create({ title: "Mine" })))).code).toBe("forbidden");
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Theirs" }));
    expect((await failure(asTech(() => Ticket.assign({ id: ticket.id, assigneeIds: [] })))).code).toBe("forbidden");
    expect((await failure(asTech(() => Ticket.remove(ticket.id)))).code).toBe("forbidden");
    expect((await failure(asTech(() => Ticket.list({})))).code).toBe("forbidden");
  });

  it("every mutation leaves an audit row by the staff user", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Audit me", priority: "low" }));
    await asAdmin(() => Ticket.update({ id: ticket.id, priority: "high" }));
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    await asAdmin(() => Ticket.assign({ id: ticket.id, primaryAssigneeId: agentId }));
    await asAdmin(() => Ticket.addComment({ id: ticket.id, body: "Looking" }));
    await asAdmin(() => Ticket.remove(ticket.id));
    const { items } = await asAdmin(() => Audit.list({ entityId: ticket.id, limit: 50 }));
    expect(items.map((e) => e.action).reverse()).toEqual([
      "ticket.created",
      "ticket.updated",
      "ticket.status_changed",
      "ticket.assigned",
      "ticket.commented",
      "ticket.deleted",
    ]);
    expect(items.every((e) => e.actor.id === admin.properties.userId)).toBe(true);
    expect(items.at(-1)?.changes?.number).toEqual({ to: ticket.number });
    const [row] = await useTransaction((tx) =>
      tx.execute(sql`select count(*)::int as n from ticket_event where ticket_id = ${ticket.id}`),
    ).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    expect(row?.n).toBe(5);
  });
});
