import { createHash } from "node:crypto";
import * as Access from "@dotmac/core/access";
import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { personTable } from "@dotmac/core/person/person.sql";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import type { AppError } from "@dotmac/core/platform/errors";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import * as Team from "@dotmac/core/team";
import * as Ticket from "@dotmac/core/ticket";
import { ticketAttachmentTable, ticketConfirmationTable } from "@dotmac/core/ticket/ticket.sql";
import { uploadTable } from "@dotmac/core/upload/upload.sql";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let admin: ReturnType<typeof staffActor>;
let agent: ReturnType<typeof staffActor>;
let customer: Actor;
let stranger: Actor;
let customerUserId: string;
let subscriberId: string;
const CUSTOMER_EMAIL = "chidi@customer.test";
const publicActor: Actor = { type: "public", properties: {} };
const jobActor: Actor = { type: "system", properties: { job: "tickets.auto_confirm" } };

// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const as =
  (actor: Actor) =>
  <T>(work: () => Promise<T>) =>
    withActor(actor, async () => work());
const asAdmin = <T>(work: () => Promise<T>) => as(admin)(work);

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

async function subscriberWithPerson(number: string, email: string) {
  return useTransaction(async (tx) => {
    const [person] = await tx.insert(personTable).values({ displayName: number, email }).returning();
    const [row] = await tx
      .insert(subscriberTable)
      .values({
        externalSystem: "billing",
        externalId: `bill-${number}`,
        subscriberNumber: number,
        status: "active",
        sourceUpdatedAt: new Date(),
        personId: person?.id ?? null,
      })
      .returning();
    return row as typeof subscriberTable.$inferSelect;
  });
}

beforeAll(async () => {
  t = await setupTestDatabase();
  const ops = await Auth.createUser({ email: "ops@isp.test", displayName: "Ops", roles: ["admin"] });
  const ada = await Auth.createUser({ email: "ada@isp.test", displayName: "Ada", roles: ["support"] });
  admin = staffActor({ id: ops.id, email: ops.email, roles: ["admin"] });
  agent = staffActor(
    { id: ada.id, email: ada.email, roles: ["support"] },
    { permissions: [...(Access.builtinRoles.find((r) => r.name === "support")?.permissions ?? [])] },
  );
  const sub = await subscriberWithPerson("SUB-1001", CUSTOMER_EMAIL);
  const other = await subscriberWithPerson("SUB-1002", "other@customer.test");
  subscriberId = sub.id;
  const user = await Auth.createUser({
    portal: "customer",
    email: CUSTOMER_EMAIL,
    displayName: "Chidi",
    subscriberId: sub.id,
  });
  const otherUser = await Auth.createUser({
    portal: "customer",
    email: "other@customer.test",
    displayName: "Other",
    subscriberId: other.id,
  });
  customerUserId = user.id;
  const portalUser = (id: string, email: string, subscriber: string): Actor => ({
    type: "user",
    properties: { userId: id, email, portal: "customer", roles: [], permissions: [], subscriberId: subscriber },
  });
  customer = portalUser(user.id, user.email, sub.id);
  stranger = portalUser(otherUser.id, otherUser.email, other.id);
});
afterAll(() => t.close());
beforeEach(async () => {
  await useTransaction((tx) =>
    tx.execute(
      sql`truncate ticket_confirmation, ticket_link, ticket_attachment, ticket_event, ticket_comment, ticket_assignee, ticket_sla, saved_filter, ticket, outbox_event, audit_event cascade`,
    ),
  );
});

async function openTicket(title: string, extra: Partial<Parameters<typeof Ticket.create>[0]> = {}) {
  const { ticket } = await asAdmin(() => Ticket.create({ title, ...extra }));
  return asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
}

async function auditActions(entityId?: string) {
  const rows = await useTransaction((tx) =>
    tx.select().from(auditEventTable).orderBy(auditEventTable.at, auditEventTable.id),
  );
  return rows.filter((r) => !entityId || r.entityId === entityId).map((r) => r.action);
}

const outboxTypes = async () =>
  (await useTransaction((tx) => tx.select({ type: outboxTable.type }).from(outboxTable))).map((r) => r.type);

