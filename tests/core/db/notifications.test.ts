import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { dispatch } from "@dotmac/core/events";
import * as Job from "@dotmac/core/jobs";
import * as Notification from "@dotmac/core/notification";
import { emailDeliveryTable, notificationTable } from "@dotmac/core/notification/notification.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail, type MailMessage, setMailTransport } from "@dotmac/core/platform/mail";
import { emit } from "@dotmac/core/platform/outbox";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { Events as SlaEvents } from "@dotmac/core/sla";
import * as Ticket from "@dotmac/core/ticket";
import { ticketCommentTable, ticketStatusTransitionTable } from "@dotmac/core/ticket/ticket.sql";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let admin: ReturnType<typeof staffActor>;
let ada: ReturnType<typeof staffActor>;
let bob: ReturnType<typeof staffActor>;
let mia: ReturnType<typeof staffActor>;

beforeAll(async () => {
  t = await setupTestDatabase();
  const staff = async (email: string, displayName: string, roles: string[]) => {
    const u = await Auth.createUser({ email, displayName, roles });
    return staffActor({ id: u.id, email: u.email, roles });
  };
  admin = await staff("ops@isp.test", "Ops Admin", ["admin"]);
  ada = await staff("ada@isp.test", "Ada Obi", ["admin"]);
  bob = await staff("bob@isp.test", "Bob Eze", ["support"]);
  mia = await staff("mia@isp.test", "Mia Manager", ["support"]);
  // With no transition rows every status change is allowed: these tests are about who hears of it.
  await useTransaction((tx) => tx.delete(ticketStatusTransitionTable));
});
afterAll(() => t.close());
beforeEach(async () => {
  setMailTransport(undefined);
  await useTransaction((tx) =>
    tx.execute(
      sql`truncate notification, email_delivery, event_delivery, ticket_event, ticket_comment, ticket_assignee, ticket_sla, ticket, outbox_event cascade`,
    ),
  );
});
afterEach(() => setMailTransport(undefined));

const as = <T>(actor: ReturnType<typeof staffActor>, work: () => Promise<T>) => withActor(actor, async () => work());
const system = <T>(work: () => Promise<T>) =>
  withActor({ type: "system", properties: { job: "test" } }, async () => work());

const notificationsOf = (userId: string) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(notificationTable)
      .where(eq(notificationTable.userId, userId))
      .orderBy(asc(notificationTable.createdAt)),
  );
const allNotifications = () => useTransaction((tx) => tx.select().from(notificationTable));
const deliveries = () =>
  useTransaction((tx) => tx.select().from(emailDeliveryTable).orderBy(asc(emailDeliveryTable.to)));

async function ticket(fields: Partial<Parameters<typeof Ticket.create>[0]> = {}) {
  return (await as(admin, () => Ticket.create({ title: "Fibre cut on Allen Avenue", ...fields }))).ticket;
}

/** The outbox rows of one event type, oldest first, as the bus delivers them. */
async function envelopes(type: string) {
  const rows = await useTransaction((tx) =>
    tx.select().from(outboxTable).where(eq(outboxTable.type, type)).orderBy(asc(outboxTable.occurredAt)),
  );
  return rows.map((r) => ({ id: r.id, type: r.type, occurredAt: r.occurredAt.toISOString(), payload: r.payload }));
}

/** A transport that records what it was given (and fails while `failing` says so). */
function recordingTransport() {
  const sent: MailMessage[] = [];
  const state = { failing: false, sent };
  setMailTransport({
    name: "local",
    async deliver(message) {
      if (state.failing) throw new Error("451 4.3.0 mail server temporarily unavailable");
      sent.push(message);
    },
  });
  return state;
}

/** Makes every waiting delivery due now, as if its backoff had passed. */
const makeDue = () =>
  useTransaction((tx) =>
    tx
      .update(emailDeliveryTable)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(sql`${emailDeliveryTable.status} in ('pending', 'failed')`),
  );

