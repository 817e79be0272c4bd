import * as Auth from "@dotmac/core/auth";
import { authTokenTable, sessionTable } from "@dotmac/core/auth/auth.sql";
import { inboundEventTable } from "@dotmac/core/inbound/inbound.sql";
import * as Jobs from "@dotmac/core/jobs";
import { emailDeliveryTable } from "@dotmac/core/notification/notification.sql";
import { patchConfig, useConfig } from "@dotmac/core/platform/config";
import { useTransaction } from "@dotmac/core/platform/db";
import { deadLetterTable, eventDeliveryTable, outboxTable, rateLimitTable } from "@dotmac/core/platform/platform.sql";
import { deleteInBatches } from "@dotmac/core/platform/prune";
import * as Retention from "@dotmac/core/retention";
import { ticketConfirmationTable, ticketTable } from "@dotmac/core/ticket/ticket.sql";
import { and, eq, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

/*
 * retention.prune: what is past keeping goes, in bounded batches; live rows (an unexpired session or
 * link, an unpublished event, a failed inbound message, a pending dead letter) stay however old.
 */

let t: TestDatabase;
let userId: string;
const DAY = 86_400_000;
const defaults = { ...useConfig() };
const ago = (days: number) => new Date(Date.now() - days * DAY);
const ahead = (days: number) => new Date(Date.now() + days * DAY);

beforeAll(async () => {
  t = await setupTestDatabase();
  userId = (await Auth.createUser({ email: "keep@isp.test", displayName: "Keep" })).id;
});
afterAll(() => t.close());
beforeEach(async () => {
  patchConfig({
    RETENTION_DAYS: defaults.RETENTION_DAYS,
    RETENTION_BATCH_SIZE: defaults.RETENTION_BATCH_SIZE,
    RETENTION_BUDGET_SECONDS: defaults.RETENTION_BUDGET_SECONDS,
  });
  await useTransaction((tx) =>
    tx.execute(
      sql`truncate auth_session, auth_token, outbox_event, event_delivery, inbound_event, dead_letter, rate_limit, email_delivery cascade`,
    ),
  );
});

const session = (label: string, expiresAt: Date, revokedAt: Date | null = null) => ({
  userId,
  audience: "staff",
  refreshHash: label,
  expiresAt,
  revokedAt,
});
const token = (label: string, expiresAt: Date, usedAt: Date | null = null) => ({
  userId,
  purpose: "password_reset" as const,
  tokenHash: label,
  expiresAt,
  usedAt,
});
const inbound = (label: string, status: "processed" | "failed", processedAt: Date) => ({
  provider: "billing",
  messageId: label,
  status,
  receivedAt: processedAt,
  processedAt,
});

const mail = (label: string, status: "pending" | "sent" | "failed" | "dead" | "cancelled", at: Date) => ({
  to: "someone@isp.test",
  template: "ticket_assigned",
  subject: "s",
  data: {},
  dedupeKey: label,
  status,
  sentAt: status === "sent" ? at : null,
  createdAt: at,
});

/** Every row the job may look at: `gone:` labels are past keeping, `kept:` ones must stay. */
async function seed() {
  await useTransaction(async (tx) => {
    await tx
      .insert(sessionTable)
      .values([
        session("gone:expired-40d", ago(40)),
        session("gone:revoked-40d", ahead(10), ago(40)),
        session("kept:expired-5d", ago(5)),
        session("kept:live", ahead(10)),
        session("kept:revoked-5d", ahead(10), ago(5)),
      ]);
    await tx
      .insert(authTokenTable)
      .values([
        token("gone:expired-40d", ago(40)),
        token("gone:used-40d", ahead(1), ago(40)),
        token("kept:expired-5d", ago(5)),
        token("kept:live", ahead(1)),
      ]);
    await tx.insert(outboxTable).values([
      { type: "gone.published-40d", payload: {}, occurredAt: ago(41), publishedAt: ago(40) },
      { type: "kept.published-5d", payload: {}, occurredAt: ago(5), publishedAt: ago(5) },
      { type: "kept.unpublished-40d", payload: {}, occurredAt: ago(40), publishedAt: null },
    ]);
    await tx.insert(eventDeliveryTable).values([
      { eventId: "gone:40d", subscriber: "s", deliveredAt: ago(40) },
      { eventId: "kept:5d", subscriber: "s", deliveredAt: ago(5) },
    ]);
    await tx
      .insert(inboundEventTable)
      .values([
        inbound("gone:processed-40d", "processed", ago(40)),
        inbound("kept:processed-5d", "processed", ago(5)),
        inbound("kept:failed-40d", "failed", ago(40)),
      ]);
    await tx.insert(deadLetterTable).values([
      { queue: "q", messageId: "gone:replayed-40d", body: "", reason: "r", receiveCount: 5, replayedAt: ago(40) },
      { queue: "q", messageId: "kept:pending-40d", body: "", reason: "r", receiveCount: 5, failedAt: ago(40) },
    ]);
    await tx
      .insert(emailDeliveryTable)
      .values([
        mail("gone:sent-40d", "sent", ago(40)),
        mail("gone:dead-40d", "dead", ago(40)),
        mail("gone:cancelled-40d", "cancelled", ago(40)),
        mail("kept:sent-5d", "sent", ago(5)),
        mail("kept:failed-40d", "failed", ago(40)),
        mail("kept:pending-40d", "pending", ago(40)),
      ]);
    await tx.insert(rateLimitTable).values([
      { key: "gone:old-window", windowStart: ago(2), count: 3 },
      { key: "kept:current-window", windowStart: new Date(), count: 3 },
    ]);
  });
}

async function labels() {
  return useTransaction(async (tx) => ({
    sessions: (await tx.select({ l: sessionTable.refreshHash }).from(sessionTable)).map((r) => r.l).sort(),
    tokens: (await tx.select({ l: authTokenTable.tokenHash }).from(authTokenTable)).map((r) => r.l).sort(),
    outbox: (await tx.select({ l: outboxTable.type }).from(outboxTable)).map((r) => r.l).sort(),
    eventDeliveries: (await tx.select({ l: eventDeliveryTable.eventId }).from(eventDeliveryTable)).map((r) => r.l),
    inbound: (await tx.select({ l: inboundEventTable.messageId }).from(inboundEventTable)).map((r) => r.l).sort(),
    deadLetters: (await tx.select({ l: deadLetterTable.messageId }).from(deadLetterTable)).map((r) => r.l),
    rateLimits: (await tx.select({ l: rateLimitTable.key }).from(rateLimitTable)).map((r) => r.l),
    emails: (await tx.select({ l: emailDeliveryTable.dedupeKey }).from(emailDeliveryTable)).map((r) => r.l).sort(),
  }));
}

describe(`retention.prune on ${dbKind}`, () => {
  it("deletes only what is expired or delivered and past the retention period, and leaves live rows", async () => {
    await seed();
    const run = await Jobs.run("retention.prune");
    expect(run.result).toEqual({
      deleted: {
        sessions: 2,
        tokens: 2,
        outbox: 1,
        eventDeliveries: 1,
        inbound: 1,
        emailDeliveries: 3,
        replayedDeadLetters: 1,
        rateLimits: 1,
      },
      complete: true,
    });
    expect(await labels()).toEqual({
      sessions: ["kept:expired-5d", "kept:live", "kept:revoked-5d"],
      tokens: ["kept:expired-5d", "kept:live"],
      outbox: ["kept.published-5d", "kept.unpublished-40d"],
      eventDeliveries: ["kept:5d"],
      inbound: ["kept:failed-40d", "kept:processed-5d"],
      deadLetters: ["kept:pending-40d"],
      rateLimits: ["kept:current-window"],
      emails: ["kept:failed-40d", "kept:pending-40d", "kept:sent-5d"],
    });
    // A second run finds nothing more.
    expect((await Retention.prune()).deleted).toMatchObject({ sessions: 0, tokens: 0, outbox: 0, inbound: 0 });
  });

  it("keeps a mail that never left while a ticket's confirmation still points at it", async () => {
    // Without the record, the auto-confirm job would read "no mail" as "nothing to wait for".
    await useTransaction(async (tx) => {
      await tx.insert(emailDeliveryTable).values([mail("kept:dead-confirmation-40d", "dead", ago(40))]);
      const [row] = await tx
        .select({ id: emailDeliveryTable.id })
        .from(emailDeliveryTable)
        .where(eq(emailDeliveryTable.dedupeKey, "kept:dead-confirmation-40d"));
      const [ticket] = await tx
        .insert(ticketTable)
        .values({ number: "TCK-RET-1", title: "Waiting on a link that never left" })
        .returning({ id: ticketTable.id });
      await tx.insert(ticketConfirmationTable).values({
        ticketId: ticket?.id as string,
        tokenHash: "retention-test",
        expiresAt: ago(33),
        deliveryId: row?.id,
      });
    });
    expect((await Retention.prune()).deleted.emailDeliveries).toBe(0);
    expect((await labels()).emails).toEqual(["kept:dead-confirmation-40d"]);
  });

  it("the retention period is configuration: a shorter one lets more go", async () => {
    await seed();
    patchConfig({ RETENTION_DAYS: 3 });
    await Retention.prune();
    const left = await labels();
    expect(left.sessions).toEqual(["kept:live"]);
    expect(left.tokens).toEqual(["kept:live"]);
    expect(left.outbox).toEqual(["kept.unpublished-40d"]);
    expect(left.inbound).toEqual(["kept:failed-40d"]);
  });

  it("works in batches of the configured size, and a spent time budget leaves the rest for the next run", async () => {
    const rows = 25;
    await useTransaction((tx) =>
      tx.insert(outboxTable).values(
        Array.from({ length: rows }, (_, i) => ({
          type: `old.${i}`,
          payload: {},
          occurredAt: ago(60),
          publishedAt: ago(60),
        })),
      ),
    );
    // One statement per 10 rows: 10, 10, then the 5 that tell it it is done.
    const published = and(isNotNull(outboxTable.publishedAt), lt(outboxTable.publishedAt, ago(30)));
    expect(
      await deleteInBatches(outboxTable, published as SQL, { batchSize: 10, deadline: Date.now() + 60_000 }),
    ).toEqual({ deleted: rows, batches: 3, complete: true });

    await useTransaction((tx) =>
      tx.insert(outboxTable).values({ type: "old.late", payload: {}, occurredAt: ago(60), publishedAt: ago(60) }),
    );
    // A budget already spent starts no batch: nothing goes, and the run says it is not complete.
    const spent = await Retention.prune(new Date(), { deadline: Date.now() - 1 });
    expect(spent).toMatchObject({ deleted: { outbox: 0 }, complete: false });
    expect((await Retention.prune()).deleted.outbox).toBe(1);
  });
});
