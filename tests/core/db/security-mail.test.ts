import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { authTokenTable } from "@dotmac/core/auth/auth.sql";
import * as Jobs from "@dotmac/core/jobs";
import * as Notification from "@dotmac/core/notification";
import { emailDeliveryTable } from "@dotmac/core/notification/notification.sql";
import { personTable } from "@dotmac/core/person/person.sql";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail, type MailMessage, setMailTransport } from "@dotmac/core/platform/mail";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import * as Ticket from "@dotmac/core/ticket";
import { ticketConfirmationTable } from "@dotmac/core/ticket/ticket.sql";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

/*
 * Security-bearing mail (confirmation, invitation, reset, sign-in link) goes through the same delivery
 * record as notification mail: a failed send is listed with its error and retried by the job, which
 * re-issues the link instead of storing the token; a confirmation that never left closes nothing.
 */

let t: TestDatabase;
let admin: Actor;
let subscriberId: string;
const CUSTOMER = "ngozi@customer.test";
const publicActor: Actor = { type: "public", properties: {} };
const as =
  (actor: Actor) =>
  <T>(work: () => Promise<T>) =>
    withActor(actor, async () => work());

/** A mail server that refuses everything, keeping what it was handed (to prove an old link dies). */
let refused: MailMessage[] = [];
const refuseMail = () =>
  setMailTransport({
    name: "local",
    async deliver(message) {
      refused.push(message);
      throw new Error("421 service not available");
    },
  });

const tokenIn = (text: string | undefined) => /#token=([A-Za-z0-9_-]{43})$/m.exec(text ?? "")?.[1] ?? "";
const mailsTo = async (to: string) => (await listLocalMail()).filter((m) => m.to === to);
const deliveriesTo = (to: string) =>
  useTransaction((tx) =>
    tx.select().from(emailDeliveryTable).where(eq(emailDeliveryTable.to, to)).orderBy(emailDeliveryTable.createdAt),
  );
/** The backoff has passed: every waiting delivery is due now. */
const makeDue = () =>
  useTransaction((tx) =>
    tx
      .update(emailDeliveryTable)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(sql`${emailDeliveryTable.status} in ('pending', 'failed')`),
  );
const retryJob = () => Jobs.run("notifications.retry");

beforeAll(async () => {
  t = await setupTestDatabase();
  const ops = await Auth.createUser({ email: "ops@isp.test", displayName: "Ops", roles: ["admin"] });
  admin = staffActor(
    { id: ops.id, email: ops.email, roles: ["admin"] },
    { permissions: ["system:monitoring:read", "auth:manage"] },
  );
  subscriberId = await useTransaction(async (tx) => {
    const [person] = await tx.insert(personTable).values({ displayName: "Ngozi", email: CUSTOMER }).returning();
    const [row] = await tx
      .insert(subscriberTable)
      .values({
        externalSystem: "billing",
        externalId: "bill-sec-1",
        subscriberNumber: "SUB-SEC-1",
        status: "active",
        sourceUpdatedAt: new Date(),
        personId: person?.id ?? null,
      })
      .returning();
    return row?.id as string;
  });
});
afterAll(() => t.close());
beforeEach(() => {
  refused = [];
});
afterEach(() => setMailTransport(undefined));