describe(`notifications on ${dbKind}`, () => {
  it("an assignment notifies each newly assigned user in the app and by email, once, never the actor", async () => {
    const created = await ticket();
    await as(admin, () => Ticket.assign({ id: created.id, primaryAssigneeId: ada.properties.userId }));
    // The admin adds themself and Bob: only Bob is new and not the actor.
    await as(admin, () =>
      Ticket.assign({ id: created.id, assigneeIds: [bob.properties.userId, admin.properties.userId] }),
    );

    const [adaNote] = await notificationsOf(ada.properties.userId);
    expect(adaNote).toMatchObject({
      kind: "ticket_assigned",
      title: `${created.number} was assigned to you`,
      link: `/tickets/${created.number}`,
      ticketId: created.id,
      readAt: null,
    });
    expect(await notificationsOf(bob.properties.userId)).toHaveLength(1);
    expect(await notificationsOf(admin.properties.userId)).toEqual([]);

    const mails = await deliveries();
    expect(mails.map((m) => [m.to, m.template, m.status, m.attempts])).toEqual([
      ["ada@isp.test", "ticket_assigned", "sent", 1],
      ["bob@isp.test", "ticket_assigned", "sent", 1],
    ]);
    const mail = (await listLocalMail()).find((m) => m.to === "ada@isp.test");
    expect(mail?.subject).toBe(`[${created.number}] Assigned to you: Fibre cut on Allen Avenue`);
    expect(mail?.text).toContain("Hello Ada Obi,");
    expect(mail?.text).toContain("Ops Admin assigned ticket");
    expect(mail?.text).toContain(`/tickets/${created.number}`);
    expect(mail?.html).toContain(`<a href="http://localhost:3999/tickets/${created.number}">`);
  });

  it("a redelivered event changes nothing twice, through dispatch or straight to the subscriber", async () => {
    const created = await ticket();
    await as(admin, () => Ticket.assign({ id: created.id, primaryAssigneeId: ada.properties.userId }));
    const before = { notes: await allNotifications(), mails: await deliveries() };
    const [event] = await envelopes(Ticket.Events.Assigned.type);
    if (!event) throw new Error("no assignment event in the outbox");

    expect(await dispatch(event)).toEqual({ delivered: [] });
    // Past the delivery claim too: the dedupe keys hold on their own.
    await system(() =>
      createTransaction(() => Notification.onAssigned(event.id, Ticket.Events.Assigned.schema.parse(event.payload))),
    );
    expect(await allNotifications()).toEqual(before.notes);
    expect(await deliveries()).toEqual(before.mails);
  });

  it("a mention notifies the mentioned staff (not the author); a public reply emails the customer", async () => {
    const [person] = await useTransaction((tx) =>
      tx.insert(personTable).values({ displayName: "Chidi Okafor", email: "chidi@customer.test" }).returning(),
    );
    const created = await ticket({ personId: person?.id });
    await as(admin, () =>
      Ticket.addComment({
        id: created.id,
        body: "@bob@isp.test can you check the splice? cc @ops@isp.test <script>alert(1)</script>",
        isInternal: true,
      }),
    );
    const [mention] = await notificationsOf(bob.properties.userId);
    expect(mention).toMatchObject({ kind: "ticket_mentioned", title: `Ops Admin mentioned you on ${created.number}` });
    expect(mention?.body).toContain("can you check the splice?");
    expect(await notificationsOf(admin.properties.userId)).toEqual([]);
    const mentionMail = (await listLocalMail()).find(
      (m) => m.to === "bob@isp.test" && m.subject.startsWith(`[${created.number}]`),
    );
    expect(mentionMail?.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mentionMail?.html).not.toContain("<script>");
    // An internal note never reaches the customer.
    expect((await listLocalMail()).filter((m) => m.to === "chidi@customer.test")).toEqual([]);

    await as(admin, () =>
      Ticket.addComment({ id: created.id, body: "We have dispatched a technician.", isInternal: false }),
    );
    const customerMail = (await listLocalMail()).filter((m) => m.to === "chidi@customer.test");
    expect(customerMail).toHaveLength(1);
    expect(customerMail[0]?.subject).toBe(`[${created.number}] New reply to your request: Fibre cut on Allen Avenue`);
    expect(customerMail[0]?.text).toContain("Hello Chidi Okafor,");
    expect(customerMail[0]?.text).toContain("> We have dispatched a technician.");
    expect(customerMail[0]?.text).toContain(`/customer/tickets/${created.number}`);
    const [row] = (await deliveries()).filter((d) => d.to === "chidi@customer.test");
    expect(row).toMatchObject({ template: "ticket_staff_reply", status: "sent" });
  });

  it("a customer's reply notifies the primary and other assignees", async () => {
    const created = await ticket();
    await as(admin, () =>
      Ticket.assign({
        id: created.id,
        primaryAssigneeId: ada.properties.userId,
        assigneeIds: [bob.properties.userId],
      }),
    );
    await system(() =>
      createTransaction(async (tx) => {
        const [comment] = await tx
          .insert(ticketCommentTable)
          .values({ ticketId: created.id, body: "Still no internet since Monday.", isInternal: false })
          .returning();
        await emit(Ticket.Events.Commented, {
          ticketId: created.id,
          commentId: comment?.id as string,
          isInternal: false,
          mentions: [],
          byCustomer: true,
        });
      }),
    );
    for (const user of [ada, bob]) {
      const notes = await notificationsOf(user.properties.userId);
      expect(notes.map((n) => n.kind)).toEqual(["ticket_assigned", "ticket_customer_reply"]);
      expect(notes[1]?.body).toBe("Still no internet since Monday.");
    }
  });

  it("SLA warnings and breaches go to the assignees and the manager; a ticket with nobody notifies nobody", async () => {
    const created = await ticket({ managerId: mia.properties.userId });
    await as(admin, () => Ticket.assign({ id: created.id, primaryAssigneeId: ada.properties.userId }));
    const orphan = await ticket();
    const deadline = new Date(Date.now() + 30 * 60_000).toISOString();
    await system(() =>
      createTransaction(async () => {
        const alert = { clock: "resolution" as const, cycle: 0, at: new Date().toISOString(), deadline };
        await emit(SlaEvents.Warning, { ticketId: created.id, ...alert });
        await emit(SlaEvents.Breached, { ticketId: created.id, ...alert, clock: "first_response" });
        await emit(SlaEvents.Breached, { ticketId: orphan.id, ...alert });
      }),
    );
    expect((await notificationsOf(ada.properties.userId)).map((n) => n.kind)).toEqual([
      "ticket_assigned",
      "sla_warning",
      "sla_breach",
    ]);
    const miaNotes = await notificationsOf(mia.properties.userId);
    expect(miaNotes.map((n) => n.title)).toEqual([
      `${created.number}: resolution SLA is close to its deadline`,
      `${created.number}: first response SLA breached`,
    ]);
    expect((await allNotifications()).filter((n) => n.ticketId === orphan.id)).toEqual([]);
    const breachMail = (await listLocalMail()).find(
      (m) => m.to === "mia@isp.test" && m.subject.includes("SLA breached"),
    );
    expect(breachMail?.text).toContain("was missed (due ");
  });

  it("resolution is in-app only for the others working the ticket; a dispute notifies the assignees", async () => {
    const created = await ticket({ managerId: mia.properties.userId });
    await as(admin, () => Ticket.assign({ id: created.id, primaryAssigneeId: ada.properties.userId }));
    await as(ada, () => Ticket.changeStatus({ id: created.id, status: "pending_confirmation" }));
    expect((await notificationsOf(mia.properties.userId)).map((n) => n.kind)).toEqual(["ticket_resolved"]);
    // Ada resolved it herself.
    expect((await notificationsOf(ada.properties.userId)).map((n) => n.kind)).toEqual(["ticket_assigned"]);
    expect((await deliveries()).filter((d) => d.template === "ticket_resolved")).toEqual([]);

    await system(() =>
      createTransaction(() =>
        emit(Ticket.Events.ConfirmationDecided, {
          ticketId: created.id,
          confirmationId: "0190f3a0-0000-7000-8000-000000000001",
          outcome: "disputed",
          reason: "The link still drops every evening.",
        }),
      ),
    );
    const disputed = (await notificationsOf(ada.properties.userId)).at(-1);
    expect(disputed).toMatchObject({
      kind: "ticket_disputed",
      title: `The customer disputed the resolution of ${created.number}`,
      body: "The link still drops every evening.",
    });
    expect((await notificationsOf(mia.properties.userId)).map((n) => n.kind)).toEqual(["ticket_resolved"]);
  });

  it("a failed send is kept with its error and retried with backoff (1, 5, 30 min, 2 h), then dead and audited", async () => {
    const transport = recordingTransport();
    transport.failing = true;
    const created = await ticket();
    await as(admin, () => Ticket.assign({ id: created.id, primaryAssigneeId: ada.properties.userId }));
    // The in-app notification does not wait for the mail.
    expect(await notificationsOf(ada.properties.userId)).toHaveLength(1);

    const waits: number[] = [];
    const state = async () => {
      const [row] = await useTransaction((tx) =>
        tx
          .select({
            row: emailDeliveryTable,
            wait: sql<number>`round(extract(epoch from ${emailDeliveryTable.nextAttemptAt} - now()) / 60)::int`,
          })
          .from(emailDeliveryTable),
      );
      if (!row) throw new Error("no delivery row");
      return row;
    };
    let current = await state();
    expect(current.row).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "451 4.3.0 mail server temporarily unavailable",
    });
    waits.push(current.wait);
    // Not due yet: the job leaves it alone.
    expect(await system(() => Notification.retryDue())).toEqual({ sent: 0, failed: 0 });
    for (let attempt = 2; attempt <= 4; attempt++) {
      await makeDue();
      expect(await system(() => Notification.retryDue())).toEqual({ sent: 0, failed: 1 });
      current = await state();
      expect(current.row).toMatchObject({ status: "failed", attempts: attempt });
      waits.push(current.wait);
    }
    expect(waits).toEqual([1, 5, 30, 120]);

    await makeDue();
    expect(await system(() => Notification.retryDue())).toEqual({ sent: 0, failed: 1 });
    current = await state();
    expect(current.row).toMatchObject({ status: "dead", attempts: 5, nextAttemptAt: null });
    const audit = await useTransaction((tx) =>
      tx
        .select({
          action: auditEventTable.action,
          entityId: auditEventTable.entityId,
          changes: auditEventTable.changes,
        })
        .from(auditEventTable)
        .where(eq(auditEventTable.action, "email.dead")),
    );
    expect(audit).toEqual([
      {
        action: "email.dead",
        entityId: current.row.id,
        changes: expect.objectContaining({ status: { from: "failed", to: "dead" }, attempts: { to: 5 } }),
      },
    ]);
    // Dead stays dead, even when the mail server is back.
    transport.failing = false;
    await makeDue();
    expect(await system(() => Notification.retryDue())).toEqual({ sent: 0, failed: 0 });
    expect(transport.sent).toEqual([]);
  });

  it("a failed send goes out on the next run once the server is back, through the registered job", async () => {
    const transport = recordingTransport();
    transport.failing = true;
    const created = await ticket();
    await as(admin, () =>
      Ticket.assign({ id: created.id, primaryAssigneeId: ada.properties.userId, assigneeIds: [bob.properties.userId] }),
    );
    expect((await deliveries()).map((d) => d.status)).toEqual(["failed", "failed"]);
    transport.failing = false;
    await makeDue();
    const run = await Job.run("notifications.retry");
    expect(run.result).toEqual({ sent: 2, failed: 0 });
    expect((await deliveries()).map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ["sent", 2, null],
      ["sent", 2, null],
    ]);
    expect(transport.sent.map((m) => m.to).sort()).toEqual(["ada@isp.test", "bob@isp.test"]);
  });

  it("concurrent retry runs send each due message exactly once", async () => {
    const transport = recordingTransport();
    transport.failing = true;
    for (let i = 0; i < 6; i++) {
      const created = await ticket({ title: `Outage ${i}` });
      await as(admin, () =>
        Ticket.assign({
          id: created.id,
          primaryAssigneeId: ada.properties.userId,
          assigneeIds: [bob.properties.userId, mia.properties.userId],
        }),
      );
    }
    expect((await deliveries()).filter((d) => d.status === "failed")).toHaveLength(18);
    transport.failing = false;
    await makeDue();
    const runs = await Promise.all([1, 2, 3, 4].map(() => system(() => Notification.retryDue())));
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(18);
    expect(transport.sent).toHaveLength(18);
    const keys = transport.sent.map((m) => `${m.to}|${m.subject}`);
    expect(new Set(keys).size).toBe(18);
    const rows = await deliveries();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 2)).toBe(true);
  });

  it("users list, count and mark their own notifications; deliveries need system:monitoring:read", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await ticket({ title: `Ticket ${i}` });
      numbers.push(created.number);
      await as(admin, () => Ticket.assign({ id: created.id, primaryAssigneeId: bob.properties.userId }));
    }
    const first = await as(bob, () => Notification.list({ limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.unread).toBe(3);
    expect(first.items.map((n) => n.title)).toEqual([
      `${numbers[2]} was assigned to you`,
      `${numbers[1]} was assigned to you`,
    ]);
    const second = await as(bob, () => Notification.list({ limit: 2, cursor: first.nextCursor ?? "" }));
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();

    const target = first.items[0];
    if (!target) throw new Error("no notification");
    const read = await as(bob, () => Notification.markRead(target.id));
    expect(read.readAt).not.toBeNull();
    expect(await as(bob, () => Notification.unreadCount({}))).toEqual({ unread: 2 });
    expect((await as(bob, () => Notification.list({ unread: true }))).items.map((n) => n.id)).not.toContain(target.id);
    // Someone else's notification is not found, not readable.
    await expect(as(ada, () => Notification.markRead(target.id))).rejects.toMatchObject({ code: "not_found" });
    expect(await as(bob, () => Notification.markAllRead({}))).toEqual({ updated: 2 });
    expect(await as(bob, () => Notification.unreadCount({}))).toEqual({ unread: 0 });

    await expect(as(bob, () => Notification.deliveries({}))).rejects.toMatchObject({ code: "forbidden" });
    const list = await as(admin, () => Notification.deliveries({ status: "sent" }));
    expect(list.items.map((d) => d.to)).toEqual(["bob@isp.test", "bob@isp.test", "bob@isp.test"]);
  });
});

describe("templates", () => {
  it("every kind renders a one-line subject, escaped HTML and the link", () => {
    for (const kind of Notification.notificationKinds.filter(Notification.isRenderedKind)) {
      const out = Notification.render(kind, {
        recipientName: "Ada <b>",
        ticketNumber: "TCK-1",
        ticketTitle: 'Line\ncut "now" & <i>',
        url: "https://crm.example/tickets/TCK-1",
        excerpt: "<img src=x onerror=alert(1)>",
        clock: "resolution",
        deadline: "2026-01-01T10:00:00.000Z",
      });
      expect(out.subject).not.toMatch(/[\r\n]/);
      expect(out.html).not.toMatch(/<(b|i|img)[\s>]/);
      expect(out.text).toContain("https://crm.example/tickets/TCK-1");
      expect(out.html).toContain('href="https://crm.example/tickets/TCK-1"');
    }
  });
});