/** Resolves a ticket and returns the token from the email the customer got. */
async function resolve(id: string): Promise<string> {
  const before = (await listLocalMail()).length;
  await asAdmin(() => Ticket.changeStatus({ id, status: "pending_confirmation" }));
  const mails = await listLocalMail();
  expect(mails.length).toBe(before + 1);
  const mail = mails.at(-1);
  expect(mail?.to).toBe(CUSTOMER_EMAIL);
  const token = /\/customer\/confirm#token=([A-Za-z0-9_-]{43})$/m.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no confirmation link in ${mail?.text}`);
  return token;
}

describe(`ticket links on ${dbKind}`, () => {
  it("links two tickets once, shows the link from both ends, logs both, and unlinks", async () => {
    const a = await openTicket("Fibre cut on Allen Avenue");
    const b = await openTicket("Cabinet 12 down");
    const link = await asAdmin(() => Ticket.link({ id: a.id, targetRef: b.number, kind: "related_outage" }));
    expect(link).toMatchObject({ kind: "related_outage", direction: "outgoing", ticket: { id: b.id } });
    const again = await asAdmin(() => Ticket.link({ id: a.id, targetRef: b.id, kind: "related_outage" }));
    expect(again.id).toBe(link.id);
    // Another kind is another link.
    await asAdmin(() => Ticket.link({ id: a.id, targetRef: b.id, kind: "related" }));

    expect((await asAdmin(() => Ticket.links(a.id))).map((l) => [l.kind, l.direction, l.ticket.number])).toEqual([
      ["related_outage", "outgoing", b.number],
      ["related", "outgoing", b.number],
    ]);
    expect((await asAdmin(() => Ticket.links(b.id))).map((l) => [l.kind, l.direction, l.ticket.number])).toEqual([
      ["related_outage", "incoming", a.number],
      ["related", "incoming", a.number],
    ]);
    expect((await auditActions()).filter((x) => x === "ticket.linked")).toHaveLength(2);
    expect((await outboxTypes()).filter((x) => x === "ticket.linked")).toHaveLength(2);
    const linkedOn = async (id: string) =>
      (await asAdmin(() => Ticket.events(id))).filter((e) => e.kind === "linked").map((e) => e.to);
    expect(await linkedOn(b.id)).toEqual([
      { linkId: link.id, kind: "related_outage", ticketId: a.id, direction: "incoming" },
      expect.objectContaining({ kind: "related" }),
    ]);

    await asAdmin(() => Ticket.unlink({ id: b.id, linkId: link.id }));
    expect((await asAdmin(() => Ticket.links(a.id))).map((l) => l.kind)).toEqual(["related"]);
    for (const id of [a.id, b.id]) {
      expect((await asAdmin(() => Ticket.events(id))).filter((e) => e.kind === "unlinked")).toHaveLength(1);
    }
    expect(await auditActions(a.id)).toContain("ticket.unlinked");
    const gone = await failure(asAdmin(() => Ticket.unlink({ id: a.id, linkId: link.id })));
    expect(gone.code).toBe("not_found");
  });

  it("a double submit at the same moment makes one link and one audit row", async () => {
    const a = await openTicket("OLT timeout");
    const b = await openTicket("PON port down");
    const links = await Promise.all(
      Array.from({ length: 4 }, () => asAdmin(() => Ticket.link({ id: a.id, targetRef: b.id, kind: "duplicate" }))),
    );
    expect(new Set(links.map((l) => l.id)).size).toBe(1);
    expect((await auditActions()).filter((x) => x === "ticket.linked")).toHaveLength(1);
  });

  it("refuses self-links and links to merged, deleted or unknown tickets, naming targetRef", async () => {
    const a = await openTicket("Router loop");
    const b = await openTicket("Router loop again");
    const c = await openTicket("Deleted one");
    await asAdmin(() => Ticket.merge({ id: b.id, targetRef: a.id }));
    await asAdmin(() => Ticket.remove(c.id));
    for (const targetRef of [a.id, a.number, b.id, c.number, "TCK-0000-999999"]) {
      const refused = await failure(asAdmin(() => Ticket.link({ id: a.id, targetRef, kind: "related" })));
      expect(refused.code, targetRef).toBe("validation");
      expect(refused.details[0]?.path, targetRef).toBe("targetRef");
    }
    const fromMerged = await failure(asAdmin(() => Ticket.link({ id: b.id, targetRef: a.id, kind: "related" })));
    expect(fromMerged.code).toBe("precondition_failed");
    const denied = await failure(
      as(staffActor({ id: admin.properties.userId, email: "x@isp.test" }))(() =>
        Ticket.link({ id: a.id, targetRef: c.id, kind: "related" }),
      ),
    );
    expect(denied.code).toBe("forbidden");
  });
});