async function resolvedTicket(title: string) {
  const { ticket } = await as(admin)(() => Ticket.create({ title, subscriberId }));
  await as(admin)(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
  await as(admin)(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" }));
  return ticket;
}

const confirmationOf = async (ticketId: string) => {
  const [row] = await useTransaction((tx) =>
    tx.select().from(ticketConfirmationTable).where(eq(ticketConfirmationTable.ticketId, ticketId)),
  );
  if (!row) throw new Error("no confirmation");
  return row;
};
const statusOf = async (ticketId: string) => (await as(admin)(() => Ticket.fromRef(ticketId)))?.status;

describe(`security mail on ${dbKind}`, () => {
  it("a confirmation mail that failed is on the status page, closes nothing, and is re-sent with a fresh link", async () => {
    refuseMail();
    const ticket = await resolvedTicket("Router keeps rebooting");
    const lostToken = tokenIn(refused.at(-1)?.text);
    expect(lostToken).toHaveLength(43);

    const { items } = await as(admin)(() => Notification.deliveries({ status: "failed" }));
    expect(items.find((d) => d.to === CUSTOMER)).toMatchObject({
      template: "ticket_confirmation",
      subject: expect.stringContaining(ticket.number),
      status: "failed",
      attempts: 1,
      lastError: "421 service not available",
    });
    // Only the hash of the live token is stored, never the token, not even in the delivery's data.
    const [delivery] = await deliveriesTo(CUSTOMER);
    expect(JSON.stringify(delivery)).not.toContain(lostToken);

    // The grace runs out while the mail is still failing: silence is not an answer the customer gave.
    const longAfter = new Date(Date.now() + 30 * 24 * 3_600_000);
    expect(await as(admin)(() => Ticket.autoConfirm(longAfter))).toBe(0);
    expect(await statusOf(ticket.id)).toBe("pending_confirmation");

    setMailTransport(undefined);
    await makeDue();
    const reissuedAt = Date.now();
    await retryJob();
    const [sent] = await mailsTo(CUSTOMER).then((m) => m.slice(-1));
    const freshToken = tokenIn(sent?.text);
    expect(freshToken).toHaveLength(43);
    expect(freshToken).not.toBe(lostToken);
    expect((await deliveriesTo(CUSTOMER)).at(-1)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    // The audit log says a new link replaced the lost one, and never holds either.
    const reissues = await useTransaction((tx) =>
      tx.select().from(auditEventTable).where(eq(auditEventTable.action, "email.link_reissued")),
    );
    expect(reissues.at(-1)).toMatchObject({
      entityType: "email_delivery",
      entityId: (await deliveriesTo(CUSTOMER)).at(-1)?.id,
      changes: { template: { to: "ticket_confirmation" }, attempt: { to: 2 } },
    });
    expect(JSON.stringify(reissues)).not.toContain(freshToken);
    expect(JSON.stringify(reissues)).not.toContain(lostToken);

    // The link that never left is dead; the one that arrived works, with a whole grace from now.
    await expect(as(publicActor)(() => Ticket.lookupConfirmation({ token: lostToken }))).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await as(publicActor)(() => Ticket.lookupConfirmation({ token: freshToken }))).state).toBe("open");
    const graceHours = (Date.parse((await confirmationOf(ticket.id)).expiresAt.toISOString()) - reissuedAt) / 3_600_000;
    expect(graceHours).toBeGreaterThan(23.9);

    // Delivered and unanswered past the grace: now the job may close it.
    expect(await as(admin)(() => Ticket.autoConfirm(longAfter))).toBe(1);
    expect(await statusOf(ticket.id)).toBe("closed");
  });

  it("a confirmation mail given up for good never closes its ticket", async () => {
    refuseMail();
    const ticket = await resolvedTicket("Slow evenings");
    for (let i = 0; i < Notification.MAX_ATTEMPTS; i++) {
      await makeDue();
      await retryJob();
    }
    const { deliveryId } = await confirmationOf(ticket.id);
    const [row] = (await deliveriesTo(CUSTOMER)).filter((d) => d.id === deliveryId);
    expect(row).toMatchObject({ status: "dead", attempts: Notification.MAX_ATTEMPTS });
    expect(await as(admin)(() => Ticket.autoConfirm(new Date(Date.now() + 365 * 24 * 3_600_000)))).toBe(0);
    expect(await statusOf(ticket.id)).toBe("pending_confirmation");
  });

  it("a confirmation retried after the ticket moved on is cancelled, not sent", async () => {
    refuseMail();
    const ticket = await resolvedTicket("Dropped calls");
    await as(admin)(() => Ticket.changeStatus({ id: ticket.id, status: "open", note: "Another fault" }));
    setMailTransport(undefined);
    const before = (await mailsTo(CUSTOMER)).length;
    await makeDue();
    await retryJob();
    expect((await mailsTo(CUSTOMER)).length).toBe(before);
    const mine = (await deliveriesTo(CUSTOMER)).filter((d) => d.subject.includes(ticket.number));
    expect(mine.map((d) => [d.status, d.lastError])).toEqual([["cancelled", "no longer needed"]]);
  });

  it("a failed reset link is retried with a new token; the one that failed no longer resets", async () => {
    const user = await Auth.createUser({
      email: "reset@isp.test",
      password: "correct horse battery staple",
      displayName: "R",
    });
    refuseMail();
    await as(publicActor)(() => Auth.Recovery.requestPasswordReset({ email: user.email }));
    const lostToken = tokenIn(refused.at(-1)?.text);
    expect(lostToken).toHaveLength(43);
    expect((await deliveriesTo(user.email)).map((d) => [d.template, d.status])).toEqual([["password_reset", "failed"]]);

    setMailTransport(undefined);
    await makeDue();
    await retryJob();
    const freshToken = tokenIn((await mailsTo(user.email)).at(-1)?.text);
    expect(freshToken).toHaveLength(43);
    expect(freshToken).not.toBe(lostToken);
    const password = "a brand new passphrase";
    await expect(
      as(publicActor)(() => Auth.Recovery.resetPassword({ token: lostToken, password })),
    ).rejects.toMatchObject({ code: "validation" });
    await as(publicActor)(() => Auth.Recovery.resetPassword({ token: freshToken, password }));
    const live = await useTransaction((tx) =>
      tx.select().from(authTokenTable).where(eq(authTokenTable.userId, user.id)),
    );
    expect(live.every((row) => row.usedAt !== null || row.expiresAt.getTime() <= Date.now())).toBe(true);
  });

  it("a newer link cancels the older mail still waiting, so a late retry cannot kill the newer link", async () => {
    const user = await Auth.createUser({ portal: "customer", email: "magic@customer.test", displayName: "M" });
    refuseMail();
    await as(publicActor)(() => Auth.Recovery.requestMagicLink({ email: user.email }));
    await as(publicActor)(() => Auth.Recovery.requestMagicLink({ email: user.email }));
    expect((await deliveriesTo(user.email)).map((d) => [d.status, d.lastError])).toEqual([
      ["cancelled", "replaced by a newer link"],
      ["failed", "421 service not available"],
    ]);
    setMailTransport(undefined);
    await makeDue();
    await retryJob();
    expect(await mailsTo(user.email)).toHaveLength(1);
    const tokens = await useTransaction((tx) =>
      tx.select().from(authTokenTable).where(eq(authTokenTable.userId, user.id)),
    );
    expect(tokens.filter((row) => row.usedAt === null && row.expiresAt.getTime() > Date.now())).toHaveLength(1);
    const token = tokenIn((await mailsTo(user.email)).at(-1)?.text);
    const session = await as(publicActor)(() => Auth.Recovery.verifyMagicLink({ token }));
    expect(session).toHaveProperty("accessToken");
  });

  it("an invitation whose mail failed is re-sent with a fresh link; once accepted, a waiting retry sends nothing", async () => {
    refuseMail();
    const invited = await as(admin)(() =>
      Auth.Recovery.invite({ email: "new.agent@isp.test", displayName: "New Agent" }),
    );
    expect((await deliveriesTo(invited.email)).map((d) => [d.template, d.status])).toEqual([["invitation", "failed"]]);
    const lostToken = tokenIn(refused.at(-1)?.text);

    setMailTransport(undefined);
    await makeDue();
    await retryJob();
    const mail = (await mailsTo(invited.email)).at(-1);
    expect(mail?.text).toContain("invited by ops@isp.test");
    expect(tokenIn(mail?.text)).not.toBe(lostToken);
    const password = "correct horse battery staple";
    await expect(
      as(publicActor)(() => Auth.Recovery.acceptInvitation({ token: lostToken, password })),
    ).rejects.toMatchObject({ code: "validation" });

    // A resend fails on our side, yet its mail reached the invitee (a timeout after the server took it),
    // and they accept: the retry finds nothing left to invite and sends nothing.
    refuseMail();
    await as(admin)(() => Auth.Recovery.resendInvitation({ id: invited.id }));
    await as(publicActor)(() => Auth.Recovery.acceptInvitation({ token: tokenIn(refused.at(-1)?.text), password }));
    setMailTransport(undefined);
    const before = (await mailsTo(invited.email)).length;
    await makeDue();
    await retryJob();
    expect((await mailsTo(invited.email)).length).toBe(before);
    expect((await deliveriesTo(invited.email)).map((d) => d.status)).toEqual(["sent", "cancelled"]);
  });
});