describe(`ticket merge on ${dbKind}`, () => {
  it("moves comments, attachments, links and assignees to the target; the source is merged and frozen", async () => {
    const source = await openTicket("No internet at 5 Bode Thomas");
    const target = await openTicket("Area outage Surulere");
    const x = await openTicket("Cabinet 7");
    const y = await openTicket("Customer call-back");
    await asAdmin(() => Ticket.assign({ id: source.id, primaryAssigneeId: agent.properties.userId }));
    await asAdmin(() => Ticket.assign({ id: target.id, primaryAssigneeId: admin.properties.userId }));
    const note = await as(agent)(() => Ticket.addComment({ id: source.id, body: "Checked the ONT" }));
    await asAdmin(() => Ticket.addComment({ id: source.id, body: "We are on it", isInternal: false }));
    await asAdmin(() => Ticket.addComment({ id: target.id, body: "Outage confirmed" }));
    const [upload] = await useTransaction((tx) =>
      tx
        .insert(uploadTable)
        .values({ key: "uploads/ont.jpg", filename: "ont.jpg", declaredType: "image/jpeg", maxBytes: 1000 })
        .returning(),
    );
    await useTransaction((tx) =>
      tx.insert(ticketAttachmentTable).values({ ticketId: source.id, uploadId: upload?.id as string }),
    );
    await asAdmin(() => Ticket.link({ id: target.id, targetRef: x.id, kind: "related" }));
    await asAdmin(() => Ticket.link({ id: source.id, targetRef: x.id, kind: "related" })); // would repeat: dropped
    await asAdmin(() => Ticket.link({ id: y.id, targetRef: source.id, kind: "duplicate" })); // follows: y → target
    await asAdmin(() => Ticket.link({ id: source.id, targetRef: target.id, kind: "related" })); // self: dropped

    const merged = await asAdmin(() => Ticket.merge({ id: source.id, targetRef: target.number }));
    expect(merged.id).toBe(target.id);
    expect(merged.primaryAssigneeId).toBe(admin.properties.userId);
    expect(merged.assigneeIds).toEqual([agent.properties.userId]);

    const after = await asAdmin(() => Ticket.fromRef(source.id));
    expect(after).toMatchObject({ status: "merged", mergedIntoId: target.id });
    const comments = await asAdmin(() => Ticket.comments(target.id));
    expect(comments.map((c) => c.body)).toEqual(["Checked the ONT", "We are on it", "Outage confirmed"]);
    expect(comments[0]).toMatchObject({ id: note.id, authorId: agent.properties.userId, createdAt: note.createdAt });
    expect(await asAdmin(() => Ticket.comments(source.id))).toEqual([]);
    const attachments = await useTransaction((tx) => tx.select().from(ticketAttachmentTable));
    expect(attachments.map((a) => a.ticketId)).toEqual([target.id]);
    expect(
      (await asAdmin(() => Ticket.links(target.id))).map((l) => [l.kind, l.direction, l.ticket.id]).sort(),
    ).toEqual(
      [
        ["related", "outgoing", x.id],
        ["duplicate", "incoming", y.id],
      ].sort(),
    );
    expect(await asAdmin(() => Ticket.links(source.id))).toEqual([]);

    const sourceLog = (await asAdmin(() => Ticket.events(source.id))).map((e) => e.kind);
    expect(sourceLog.slice(-2)).toEqual(["status_changed", "merged"]);
    const targetLog = await asAdmin(() => Ticket.events(target.id));
    expect(targetLog.at(-1)).toMatchObject({
      kind: "merged_from",
      to: { ticketId: source.id, number: source.number, comments: 2, attachments: 1, links: 1, droppedLinks: 2 },
    });
    expect(await outboxTypes()).toContain("ticket.merged");
    expect(await auditActions(source.id)).toContain("ticket.merged");

    // Replaying the merge is a conflict and moves nothing.
    const replay = await failure(asAdmin(() => Ticket.merge({ id: source.id, targetRef: target.id })));
    expect(replay.code).toBe("conflict");
    expect(replay.message).toContain("already merged");
    expect(await asAdmin(() => Ticket.comments(target.id))).toHaveLength(3);

    // A merged ticket refuses every change.
    const changes: (() => Promise<unknown>)[] = [
      () => Ticket.update({ id: source.id, title: "Changed" }),
      () => Ticket.assign({ id: source.id, primaryAssigneeId: null }),
      () => Ticket.changeStatus({ id: source.id, status: "open" }),
      () => Ticket.addComment({ id: source.id, body: "Hello?" }),
      () => Ticket.link({ id: source.id, targetRef: y.id, kind: "related" }),
    ];
    for (const change of changes) {
      expect((await failure(asAdmin(change))).code).toBe("precondition_failed");
    }
    const bulk = await asAdmin(() => Ticket.bulk({ ids: [source.id], status: "pending" }));
    expect(bulk.failed).toEqual([
      {
        id: source.id,
        number: source.number,
        detail: expect.stringContaining("merged"),
        applied: [],
        refused: [
          {
            field: "status",
            code: "precondition_failed",
            reason: "merged",
            params: {},
            detail: expect.stringContaining("merged"),
          },
        ],
      },
    ]);
  });

  it("refuses merging into itself, a merged, closed or canceled ticket, saying what to do", async () => {
    const a = await openTicket("A");
    const b = await openTicket("B");
    const closed = await openTicket("Closed");
    await asAdmin(() => Ticket.changeStatus({ id: closed.id, status: "closed", note: "Done" }));
    const self = await failure(asAdmin(() => Ticket.merge({ id: a.id, targetRef: a.number })));
    expect([self.code, self.details[0]?.path]).toEqual(["validation", "targetRef"]);
    const intoClosed = await failure(asAdmin(() => Ticket.merge({ id: a.id, targetRef: closed.id })));
    expect([intoClosed.code, intoClosed.details[0]?.path]).toEqual(["validation", "targetRef"]);
    expect(intoClosed.message).toContain("reopen it first");
    await asAdmin(() => Ticket.merge({ id: b.id, targetRef: a.id }));
    const intoMerged = await failure(asAdmin(() => Ticket.merge({ id: a.id, targetRef: b.id })));
    expect(intoMerged.details[0]?.path).toBe("targetRef");
    expect(intoMerged.message).toContain("merged");
  });

  it("crossing merges and a double merge never deadlock and move things once", async () => {
    const a = await openTicket("Crossing A");
    const b = await openTicket("Crossing B");
    await asAdmin(() => Ticket.addComment({ id: a.id, body: "from a" }));
    await asAdmin(() => Ticket.addComment({ id: b.id, body: "from b" }));
    const crossing = await Promise.allSettled([
      asAdmin(() => Ticket.merge({ id: a.id, targetRef: b.id })),
      asAdmin(() => Ticket.merge({ id: b.id, targetRef: a.id })),
    ]);
    expect(crossing.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = crossing.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["conflict", "validation"]).toContain((refused.reason as AppError).code);

    const c = await openTicket("Double C");
    const d = await openTicket("Double D");
    await asAdmin(() => Ticket.addComment({ id: c.id, body: "from c" }));
    const twice = await Promise.allSettled([
      asAdmin(() => Ticket.merge({ id: c.id, targetRef: d.id })),
      asAdmin(() => Ticket.merge({ id: c.id, targetRef: d.id })),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((twice.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as AppError).code).toBe(
      "conflict",
    );
    expect((await asAdmin(() => Ticket.events(d.id))).filter((e) => e.kind === "merged_from")).toHaveLength(1);
    expect((await asAdmin(() => Ticket.comments(d.id))).map((x) => x.body)).toEqual(["from c"]);
  });
});

describe(`customer confirmation on ${dbKind}`, () => {
  it("resolving mails a single-use link; confirming closes the ticket; a second use says it was confirmed", async () => {
    const ticket = await openTicket("Slow browsing", { subscriberId });
    const token = await resolve(ticket.id);
    const rows = await useTransaction((tx) => tx.select().from(ticketConfirmationTable));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(createHash("sha256").update(token).digest("base64url"));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]?.email).toBe(CUSTOMER_EMAIL);
    const outbox = await useTransaction((tx) => tx.select().from(outboxTable));
    expect(outbox.map((o) => o.type)).toContain("ticket.confirmation_requested");
    expect(JSON.stringify(outbox)).not.toContain(token);

    const looked = await as(publicActor)(() => Ticket.lookupConfirmation({ token }));
    expect(looked).toMatchObject({ ticket: { number: ticket.number, title: "Slow browsing" }, state: "open" });
    expect(looked.ticket.resolvedAt).not.toBeNull();

    expect(await as(publicActor)(() => Ticket.confirm({ token }))).toEqual({ state: "confirmed" });
    const closed = await asAdmin(() => Ticket.fromRef(ticket.id));
    expect(closed?.status).toBe("closed");
    expect(closed?.closedAt).not.toBeNull();
    const again = await failure(as(publicActor)(() => Ticket.confirm({ token })));
    expect(again.code).toBe("conflict");
    expect(again.details).toEqual([{ path: "state", message: "confirmed" }]);
    const disputeAfter = await failure(as(publicActor)(() => Ticket.dispute({ token, reason: "Hmm" })));
    expect(disputeAfter.details[0]?.message).toBe("confirmed");
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token }))).state).toBe("confirmed");

    const log = (await asAdmin(() => Ticket.events(ticket.id))).map((e) => e.kind);
    expect(log).toEqual(expect.arrayContaining(["resolved", "confirmation_sent", "confirmed", "status_changed"]));
    const audit = await useTransaction((tx) =>
      tx.select().from(auditEventTable).where(eq(auditEventTable.action, "ticket.confirmed")),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "public", actorLabel: CUSTOMER_EMAIL });
    expect(await auditActions(ticket.id)).toContain("ticket.confirmation_sent");
    const unknown = await failure(as(publicActor)(() => Ticket.confirm({ token: "x".repeat(43) })));
    expect([unknown.code, unknown.details[0]?.path]).toEqual(["not_found", "token"]);
  });

  it("disputing reopens the ticket with the reason as the customer's public reply", async () => {
    const ticket = await openTicket("Router keeps rebooting", { subscriberId });
    const token = await resolve(ticket.id);
    const result = await as(publicActor)(() => Ticket.dispute({ token, reason: "Still rebooting every hour" }));
    expect(result).toEqual({ state: "disputed" });
    const reopened = await asAdmin(() => Ticket.fromRef(ticket.id));
    expect(reopened).toMatchObject({ status: "open", resolvedAt: null, closedAt: null });
    const comments = await asAdmin(() => Ticket.comments(ticket.id));
    expect(comments.at(-1)).toMatchObject({ body: "Still rebooting every hour", isInternal: false, authorId: null });
    const commented = (await useTransaction((tx) => tx.select().from(outboxTable))).find(
      (o) => o.type === "ticket.commented",
    );
    expect(commented?.payload).toMatchObject({ byCustomer: true, isInternal: false });
    const log = (await asAdmin(() => Ticket.events(ticket.id))).map((e) => e.kind);
    expect(log.slice(-3)).toEqual(["disputed", "status_changed", "reopened"]);
    expect((await failure(as(publicActor)(() => Ticket.confirm({ token })))).details[0]?.message).toBe("disputed");
    const blank = await failure(as(publicActor)(() => Ticket.dispute({ token, reason: "  " })));
    expect(blank.details[0]?.path).toBe("reason");
    const [row] = await useTransaction((tx) => tx.select().from(ticketConfirmationTable));
    expect(row).toMatchObject({ outcome: "disputed", reason: "Still rebooting every hour" });
  });

  it("an expired link refuses answers; the grace job closes the ticket once", async () => {
    const ticket = await openTicket("Billing question", { subscriberId });
    const token = await resolve(ticket.id);
    expect(await as(jobActor)(() => Ticket.autoConfirm())).toBe(0);
    await useTransaction((tx) => tx.update(ticketConfirmationTable).set({ expiresAt: new Date(Date.now() - 60_000) }));
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token }))).state).toBe("expired");
    const late = await failure(as(publicActor)(() => Ticket.confirm({ token })));
    expect([late.code, late.details[0]?.message]).toEqual(["conflict", "expired"]);

    const results = await Promise.all([
      as(jobActor)(() => Ticket.autoConfirm()),
      as(jobActor)(() => Ticket.autoConfirm()),
    ]);
    expect(results[0] + results[1]).toBe(1);
    expect(await as(jobActor)(() => Ticket.autoConfirm())).toBe(0);
    expect((await asAdmin(() => Ticket.fromRef(ticket.id)))?.status).toBe("closed");
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token }))).state).toBe("auto_confirmed");
    expect((await asAdmin(() => Ticket.confirmationOf(ticket.id)))?.state).toBe("auto_confirmed");
    expect((await auditActions(ticket.id)).filter((a) => a === "ticket.auto_confirmed")).toHaveLength(1);
  });

  it("expires after the configured grace", async () => {
    await asAdmin(() => Ticket.saveSettings({ confirmationGraceHours: 48 }));
    try {
      const ticket = await openTicket("Grace of two days", { subscriberId });
      const started = Date.now();
      await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" }));
      const info = await asAdmin(() => Ticket.confirmationOf(ticket.id));
      expect(info).toMatchObject({ state: "open", decidedAt: null });
      const hours = (Date.parse(info?.expiresAt ?? "") - started) / 3_600_000;
      expect(hours).toBeGreaterThan(47.9);
      expect(hours).toBeLessThan(48.1);
    } finally {
      await asAdmin(() => Ticket.saveSettings({ confirmationGraceHours: 24 }));
    }
  });

  it("a ticket with nobody to ask closes when resolved: no token, no mail, nothing left for the grace job", async () => {
    const ticket = await openTicket("Walk-in report");
    const mails = (await listLocalMail()).length;
    const closed = await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" }));
    expect(closed).toMatchObject({ status: "closed", resolvedAt: expect.any(String), closedAt: expect.any(String) });
    expect((await listLocalMail()).length).toBe(mails);
    expect(await asAdmin(() => Ticket.confirmationOf(ticket.id))).toBeUndefined();
    expect(await as(jobActor)(() => Ticket.autoConfirm(new Date(Date.now() + 49 * 3_600_000)))).toBe(0);
    expect(await auditActions(ticket.id)).not.toContain("ticket.confirmation_sent");
  });

  it("a subscriber without a person is reached at its customer-portal account's address", async () => {
    const bare = await useTransaction(async (tx) => {
      const [row] = await tx
        .insert(subscriberTable)
        .values({
          externalSystem: "billing",
          externalId: "bare-1",
          subscriberNumber: "SUB-1003",
          status: "active",
          sourceUpdatedAt: new Date(),
        })
        .returning();
      return row as typeof subscriberTable.$inferSelect;
    });
    await Auth.createUser({
      portal: "customer",
      email: "bare@customer.test",
      displayName: "Bare",
      subscriberId: bare.id,
    });
    const ticket = await openTicket("No person on file", { subscriberId: bare.id });
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" }));
    expect((await listLocalMail()).at(-1)?.to).toBe("bare@customer.test");
    expect(await asAdmin(() => Ticket.confirmationOf(ticket.id))).toMatchObject({ email: "bare@customer.test" });
  });

  it("any other change away from pending_confirmation supersedes the link; re-resolving sends a new one", async () => {
    const ticket = await openTicket("Intermittent drops", { subscriberId });
    const first = await resolve(ticket.id);
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open", note: "Found another fault" }));
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token: first }))).state).toBe("superseded");
    const stale = await failure(as(publicActor)(() => Ticket.confirm({ token: first })));
    expect(stale.details[0]?.message).toBe("superseded");
    expect((await asAdmin(() => Ticket.fromRef(ticket.id)))?.status).toBe("open");

    const second = await resolve(ticket.id);
    expect(second).not.toBe(first);
    expect((await as(publicActor)(() => Ticket.confirm({ token: second }))).state).toBe("confirmed");
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token: first }))).state).toBe("superseded");
    const outcomes = await useTransaction((tx) =>
      tx.select({ outcome: ticketConfirmationTable.outcome }).from(ticketConfirmationTable),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["confirmed", "superseded"]);
  });

  it("a signed-in customer confirms or disputes their own ticket only", async () => {
    const mine = await openTicket("My router", { subscriberId });
    await resolve(mine.id);
    const notYours = await failure(as(stranger)(() => Ticket.confirmForCustomer(mine.id)));
    expect(notYours.code).toBe("not_found");
    const staff = await failure(asAdmin(() => Ticket.confirmForCustomer(mine.id)));
    expect(staff.code).toBe("forbidden");
    expect(await as(customer)(() => Ticket.disputeForCustomer({ ticketId: mine.id, reason: "Not yet" }))).toEqual({
      state: "disputed",
    });
    const reply = (await asAdmin(() => Ticket.comments(mine.id))).at(-1);
    expect(reply).toMatchObject({ body: "Not yet", authorId: customerUserId, isInternal: false });
    const notWaiting = await failure(as(customer)(() => Ticket.confirmForCustomer(mine.id)));
    expect(notWaiting.code).toBe("conflict");

    await resolve(mine.id);
    expect(await as(customer)(() => Ticket.confirmForCustomer(mine.id))).toEqual({ state: "confirmed" });
    expect((await asAdmin(() => Ticket.fromRef(mine.id)))?.status).toBe("closed");
  });

  it("merging a ticket that awaits confirmation supersedes its link", async () => {
    const source = await openTicket("Awaiting", { subscriberId });
    const target = await openTicket("Parent");
    const token = await resolve(source.id);
    await asAdmin(() => Ticket.merge({ id: source.id, targetRef: target.id }));
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token }))).state).toBe("superseded");
    const [row] = await useTransaction((tx) => tx.select().from(ticketConfirmationTable));
    expect(row?.outcome).toBe("superseded");
  });
});

describe(`bulk changes on ${dbKind}`, () => {
  it("changes each part of each ticket through the verbs and reports, per ticket and part, what was refused", async () => {
    const a = await openTicket("Bulk A");
    const { ticket: b } = await asAdmin(() => Ticket.create({ title: "Bulk B" }));
    const closed = await openTicket("Bulk closed");
    await asAdmin(() => Ticket.changeStatus({ id: closed.id, status: "closed", note: "Done" }));
    const missing = "0190c000-0000-7000-8000-00000000dead";
    const noc = await asAdmin(() => Team.create({ name: "Bulk NOC" }));
    const result = await asAdmin(() =>
      Ticket.bulk({
        ids: [a.id, b.id, closed.id, missing, a.id],
        status: "pending",
        primaryAssigneeId: agent.properties.userId,
        teamId: noc.id,
      }),
    );
    expect(result.updated).toEqual([a.id, b.id]);
    expect(result.failed).toEqual([
      {
        id: closed.id,
        number: closed.number,
        detail: expect.stringContaining("cannot become pending"),
        applied: ["teamId", "primaryAssigneeId"],
        refused: [
          {
            field: "status",
            code: "validation",
            reason: "transition_not_allowed",
            params: { from: "closed", to: "pending", allowed: "open" },
            detail: expect.stringContaining("cannot become pending"),
          },
        ],
      },
      {
        id: missing,
        number: null,
        detail: expect.stringContaining("does not exist"),
        applied: [],
        refused: [
          {
            field: "teamId",
            code: "not_found",
            reason: null,
            params: {},
            detail: expect.stringContaining("does not exist"),
          },
        ],
      },
    ]);
    for (const id of [a.id, b.id]) {
      expect(await asAdmin(() => Ticket.fromRef(id))).toMatchObject({
        status: "pending",
        primaryAssigneeId: agent.properties.userId,
        teamId: noc.id,
      });
    }
    // The refused status does not take the allowed team and assignee down with it.
    expect(await asAdmin(() => Ticket.fromRef(closed.id))).toMatchObject({
      status: "closed",
      teamId: noc.id,
      primaryAssigneeId: agent.properties.userId,
    });
    const actions = await auditActions();
    expect(actions.filter((x) => x === "ticket.bulk_updated")).toHaveLength(1);
    expect(actions.filter((x) => x === "ticket.status_changed").length).toBeGreaterThanOrEqual(5);

    const nothing = await failure(asAdmin(() => Ticket.bulk({ ids: [a.id] })));
    expect(nothing.code).toBe("validation");
    const tooMany = await failure(
      asAdmin(() => Ticket.bulk({ ids: Array.from({ length: 201 }, () => missing), status: "open" })),
    );
    expect(tooMany.details[0]?.path).toBe("ids");
    const readOnly = staffActor(
      { id: agent.properties.userId, email: "ro@isp.test" },
      { permissions: ["support:ticket:read"] },
    );
    expect((await failure(as(readOnly)(() => Ticket.bulk({ ids: [a.id], status: "open" })))).code).toBe("forbidden");
  });
});

describe(`saved filters on ${dbKind}`, () => {
  it("are per user: saved by name, replaced by name, invisible and undeletable for others", async () => {
    const saved = await asAdmin(() =>
      Ticket.saveFilter({
        name: "My urgent",
        filters: { status: "open,new", priority: ["urgent"], assigneeId: admin.properties.userId },
      }),
    );
    expect(saved.filters).toEqual({
      status: ["open", "new"],
      priority: ["urgent"],
      assigneeId: admin.properties.userId,
    });
    const replaced = await asAdmin(() =>
      Ticket.saveFilter({ name: "My urgent", filters: { status: ["open"], createdFrom: "2026-01-01T00:00:00Z" } }),
    );
    expect(replaced.id).toBe(saved.id);
    expect(replaced.filters).toEqual({ status: ["open"], createdFrom: "2026-01-01T00:00:00.000Z" });
    await asAdmin(() =>
      Ticket.saveFilter({ name: "Team NOC", filters: { teamId: "0190c000-0000-7000-8000-00000000beef" } }),
    );
    expect((await asAdmin(() => Ticket.listSavedFilters({}))).map((f) => f.name)).toEqual(["My urgent", "Team NOC"]);

    expect(await as(agent)(() => Ticket.listSavedFilters({}))).toEqual([]);
    await as(agent)(() => Ticket.saveFilter({ name: "My urgent", filters: {} }));
    expect((await as(agent)(() => Ticket.listSavedFilters({}))).map((f) => f.name)).toEqual(["My urgent"]);
    const notMine = await failure(as(agent)(() => Ticket.removeSavedFilter(saved.id)));
    expect(notMine.code).toBe("not_found");
    await asAdmin(() => Ticket.removeSavedFilter(saved.id));
    expect((await asAdmin(() => Ticket.listSavedFilters({}))).map((f) => f.name)).toEqual(["Team NOC"]);
    expect(await auditActions()).toEqual(expect.arrayContaining(["saved_filter.saved", "saved_filter.deleted"]));

    const badStatus = await failure(asAdmin(() => Ticket.saveFilter({ name: "x", filters: { status: "lost" } })));
    expect(badStatus.details[0]?.path).toMatch(/^filters\.status/);
    const unknownKey = await failure(
      asAdmin(() => Ticket.saveFilter({ name: "x", filters: { cursor: "abc" } as never })),
    );
    expect(unknownKey.code).toBe("validation");
    const apiKey: Actor = { type: "apiKey", properties: { keyId: "k", name: "k", scopes: [] } };
    expect((await failure(as(apiKey)(() => Ticket.listSavedFilters({})))).code).toBe("forbidden");
  });
});
